#include "pod_dns.hpp"

#include "downward_api.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ordlint {

namespace {

int variableIndex(const PodClass& pod, std::string_view name) {
    for (std::size_t i = 0; i < pod.variables.size(); ++i)
        if (pod.variables[i].name == name) return static_cast<int>(i);
    return -1;
}

// "<prefix>{variable}" followed by "-{second}" when given.
ValuePattern numbered(std::string prefix, int variable, int second = -1) {
    ValuePattern pattern = ValuePattern::number(std::move(prefix), variable);
    if (second >= 0) {
        pattern.parts.push_back({"-", -1, 0});
        pattern.parts.push_back({{}, second, 0});
    }
    return pattern;
}

// The literal start of a pattern's values without its trailing '-' ("web" for web-{ordinal});
// empty when the pattern is fixed text or starts with a variable.
std::string_view indexPrefix(const ValuePattern& pattern) {
    if (pattern.isExact() || pattern.parts.empty() || pattern.parts.front().variable >= 0)
        return {};
    std::string_view literal = pattern.parts.front().literal;
    if (!literal.ends_with('-')) return {};
    return literal.substr(0, literal.size() - 1);
}

std::string key(std::string_view ns, std::string_view name) {
    std::string text;
    text.reserve(ns.size() + name.size() + 1);
    text.append(ns).push_back('\n');
    text.append(name);
    return text;
}

Region regionOf(const ValuePattern& pattern, std::string_view text, const PodClass& pod) {
    ValueMatch match = matchValue(pattern, text, pod);
    if (match.every || match.possible) return pod.allPods();
    return std::move(match.where);
}

// A pattern's values over the variables' ranges: "web-0..web-2" for one variable, otherwise
// each variable as "{lo..hi}".
std::string renderPattern(const ValuePattern& pattern, const std::vector<PodVariable>& variables) {
    if (pattern.isExact()) return pattern.exactValue();
    std::vector<const ValuePart*> variableParts;
    for (const ValuePart& part : pattern.parts)
        if (part.variable >= 0) variableParts.push_back(&part);
    auto render = [&](auto valueOf) {
        std::string text;
        for (const ValuePart& part : pattern.parts)
            text += part.variable < 0 ? part.literal : valueOf(part);
        return text + (pattern.anySuffix ? "..." : "");
    };
    auto rangeOf = [&](const ValuePart& part) {
        return variables[static_cast<std::size_t>(part.variable)].range;
    };
    if (variableParts.size() == 1) {
        Interval range = rangeOf(*variableParts[0]);
        if (range.empty()) return "no pods";
        std::string first =
            render([&](const ValuePart& p) { return std::to_string(rangeOf(p).lo + p.offset); });
        if (range.lo == range.hi) return first;
        if (isUnbounded(range.hi)) return first + " and up";
        return first + ".." +
               render([&](const ValuePart& p) { return std::to_string(rangeOf(p).hi + p.offset); });
    }
    return render([&](const ValuePart& p) {
        Interval range = rangeOf(p);
        if (range.lo == range.hi) return std::to_string(range.lo + p.offset);
        return "{" +
               Interval{range.lo + p.offset, isUnbounded(range.hi) ? range.hi : range.hi + p.offset}
                   .describe() +
               "}";
    });
}

// The template's own `spec.hostname` and `spec.subdomain`, both literal: every pod of the class
// has that one DNS name (a Deployment's replicas share it).
void addTemplateHost(const PodClass& pod, std::vector<PodHostFamily>& out) {
    const Node* spec = pod.templateNode ? pod.templateNode->get("spec") : nullptr;
    std::string hostname = scalarAt(spec, "hostname");
    std::string subdomain = scalarAt(spec, "subdomain");
    if (hostname.empty() || subdomain.empty()) return;
    PodHostFamily family;
    family.pod = &pod;
    family.hostname = ValuePattern::exact(hostname);
    family.subdomain = ValuePattern::exact(subdomain);
    family.hasSubdomain = true;
    family.subdomainField = spec->get("subdomain");
    out.push_back(std::move(family));
}

void addFamilies(const Workload& workload, std::vector<PodHostFamily>& out) {
    const Object& object = *workload.object;
    const Node* spec = object.spec();
    for (const PodClass& pod : workload.pods) {
        PodHostFamily family;
        family.pod = &pod;
        const Node* podSpec = pod.templateNode ? pod.templateNode->get("spec") : nullptr;
        switch (workload.kind) {
        case WorkloadKind::StatefulSet: {
            // initIdentity: hostname = pod name, subdomain = spec.serviceName.
            family.hostname = numbered(object.name + "-", variableIndex(pod, "ordinal"));
            std::string serviceName = scalarAt(spec, "serviceName");
            family.hasSubdomain = !serviceName.empty();
            family.subdomain = ValuePattern::exact(serviceName);
            family.subdomainField = spec && spec->isMapping() ? spec->get("serviceName") : nullptr;
            break;
        }
        case WorkloadKind::Job: {
            int completion = variableIndex(pod, "completion");
            if (completion < 0) {
                addTemplateHost(pod, out);
                continue;
            }
            // The Job controller sets hostname `<job>-<index>` on Indexed pods.
            family.hostname = numbered(object.name + "-", completion);
            std::string subdomain = scalarAt(podSpec, "subdomain");
            family.hasSubdomain = !subdomain.empty();
            family.subdomain = ValuePattern::exact(subdomain);
            family.subdomainField =
                podSpec && podSpec->isMapping() ? podSpec->get("subdomain") : nullptr;
            break;
        }
        case WorkloadKind::JobSet: {
            int job = variableIndex(pod, "job");
            int completion = variableIndex(pod, "completion");
            if (job < 0 || completion < 0) continue; // NonIndexed: no host names
            family.hostname =
                numbered(fmt::format("{}-{}-", object.name, pod.role), job, completion);
            const Node* network = spec && spec->isMapping() ? spec->get("network") : nullptr;
            std::string subdomain = scalarAt(network, "subdomain");
            family.hasSubdomain = scalarAt(network, "enableDNSHostnames") != "false";
            family.subdomain = ValuePattern::exact(subdomain.empty() ? object.name : subdomain);
            family.subdomainField =
                network && network->isMapping() ? network->get("subdomain") : nullptr;
            break;
        }
        case WorkloadKind::LeaderWorkerSet: {
            int group = variableIndex(pod, "group");
            int worker = variableIndex(pod, "worker");
            family.hostname = numbered(object.name + "-", group, worker);
            const Node* network = spec && spec->isMapping() ? spec->get("networkConfig") : nullptr;
            family.hasSubdomain = true;
            // UniquePerReplica: one headless Service per group, named after its leader.
            family.subdomain = scalarAt(network, "subdomainPolicy") == "UniquePerReplica"
                                   ? numbered(object.name + "-", group)
                                   : ValuePattern::exact(object.name);
            break;
        }
        case WorkloadKind::Pod:
        case WorkloadKind::Deployment:
        case WorkloadKind::ReplicaSet:
        case WorkloadKind::ReplicationController:
        case WorkloadKind::DaemonSet:
        case WorkloadKind::CronJob:
            if (workload.kind != WorkloadKind::CronJob || variableIndex(pod, "completion") < 0)
                addTemplateHost(pod, out);
            continue;
        default:
            continue; // unknown producers, DisaggregatedSet: no literal host names
        }
        out.push_back(std::move(family));
    }
}

} // namespace

