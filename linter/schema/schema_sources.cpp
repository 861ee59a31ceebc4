#include "schema_sources.hpp"

#include "file_access.hpp"
#include "parallel.hpp"
#include "text.hpp"

#include "api_catalog.hpp"
#include "run_kinds.hpp"
#include "schema_store.hpp"

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema_parser.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ordlint {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kObjectMetaRef = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

// A file of --schema-dir, read within the manifests' size limit (the folder may come from a
// checkout's .ordlint.yaml: a link there to /dev/zero must not cost unbounded memory). Throws,
// saying why, when it cannot be used.
std::string readSchemaFile(const fs::path& path) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) throw std::runtime_error("it is not a regular file");
    BoundedRead read = readFileBounded(path, LoadLimits{}.maxFileBytes);
    if (read.tooLarge)
        throw std::runtime_error(
            fmt::format("it is larger than {} bytes", LoadLimits{}.maxFileBytes));
    if (!read.error.empty()) throw std::runtime_error("it cannot be read (" + read.error + ")");
    return std::move(read.text);
}

std::string versionOf(const std::string& apiVersion) {
    auto slash = apiVersion.find('/');
    return slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
}

// Bundled definitions as `release` has them, parsed on first use. Immutable, so one cache
// serves every run of the process (the language server lints again on each edit); keyed by the
// variant's text, which the releases that share it share.
const json& bundledDefinition(const std::string& name, KubeVersion release) {
    static std::mutex mutex;
    static auto* definitions = new std::map<const char*, json>; // lives until exit
    std::string_view text = bundledDefinitionText(name, release);
    if (text.empty()) throw std::runtime_error("no bundled schema definition " + name);
    {
        std::lock_guard lock(mutex);
        auto found = definitions->find(text.data());
        if (found != definitions->end()) return found->second;
    }
    // Parsed unlocked, as kinds compile in parallel; a definition two threads parse at once
    // is kept once (std::map's elements do not move).
    json parsed = json::parse(text);
    std::lock_guard lock(mutex);
    return definitions->emplace(text.data(), std::move(parsed)).first->second;
}

// Builds, from a schema whose `$ref`s point into its own `definitions` or the bundled ones,
// the schema that the run's objects of one kind need: references expanded where some value
// goes, and every part no value reaches reduced to its field names (unknown-field's
// suggestions need those). valijson then compiles work in proportion to the input, not to
// PodSpec's hundred definitions or a CRD's thousands of nodes.
class SchemaExpander {
  public:
    SchemaExpander(const json& root, KubeVersion release) : root_(root), release_(release) {}

    // The bundled definitions that expand() referenced instead of expanding (recursive ones),
    // with every definition they refer to: the compiled document's `definitions`.
    const json& definitions() const { return definitions_; }

