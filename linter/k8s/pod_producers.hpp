#pragma once
// Which custom resources may create pods (spec/rules.md "Unknown producers"). ordlint cannot
// see into an operator's custom resource, so one that may create pods silences selector
// findings where its pods could be; one that cannot (an image catalog, a KafkaTopic, a
// NodePool, a Certificate) silences nothing.

#include "model.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordlint {

// Does a CRD's OpenAPI schema describe pods: somewhere a `containers` property that is an
// array of objects with an `image` property? (A `template.spec` without containers is not
// enough.) nullopt when the schema says nothing either way: no schema, or the object's `spec`
// keeps unknown fields (x-kubernetes-preserve-unknown-fields), as operators with very large
// pod templates do to stay under the API server's size limit. Works on the schema as YAML;
// CRDs from the run and bundled CRDs both call it.
std::optional<bool> schemaDescribesPods(const Node* openAPIV3Schema);

// A CustomResourceDefinition's schemas (every version): whether they describe pods, with the
// same nullopt; true when any served version does. `crdManifest` is the CRD's mapping.
std::optional<bool> crdDescribesPods(const Node* crdManifest);
inline std::optional<bool> crdDescribesPods(const Object& crd) {
    return crdDescribesPods(crd.node);
}

// What the run knows about custom kinds from CRDs: (group, kind) -> describes pods, or
// nullopt when the CRD's schema does not say. A kind absent from the map has no known CRD.
class CustomKindCatalog {
  public:
    // The CRDs of the run: its input and --context.
    static CustomKindCatalog fromWorkspace(const Workspace& workspace);
    // Adds what a CRD of the run says; of two for one kind, one that describes pods wins.
    void add(std::string group, std::string kind, std::optional<bool> describesPods);
    // Adds what a CRD or a JSON schema from --schema-dir says, which ranks below the run's own
    // CRDs (spec/rules.md "conflicting-crd"): ignored for a kind the run defines.
    void addFromSchemaDir(std::string group, std::string kind, std::optional<bool> describesPods);
    // nullopt: no CRD known; otherwise what the known CRD says (itself optional).
    std::optional<std::optional<bool>> find(std::string_view group, std::string_view kind) const;

  private:
    std::map<std::pair<std::string, std::string>, std::optional<bool>, std::less<>> kinds_;
    std::set<std::pair<std::string, std::string>> definedByRun_;
};

// Kubernetes' own API groups (core, apps, batch, *.k8s.io but not *.x-k8s.io): no CRD defines
// their kinds.
bool isBuiltinGroup(std::string_view group);

// The project's table of well-known pod-creating operator kinds, each with its source.
struct PodCreatingKind {
    std::string_view group;
    std::string_view kind;
    std::string_view source; // the operator's documentation or source that says it creates pods
};
const std::vector<PodCreatingKind>& wellKnownPodCreatingKinds();
bool isWellKnownPodCreatingKind(std::string_view group, std::string_view kind);

// The object's own content describes pods: a `containers` list of mappings anywhere in its
// spec (a pod template has one).
bool contentDescribesPods(const Object& object);

// Is this custom resource an unknown producer? A kind of the table of well-known
// pod-creating kinds always is; otherwise its CRD decides when one is known and says
// something, else its content.
bool isUnknownProducer(const Object& object, const CustomKindCatalog& catalog);

// A service account that RBAC of the run allows to create pods or pod controllers: in
// `scope`, or in every namespace (a ClusterRoleBinding) when it is empty.
struct PodCreatingAccount {
    std::string ns;   // the service account's namespace
    std::string name; // the service account
    std::string scope;
};
std::vector<PodCreatingAccount> podCreatingAccounts(const Workspace& workspace);

// The namespaces a cluster-scoped custom resource names in its spec (any `namespace` or
// `targetNamespace` string value): where its pods may be. Empty: it names none.
std::vector<std::string> namespacesNamedBy(const Object& object);

} // namespace ordlint
