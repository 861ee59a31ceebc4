#include "schema_validation.hpp"

#include "parallel.hpp"

#include "api_catalog.hpp"
#include "run_kinds.hpp"
#include "schema_json.hpp"
#include "schema_store.hpp"
#include "yaml_adapter.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <locale>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace ordlint {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRefPrefix = "#/definitions/";
// Where a compiled schema keeps the fields that no object of the run has (SchemaExpander).
constexpr const char* kUnreachedFields = "x-ordlint-unreached-fields";
const std::string kObjectMetaRef = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

std::string lowerAscii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::optional<std::string> readTextFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string versionOf(const std::string& apiVersion) {
    auto slash = apiVersion.find('/');
    return slash == std::string::npos ? apiVersion : apiVersion.substr(slash + 1);
}

struct CompiledSchema {
    json document;
    valijson::Schema schema;
};

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
            return json{{"$ref", std::string(kRefPrefix) + *name}};
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
                for (const auto& [name, property] : child.items()) {
                    std::vector<const Node*> reached;
                    for (const Node* value : values)
                        if (const Node* found = value->isMapping() ? value->get(name) : nullptr)
                            reached.push_back(found);
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
                    reached.insert(reached.end(), value->items.begin(), value->items.end());
                result[key] = expand(child, reached, depth + 1);
            } else if (key == "additionalProperties" && child.is_object()) {
                const json* properties =
                    resolved.contains("properties") ? &resolved["properties"] : nullptr;
                std::vector<const Node*> reached;
                for (const Node* value : values)
                    for (const MapEntry& member : value->entries)
                        if (!properties || !properties->contains(member.key->value))
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
        if (target.rfind(kRefPrefix, 0) != 0) return std::nullopt;
        std::string name = target.substr(kRefPrefix.size());
        auto local = root_.find("definitions");
        if (local != root_.end() && local->is_object() && local->contains(name))
            return std::nullopt;
        return name;
    }

    static void refsOf(const json& node, std::vector<std::string>& out) {
        if (node.is_object()) {
            auto ref = node.find("$ref");
            if (ref != node.end() && ref->is_string() &&
                ref->get<std::string>().rfind(kRefPrefix, 0) == 0)
                out.push_back(ref->get<std::string>().substr(kRefPrefix.size()));
            for (const auto& [key, child] : node.items())
                refsOf(child, out);
        } else if (node.is_array()) {
            for (const json& child : node)
                refsOf(child, out);
        }
    }

    // Whether the bundled definition `name` reaches itself through references.
    bool isRecursive(const std::string& name) {
        auto known = recursive_.find(name);
        if (known != recursive_.end()) return known->second;
        std::set<std::string> seen;
        std::vector<std::string> pending;
        refsOf(bundledDefinition(name, release_), pending);
        bool recursive = false;
        while (!pending.empty() && !recursive) {
            std::string next = std::move(pending.back());
            pending.pop_back();
            if (next == name)
                recursive = true;
            else if (seen.insert(next).second)
                refsOf(bundledDefinition(next, release_), pending);
        }
        return recursive_[name] = recursive;
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
            if (target.rfind(kRefPrefix, 0) != 0)
                throw std::runtime_error("unsupported reference " + target);
            std::string name = target.substr(kRefPrefix.size());
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

// nullptr when valijson cannot use the schema (e.g. a broken file in --schema-dir): the
// objects of that kind are then not validated.
std::unique_ptr<CompiledSchema> compile(const json& root, const std::vector<const Node*>& values,
                                        KubeVersion release) {
    try {
        auto compiled = std::make_unique<CompiledSchema>();
        SchemaExpander expander(root, release);
        compiled->document = expander.expand(root, values);
        if (!expander.definitions().empty())
            compiled->document["definitions"] = expander.definitions();
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(compiled->document);
        parser.populateSchema(adapter, compiled->schema);
        return compiled;
    } catch (const std::exception&) {
        return nullptr;
    }
}

// The bundled definition of the object's kind at `target`: none for a kind the target does
// not serve (removed-api, unknown-kind), nor for one served only by releases older than the
// bundled schemas (1.25 to 1.27 targets).
std::optional<std::string> bundledKindDefinition(const Object& object, KubeVersion target) {
    if (!ApiCatalog::bundled().status(object.apiVersion, object.kind, target).bundledSchema)
        return std::nullopt;
    const json& kinds = bundledSchemaIndex()["kinds"];
    auto found = kinds.find(object.apiVersion + "/" + object.kind);
    if (found == kinds.end()) return std::nullopt;
    return found->at("definition").get<std::string>();
}

// Finds and compiles the schema of each kind of the run, once: the run's own sources (CRDs
// of the input, --schema-dir) first, then the bundled schemas.
class SchemaSources {
  public:
    SchemaSources(const Workspace& workspace, const std::vector<std::string>& schemaDirs,
                  KubeVersion target)
        : workspace_(workspace), schemaDirs_(schemaDirs), target_(target),
          release_(schemaReleaseFor(target)) {}

    // The schema compileAll() made for the object's kind; null when there is none.
    const CompiledSchema* find(const Object& object) const {
        auto found = compiled_.find(object.apiVersion + "/" + object.kind);
        return found == compiled_.end() ? nullptr : found->second.get();
    }

    bool has(const Object& object) {
        return bundledKindDefinition(object, target_) || runSchema(object, {});
    }

    // Compiles the schema of each kind in `kinds` (an object of the kind, and the values of
    // all its objects: see SchemaExpander) on `jobs` threads, for find().
    void
    compileAll(const std::vector<std::pair<const Object*, const std::vector<const Node*>*>>& kinds,
               unsigned jobs) {
        std::vector<std::unique_ptr<CompiledSchema>*> slots;
        for (const auto& [object, values] : kinds)
            slots.push_back(&compiled_[object->apiVersion + "/" + object->kind]);
        std::atomic<std::size_t> next{0};
        runOnThreads(threadCount(jobs, kinds.size()), [&] {
            for (std::size_t i = next++; i < kinds.size(); i = next++)
                *slots[i] = compileFor(*kinds[i].first, *kinds[i].second);
        });
    }

  private:
    std::unique_ptr<CompiledSchema> compileFor(const Object& object,
                                               const std::vector<const Node*>& values) {
        if (std::optional<json> custom = runSchema(object, values))
            return compile(*custom, values, release_);
        if (std::optional<std::string> name = bundledKindDefinition(object, target_))
            return compile(bundledDefinition(*name, release_), values, release_);
        return nullptr;
    }

    std::optional<json> runSchema(const Object& object, const std::vector<const Node*>& values) {
        if (auto fromInput = crdSchema(inputCrds(object, values), object)) return fromInput;
        for (const std::string& dir : schemaDirs_)
            if (auto fromDir = schemaDirSchema(dir, object)) return fromDir;
        return std::nullopt;
    }

    static std::optional<json> crdSchema(const std::vector<CrdVersionSchema>& crds,
                                         const Object& object) {
        for (const CrdVersionSchema& crd : crds)
            if (crd.apiVersion == object.apiVersion && crd.kind == object.kind) return crd.schema;
        return std::nullopt;
    }

    // The schemas of the input's CRDs for the object's group and kind; only those CRDs are
    // converted (inputs often carry large CRDs of kinds they never instantiate).
    // Several CRDs of one kind are taken in precedence order (crdPrecedes: by path, never by
    // input order), so that the first match is the one conflicting-crd says validates.
    std::vector<CrdVersionSchema> inputCrds(const Object& wanted,
                                            const std::vector<const Node*>& values) {
        std::vector<CrdVersionSchema> result;
        std::vector<const Object*> candidates;
        for (const Object& object : workspace_.objects) {
            if (object.kind != "CustomResourceDefinition" || object.group != "apiextensions.k8s.io")
                continue;
            const Node* spec = object.spec();
            const Node* group = spec ? spec->get("group") : nullptr;
            const Node* kind = spec ? spec->at({"names", "kind"}) : nullptr;
            if (!group || !kind || group->value != wanted.group || kind->value != wanted.kind)
                continue;
            candidates.push_back(&object);
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Object* a, const Object* b) { return crdPrecedes(*a, *b); });
        for (const Object* candidate : candidates) {
            const Object& object = *candidate;
            const Node* spec = object.spec();
            // Only the wanted version is converted: CRDs carry a full schema per version.
            json specJson = json::object();
            for (const MapEntry& entry : spec->entries) {
                if (entry.key->value != "versions" || !entry.value->isSequence()) {
                    specJson[entry.key->value] = yamlToJson(entry.value);
                    continue;
                }
                json versions = json::array();
                for (const Node* version : entry.value->items) {
                    const Node* name = version->get("name");
                    if (!name || name->value != versionOf(wanted.apiVersion)) continue;
                    json converted = json::object();
                    for (const MapEntry& field : version->entries)
                        if (field.key->value != "schema")
                            converted[field.key->value] = yamlToJson(field.value);
                    if (const Node* schema = version->at({"schema", "openAPIV3Schema"}))
                        converted["schema"]["openAPIV3Schema"] = schemaNodeToJson(schema, values);
                    versions.push_back(std::move(converted));
                }
                specJson["versions"] = std::move(versions);
            }
            for (CrdVersionSchema& version :
                 crdSchemas(json{{"spec", std::move(specJson)}}, kObjectMetaRef))
                result.push_back(std::move(version));
        }
        return result;
    }

    // kubeconform layouts: <kind>-<group's first label>-<version>.json (core:
    // <kind>-<version>.json), and the CRD catalog's <group>/<kind>_<version>.json; then CRD
    // manifests in the folder.
    std::optional<json> schemaDirSchema(const std::string& dir, const Object& object) {
        std::string kind = lowerAscii(object.kind);
        std::string version = versionOf(object.apiVersion);
        std::string groupLabel = object.group.substr(0, object.group.find('.'));
        std::vector<fs::path> candidates;
        if (object.group.empty()) {
            candidates.push_back(fs::path(dir) / (kind + "-" + version + ".json"));
        } else {
            candidates.push_back(fs::path(dir) /
                                 (kind + "-" + groupLabel + "-" + version + ".json"));
            candidates.push_back(fs::path(dir) / object.group / (kind + "_" + version + ".json"));
        }
        for (const fs::path& candidate : candidates) {
            auto text = readTextFile(candidate);
            if (!text) continue;
            json schema = json::parse(*text, nullptr, false);
            if (schema.is_discarded() || !schema.is_object()) continue;
            normalizeSchema(schema);
            return schema;
        }
        return crdSchema(dirCrds(dir), object);
    }

    const std::vector<CrdVersionSchema>& dirCrds(const std::string& dir) {
        std::lock_guard lock(dirCrdsMutex_); // kinds compile in parallel
        auto found = dirCrds_.find(dir);
        if (found != dirCrds_.end()) return found->second;
        std::vector<CrdVersionSchema>& crds = dirCrds_[dir];
        std::error_code error;
        std::vector<fs::path> files;
        for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
             it.increment(error)) {
            std::string extension = it->path().extension().string();
            if (it->is_regular_file() && (extension == ".yaml" || extension == ".yml"))
                files.push_back(it->path());
        }
        std::sort(files.begin(), files.end());
        for (const fs::path& path : files) {
            auto text = readTextFile(path);
            if (!text) continue;
            SourceFile source(path.string(), std::move(*text), false);
            ParsedFile parsed = parseYaml(source, LoadLimits{});
            for (const auto& document : parsed.documents) {
                const Node* kind = document->root ? document->root->get("kind") : nullptr;
                if (!kind || kind->value != "CustomResourceDefinition") continue;
                for (CrdVersionSchema& version :
                     crdSchemas(yamlToJson(document->root), kObjectMetaRef))
                    crds.push_back(std::move(version));
            }
        }
        return crds;
    }

    const Workspace& workspace_;
    const std::vector<std::string>& schemaDirs_;
    KubeVersion target_;
    KubeVersion release_; // the bundled release whose schemas validate for target_
    std::map<std::string, std::unique_ptr<CompiledSchema>> compiled_;
    std::mutex dirCrdsMutex_;
    std::map<std::string, std::vector<CrdVersionSchema>> dirCrds_;
};