    json expand(const json& schema, const std::vector<const Node*>& values, int depth = 0) {
        // A definition that refers to itself (a CRD's JSONSchemaProps) is not expanded along the
        // values, which would copy it for every node of a large CRD: valijson follows the
        // reference into `definitions` instead.
        if (std::optional<std::string> name = bundledRef(schema); name && isRecursive(*name)) {
            keep(*name);
            return json{{"$ref", std::string(kDefinitionsRef) + *name}};
        }
        const json& resolved = resolve(schema);
        if (!resolved.is_object()) return resolved;
        if (values.empty() || depth > kMaxDepth) return fieldNames(resolved, 1);
        json result = json::object();
        for (const auto& [key, child] : resolved.items()) {
            if (key == "properties" && child.is_object()) {
                // Fields no value has stay out of `properties` (valijson looks each one up in
                // every object) and are kept, for suggestions, under kUnreachedFields.
                json properties = json::object();
                json unreached = json::object();
                // Each value's fields, gathered in one pass over the values (in their order,
                // the first of a repeated key, as Node::get finds it): looking each property
                // up in every value cost properties x values x keys on a large input.
                std::unordered_map<std::string_view, std::vector<const Node*>> fieldsByName;
                std::unordered_set<std::string_view> seenInValue;
                for (const Node* value : values) {
                    if (!value->isMapping()) continue;
                    seenInValue.clear();
                    for (const MapEntry& member : value->entries())
                        if (member.key->isScalar() &&
                            seenInValue.insert(member.key->value()).second)
                            fieldsByName[member.key->value()].push_back(member.value);
                }
                for (const auto& [name, property] : child.items()) {
                    auto found = fieldsByName.find(name);
                    std::vector<const Node*> reached;
                    if (found != fieldsByName.end()) reached = std::move(found->second);
                    if (reached.empty())
                        unreached[name] = fieldNames(resolve(property), 1);
                    else
                        properties[name] = expand(property, reached, depth + 1);
                }
                result[key] = std::move(properties);
                if (!unreached.empty()) result[kUnreachedFields] = std::move(unreached);
            } else if (key == "items" && child.is_object()) {
                std::vector<const Node*> reached;
                for (const Node* value : values)
                    reached.insert(reached.end(), value->items().begin(), value->items().end());
                result[key] = expand(child, reached, depth + 1);
            } else if (key == "additionalProperties" && child.is_object()) {
                const json* properties =
                    resolved.contains("properties") ? &resolved["properties"] : nullptr;
                std::vector<const Node*> reached;
                for (const Node* value : values)
                    for (const MapEntry& member : value->entries())
                        if (!properties || !properties->contains(member.key->value()))
                            reached.push_back(member.value);
                result[key] = reached.empty() ? child : expand(child, reached, depth + 1);
            } else if ((key == "allOf" || key == "anyOf" || key == "oneOf") && child.is_array()) {
                json branches = json::array();
                for (const json& branch : child)
                    branches.push_back(expand(branch, values, depth + 1));
                result[key] = std::move(branches);
            } else if (key != "definitions") {
                result[key] = child;
            }
        }
        return result;
    }

  private:
    static constexpr int kMaxDepth = 256; // values are at most LoadLimits::maxDepth deep

    // The name a reference to a bundled definition names (not one of root's own definitions).
    std::optional<std::string> bundledRef(const json& schema) const {
        if (!schema.is_object()) return std::nullopt;
        auto ref = schema.find("$ref");
        if (ref == schema.end() || !ref->is_string()) return std::nullopt;
        std::string target = ref->get<std::string>();
        if (target.rfind(kDefinitionsRef, 0) != 0) return std::nullopt;
        std::string name = target.substr(kDefinitionsRef.size());
        auto local = root_.find("definitions");
        if (local != root_.end() && local->is_object() && local->contains(name))
            return std::nullopt;
        return name;
    }

    static void refsOf(const json& node, std::vector<std::string>& out) {
        if (node.is_object()) {
            auto ref = node.find("$ref");
            if (ref != node.end() && ref->is_string() &&
                ref->get<std::string>().rfind(kDefinitionsRef, 0) == 0)
                out.push_back(ref->get<std::string>().substr(kDefinitionsRef.size()));
            for (const auto& [key, child] : node.items())
                refsOf(child, out);
        } else if (node.is_array()) {
            for (const json& child : node)
                refsOf(child, out);
        }
    }

    // Whether the bundled definition `name` reaches itself through references. Read from the
    // definitions' text, without parsing them (most are never needed as JSON), and remembered
    // for the process: the answer depends only on the release's definitions.
    bool isRecursive(const std::string& name) {
        static std::mutex mutex;
        static auto* known = new std::map<std::pair<std::string, KubeVersion>, bool>; // until exit
        std::pair<std::string, KubeVersion> key{name, release_};
        {
            std::lock_guard lock(mutex);
            auto found = known->find(key);
            if (found != known->end()) return found->second;
        }
        std::set<std::string, std::less<>> seen;
        std::vector<std::string> pending;
        textRefsOf(bundledDefinitionText(name, release_), pending);
        bool recursive = false;
        while (!pending.empty() && !recursive) {
            std::string next = std::move(pending.back());
            pending.pop_back();
            if (next == name)
                recursive = true;
            else if (seen.insert(next).second)
                textRefsOf(bundledDefinitionText(next, release_), pending);
        }
        std::lock_guard lock(mutex);
        return known->emplace(std::move(key), recursive).first->second;
    }

