#include "run_kinds.hpp"

#include "file_access.hpp"
#include "schema_json.hpp"
#include "text.hpp"
#include "yaml_tree.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace ordlint {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The components of a file's absolute, normalised path: which CRD wins must not depend on
// whether its file was named relative to the working directory or absolutely (a test ran
// from /check/... and a user's editor both give absolute paths, a shell relative ones).
std::vector<std::string> pathComponents(const std::string& path) {
    std::error_code error;
    fs::path absolute = fs::absolute(fs::path(path), error);
    if (error) absolute = fs::path(path);
    std::vector<std::string> parts;
    for (const fs::path& part : absolute.lexically_normal())
        if (!part.empty() && part != "." && part != "/") parts.push_back(part.string());
    return parts;
}

// A CRD's versions and schemas, without documentation: two CRDs that differ only in their
// descriptions validate alike.
void dropDescriptions(json& value) {
    if (value.is_object()) {
        if (auto description = value.find("description");
            description != value.end() && description->is_string())
            value.erase(description);
        for (json& child : value)
            dropDescriptions(child);
    } else if (value.is_array()) {
        for (json& item : value)
            dropDescriptions(item);
    }
}

// What a CRD says about each version's schema, without documentation, for comparison.
json crdSchemas(const Node* spec) {
    json schemas = json::object();
    if (const Node* versions = spec->get("versions"); versions && versions->isSequence())
        for (const Node* version : versions->items())
            if (const Node* name = version->isMapping() ? version->get("name") : nullptr;
                name && name->isScalar())
                schemas[name->value()] = yamlToJson(version->at({"schema", "openAPIV3Schema"}));
    if (const Node* validation = spec->at({"validation", "openAPIV3Schema"}))
        schemas["*"] = yamlToJson(validation);
    dropDescriptions(schemas);
    return schemas;
}

// group, kind and served version names of a CRD document, and its schemas if `withSchemas`;
// nullopt when it names no group or kind.
std::optional<RunCrd> describeCrd(const Node* root, bool withSchemas) {
    if (!root || !root->isMapping()) return std::nullopt;
    const Node* kind = root->get("kind");
    if (!kind || kind->value() != "CustomResourceDefinition") return std::nullopt;
    const Node* spec = root->get("spec");
    const Node* group = spec ? spec->get("group") : nullptr;
    const Node* kindName = spec ? spec->at({"names", "kind"}) : nullptr;
    if (!group || !kindName || !group->isScalar() || !kindName->isScalar()) return std::nullopt;
    RunCrd crd;
    crd.root = root;
    crd.group = group->value();
    crd.kind = kindName->value();
    if (const Node* versions = spec->get("versions"); versions && versions->isSequence())
        for (const Node* version : versions->items())
            if (const Node* name = version->isMapping() ? version->get("name") : nullptr;
                name && name->isScalar())
                crd.versions.emplace_back(name->value());
    if (const Node* version = spec->get("version"); version && version->isScalar()) {
        if (std::find(crd.versions.begin(), crd.versions.end(), version->value()) ==
            crd.versions.end())
            crd.versions.emplace_back(version->value());
    }
    if (withSchemas) crd.schemas = crdSchemas(spec);
    return crd;
}

} // namespace

// A --schema-dir file, within the manifests' size limit (schema_sources.cpp reports the
// files it cannot read).
std::optional<std::string> readSchemaDirFile(const fs::path& path) {
    BoundedRead read = readFileBounded(path, LoadLimits{}.maxFileBytes);
    if (read.tooLarge || !read.error.empty()) return std::nullopt;
    return std::move(read.text);
}

bool crdPrecedes(const Object& a, const Object& b) {
    if (&a.file() != &b.file() && a.file().path() != b.file().path())
        return pathComponents(a.file().path()) < pathComponents(b.file().path());
    if (a.document->index != b.document->index) return a.document->index < b.document->index;
    return a.node->range.begin < b.node->range.begin;
}

RunKinds RunKinds::of(const Workspace& workspace, const std::vector<std::string>& schemaDirs) {
    RunKinds run;
    run.schemaDirs_ = schemaDirs;
    std::vector<RunCrd> input;
    for (const Object& object : workspace.objects) {
        if (object.kind != "CustomResourceDefinition" || object.group != "apiextensions.k8s.io")
            continue;
        // Schemas are compared only between CRDs of one kind (below): most kinds have one.
        if (auto crd = describeCrd(object.node, false)) {
            crd->object = &object;
            input.push_back(std::move(*crd));
        }
    }
    std::stable_sort(input.begin(), input.end(), [](const RunCrd& a, const RunCrd& b) {
        return crdPrecedes(*a.object, *b.object);
    });
    run.crds_ = std::move(input);
    std::size_t inputCount = run.crds_.size();
    for (const std::string& dir : schemaDirs) {
        std::vector<fs::path> files = yamlFilesUnder(dir);
        for (const fs::path& path : files) {
            auto text = readSchemaDirFile(path);
            if (!text || text->find("CustomResourceDefinition") == std::string::npos) continue;
            auto source =
                std::make_shared<const SourceFile>(path.string(), std::move(*text), false);
            ParsedFile parsed = parseYaml(*source, LoadLimits{});
            bool kept = false;
            for (auto& document : parsed.documents) {
                if (auto crd = describeCrd(document->root, true)) {
                    crd->file = path.string();
                    crd->document = document->index;
                    run.crds_.push_back(std::move(*crd));
                    run.schemaDirDocuments_.push_back(std::move(document));
                    kept = true;
                }
            }
            if (kept) run.schemaDirFiles_.push_back(std::move(source));
        }
    }
    std::map<std::pair<std::string, std::string>, int> perKind;
    for (const RunCrd& crd : run.crds_)
        ++perKind[{crd.group, crd.kind}];
    for (std::size_t i = 0; i < inputCount; ++i) {
        RunCrd& crd = run.crds_[i];
        if (perKind[{crd.group, crd.kind}] > 1) crd.schemas = crdSchemas(crd.object->spec());
    }
    return run;
}