// ---- mapping valijson's errors back to the YAML tree -------------------------------------

enum class ErrorKind { Type, Enum, Pattern, Required, Unknown, Limit, Other };

struct SchemaError {
    ErrorKind kind = ErrorKind::Other;
    std::vector<std::string> path; // mapping keys and sequence indexes, from the object root
    std::string detail;            // the missing field's name; valijson's text for Limit/Other
};

std::string between(const std::string& text, char open, char close) {
    auto begin = text.find(open);
    auto end = text.rfind(close);
    if (begin == std::string::npos || end == std::string::npos || end <= begin) return {};
    return text.substr(begin + 1, end - begin - 1);
}

std::optional<SchemaError> classify(const valijson::ValidationResults::Error& error) {
    SchemaError result;
    for (std::size_t i = 1; i < error.context.size(); ++i) {
        const std::string& step = error.context[i];
        result.path.push_back(
            step.size() >= 2 && step.front() == '[' ? step.substr(1, step.size() - 2) : step);
    }
    const std::string& text = error.description;
    auto startsWith = [&](std::string_view prefix) { return text.rfind(prefix, 0) == 0; };
    if (startsWith("Value type not permitted")) {
        result.kind = ErrorKind::Type;
    } else if (startsWith("Failed to match against any enum")) {
        result.kind = ErrorKind::Enum;
    } else if (startsWith("Failed to match regex")) {
        result.kind = ErrorKind::Pattern;
    } else if (startsWith("Missing required property")) {
        result.kind = ErrorKind::Required;
        result.detail = between(text, '\'', '\'');
    } else if (startsWith("Target should not validate against schema specified in 'not'")) {
        result.kind = ErrorKind::Unknown; // the unknown-field marker (schema_json.hpp)
    } else if (startsWith("Object contains a property that could not be validated")) {
        result.kind = ErrorKind::Unknown; // `additionalProperties: false` in a --schema-dir schema
        result.path.push_back(between(text.substr(text.find(':')), '\'', '\''));
    } else if (startsWith("Expected number") || startsWith("String should be") ||
               startsWith("Array should") || startsWith("Object should") ||
               startsWith("Value should be") || startsWith("Elements at indexes")) {
        result.kind = ErrorKind::Limit;
        result.detail = text;
    } else if (startsWith("Failed to validate against any") ||
               startsWith("Failed to validate against exactly one") ||
               startsWith("Failed to match expected value set by 'const'")) {
        result.kind = ErrorKind::Other;
        result.detail = text;
    } else {
        return std::nullopt; // a wrapper that only says a child failed
    }
    return result;
}