// ---------------------------------------------------------------------------------------
// PodHostFamily

Region PodHostFamily::resolving(std::string_view podName, std::string_view name) const {
    Region region = regionOf(hostname, podName, *pod);
    if (region.empty() || !hasSubdomain) return region;
    return intersect(region, regionOf(subdomain, name, *pod));
}

bool PodHostFamily::hasShape(std::string_view podName) const {
    PodClass wide;
    wide.variables = pod->variables;
    for (PodVariable& variable : wide.variables)
        variable.range = {0, kUnbounded};
    return !regionOf(hostname, podName, wide).empty();
}

bool PodHostFamily::produces(std::string_view podName) const {
    return !regionOf(hostname, podName, *pod).empty();
}

std::string PodHostFamily::describeHosts() const {
    return renderPattern(hostname, pod->variables);
}

std::string PodHostFamily::describeSubdomain() const {
    return hasSubdomain ? renderPattern(subdomain, pod->variables) : std::string();
}

std::string PodHostFamily::describeSubdomainOf(std::string_view podName) const {
    Region region = hasSubdomain ? regionOf(hostname, podName, *pod) : Region();
    if (region.empty()) return describeSubdomain();
    // The variables pinned to the pod's own values: a LeaderWorkerSet's UniquePerReplica
    // subdomain follows the pod's group.
    std::vector<PodVariable> pinned = pod->variables;
    const Box& values = region.front();
    for (std::size_t v = 0; v < pinned.size() && v < values.size(); ++v)
        pinned[v].range = values[v];
    return renderPattern(subdomain, pinned);
}

