#include "schema_partial.hpp"

#include "text.hpp"

#include <algorithm>
#include <filesystem>
#include <string_view>

namespace ordlint {

namespace fs = std::filesystem;

namespace {

bool isPatchDirective(std::string_view key) {
    return key == "$patch" || key == "$retainKeys" || key.starts_with("$setElementOrder/") ||
           key.starts_with("$deleteFromPrimitiveList/");
}

bool hasPatchDirective(const Node* node, int depth = 0) {
    if (!node || depth > 64) return false;
    for (const MapEntry& entry : node->entries())
        if (isPatchDirective(entry.key->value()) || hasPatchDirective(entry.value, depth + 1))
            return true;
    for (const Node* item : node->items())
        if (hasPatchDirective(item, depth + 1)) return true;
    return false;
}

// `patch` as a word of the path: overlays/prod/patches/x.yaml, replica-patch.yaml,
// delete.patch.yaml (not "dispatcher.yaml").
bool pathNamesPatch(const std::string& path) {
    constexpr std::string_view word = "patch";
    auto sameLetter = [](char a, char b) { return asciiLower(a) == b; };
    for (auto at = std::search(path.begin(), path.end(), word.begin(), word.end(), sameLetter);
         at != path.end();
         at = std::search(at + 1, path.end(), word.begin(), word.end(), sameLetter))
        if (at == path.begin() || !isAsciiLetter(*(at - 1))) return true;
    return false;
}

// A value filled in later by envsubst or Flux post-build substitution (`${VAR}`, `${VAR:-1}`),
// or elided in documentation (`...`).
bool isPlaceholder(const Node* node) {
    if (!node || !node->isScalar()) return false;
    if (node->value() == "..." || node->value() == "\u2026") return true;
    auto open = node->value().find("${");
    return open != std::string::npos && node->value().find('}', open) != std::string::npos;
}

} // namespace

bool isPartialObject(const Object& object, const std::set<std::string>& patchFiles) {
    if (pathNamesPatch(object.file().path()) || hasPatchDirective(object.node)) return true;
    if (inFiles(object, patchFiles)) return true;
    // A pod template without labels and no selector matches nothing: no controller accepts it
    // as a whole object, so it can only be a fragment of one.
    const Node* spec = object.spec();
    const Node* podTemplate = spec ? spec->get("template") : nullptr;
    // Likewise a workload with no pod template at all (`spec: {replicas: 6}`).
    static const std::set<std::string_view> workloads{
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"};
    if (spec && spec->isMapping() && !podTemplate && workloads.count(object.kind)) return true;
    // Only the apps/v1 workloads need a selector matching the template's labels (a Job
    // generates both).
    static const std::set<std::string_view> selecting{"Deployment", "StatefulSet", "DaemonSet",
                                                      "ReplicaSet"};
    return object.group == "apps" && selecting.count(object.kind) && podTemplate &&
           podTemplate->isMapping() && !spec->get("selector") &&
           !podTemplate->at({"metadata", "labels"});
}

bool reportable(const Object& object, const SchemaError& error, const Fragment& fragment) {
    if (std::any_of(error.path.begin(), error.path.end(), isPatchDirective)) return false;
    if (error.kind == ErrorKind::Required)
        return !fragment.partial && !(fragment.selectorLabelled && error.detail == "selector");
    if (error.kind == ErrorKind::Unknown) return true;
    // invalid-resource-fieldref judges divisors (syntax and the units each resource allows).
    if (error.kind == ErrorKind::Pattern && error.path.size() >= 2 &&
        error.path.back() == "divisor" && error.path[error.path.size() - 2] == "resourceFieldRef")
        return false;
    Located located = locate(object.node, error.path);
    return !(located.complete && isPlaceholder(located.node));
}

} // namespace ordlint