bool isPrefix(const std::vector<std::string>& prefix, const std::vector<std::string>& path) {
    return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

// One diagnostic per root cause: the most telling error at each path, and no anyOf/oneOf
// summary where an error below it already explains the failure.
std::vector<SchemaError> rootCauses(std::vector<SchemaError> errors) {
    std::vector<SchemaError> result;
    std::set<std::vector<std::string>> typeErrorPaths;
    for (const SchemaError& error : errors)
        if (error.kind == ErrorKind::Type) typeErrorPaths.insert(error.path);
    std::set<std::pair<std::vector<std::string>, std::string>> seen;
    for (const SchemaError& error : errors) {
        if (error.kind != ErrorKind::Type && error.kind != ErrorKind::Required &&
            typeErrorPaths.count(error.path))
            continue;
        if (error.kind == ErrorKind::Other &&
            std::any_of(errors.begin(), errors.end(), [&](const SchemaError& other) {
                return other.kind != ErrorKind::Other && isPrefix(error.path, other.path);
            }))
            continue;
        std::string key = std::to_string(static_cast<int>(error.kind)) + error.detail;
        if (!seen.insert({error.path, key}).second) continue;
        result.push_back(error);
    }
    return result;
}

std::string displayPath(const std::vector<std::string>& path, const Node* root) {
    std::string text;
    const Node* node = root;
    for (const std::string& step : path) {
        if (node && node->isSequence()) {
            text += "[" + step + "]";
            std::size_t index = std::strtoul(step.c_str(), nullptr, 10);
            node = index < node->items.size() ? node->items[index] : nullptr;
        } else {
            if (!text.empty()) text += ".";
            text += step;
            node = node && node->isMapping() ? node->get(step) : nullptr;
        }
    }
    return text;
}

struct Located {
    const Node* node = nullptr;      // deepest existing node on the path
    const MapEntry* entry = nullptr; // the entry whose value is `node`, if it is one
    const Node* parentMapping = nullptr;
    bool complete = false; // the whole path exists
};

Located locate(const Node* root, const std::vector<std::string>& path) {
    Located located{root, nullptr, nullptr, true};
    for (const std::string& step : path) {
        const Node* node = located.node;
        if (node->isMapping()) {
            const MapEntry* entry = node->entry(step);
            if (!entry) return located.complete = false, located;
            located = {entry->value, entry, node, true};
        } else if (node->isSequence()) {
            char* end = nullptr;
            std::size_t index = std::strtoul(step.c_str(), &end, 10);
            if (*end != '\0' || index >= node->items.size())
                return located.complete = false, located;
            located = {node->items[index], nullptr, nullptr, true};
        } else {
            return located.complete = false, located;
        }
    }
    return located;
}

const json* resolveRef(const json& document, const json* schema) {
    for (int hops = 0; schema && schema->is_object() && schema->contains("$ref") && hops < 32;
         ++hops) {
        std::string target = (*schema)["$ref"].get<std::string>();
        if (target.rfind(kRefPrefix, 0) != 0) return nullptr;
        auto definitions = document.find("definitions");
        if (definitions == document.end()) return nullptr;
        auto found = definitions->find(target.substr(kRefPrefix.size()));
        schema = found == definitions->end() ? nullptr : &*found;
    }
    return schema;
}

// The schema that applies at `path`, following properties, items and additionalProperties.
const json* schemaAt(const json& document, const std::vector<std::string>& path,
                     std::size_t length) {
    const json* schema = resolveRef(document, &document);
    for (std::size_t i = 0; i < length && schema; ++i) {
        const std::string& step = path[i];
        const json* next = nullptr;
        auto items = schema->find("items");
        auto properties = schema->find("properties");
        if (items != schema->end() && items->is_object() && !step.empty() &&
            std::all_of(step.begin(), step.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            next = &*items;
        } else if (properties != schema->end() && properties->contains(step)) {
            next = &(*properties)[step];
        } else {
            auto additional = schema->find("additionalProperties");
            if (additional != schema->end() && additional->is_object() &&
                !additional->contains(kUnknownFieldMarker))
                next = &*additional;
        }
        schema = resolveRef(document, next);
    }
    return schema;
}

std::vector<std::string> allowedTypes(const json* schema) {
    std::vector<std::string> types;
    if (!schema) return types;
    auto type = schema->find("type");
    if (type == schema->end()) return types;
    if (type->is_string()) types.push_back(type->get<std::string>());
    if (type->is_array())
        for (const json& item : *type)
            if (item.is_string() && item != "null") types.push_back(item.get<std::string>());
    return types;
}

std::string describeExpected(std::vector<std::string> types) {
    static const std::map<std::string, std::string> names{
        {"string", "a string"},  {"integer", "integer"},
        {"number", "a number"},  {"boolean", "boolean (true or false)"},
        {"object", "a mapping"}, {"array", "a list"}};
    // "integer or string" reads better than alphabetical order for int-or-string fields.
    std::stable_sort(types.begin(), types.end(), [](const std::string& a, const std::string& b) {
        return (a == "integer" || a == "number") && b == "string";
    });
    if (types.size() == 1) {
        auto found = names.find(types.front());
        return found == names.end() ? types.front() : found->second;
    }
    std::string text;
    for (const std::string& type : types) {
        if (!text.empty()) text += " or ";
        text += type == "object" ? "mapping" : type == "array" ? "list" : type;
    }
    return text.empty() ? "another type" : text;
}

std::string describeActual(const Node* node) {
    if (!node || node->isNull()) return "null";
    if (node->isMapping()) return "a mapping";
    if (node->isSequence()) return "a list";
    switch (node->scalarType()) {
    case ScalarType::Null:
        return "null";
    case ScalarType::Bool:
        return "boolean " + node->value;
    case ScalarType::Int:
        return "integer " + node->value;
    case ScalarType::Float:
        return "number " + node->value;
    case ScalarType::String:
        break;
    }
    return fmt::format("string \"{}\"", node->value);
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Every field a schema knows, with its schema: those the run's objects have and the others.
std::vector<std::pair<std::string, const json*>> knownFields(const json& document,
                                                             const json* schema) {
    std::vector<std::pair<std::string, const json*>> fields;
    schema = resolveRef(document, schema);
    if (!schema) return fields;
    for (const char* key : {"properties", kUnreachedFields}) {
        auto found = schema->find(key);
        if (found != schema->end() && found->is_object())
            for (const auto& [name, child] : found->items())
                fields.emplace_back(name, &child);
    }
    return fields;
}

// "did you mean" for an unknown field: a near spelling at the same level, or the same name
// one level down (`containerPort` directly under a container belongs in `ports[]`).
std::string suggestField(const json& document, const json* parent, const std::string& field) {
    std::string best;
    std::size_t bestDistance = std::max<std::size_t>(1, std::min<std::size_t>(3, field.size() / 3));
    for (const auto& [name, child] : knownFields(document, parent)) {
        std::size_t distance = editDistance(field, name);
        if (distance <= bestDistance && (best.empty() || distance < editDistance(field, best)))
            best = name;
    }
    if (!best.empty()) return fmt::format("did you mean \"{}\"?", best);
    for (const auto& [name, child] : knownFields(document, parent)) {
        const json* resolved = resolveRef(document, child);
        if (!resolved) continue;
        bool isList = resolved->contains("items");
        const json* inner = isList ? resolveRef(document, &(*resolved)["items"]) : resolved;
        for (const auto& [nested, nestedSchema] : knownFields(document, inner))
            if (nested == field)
                return fmt::format("\"{}\" belongs inside \"{}\"{}: did you mean {}{}.{}?", field,
                                   name, isList ? " (one per list entry)" : "", name,
                                   isList ? "[]" : "", field);
    }
    return {};
}

std::string enumValues(const json* schema) {
    std::string text;
    if (!schema || !schema->contains("enum")) return text;
    for (const json& value : (*schema)["enum"]) {
        if (value.is_null()) continue;
        if (!text.empty()) text += ", ";
        text += value.is_string() ? value.get<std::string>() : value.dump();
    }
    return text;
}

std::string formatNumber(const json& number) {
    if (number.is_number_integer()) return number.dump();
    double value = number.get<double>();
    if (value == static_cast<double>(static_cast<std::int64_t>(value)))
        return std::to_string(static_cast<std::int64_t>(value));
    return number.dump();
}

// "must be at least 3, got 1" from the keyword that failed.
std::string describeLimit(const json* schema, const Node* value) {
    if (!schema || !value) return {};
    auto keyword = [&](const char* name) {
        return schema->contains(name) && (*schema)[name].is_number();
    };
    json actual = yamlToJson(value);
    if (actual.is_number()) {
        double number = actual.get<double>();
        if (keyword("minimum") && number < (*schema)["minimum"].get<double>())
            return fmt::format("must be at least {}, got {}", formatNumber((*schema)["minimum"]),
                               value->value);
        if (keyword("maximum") && number > (*schema)["maximum"].get<double>())
            return fmt::format("must be at most {}, got {}", formatNumber((*schema)["maximum"]),
                               value->value);
    }
    std::size_t size = actual.is_string() ? codePointCount(actual.get<std::string>())
                       : actual.is_array() || actual.is_object() ? actual.size()
                                                                 : 0;
    const char* unit = actual.is_string() ? "characters" : actual.is_array() ? "entries" : "fields";
    const char* prefix = actual.is_string() ? "Length" : actual.is_array() ? "Items" : "Properties";
    std::string minKey = std::string("min") + prefix, maxKey = std::string("max") + prefix;
    if (keyword(minKey.c_str()) && size < (*schema)[minKey].get<std::size_t>())
        return fmt::format("must have at least {} {}, has {}", (*schema)[minKey].get<std::size_t>(),
                           unit, size);
    if (keyword(maxKey.c_str()) && size > (*schema)[maxKey].get<std::size_t>())
        return fmt::format("must have at most {} {}, has {}", (*schema)[maxKey].get<std::size_t>(),
                           unit, size);
    return {};
}

SchemaFinding describe(const Object& object, const json& document, const SchemaError& error) {
    SchemaFinding finding;
    finding.object = &object;
    Located located = locate(object.node, error.path);
    std::string path = displayPath(error.path, object.node);
    const json* schema = schemaAt(document, error.path, error.path.size());
    const Node* value = located.complete ? located.node : nullptr;
    finding.range = located.node->range;

    switch (error.kind) {
    case ErrorKind::Type: {
        std::vector<std::string> types = allowedTypes(schema);
        finding.message = fmt::format("{}: expected {}, got {}", path, describeExpected(types),
                                      describeActual(value));
        bool wantsString = std::find(types.begin(), types.end(), "string") != types.end();
        if (value && value->isScalar() && wantsString)
            finding.message += fmt::format(" (quote it: \"{}\")", value->value);
        else if (value && value->isScalar() && value->scalarType() == ScalarType::String &&
                 value->style != ScalarStyle::Plain)
            finding.help = fmt::format("write {} without quotes", value->value);
        break;
    }
    case ErrorKind::Enum: {
        std::string allowed = enumValues(schema);
        std::string text = value ? value->value : "";
        finding.message =
            fmt::format("{}: \"{}\" is not an allowed value (one of: {})", path, text, allowed);
        if (schema && schema->contains("enum"))
            for (const json& option : (*schema)["enum"])
                if (option.is_string() && text != option &&
                    editDistance(text, option.get<std::string>()) <= 2)
                    finding.help = fmt::format("did you mean \"{}\"?", option.get<std::string>());
        break;
    }
    case ErrorKind::Pattern: {
        std::string text = value ? value->value : "";
        if (schema && schema->contains(kQuantityMarker)) {
            finding.message = fmt::format("{}: \"{}\" is not a valid quantity", path, text);
            finding.help = "write a number with an optional suffix: 500m, 2, 1.5, 128Mi, 1Gi, 10G "
                           "(binary: Ki Mi Gi Ti Pi Ei; decimal: k M G T P E; m = milli)";
        } else {
            std::string pattern = schema ? schema->value("pattern", "") : "";
            finding.message = fmt::format("{}: \"{}\" does not match the required pattern {}", path,
                                          text, pattern);
        }
        break;
    }
    case ErrorKind::Required: {
        finding.message =
            path.empty() ? fmt::format("missing required field \"{}\"", error.detail)
                         : fmt::format("{}: missing required field \"{}\"", path, error.detail);
        if (located.complete && located.entry)
            finding.range = located.entry->key->range;
        else if (located.complete && located.node == object.node)
            finding.range = object.anchorRange();
        else if (located.complete && located.node->isMapping() && !located.node->entries.empty())
            finding.range = located.node->entries.front().key->range;
        break;
    }
    case ErrorKind::Unknown: {
        finding.unknownField = true;
        const std::string& field = error.path.empty() ? std::string() : error.path.back();
        finding.message =
            fmt::format("{}: unknown field; kubectl rejects it (strict field validation) and other "
                        "clients have it dropped silently",
                        path);
        if (located.complete && located.entry) finding.range = located.entry->key->range;
        const json* parent = schemaAt(document, error.path, error.path.size() - 1);
        finding.help = suggestField(document, parent, field);
        break;
    }
    case ErrorKind::Limit:
        if (std::string limit = describeLimit(schema, value); !limit.empty()) {
            finding.message = fmt::format("{}: {}", path.empty() ? object.kind : path, limit);
            break;
        }
        [[fallthrough]];
    case ErrorKind::Other: {
        std::string detail = error.detail;
        if (!detail.empty() && detail.back() == '.') detail.pop_back();
        if (!detail.empty())
            detail[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(detail[0])));
        finding.message = fmt::format("{}: {}", path.empty() ? object.kind : path, detail);
        break;
    }
    }
    if (!finding.range.valid()) finding.range = object.anchorRange();
    return finding;
}

// ---- partial objects: kustomize patches and snippets --------------------------------------

bool isPatchDirective(const std::string& key) {
    return key == "$patch" || key == "$retainKeys" || key.rfind("$setElementOrder/", 0) == 0 ||
           key.rfind("$deleteFromPrimitiveList/", 0) == 0;
}

bool hasPatchDirective(const Node* node, int depth = 0) {
    if (!node || depth > 64) return false;
    for (const MapEntry& entry : node->entries)
        if (isPatchDirective(entry.key->value) || hasPatchDirective(entry.value, depth + 1))
            return true;
    for (const Node* item : node->items)
        if (hasPatchDirective(item, depth + 1)) return true;
    return false;
}

// `patch` as a word of the path: overlays/prod/patches/x.yaml, replica-patch.yaml,
// delete.patch.yaml (not "dispatcher.yaml").
bool pathNamesPatch(const std::string& path) {
    std::string lower = lowerAscii(path);
    for (std::size_t at = lower.find("patch"); at != std::string::npos;
         at = lower.find("patch", at + 1))
        if (at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]))) return true;
    return false;
}