bool hostNamespaceReaches(const HostReference& r, const Object& target) {
    if (r.ns.empty()) return sameNamespace(*r.object, target);
    return !target.implicitNamespace || foldersRelated(r.object->folder, target.folder);
}

// ---------------------------------------------------------------------------------------
// PodHostIndex

PodHostIndex::PodHostIndex(const PodModel& model, const Workspace& workspace) {
    for (const Object& object : workspace.objects) {
        if (object.clusterScoped) continue;
        namespaces_.insert(object.ns);
        if (object.group.empty() && object.kind == "Service") {
            services_.insert(key(object.ns, object.name));
            serviceNames_.insert(object.name);
            const Node* spec = object.spec();
            const Node* selector = spec && spec->isMapping() ? spec->get("selector") : nullptr;
            bool selects = selector && selector->isMapping() && !selector->entries().empty();
            if (!selects && scalarAt(spec, "type") != "ExternalName")
                servicesWithoutSelector_.insert(key(object.ns, object.name));
        }
    }
    for (const Workload& workload : model.workloads()) {
        if (workload.unknownProducer) {
            if (!workload.object->clusterScoped)
                unknownProducers_.insert(workload.object->ns);
            else if (workload.producerNamespaces.empty())
                unknownProducers_.insert("\n*");
            else
                unknownProducers_.insert(workload.producerNamespaces.begin(),
                                         workload.producerNamespaces.end());
            continue;
        }
        // A patch's pods are its base's, described there.
        if (!workload.object->clusterScoped && !isWorkloadPatch(*workload.object))
            addFamilies(workload, families_);
    }
    for (std::size_t i = 0; i < families_.size(); ++i) {
        const PodHostFamily& family = families_[i];
        std::string_view ns = family.ns();
        if (family.hasSubdomain) {
            if (family.subdomain.isExact()) {
                bySubdomain_[key(ns, family.subdomain.exactValue())].push_back(i);
                subdomainAnywhere_[family.subdomain.exactValue()].push_back(i);
            } else if (std::string_view prefix = indexPrefix(family.subdomain); !prefix.empty()) {
                patternedSubdomains_[key(ns, prefix)].push_back(i);
                patternedSubdomains_[key("\n*", prefix)].push_back(i);
            }
        }
        if (std::string_view prefix = indexPrefix(family.hostname); !prefix.empty()) {
            byPrefix_[key(ns, prefix)].push_back(i);
            prefixAnywhere_[std::string(prefix)].push_back(i);
        }
    }
}

std::vector<const PodHostFamily*>
PodHostIndex::lookup(const std::unordered_map<std::string, std::vector<std::size_t>>& map,
                     const std::string& text) const {
    std::vector<const PodHostFamily*> found;
    if (auto hit = map.find(text); hit != map.end())
        for (std::size_t i : hit->second)
            found.push_back(&families_[i]);
    return found;
}

namespace {

void appendUnique(std::vector<const PodHostFamily*>& into,
                  const std::vector<const PodHostFamily*>& more) {
    for (const PodHostFamily* family : more)
        if (std::find(into.begin(), into.end(), family) == into.end()) into.push_back(family);
}

// Each prefix of `name` that ends before a '-': "a", "a-b" for "a-b-0".
template <typename Visit> void forEachDashPrefix(std::string_view name, Visit visit) {
    for (std::size_t dash = name.find('-'); dash != std::string_view::npos;
         dash = name.find('-', dash + 1))
        if (dash > 0) visit(name.substr(0, dash));
}

} // namespace