    // The definitions a definition's text refers to (`"$ref":"#/definitions/NAME"`).
    static void textRefsOf(std::string_view text, std::vector<std::string>& out) {
        for (std::size_t at = text.find(kDefinitionsRef); at != std::string_view::npos;
             at = text.find(kDefinitionsRef, at)) {
            at += kDefinitionsRef.size();
            std::size_t end = text.find('"', at);
            if (end == std::string_view::npos) break;
            out.emplace_back(text.substr(at, end - at));
        }
    }

    void keep(const std::string& name) {
        std::vector<std::string> pending{name};
        while (!pending.empty()) {
            std::string next = std::move(pending.back());
            pending.pop_back();
            if (definitions_.contains(next)) continue;
            const json& definition = bundledDefinition(next, release_);
            definitions_[next] = definition;
            refsOf(definition, pending);
        }
    }

    const json& resolve(const json& schema) {
        const json* current = &schema;
        for (int hops = 0; current->is_object() && hops < 32; ++hops) {
            auto ref = current->find("$ref");
            if (ref == current->end() || !ref->is_string()) break;
            std::string target = ref->get<std::string>();
            if (target.rfind(kDefinitionsRef, 0) != 0)
                throw std::runtime_error("unsupported reference " + target);
            std::string name = target.substr(kDefinitionsRef.size());
            auto local = root_.find("definitions");
            if (local != root_.end() && local->is_object() && local->contains(name))
                current = &(*local)[name];
            else
                current = &bundledDefinition(name, release_);
        }
        return *current;
    }

    // A part of the schema that no value reaches: its field names, `levels` deep.
    json fieldNames(const json& schema, int levels) {
        json shell = json::object();
        if (!schema.is_object()) return shell;
        auto properties = schema.find("properties");
        if (properties != schema.end() && properties->is_object()) {
            shell["properties"] = json::object();
            for (const auto& [name, property] : properties->items())
                shell["properties"][name] =
                    levels > 0 ? fieldNames(resolve(property), levels - 1) : json::object();
        }
        auto items = schema.find("items");
        if (items != schema.end() && items->is_object() && levels > 0)
            shell["items"] = fieldNames(resolve(*items), levels - 1);
        return shell;
    }

    const json& root_;
    KubeVersion release_;
    json definitions_ = json::object();
    std::map<std::string, bool> recursive_;
};

// Throws (valijson's or nlohmann's exception) when the schema cannot be used.
std::unique_ptr<CompiledSchema> compile(const json& root, const std::vector<const Node*>& values,
                                        KubeVersion release) {
    auto compiled = std::make_unique<CompiledSchema>();
    SchemaExpander expander(root, release);
    compiled->document = expander.expand(root, values);
    if (!expander.definitions().empty()) compiled->document["definitions"] = expander.definitions();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(compiled->document);
    parser.populateSchema(adapter, compiled->schema);
    return compiled;
}

// A schema found broken before valijson sees it, at a node of the input.
struct BrokenSchemaNode : std::runtime_error {
    BrokenSchemaNode(const Node* where, const std::string& what)
        : std::runtime_error(what), node(where) {}
    const Node* node;
};

std::string kindName(const Object& object) {
    return object.kind + " (" + object.apiVersion + ")";
}

// The bundled definition of the object's kind at `target`: none for a kind the target does
// not serve (removed-api, unknown-kind), nor for one served only by releases newer than it.
std::optional<std::string> bundledKindDefinition(const Object& object, KubeVersion target) {
    if (!ApiCatalog::bundled().status(object.apiVersion, object.kind, target).bundledSchema)
        return std::nullopt;
    const json& kinds = bundledSchemaIndex()["kinds"];
    auto found = kinds.find(object.apiVersion + "/" + object.kind);
    if (found == kinds.end()) return std::nullopt;
    return found->at("definition").get<std::string>();
}

