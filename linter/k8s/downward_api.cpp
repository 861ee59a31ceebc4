#include "downward_api.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <unordered_set>

namespace ordlint {

std::vector<PodTemplate> distinctPodTemplatesOf(const Object& object) {
    std::vector<PodTemplate> distinct;
    std::unordered_set<const Node*> seen;
    for (PodTemplate& pod : podTemplatesOf(object))
        if (pod.spec && seen.insert(pod.spec).second) distinct.push_back(std::move(pod));
    return distinct;
}

namespace {

const Node* mappingAt(const Node* node, std::string_view key) {
    const Node* value = node && node->isMapping() ? node->get(key) : nullptr;
    return value && value->isMapping() ? value : nullptr;
}

void collectVolumeItems(const PodTemplate& pod, const Node* volume, const Node* downwardApi,
                        std::vector<DownwardApiRef>& refs) {
    const Node* items =
        downwardApi && downwardApi->isMapping() ? downwardApi->get("items") : nullptr;
    if (!items || !items->isSequence()) return;
    for (const Node* item : items->items()) {
        if (!item->isMapping()) continue;
        DownwardApiRef ref;
        ref.pod = &pod;
        ref.place = DownwardApiPlace::VolumeItem;
        ref.item = item;
        ref.volume = volume;
        ref.fieldRef = mappingAt(item, "fieldRef");
        ref.resourceFieldRef = mappingAt(item, "resourceFieldRef");
        if (ref.fieldRef || ref.resourceFieldRef) refs.push_back(ref);
    }
}

} // namespace

std::vector<DownwardApiRef> downwardApiRefsOf(const PodTemplate& pod) {
    std::vector<DownwardApiRef> refs;
    for (const ContainerRef& container : containersOf(pod.spec)) {
        const Node* env = container.node->get("env");
        if (!env || !env->isSequence()) continue;
        for (const Node* entry : env->items()) {
            const Node* valueFrom = mappingAt(entry, "valueFrom");
            if (!valueFrom) continue;
            DownwardApiRef ref;
            ref.pod = &pod;
            ref.place = DownwardApiPlace::EnvVar;
            ref.container = container.node;
            ref.containerName = container.name;
            ref.item = entry;
            ref.fieldRef = mappingAt(valueFrom, "fieldRef");
            ref.resourceFieldRef = mappingAt(valueFrom, "resourceFieldRef");
            if (ref.fieldRef || ref.resourceFieldRef) refs.push_back(ref);
        }
    }
    const Node* volumes = pod.spec ? pod.spec->get("volumes") : nullptr;
    if (volumes && volumes->isSequence()) {
        for (const Node* volume : volumes->items()) {
            if (!volume->isMapping()) continue;
            collectVolumeItems(pod, volume, volume->get("downwardAPI"), refs);
            const Node* sources = volume->at({"projected", "sources"});
            if (!sources || !sources->isSequence()) continue;
            for (const Node* source : sources->items())
                if (source->isMapping())
                    collectVolumeItems(pod, volume, source->get("downwardAPI"), refs);
        }
    }
    return refs;
}

std::optional<SubscriptedPath> splitSubscriptedPath(std::string_view fieldPath) {
    if (fieldPath.size() < 2 || fieldPath.substr(fieldPath.size() - 2) != "']") return std::nullopt;
    std::string_view trimmed = fieldPath.substr(0, fieldPath.size() - 2);
    std::size_t open = trimmed.find("['");
    if (open == std::string_view::npos || open == 0) return std::nullopt;
    return SubscriptedPath{trimmed.substr(0, open), trimmed.substr(open + 2)};
}

std::string qualifiedNameProblem(std::string_view key) {
    static const RE2 namePattern("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    static const RE2 prefixPattern(
        "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    if (std::count(key.begin(), key.end(), '/') > 1)
        return "a valid label key must consist of alphanumeric characters, '-', '_' or '.', with "
               "an "
               "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    std::string_view name = key;
    if (std::size_t slash = key.find('/'); slash != std::string_view::npos) {
        std::string_view prefix = key.substr(0, slash);
        name = key.substr(slash + 1);
        if (prefix.empty()) return "prefix part must be non-empty";
        if (prefix.size() > 253) return "prefix part must be no more than 253 bytes";
        if (!RE2::FullMatch(prefix, prefixPattern))
            return "prefix part a lowercase RFC 1123 subdomain must consist of lower case "
                   "alphanumeric characters, '-' or '.', and must start and end with an "
                   "alphanumeric character";
    }
    if (name.empty()) return "name part must be non-empty";
    if (name.size() > 63) return "name part must be no more than 63 bytes";
    if (!RE2::FullMatch(name, namePattern))
        return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
               "and end with an alphanumeric character";
    return {};
}

std::string rejectionConsequence(const PodTemplate& pod) {
    const Object& owner = *pod.owner;
    switch (pod.kind) {
    case WorkloadKind::Pod:
    case WorkloadKind::Deployment:
    case WorkloadKind::ReplicaSet:
    case WorkloadKind::ReplicationController:
    case WorkloadKind::DaemonSet:
    case WorkloadKind::Job:
    case WorkloadKind::CronJob:
    case WorkloadKind::PodTemplate:
        return fmt::format("the API server rejects {} {}", owner.kind, owner.name);
    case WorkloadKind::StatefulSet:
        return fmt::format("StatefulSet {} is accepted but its pods are rejected when the "
                           "controller creates them (FailedCreate events)",
                           owner.name);
    case WorkloadKind::LeaderWorkerSet:
    case WorkloadKind::JobSet:
    case WorkloadKind::DisaggregatedSet:
    case WorkloadKind::Unknown:
        break;
    }
    return fmt::format("the pods (or Jobs) that {} {} creates are rejected by the API server",
                       owner.kind, owner.name);
}

} // namespace ordlint
