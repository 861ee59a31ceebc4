#pragma once
// Downward API references of pod templates: every env `valueFrom.fieldRef`/`resourceFieldRef`
// and every downwardAPI volume item (plain and inside a `projected` volume), with the place it
// sits in. Shared by every rule about fieldRefs, so "where can a fieldRef be" is decided once.

#include "pod_templates.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// The API server allows different fieldPaths in env vars and in volume files.
enum class DownwardApiPlace { EnvVar, VolumeItem };

struct DownwardApiRef {
    const PodTemplate* pod = nullptr;
    DownwardApiPlace place = DownwardApiPlace::EnvVar;
    const Node* container = nullptr;        // EnvVar: the container mapping
    std::string_view containerName;         // EnvVar: the container's name
    const Node* item = nullptr;             // the env entry, or the volume's items[] entry
    const Node* volume = nullptr;           // VolumeItem: the volume mapping (volumes[] entry)
    const Node* fieldRef = nullptr;         // a mapping, or null
    const Node* resourceFieldRef = nullptr; // a mapping, or null
};

// The pod templates of `object` with distinct pod specs: an LWS without a leaderTemplate, or
// templates shared through YAML aliases, would otherwise be checked (and reported) twice.
std::vector<PodTemplate> distinctPodTemplatesOf(const Object& object);

// Every fieldRef/resourceFieldRef of the pod template, env entries of every container first
// (containers, initContainers, ephemeralContainers), then volume items, in document order.
// The returned refs point at `pod`, which must outlive them.
std::vector<DownwardApiRef> downwardApiRefsOf(const PodTemplate& pod);

// `metadata.labels['KEY']` split as the API server does (SplitMaybeSubscriptedPath): the text
// must end with `']`, and the part before the first `['` must be non-empty.
struct SubscriptedPath {
    std::string_view path;
    std::string_view key;
};
std::optional<SubscriptedPath> splitSubscriptedPath(std::string_view fieldPath);

// Why `key` is not a valid qualified name (label key), in the API server's words; empty when
// it is valid.
std::string qualifiedNameProblem(std::string_view key);

// What happens to the object when its pod template is invalid: built-in workloads are
// rejected at apply time, StatefulSets and custom workloads only when their pods are created.
std::string rejectionConsequence(const PodTemplate& pod);

} // namespace ordlint