std::optional<json> crdSchema(const std::vector<CrdVersionSchema>& crds, const Object& object) {
    for (const CrdVersionSchema& crd : crds)
        if (crd.apiVersion == object.apiVersion && crd.kind == object.kind) return crd.schema;
    return std::nullopt;
}

std::string scalarOr(const Node* node, std::string fallback = {}) {
    return node && node->isScalar() ? std::string(node->value()) : fallback;
}

} // namespace

SchemaSources::SchemaSources(const Workspace& workspace, const std::vector<std::string>& schemaDirs,
                             KubeVersion target)
    : workspace_(workspace), schemaDirs_(schemaDirs), target_(target),
      release_(schemaReleaseFor(target)) {}

const CompiledSchema* SchemaSources::find(const Object& object) const {
    auto found = compiled_.find(object.apiVersion + "/" + object.kind);
    return found == compiled_.end() ? nullptr : found->second.get();
}

bool SchemaSources::has(const Object& object) {
    if (bundledKindDefinition(object, target_)) return true;
    Origin origin;
    try {
        return runSchema(object, {}, origin).has_value();
    } catch (const std::exception&) {
        return true; // there is one, broken: validation says so
    }
}

void SchemaSources::compileAll(
    const std::vector<std::pair<const Object*, const std::vector<const Node*>*>>& kinds,
    unsigned jobs) {
    std::vector<std::unique_ptr<CompiledSchema>*> slots;
    for (const auto& [object, values] : kinds)
        slots.push_back(&compiled_[object->apiVersion + "/" + object->kind]);
    std::vector<std::optional<SchemaFinding>> problems(kinds.size());
    std::atomic<std::size_t> next{0};
    runOnThreads(threadCount(jobs, kinds.size()), [&] {
        for (std::size_t i = next++; i < kinds.size(); i = next++)
            *slots[i] = compileFor(*kinds[i].first, *kinds[i].second, problems[i]);
    });
    for (std::optional<SchemaFinding>& problem : problems)
        if (problem) problems_.push_back(std::move(*problem));
}

std::unique_ptr<CompiledSchema> SchemaSources::compileFor(const Object& object,
                                                          const std::vector<const Node*>& values,
                                                          std::optional<SchemaFinding>& problem) {
    Origin origin;
    try {
        if (std::optional<json> custom = runSchema(object, values, origin))
            return compile(*custom, values, release_);
    } catch (const std::exception& error) {
        // The objects of the kind are not validated; the finding says why, where the schema is.
        const auto* broken = dynamic_cast<const BrokenSchemaNode*>(&error);
        SchemaFinding finding;
        if (origin.crd) {
            finding.object = origin.crd;
            const Node* at = broken && broken->node ? broken->node : origin.crdSchema;
            finding.range = at && at->range.valid() ? at->range : origin.crd->anchorRange();
            finding.message = fmt::format("this CRD's schema for {} cannot be used: {}; objects of "
                                          "that kind are not validated, and the API server rejects "
                                          "this CRD",
                                          kindName(object), error.what());
            finding.help = "fix the openAPIV3Schema (see `kubectl explain customresourcedefinition."
                           "spec.versions.schema`)";
        } else {
            finding.object = &object;
            finding.range = object.anchorRange();
            finding.message =
                fmt::format("--schema-dir file {} cannot be used as the schema of {}: "
                            "{}; objects of that kind are not validated",
                            origin.file, kindName(object), error.what());
            finding.help = "fix or remove the file in --schema-dir";
        }
        problem = std::move(finding);
        return nullptr;
    }
    // The bundled schemas are ordlint's own and known to compile.
    if (std::optional<std::string> name = bundledKindDefinition(object, target_)) {
        try {
            return compile(bundledDefinition(*name, release_), values, release_);
        } catch (const std::exception&) {
            return nullptr;
        }
    }
    return nullptr;
}