// Files that a kustomization.yaml of the run lists as patches.
std::set<std::string> kustomizePatchFiles(const Workspace& workspace) {
    std::set<std::string> patches;
    for (const auto& document : workspace.documents) {
        fs::path file(document->file->path());
        std::string name = file.filename().string();
        if ((name != "kustomization.yaml" && name != "kustomization.yml" &&
             name != "Kustomization") ||
            !document->root || !document->root->isMapping())
            continue;
        auto add = [&](const Node* path) {
            if (path && path->isScalar())
                patches.insert((file.parent_path() / path->value).lexically_normal().string());
        };
        for (const char* key : {"patchesStrategicMerge", "patches", "patchesJson6902"}) {
            const Node* list = document->root->get(key);
            if (!list) continue;
            for (const Node* item : list->items)
                add(item->isMapping() ? item->get("path") : item);
        }
    }
    return patches;
}

// An object that is a fragment merged into another one (a kustomize patch, a documentation
// snippet): its missing required fields come from the object it patches.
bool isPartialObject(const Object& object, const std::set<std::string>& patchFiles) {
    if (pathNamesPatch(object.file().path()) || hasPatchDirective(object.node)) return true;
    if (patchFiles.count(fs::path(object.file().path()).lexically_normal().string())) return true;
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

// A value filled in later by envsubst or Flux post-build substitution (`${VAR}`, `${VAR:-1}`),
// or elided in documentation (`...`).
bool isPlaceholder(const Node* node) {
    if (!node || !node->isScalar()) return false;
    if (node->value == "..." || node->value == "\u2026") return true;
    auto open = node->value.find("${");
    return open != std::string::npos && node->value.find('}', open) != std::string::npos;
}

bool reportable(const Object& object, const SchemaError& error, bool partial) {
    if (std::any_of(error.path.begin(), error.path.end(), isPatchDirective)) return false;
    if (error.kind == ErrorKind::Required) return !partial;
    if (error.kind == ErrorKind::Unknown) return true;
    // invalid-resource-fieldref judges divisors (syntax and the units each resource allows).
    if (error.kind == ErrorKind::Pattern && error.path.size() >= 2 &&
        error.path.back() == "divisor" && error.path[error.path.size() - 2] == "resourceFieldRef")
        return false;
    Located located = locate(object.node, error.path);
    return !(located.complete && isPlaceholder(located.node));
}

// valijson compiles its pattern checks with std::regex, which fills the global locale's
// ctype<char> narrow cache on first use of each character: a harmless race between validator
// threads that ThreadSanitizer still reports. Filling the cache before the threads start
// leaves them only reading it.
void fillNarrowCache() {
    const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
    for (int c = 0; c < 256; ++c)
        ctype.narrow(static_cast<char>(c), '\0');
}

} // namespace