std::vector<const PodHostFamily*> PodHostIndex::bySubdomain(std::string_view ns,
                                                            std::string_view subdomain) const {
    std::vector<const PodHostFamily*> found = lookup(bySubdomain_, key(ns, subdomain));
    forEachDashPrefix(subdomain, [&](std::string_view prefix) {
        for (const PodHostFamily* family : lookup(patternedSubdomains_, key(ns, prefix)))
            if (!regionOf(family->subdomain, subdomain, *family->pod).empty() &&
                std::find(found.begin(), found.end(), family) == found.end())
                found.push_back(family);
    });
    return found;
}

std::vector<const PodHostFamily*> PodHostIndex::byPodName(std::string_view ns,
                                                          std::string_view podName) const {
    std::vector<const PodHostFamily*> found;
    forEachDashPrefix(podName, [&](std::string_view prefix) {
        for (const PodHostFamily* family : lookup(byPrefix_, key(ns, prefix)))
            if (family->hasShape(podName)) appendUnique(found, {family});
    });
    return found;
}

std::vector<const PodHostFamily*>
PodHostIndex::bySubdomainAnywhere(std::string_view subdomain) const {
    std::vector<const PodHostFamily*> found = lookup(subdomainAnywhere_, std::string(subdomain));
    forEachDashPrefix(subdomain, [&](std::string_view prefix) {
        for (const PodHostFamily* family : lookup(patternedSubdomains_, key("\n*", prefix)))
            if (!regionOf(family->subdomain, subdomain, *family->pod).empty())
                appendUnique(found, {family});
    });
    return found;
}

std::vector<const PodHostFamily*> PodHostIndex::byPodNameAnywhere(std::string_view podName) const {
    std::vector<const PodHostFamily*> found;
    forEachDashPrefix(podName, [&](std::string_view prefix) {
        for (const PodHostFamily* family : lookup(prefixAnywhere_, std::string(prefix)))
            if (family->hasShape(podName)) appendUnique(found, {family});
    });
    return found;
}

bool PodHostIndex::knownNamespace(std::string_view ns) const {
    return namespaces_.count(std::string(ns)) > 0;
}

bool PodHostIndex::hasService(std::string_view ns, std::string_view name) const {
    return services_.count(key(ns, name)) > 0;
}

bool PodHostIndex::hasServiceWithoutSelector(std::string_view ns, std::string_view name) const {
    return servicesWithoutSelector_.count(key(ns, name)) > 0;
}

bool PodHostIndex::hasServiceAnywhere(std::string_view name) const {
    return serviceNames_.count(std::string(name)) > 0;
}

bool PodHostIndex::unknownProducerIn(std::string_view ns) const {
    return unknownProducers_.count(std::string(ns)) > 0 || unknownProducers_.count("\n*") > 0;
}

// ---------------------------------------------------------------------------------------
// Host names in text

namespace {

bool hostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
}

bool lowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// A DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric.
bool isLabel(std::string_view label) {
    if (label.empty() || label.size() > 63 || !lowerAlnum(label.front()) ||
        !lowerAlnum(label.back()))
        return false;
    return std::all_of(label.begin(), label.end(),
                       [](char c) { return lowerAlnum(c) || c == '-'; });
}

// Characters that make the text next to them a template: `$(X)`, `${X}`, `{{ x }}`, `{0..2}`,
// `%s`.
bool templateBefore(char c) {
    return c == '$' || c == '}' || c == ')' || c == '{' || c == '%';
}
bool templateAfter(char c) {
    return c == '$' || c == '{' || c == '(' || c == '%';
}

} // namespace