std::optional<json> SchemaSources::runSchema(const Object& object,
                                             const std::vector<const Node*>& values,
                                             Origin& origin) {
    if (auto fromInput = inputCrdSchema(object, values, origin)) return fromInput;
    origin = Origin();
    for (const std::string& dir : schemaDirs_)
        if (auto fromDir = schemaDirSchema(dir, object, origin)) return fromDir;
    return std::nullopt;
}

// The schema of the input's first CRD, in precedence order (crdPrecedes: by path, never by
// input order, so that it is the one conflicting-crd says validates), that serves the
// object's group, kind and version; only the CRDs of that group and kind are converted
// (inputs often carry large CRDs of kinds they never instantiate). Throws when it is not a
// usable schema, with `origin` set to the CRD.
std::optional<json> SchemaSources::inputCrdSchema(const Object& wanted,
                                                  const std::vector<const Node*>& values,
                                                  Origin& origin) {
    std::vector<const Object*> candidates;
    for (const Object& object : workspace_.objects) {
        if (object.kind != "CustomResourceDefinition" || object.group != "apiextensions.k8s.io")
            continue;
        const Node* spec = object.spec();
        const Node* group = spec ? spec->get("group") : nullptr;
        const Node* kind = spec ? spec->at({"names", "kind"}) : nullptr;
        if (!group || !kind || group->value() != wanted.group || kind->value() != wanted.kind)
            continue;
        candidates.push_back(&object);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Object* a, const Object* b) { return crdPrecedes(*a, *b); });
    for (const Object* candidate : candidates) {
        const Object& object = *candidate;
        const Node* spec = object.spec();
        origin = Origin{&object, nullptr, {}};
        if (const Node* versions = spec->get("versions"); versions && versions->isSequence())
            for (const Node* version : versions->items())
                if (version->isMapping() &&
                    scalarOr(version->get("name")) == versionOf(wanted.apiVersion))
                    origin.crdSchema = version->at({"schema", "openAPIV3Schema"});
        if (!origin.crdSchema) origin.crdSchema = spec->at({"validation", "openAPIV3Schema"});
        if (origin.crdSchema)
            if (auto broken = malformedSchema(origin.crdSchema))
                throw BrokenSchemaNode(broken->node, broken->problem);
        // Only the wanted version is converted: CRDs carry a full schema per version.
        json specJson = json::object();
        for (const MapEntry& entry : spec->entries()) {
            if (entry.key->value() != "versions" || !entry.value->isSequence()) {
                specJson[entry.key->value()] = yamlToJson(entry.value);
                continue;
            }
            json versions = json::array();
            for (const Node* version : entry.value->items()) {
                const Node* name = version->isMapping() ? version->get("name") : nullptr;
                if (!name || name->value() != versionOf(wanted.apiVersion)) continue;
                json converted = json::object();
                for (const MapEntry& field : version->entries())
                    if (field.key->value() != "schema")
                        converted[field.key->value()] = yamlToJson(field.value);
                if (const Node* schema = version->at({"schema", "openAPIV3Schema"}))
                    converted["schema"]["openAPIV3Schema"] = schemaNodeToJson(schema, values);
                versions.push_back(std::move(converted));
            }
            specJson["versions"] = std::move(versions);
        }
        if (auto schema =
                crdSchema(crdSchemas(json{{"spec", std::move(specJson)}}, kObjectMetaRef), wanted))
            return schema;
    }
    return std::nullopt;
}

