#pragma once
// Pod DNS names (spec/rules.md "Pod identity wiring"): the host names the pods of each workload
// get, `<hostname>.<subdomain>.<namespace>.svc.<cluster domain>`, an index to look them up by
// subdomain or by pod-name prefix, and the literal host names the input writes (env values,
// command and args, ConfigMap data, a Service's externalName).
//
// Who sets a pod's hostname and subdomain (k8s-facts.md §4, §5, §6, §7):
// - StatefulSet: hostname `<sts>-<ordinal>`, subdomain `spec.serviceName` (initIdentity);
// - Indexed Job: hostname `<job>-<index>`, subdomain the template's `spec.subdomain`;
// - JobSet: hostname `<jobset>-<rjob>-<job>-<index>`, subdomain `spec.network.subdomain`,
//   default the JobSet's name, none with `enableDNSHostnames: false`;
// - LeaderWorkerSet: leaders `<lws>-<g>`, workers `<lws>-<g>-<w>`, subdomain `<lws>`
//   (subdomainPolicy Shared) or the leader's name `<lws>-<g>` (UniquePerReplica);
// - any other pod template that writes both `spec.hostname` and `spec.subdomain`.
// A DisaggregatedSet's LeaderWorkerSets carry its revision hash in their names, so their host
// names cannot be written literally and are not modelled.

#include "pod_model.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ordlint {

// The pods of one class that share a host-name pattern and subdomain.
struct PodHostFamily {
    const PodClass* pod = nullptr;
    ValuePattern hostname;
    ValuePattern subdomain;               // meaningful when hasSubdomain
    bool hasSubdomain = false;            // without one the pods get no DNS record
    const Node* subdomainField = nullptr; // where the subdomain is written, when it is

    const Workload& workload() const { return *pod->workload; }
    std::string_view ns() const { return pod->workload->object->ns; }
    // The assignments of the class's variables for which the pod is `podName` in subdomain
    // `subdomain`, within the class's ranges; empty when no pod of the family has that name.
    Region resolving(std::string_view podName, std::string_view subdomain) const;
    // The pod name has the family's shape at some scale ("web-7" for web-{ordinal}).
    bool hasShape(std::string_view podName) const;
    // Every pod of the family has `podName` at some assignment within range.
    bool produces(std::string_view podName) const;
    // "web-0..web-2", "train-workers-{0..1}-{0..3}", with the workload's range note.
    std::string describeHosts() const;
    // "web" or "lws-{0..3}"; empty without a subdomain.
    std::string describeSubdomain() const;
    // The subdomain of the pod `podName` (which the family produces): "vllm-1" for vllm-1-1.
    std::string describeSubdomainOf(std::string_view podName) const;
};

// A literal host name written in the input that could be a pod's DNS name.
struct HostReference {
    const Object* object = nullptr; // the object that writes it
    const Node* scalar = nullptr;   // the scalar it is in
    std::size_t offset = 0;         // of the host name in the scalar's value
    std::string_view host;          // "web-0.web.prod.svc.cluster.local" (into the scalar)
    std::string_view pod;           // "web-0"
    std::string_view subdomain;     // "web"
    std::string_view ns;            // "prod", or empty when the name has no namespace part
    bool clusterSuffix = false;     // written with `.svc` (and a cluster domain)
    bool hostContext = false;       // followed by `:<port>`, or after `://` or `@`
    std::string where; // "env var PEERS of container etcd", "ConfigMap data key zoo.cfg"
};

// A host name written in `r.object` can name a pod of `target` (in the namespace it names,
// or the writer's): a namespace-less `default` is per folder (model.hpp sameNamespace()).
bool hostNamespaceReaches(const HostReference& r, const Object& target);

// The host names of every workload's pods, indexed by (namespace, subdomain) and by
// (namespace, the literal start of the pod names): built once, looked up per host name.
class PodHostIndex {
  public:
    explicit PodHostIndex(const PodModel& model, const Workspace& workspace);

    const std::vector<PodHostFamily>& families() const { return families_; }
    // Families in `ns` whose subdomain is exactly `subdomain`, or is a pattern of which
    // `subdomain` is an instance (an LWS with UniquePerReplica).
    std::vector<const PodHostFamily*> bySubdomain(std::string_view ns,
                                                  std::string_view subdomain) const;
    // Families in `ns` whose pod names start with a prefix of `podName` that ends before a
    // '-' ("web" for "web-3") and that have the family's shape.
    std::vector<const PodHostFamily*> byPodName(std::string_view ns,
                                                std::string_view podName) const;
    // The same lookups over every namespace.
    std::vector<const PodHostFamily*> bySubdomainAnywhere(std::string_view subdomain) const;
    std::vector<const PodHostFamily*> byPodNameAnywhere(std::string_view podName) const;
    // Some object of the input is in this namespace.
    bool knownNamespace(std::string_view ns) const;
    // A Service of that name is in the namespace.
    bool hasService(std::string_view ns, std::string_view name) const;
    bool hasServiceAnywhere(std::string_view name) const;
    // A Service of that name in the namespace selects no pods (and is no ExternalName): its
    // endpoints, with whatever host names they carry, come from EndpointSlices that something
    // else writes (a multicluster mirror, an operator, the manifests themselves).
    bool hasServiceWithoutSelector(std::string_view ns, std::string_view name) const;
    // An unknown producer (pod_model.hpp) lives in the namespace: it may create pods in any
    // subdomain.
    bool unknownProducerIn(std::string_view ns) const;

  private:
    std::vector<PodHostFamily> families_;
    // "<ns>\n<key>" -> families; key "" in *Anywhere_ maps.
    std::unordered_map<std::string, std::vector<std::size_t>> bySubdomain_, byPrefix_;
    std::unordered_map<std::string, std::vector<std::size_t>> subdomainAnywhere_, prefixAnywhere_;
    // Subdomain patterns with a variable, by namespace and literal start ("lws-").
    std::unordered_map<std::string, std::vector<std::size_t>> patternedSubdomains_;
    std::unordered_set<std::string> namespaces_, services_, serviceNames_, unknownProducers_;
    std::unordered_set<std::string> servicesWithoutSelector_;

    std::vector<const PodHostFamily*>
    lookup(const std::unordered_map<std::string, std::vector<std::size_t>>& map,
           const std::string& key) const;
};

// Every literal host name of the form `<pod>.<subdomain>[.<namespace>[.svc[.<domain>]]]` in
// env values, command and args of every pod template, ConfigMap data values and Service
// externalNames, in input order. Text touching `$(`, `${`, `{{`, `}}` or a brace range is not
// literal and is skipped; so are names whose subdomain does not start with a letter (a
// Service name is a DNS-1035 label), and three-label names whose last label is no namespace
// of the input (`etcd-0.etcd.io`).
void forEachHostReference(const Workspace& workspace, const PodHostIndex& index,
                          const std::function<void(const HostReference&)>& visit);

// The host names in one text, as forEachHostReference splits them (for tests): each with its
// offset and the parts above; `knownNamespace` decides three-label names.
std::vector<HostReference>
hostReferencesIn(std::string_view text,
                 const std::function<bool(std::string_view)>& knownNamespace);

} // namespace ordlint