std::vector<const RunCrd*> RunKinds::crdsFor(std::string_view group, std::string_view kind) const {
    std::vector<const RunCrd*> found;
    for (const RunCrd& crd : crds_)
        if (crd.group == group && crd.kind == kind) found.push_back(&crd);
    return found;
}

bool RunKinds::defines(std::string_view group, std::string_view kind) const {
    return std::any_of(crds_.begin(), crds_.end(),
                       [&](const RunCrd& crd) { return crd.group == group && crd.kind == kind; });
}

bool RunKinds::definesGroup(std::string_view group) const {
    return std::any_of(crds_.begin(), crds_.end(),
                       [&](const RunCrd& crd) { return crd.group == group; });
}

std::optional<std::string> RunKinds::schemaFileFor(const Object& object) const {
    std::string kind = asciiLowercase(object.kind);
    auto slash = object.apiVersion.find('/');
    std::string version =
        slash == std::string::npos ? object.apiVersion : object.apiVersion.substr(slash + 1);
    std::string groupLabel = object.group.substr(0, object.group.find('.'));
    for (const std::string& dir : schemaDirs_) {
        std::vector<fs::path> candidates;
        if (object.group.empty()) {
            candidates.push_back(fs::path(dir) / (kind + "-" + version + ".json"));
        } else {
            candidates.push_back(fs::path(dir) /
                                 (kind + "-" + groupLabel + "-" + version + ".json"));
            candidates.push_back(fs::path(dir) / object.group / (kind + "_" + version + ".json"));
        }
        std::error_code error;
        for (const fs::path& candidate : candidates)
            if (fs::is_regular_file(candidate, error)) return candidate.string();
    }
    return std::nullopt;
}

std::optional<UnknownKind> unknownKind(const Object& object, KubeVersion target,
                                       const RunKinds& run, bool strict) {
    if (object.kind.empty() || object.apiVersion.empty()) return std::nullopt;
    if (ApiCatalog::isNotCoreKind(object.apiVersion, object.kind)) return std::nullopt;
    const ApiCatalog& catalog = ApiCatalog::bundled();
    ApiStatus status = catalog.status(object.apiVersion, object.kind, target);
    if (status.state == ApiState::Served || status.state == ApiState::Removed) return std::nullopt;
    if (run.defines(object.group, object.kind) || run.schemaFileCovers(object)) return std::nullopt;
    UnknownKind unknown;
    auto suggest = [&] {
        unknown.suggestion = catalog.nearestServed(object.apiVersion, object.kind, target);
        if (!unknown.suggestion) unknown.suggestion = catalog.servedVersionOf(object.kind, target);
    };
    if (status.state == ApiState::NotYetServed) {
        unknown.reason = UnknownKind::Reason::NotYetServed;
        unknown.firstServed = status.firstServed;
        unknown.suggestion = catalog.servedVersionOf(object.kind, target);
        return unknown;
    }
    if (catalog.isBuiltinGroup(object.group) || catalog.isFullyBundledCrdGroup(object.group)) {
        unknown.reason = UnknownKind::Reason::NotServed;
        suggest();
        return unknown;
    }
    if (auto near = catalog.nearMissGroup(object.group); near && !run.definesGroup(object.group)) {
        unknown.reason = UnknownKind::Reason::NearMissGroup;
        unknown.nearGroup = *near;
        suggest();
        return unknown;
    }
    // A kind of a partly bundled group (monitoring.coreos.com) near a bundled kind of it.
    // (Other groups are never near misses: the search over every kind is skipped for them.)
    if (catalog.isBundledCrdGroup(object.group)) {
        auto near = catalog.nearestServed(object.apiVersion, object.kind, target);
        if (near && apiGroupOf(near->apiVersion) == object.group) {
            unknown.reason = UnknownKind::Reason::NotServed;
            unknown.suggestion = near;
            return unknown;
        }
    }
    if (strict) {
        unknown.reason = UnknownKind::Reason::NoSchema;
        return unknown;
    }
    return std::nullopt;
}

} // namespace ordlint
