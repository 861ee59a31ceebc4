// governing-service: a StatefulSet whose pods' DNS names are used in the input, while its
// spec.serviceName is empty, names no Service of its namespace, names a Service that is not
// headless, or one that does not select its pods. The records `<pod>.<serviceName>` exist only
// for a headless Service that selects the pods (k8s-facts.md §3.2, §4). A StatefulSet whose
// pods' names nobody uses is not reported: a singleton controller needs no Service.
#include "fixes.hpp"
#include "pod_dns.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace ordlint {

namespace {

enum class Problem { NoServiceName, NoSuchService, NotHeadless, NotSelecting, NoSelector };

struct Governed {
    const Workload* workload = nullptr;
    PodHostFamily pods; // hostnames <sts>-<ordinal>
    Problem problem = Problem::NoServiceName;
    std::string serviceName;
    const MapEntry* serviceNameEntry = nullptr;
    const Object* service = nullptr;
    std::vector<const HostReference*> uses;
};

bool isHeadless(const Node& spec) {
    const Node* clusterIP = spec.get("clusterIP");
    if (clusterIP && clusterIP->isScalar() && clusterIP->value() == "None") return true;
    const Node* clusterIPs = spec.get("clusterIPs");
    return clusterIPs && clusterIPs->isSequence() && clusterIPs->items().size() == 1 &&
           clusterIPs->items()[0]->isScalar() && clusterIPs->items()[0]->value() == "None";
}

std::string templateLabels(const Workload& workload) {
    if (workload.pods.empty()) return {};
    const Node* metadata = workload.pods.front().templateNode
                               ? workload.pods.front().templateNode->get("metadata")
                               : nullptr;
    const Node* labels = metadata && metadata->isMapping() ? metadata->get("labels") : nullptr;
    std::vector<std::string> parts;
    if (labels && labels->isMapping())
        for (const MapEntry& entry : labels->entries())
            if (entry.key->isScalar() && entry.value->isScalar())
                parts.push_back(fmt::format("{}: {}", entry.key->value(), entry.value->value()));
    return fmt::format("{}", fmt::join(parts, ", "));
}

using ServiceMap = std::multimap<std::pair<std::string_view, std::string_view>, const Object*>;

// The first Service named `name` in `workload`'s namespace (a namespace-less `default` is
// per folder: sameNamespace()).
const Object* serviceOf(const ServiceMap& services, const Object& workload, std::string_view name) {
    auto [first, last] = services.equal_range({workload.ns, name});
    for (auto it = first; it != last; ++it)
        if (sameNamespace(workload, *it->second)) return it->second;
    return nullptr;
}

class GoverningServiceRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        ServiceMap services;
        std::vector<const Object*> allServices;
        for (const Object& object : context.workspace.objects)
            if (object.group.empty() && object.kind == "Service") {
                services.emplace(
                    std::pair<std::string_view, std::string_view>(object.ns, object.name), &object);
                allServices.push_back(&object);
            }
        auto namespaceHasServices = [&](const Object& workload) {
            return std::any_of(allServices.begin(), allServices.end(), [&](const Object* service) {
                return sameNamespace(workload, *service);
            });
        };
        std::map<const Object*, const PodSelector*> selectors;
        for (const PodSelector& selector : model.selectors())
            if (selector.isService()) selectors.emplace(selector.owner, &selector);

        // The StatefulSets whose governing Service is wrong: usually none, and then nothing
        // else is computed.
        std::vector<Governed> governed;
        for (const Workload& workload : model.workloads()) {
            if (workload.kind != WorkloadKind::StatefulSet || workload.pods.empty() ||
                isWorkloadPatch(*workload.object))
                continue;
            Governed g;
            g.workload = &workload;
            const Node* spec = workload.object->spec();
            g.serviceNameEntry = spec && spec->isMapping() ? spec->entry("serviceName") : nullptr;
            if (g.serviceNameEntry && g.serviceNameEntry->value->isScalar())
                g.serviceName = g.serviceNameEntry->value->value();
            else if (g.serviceNameEntry && !g.serviceNameEntry->value->isNull())
                continue; // not a string: the schema rule's finding
            if (g.serviceName.find("{{") != std::string::npos ||
                g.serviceName.find('$') != std::string::npos)
                continue;
            if (!diagnose(g, workload, services, selectors)) continue;
            // No Service of the namespace in the input at all: they are deployed from elsewhere.
            if (g.problem == Problem::NoSuchService && !namespaceHasServices(*workload.object))
                continue;
            g.pods.pod = &workload.pods.front();
            g.pods.hostname = ValuePattern::number(workload.object->name + "-", 0);
            governed.push_back(std::move(g));
        }
        if (governed.empty()) return;

