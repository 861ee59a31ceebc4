#include "schema_sources.hpp"

#include "parallel.hpp"

#include "schema_data.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema_parser.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ordlint {

using nlohmann::json;
namespace fs = std::filesystem;

const json& bundledSchemaIndex() {
    static const json index = json::parse(embeddedSchemaIndex());
    return index;
}

namespace {

const std::string kObjectMetaRef = "#/definitions/objectmeta-meta-v1";

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

// Bundled definitions, parsed on first use. Immutable, so one cache serves every run of the
// process (the language server lints again on each edit).
const json& bundledDefinition(const std::string& name) {
    static std::mutex mutex;
    static auto* definitions = new std::map<std::string, json, std::less<>>; // lives until exit
    {
        std::lock_guard lock(mutex);
        auto found = definitions->find(name);
        if (found != definitions->end()) return found->second;
    }
    // Parsed unlocked, as kinds compile in parallel; a definition two threads parse at once
    // is kept once (std::map's elements do not move).
    std::string_view text = embeddedSchemaDefinition(name);
    if (text.empty()) throw std::runtime_error("no bundled schema definition " + name);
    json parsed = json::parse(text);
    std::lock_guard lock(mutex);
    return definitions->emplace(name, std::move(parsed)).first->second;
}

// Builds, from a schema whose `$ref`s point into its own `definitions` or the bundled ones,
// the schema that the run's objects of one kind need: references expanded where some value
// goes, and every part no value reaches reduced to its field names (unknown-field's
// suggestions need those). valijson then compiles work in proportion to the input, not to
// PodSpec's hundred definitions or a CRD's thousands of nodes.
class SchemaExpander {
  public:
    explicit SchemaExpander(const json& root) : root_(root) {}

    json expand(const json& schema, const std::vector<const Node*>& values, int depth = 0) {
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
                current = &bundledDefinition(name);
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
};

// nullptr when valijson cannot use the schema (e.g. a broken file in --schema-dir): the
// objects of that kind are then not validated.
std::unique_ptr<CompiledSchema> compile(const json& root, const std::vector<const Node*>& values) {
    try {
        auto compiled = std::make_unique<CompiledSchema>();
        compiled->document = SchemaExpander(root).expand(root, values);
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(compiled->document);
        parser.populateSchema(adapter, compiled->schema);
        return compiled;
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::optional<std::string> bundledKindDefinition(const Object& object) {
    const json& kinds = bundledSchemaIndex()["kinds"];
    auto found = kinds.find(object.apiVersion + "/" + object.kind);
    if (found == kinds.end()) return std::nullopt;
    return found->get<std::string>();
}

std::optional<json> crdSchema(const std::vector<CrdVersionSchema>& crds, const Object& object) {
    for (const CrdVersionSchema& crd : crds)
        if (crd.apiVersion == object.apiVersion && crd.kind == object.kind) return crd.schema;
    return std::nullopt;
}

} // namespace

const CompiledSchema* SchemaSources::find(const Object& object) const {
    auto found = compiled_.find(object.apiVersion + "/" + object.kind);
    return found == compiled_.end() ? nullptr : found->second.get();
}

bool SchemaSources::has(const Object& object) {
    return bundledKindDefinition(object) || runSchema(object, {});
}

void SchemaSources::compileAll(
    const std::vector<std::pair<const Object*, const std::vector<const Node*>*>>& kinds,
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

std::unique_ptr<CompiledSchema> SchemaSources::compileFor(const Object& object,
                                                          const std::vector<const Node*>& values) {
    if (std::optional<json> custom = runSchema(object, values)) return compile(*custom, values);
    if (std::optional<std::string> name = bundledKindDefinition(object))
        return compile(bundledDefinition(*name), values);
    return nullptr;
}

std::optional<json> SchemaSources::runSchema(const Object& object,
                                             const std::vector<const Node*>& values) {
    if (auto fromInput = crdSchema(inputCrds(object, values), object)) return fromInput;
    for (const std::string& dir : schemaDirs_)
        if (auto fromDir = schemaDirSchema(dir, object)) return fromDir;
    return std::nullopt;
}

// The schemas of the input's CRDs for the object's group and kind; only those CRDs are
// converted (inputs often carry large CRDs of kinds they never instantiate).
std::vector<CrdVersionSchema> SchemaSources::inputCrds(const Object& wanted,
                                                       const std::vector<const Node*>& values) {
    std::vector<CrdVersionSchema> result;
    for (const Object& object : workspace_.objects) {
        if (object.kind != "CustomResourceDefinition" || object.group != "apiextensions.k8s.io")
            continue;
        const Node* spec = object.spec();
        const Node* group = spec ? spec->get("group") : nullptr;
        const Node* kind = spec ? spec->at({"names", "kind"}) : nullptr;
        if (!group || !kind || group->value != wanted.group || kind->value != wanted.kind) continue;
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

// kubeconform layouts: <kind>-<group's first label>-<version>.json (core: <kind>-<version>.json),
// and the CRD catalog's <group>/<kind>_<version>.json; then CRD manifests in the folder.
std::optional<json> SchemaSources::schemaDirSchema(const std::string& dir, const Object& object) {
    std::string kind = lowerAscii(object.kind);
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
        auto text = readTextFile(candidate);
        if (!text) continue;
        json schema = json::parse(*text, nullptr, false);
        if (schema.is_discarded() || !schema.is_object()) continue;
        normalizeSchema(schema);
        return schema;
    }
    return crdSchema(dirCrds(dir), object);
}

const std::vector<CrdVersionSchema>& SchemaSources::dirCrds(const std::string& dir) {
    std::lock_guard lock(dirCrdsMutex_);
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
            for (CrdVersionSchema& version : crdSchemas(yamlToJson(document->root), kObjectMetaRef))
                crds.push_back(std::move(version));
        }
    }
    return crds;
}

} // namespace ordlint