std::vector<HostReference>
hostReferencesIn(std::string_view text,
                 const std::function<bool(std::string_view)>& knownNamespace) {
    std::vector<HostReference> found;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!hostChar(text[i])) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < text.size() && hostChar(text[i]))
            ++i;
        std::size_t end = i;
        char after = end < text.size() ? text[end] : '\0';
        while (end > start &&
               text[end - 1] == '.') // a fully qualified name's root dot, or a full stop
            --end;
        std::string_view host = text.substr(start, end - start);
        char before = start > 0 ? text[start - 1] : '\0';
        if (host.find('.') == std::string_view::npos || templateBefore(before) ||
            templateAfter(after))
            continue;
        std::vector<std::string_view> labels;
        for (std::size_t from = 0;;) {
            std::size_t dot = host.find('.', from);
            labels.push_back(host.substr(from, dot == std::string_view::npos ? dot : dot - from));
            if (dot == std::string_view::npos) break;
            from = dot + 1;
        }
        if (!std::all_of(labels.begin(), labels.end(), isLabel)) continue;
        // A Service name (the subdomain) is a DNS-1035 label: it starts with a letter.
        if (labels[1].front() < 'a' || labels[1].front() > 'z') continue;
        HostReference reference;
        reference.offset = start;
        reference.host = host;
        reference.pod = labels[0];
        reference.subdomain = labels[1];
        if (labels.size() == 3) {
            if (!knownNamespace(labels[2])) continue; // etcd-0.etcd.io is no cluster name
            reference.ns = labels[2];
        } else if (labels.size() >= 4) {
            if (labels[3] != "svc") continue;
            reference.ns = labels[2];
            reference.clusterSuffix = true;
        }
        bool port = after == ':' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9';
        bool scheme = start >= 3 && text.substr(start - 3, 3) == "://";
        reference.hostContext = port || scheme || before == '@';
        found.push_back(reference);
    }
    return found;
}

void forEachHostReference(const Workspace& workspace, const PodHostIndex& index,
                          const std::function<void(const HostReference&)>& visit) {
    auto known = [&](std::string_view ns) { return index.knownNamespace(ns); };
    // `where` is formatted only for a scalar that holds a host name.
    auto scan = [&](const Object& object, const Node* scalar, const auto& where) {
        std::optional<std::string_view> text = scalar ? scalar->string() : std::nullopt;
        if (!text || text->find('.') == std::string_view::npos) return;
        std::vector<std::string_view> seen;
        for (HostReference& reference : hostReferencesIn(*text, known)) {
            if (std::find(seen.begin(), seen.end(), reference.host) != seen.end()) continue;
            seen.push_back(reference.host);
            reference.object = &object;
            reference.scalar = scalar;
            reference.where = where();
            visit(reference);
        }
    };
    for (const Object& object : workspace.objects) {
        if (object.group.empty() && object.kind == "ConfigMap") {
            const Node* data = object.node->get("data");
            if (data && data->isMapping())
                for (const MapEntry& entry : data->entries())
                    if (entry.key->isScalar())
                        scan(object, entry.value, [&] {
                            return fmt::format("ConfigMap data key {}", entry.key->value());
                        });
            continue;
        }
        if (object.group.empty() && object.kind == "Service") {
            const Node* spec = object.spec();
            if (spec && spec->isMapping())
                scan(object, spec->get("externalName"), [] { return std::string("externalName"); });
            continue;
        }
        for (const PodTemplate& pod : distinctPodTemplatesOf(object)) {
            for (const ContainerRef& container : containersOf(pod.spec)) {
                auto name = [&] {
                    return container.name.empty() ? std::string("a container")
                                                  : fmt::format("container {}", container.name);
                };
                if (const Node* env = container.node->get("env"); env && env->isSequence())
                    for (const Node* item : env->items())
                        if (item->isMapping())
                            scan(object, item->get("value"), [&] {
                                return fmt::format("env var {} of {}", scalarAt(item, "name"),
                                                   name());
                            });
                for (std::string_view field : {"command", "args"})
                    if (const Node* list = container.node->get(field); list && list->isSequence())
                        for (const Node* item : list->items())
                            scan(object, item,
                                 [&] { return fmt::format("{} of {}", field, name()); });
            }
        }
    }
}

} // namespace ordlint