        std::map<std::pair<std::string_view, std::string_view>, std::vector<Governed*>> byName;
        for (Governed& g : governed)
            byName[{g.workload->object->ns, g.workload->object->name}].push_back(&g);
        PodHostIndex index(model, context.workspace);
        std::vector<HostReference> uses;
        std::vector<std::pair<Governed*, std::size_t>> usedBy;
        forEachHostReference(context.workspace, index, [&](const HostReference& r) {
            std::string_view ns = r.ns.empty() ? std::string_view(r.object->ns) : r.ns;
            for (std::size_t dash = r.pod.find('-'); dash != std::string_view::npos;
                 dash = r.pod.find('-', dash + 1)) {
                auto found = byName.find({ns, r.pod.substr(0, dash)});
                if (found == byName.end()) continue;
                for (Governed* g : found->second) {
                    if (!g->pods.produces(r.pod) || !hostNamespaceReaches(r, *g->workload->object))
                        continue;
                    // `web-0.log` is a file name: the rest must read as a DNS name.
                    bool looksLikeDns = r.subdomain == g->serviceName || r.hostContext ||
                                        r.clusterSuffix || !r.ns.empty() ||
                                        index.hasService(ns, r.subdomain);
                    if (looksLikeDns) {
                        uses.push_back(r);
                        usedBy.emplace_back(g, uses.size() - 1);
                    }
                }
            }
        });
        for (const auto& [g, use] : usedBy)
            g->uses.push_back(&uses[use]);
        for (const Governed& g : governed)
            if (!g.uses.empty()) report(g, services, selectors, reporter);
    }

  private:
    using Services = ServiceMap;
    using Selectors = std::map<const Object*, const PodSelector*>;

    // Whether the StatefulSet's governing Service is wrong, and how.
    static bool diagnose(Governed& g, const Workload& workload, const Services& services,
                         const Selectors& selectors) {
        if (g.serviceName.empty()) {
            g.problem = Problem::NoServiceName;
            return true;
        }
        g.service = serviceOf(services, *workload.object, g.serviceName);
        if (!g.service) {
            g.problem = Problem::NoSuchService;
            return true;
        }
        const Node* spec = g.service->spec();
        if (!spec || !spec->isMapping() || !isHeadless(*spec)) {
            g.problem = Problem::NotHeadless;
            return true;
        }
        auto selector = selectors.find(g.service);
        if (selector == selectors.end()) {
            g.problem = Problem::NoSelector;
            return true;
        }
        std::vector<const Requirement*> requirements;
        for (const Requirement& requirement : selector->second->requirements)
            requirements.push_back(&requirement);
        for (const PodClass& pod : workload.pods)
            if (!satisfying(pod, requirements).empty()) return false;
        g.problem = Problem::NotSelecting;
        return true;
    }

    // A headless Service of the namespace named `name` that selects the StatefulSet's pods.
    static const Object* goodService(const Governed& g, std::string_view name,
                                     const Services& services, const Selectors& selectors) {
        const Object* service = serviceOf(services, *g.workload->object, name);
        if (!service) return nullptr;
        const Node* spec = service->spec();
        auto selector = selectors.find(service);
        if (!spec || !spec->isMapping() || !isHeadless(*spec) || selector == selectors.end())
            return nullptr;
        std::vector<const Requirement*> requirements;
        for (const Requirement& requirement : selector->second->requirements)
            requirements.push_back(&requirement);
        for (const PodClass& pod : g.workload->pods)
            if (!satisfying(pod, requirements).empty()) return service;
        return nullptr;
    }

    static void report(const Governed& g, const Services& services, const Selectors& selectors,
                       Reporter& reporter) {
        const Object& sts = *g.workload->object;
        const HostReference& use = *g.uses.front();
        std::string used =
            fmt::format("`{}` is used in {} of {} {}{}", use.host, use.where, use.object->kind,
                        use.object->name,
                        g.uses.size() > 1 ? fmt::format(" (and {} more)", g.uses.size() - 1) : "");
        std::string labels = templateLabels(*g.workload);
        std::string message;
        std::string help;
        // The subdomain the users wrote, when they agree and it names a good Service.
        std::string_view wanted = use.subdomain;
        bool agree = std::all_of(g.uses.begin(), g.uses.end(),
                                 [&](const HostReference* r) { return r->subdomain == wanted; });
        const Object* candidate = agree && wanted != g.serviceName
                                      ? goodService(g, wanted, services, selectors)
                                      : nullptr;
        switch (g.problem) {
        case Problem::NoServiceName:
            message = fmt::format(
                "StatefulSet {} has {} spec.serviceName, so its pods get no DNS records, yet {}",
                sts.name, g.serviceNameEntry ? "an empty" : "no", used);
            help =
                candidate
                    ? fmt::format(
                          "set spec.serviceName: {} (the headless Service that selects its pods)",
                          wanted)
                    : fmt::format(
                          "set spec.serviceName to a headless Service (clusterIP: None) that "
                          "selects {}",
                          labels.empty() ? "its pods" : labels);
            break;
        case Problem::NoSuchService:
            message = fmt::format(
                "spec.serviceName of StatefulSet {} names Service {}, which is not in namespace "
                "\"{}\": its pods' DNS names exist only through that headless Service, yet {}",
                sts.name, g.serviceName, sts.ns, used);
            help =
                candidate
                    ? fmt::format(
                          "set spec.serviceName: {} (the headless Service that selects its pods)",
                          wanted)
                    : fmt::format("add a headless Service {} (clusterIP: None) that selects {}",
                                  g.serviceName, labels.empty() ? "the pods" : labels);
            break;
        case Problem::NotHeadless:
            message = fmt::format(
                "Service {}, the spec.serviceName of StatefulSet {}, is not headless (no "
                "clusterIP: None): it gets no per-pod DNS records, yet {}",
                g.serviceName, sts.name, used);
            help =
                candidate
                    ? fmt::format(
                          "set spec.serviceName: {} (the headless Service that selects its pods)",
                          wanted)
                    : fmt::format(
                          "make Service {} headless with clusterIP: None (clusterIP cannot be "
                          "changed in place: recreate it), or add a headless Service for the "
                          "StatefulSet",
                          g.serviceName);
            break;
        case Problem::NotSelecting:
        case Problem::NoSelector:
            message = fmt::format(
                "headless Service {}, the spec.serviceName of StatefulSet {}, {}, so no DNS record "
                "exists for its pods, yet {}",
                g.serviceName, sts.name,
                g.problem == Problem::NoSelector ? "has no selector" : "selects none of its pods",
                used);
            help = fmt::format("make the selector of Service {} match the pod template's labels{}",
                               g.serviceName, labels.empty() ? std::string() : " (" + labels + ")");
            break;
        }
        SourceRange at = g.serviceNameEntry ? entryRange(*g.serviceNameEntry) : sts.anchorRange();
        Diagnostic& d = reporter.report(sts, at, std::move(message));
        d.help = std::move(help);
        if (candidate && g.serviceNameEntry && g.serviceNameEntry->value->isScalar())
            if (auto fix = replacementFix(*g.serviceNameEntry->value, wanted, false))
                d.fix = std::move(*fix);
        SourceRange useAt =
            locateInScalar(*use.scalar, use.offset, use.host.size()).value_or(use.scalar->range);
        d.related.push_back({useAt, fmt::format("a DNS name of its pods is used here")});
        if (g.service)
            d.related.push_back(
                {g.service->anchorRange(), fmt::format("Service {}", g.serviceName)});
        else if (candidate)
            d.related.push_back(
                {candidate->anchorRange(), fmt::format("headless Service {}", wanted)});
    }
};

} // namespace

std::unique_ptr<Rule> makeGoverningServiceRule() {
    return std::make_unique<GoverningServiceRule>();
}

} // namespace ordlint