SchemaReport validateSchemas(const Workspace& workspace, const std::vector<std::string>& schemaDirs,
                             KubeVersion target, unsigned jobs) {
    SchemaSources sources(workspace, schemaDirs, target);
    std::set<std::string> patchFiles = kustomizePatchFiles(workspace);
    std::map<std::string, std::vector<const Node*>> byKind;
    std::map<std::string, const Object*> firstOfKind;
    for (const Object& object : workspace.objects) {
        if (!object.file().reportable()) continue;
        std::string key = object.apiVersion + "/" + object.kind;
        byKind[key].push_back(object.node);
        firstOfKind.emplace(key, &object);
    }
    std::vector<std::pair<const Object*, const std::vector<const Node*>*>> kinds;
    for (const auto& [key, object] : firstOfKind)
        kinds.emplace_back(object, &byKind[key]);

    // Compile every kind first, then validate objects, both in parallel: compiled schemas are
    // only read from then on, each worker has its own validator, and findings are gathered
    // per object so the report is the same for every number of jobs.
    fillNarrowCache();
    sources.compileAll(kinds, jobs);
    std::vector<std::pair<const Object*, const CompiledSchema*>> work;
    for (const Object& object : workspace.objects) {
        if (!object.file().reportable()) continue;
        if (const CompiledSchema* compiled = sources.find(object))
            work.emplace_back(&object, compiled);
    }
    std::vector<std::vector<SchemaFinding>> found(work.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        valijson::Validator validator(valijson::Validator::kStrongTypes);
        for (std::size_t i = next++; i < work.size(); i = next++) {
            const auto& [object, compiled] = work[i];
            valijson::ValidationResults results;
            validator.validate(compiled->schema, YamlNodeAdapter(object->node), &results);
            if (results.numErrors() == 0) continue;
            std::vector<SchemaError> errors;
            valijson::ValidationResults::Error error;
            while (results.popError(error))
                if (auto classified = classify(error)) errors.push_back(std::move(*classified));
            std::stable_sort(
                errors.begin(), errors.end(),
                [](const SchemaError& a, const SchemaError& b) { return a.path < b.path; });
            bool partial = isPartialObject(*object, patchFiles);
            for (const SchemaError& cause : rootCauses(std::move(errors)))
                if (reportable(*object, cause, partial))
                    found[i].push_back(describe(*object, compiled->document, cause));
        }
    };
    // A thread pays off only from about 64 objects.
    runOnThreads(threadCount(jobs, work.size() / 64), worker);
    SchemaReport report;
    for (std::vector<SchemaFinding>& findings : found)
        for (SchemaFinding& finding : findings)
            report.findings.push_back(std::move(finding));
    return report;
}

std::vector<std::string> objectsWithoutSchema(const Workspace& workspace,
                                              const std::vector<std::string>& schemaDirs,
                                              KubeVersion target) {
    std::vector<std::string> notes;
    SchemaSources sources(workspace, schemaDirs, target);
    for (const Object& object : workspace.objects)
        if (object.file().reportable() && !sources.has(object))
            notes.push_back(
                fmt::format("{}: {} {} \"{}\": no schema for this apiVersion/kind; not validated",
                            object.file().path(), object.apiVersion, object.kind, object.name));
    return notes;
}

std::string bundledSchemaVersion() {
    return bundledSchemaIndex().value("schemaVersion", "unknown");
}

std::vector<std::string> bundledSchemaKinds() {
    std::vector<std::string> kinds;
    for (const auto& [key, definition] : bundledSchemaIndex()["kinds"].items())
        kinds.push_back(key);
    return kinds;
}

} // namespace ordlint