// kubeconform layouts: <kind>-<group's first label>-<version>.json (core: <kind>-<version>.json),
// and the CRD catalog's <group>/<kind>_<version>.json; then CRD manifests in the folder.
std::optional<json> SchemaSources::schemaDirSchema(const std::string& dir, const Object& object,
                                                   Origin& origin) {
    std::string kind = asciiLowercase(object.kind);
    std::string version = versionOf(object.apiVersion);
    std::string groupLabel = object.group.substr(0, object.group.find('.'));
    std::vector<fs::path> candidates;
    if (object.group.empty()) {
        candidates.push_back(fs::path(dir) / (kind + "-" + version + ".json"));
    } else {
        candidates.push_back(fs::path(dir) / (kind + "-" + groupLabel + "-" + version + ".json"));
        candidates.push_back(fs::path(dir) / object.group / (kind + "_" + version + ".json"));
    }
    for (const fs::path& candidate : candidates) {
        std::error_code error;
        if (!fs::exists(candidate, error)) continue;
        origin.file = candidate.string();
        json schema = json::parse(readSchemaFile(candidate), nullptr, false);
        if (schema.is_discarded()) throw std::runtime_error("it is not valid JSON");
        if (!schema.is_object()) throw std::runtime_error("it is not a JSON object");
        normalizeSchema(schema);
        return schema;
    }
    const DirCrd* unreadable = nullptr;
    for (const DirCrd& crd : dirCrds(dir)) {
        if (crd.group.empty() && crd.kind.empty() && !crd.problem.empty() && !unreadable)
            unreadable = &crd;
        if (crd.group != object.group || crd.kind != object.kind) continue;
        origin.file = crd.file;
        if (!crd.problem.empty()) throw std::runtime_error(crd.problem);
        if (auto schema = crdSchema(crd.versions, object)) return schema;
    }
    // No schema, and a file of the folder could not be read: it may have been the one.
    if (unreadable) {
        origin.file = unreadable->file;
        throw std::runtime_error(unreadable->problem +
                                 ", so whether it defines this kind is unknown");
    }
    return std::nullopt;
}

const std::vector<SchemaSources::DirCrd>& SchemaSources::dirCrds(const std::string& dir) {
    std::lock_guard lock(dirCrdsMutex_);
    auto found = dirCrds_.find(dir);
    if (found != dirCrds_.end()) return found->second;
    std::vector<DirCrd>& crds = dirCrds_[dir];
    std::vector<fs::path> files = yamlFilesUnder(dir);
    for (const fs::path& path : files) {
        std::string text;
        try {
            text = readSchemaFile(path);
        } catch (const std::exception& problem) {
            crds.push_back(DirCrd{path.string(), {}, {}, {}, problem.what()});
            continue;
        }
        SourceFile source(path.string(), std::move(text), false);
        ParsedFile parsed = parseYaml(source, LoadLimits{});
        if (!parsed.problems.empty()) {
            const SyntaxProblem& problem = parsed.problems.front();
            Position at = source.position(problem.range.begin);
            crds.push_back(DirCrd{
                path.string(),
                {},
                {},
                {},
                fmt::format("it cannot be read as YAML (line {}: {})", at.line, problem.message)});
        }
        for (const auto& document : parsed.documents) {
            const Node* root = document->root;
            const Node* kind = root && root->isMapping() ? root->get("kind") : nullptr;
            if (!kind || kind->value() != "CustomResourceDefinition") continue;
            DirCrd& crd = crds.emplace_back();
            crd.file = path.string();
            crd.group = scalarOr(root->at({"spec", "group"}));
            crd.kind = scalarOr(root->at({"spec", "names", "kind"}));
            const Node* versions = root->at({"spec", "versions"});
            for (const Node* version : versions && versions->isSequence()
                                           ? versions->items()
                                           : NodeChildren<const Node*>{})
                if (const Node* schema =
                        version->isMapping() ? version->at({"schema", "openAPIV3Schema"}) : nullptr)
                    if (auto broken = malformedSchema(schema)) {
                        Position at = source.position(broken->node ? broken->node->range.begin : 0);
                        crd.problem = fmt::format("line {}: {}", at.line, broken->problem);
                    }
            if (!crd.problem.empty()) continue;
            try {
                crd.versions = crdSchemas(yamlToJson(root), kObjectMetaRef);
            } catch (const std::exception& failure) {
                crd.problem = failure.what();
            }
        }
    }
    return crds;
}

} // namespace ordlint
