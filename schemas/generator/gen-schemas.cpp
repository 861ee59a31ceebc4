// Generates ordlint's committed schema data (schemas/index.json, schemas/definitions/*.json)
// from the Kubernetes OpenAPI v2 documents of several releases and from CRD manifests.
// Usage (scripts/gen-schemas runs it):
//   gen-schemas --openapi DIR --crds DIR --out DIR --schema-version TEXT
//               [--enums STANDALONE_DIR --enums-release 1.NN]
//
// Storage: a Kubernetes definition is written once per distinct content, as
// `<OpenAPI name>@<first release with this content>.json`; the validator takes, for a target
// release, the variant with the highest release not above it. References between definitions
// name the definition, not the variant, so a definition that did not change across releases is
// stored once even when definitions it refers to changed. CRD schemas are the same for every
// release (`<kind>-<group>-<version>.json`); subtrees that several CRDs repeat (the PodSpec that
// LeaderWorkerSet, DisaggregatedSet and JobSet each carry inline) are stored once as
// `crd.<name>.<hash>.json` and referenced.
//
// Descriptions (schemas/descriptions.json, read only by the editor's hover): the validation
// schemas carry none, to keep the CLI's data small. Each definition's description tree (a field's
// description, its properties, items, additional properties and the definition a field refers
// to) is stored as interned nodes: a node that several releases, definitions or CRDs share (the
// PodSpec every CRD embeds) is stored once, and so is every distinct text.
//
// Checks (generation fails on a mismatch): every group/version/kind that one release serves and
// the next does not is in linter/schema/api_lifecycle.inc with that removal release, and every
// line of that table removed in a bundled release matches the documents; every line of
// linter/schema/defaulted_fields.inc names a definition that exists.

#include "schema_json.hpp"
#include "source.hpp"
#include "text.hpp"
#include "yaml_tree.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace ordlint;

namespace {

constexpr const char* kRefPrefix = "#/definitions/";
constexpr const char* kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

struct LifecycleLine {
    std::string apiVersion, kind, deprecated, removed;
};
const std::vector<LifecycleLine> kLifecycle = {
#define ORDLINT_API(apiVersion, kind, deprecated, removed, replacements, sameReading, advice,      \
                    source)                                                                        \
    {apiVersion, kind, deprecated, removed},
#include "api_lifecycle.inc"
#undef ORDLINT_API
};

struct DefaultedField {
    std::string definition, field;
};
const std::vector<DefaultedField> kDefaultedFields = {
#define ORDLINT_DEFAULTED_FIELD(definition, field, source) {definition, field},
#include "defaulted_fields.inc"
#undef ORDLINT_DEFAULTED_FIELD
};

// Types registered in every group/version that are not resources anyone writes: their
// appearing and disappearing with a group/version needs no line in the lifecycle table.
bool isMetaKind(const std::string& kind) {
    return kind == "DeleteOptions" || kind == "WatchEvent" || kind == "Status";
}

// CRD groups of which only some kinds are bundled: a kind of such a group that no bundled CRD
// defines is not unknown (the Prometheus operator has Prometheus, Alertmanager, PrometheusRule,
// ... beside the bundled PodMonitor and ServiceMonitor).
const std::set<std::string> kPartiallyBundledGroups = {"monitoring.coreos.com"};

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// "1.28" -> 28 (every bundled release is 1.x).
int minorOf(const std::string& release) {
    return std::stoi(release.substr(release.find('.') + 1));
}
std::string releaseName(int minor) {
    return "1." + std::to_string(minor);
}

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ull;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string hex(std::uint64_t value, int digits) {
    static const char* kDigits = "0123456789abcdef";
    std::string text(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, value >>= 4)
        text[static_cast<std::size_t>(i)] = kDigits[value & 15];
    return text;
}

void collectRefs(const json& node, std::set<std::string>& out) {
    if (node.is_object()) {
        auto ref = node.find("$ref");
        if (ref != node.end() && ref->is_string()) {
            std::string target = ref->get<std::string>();
            if (target.rfind(kRefPrefix, 0) == 0)
                out.insert(target.substr(std::string(kRefPrefix).size()));
        }
        for (const auto& [key, child] : node.items())
            collectRefs(child, out);
    } else if (node.is_array()) {
        for (const json& child : node)
            collectRefs(child, out);
    }
}

// ---- Kubernetes releases --------------------------------------------------------------------

struct Release {
    std::string name; // "1.34"
    json definitions;
    std::map<std::string, std::string> kinds; // "apps/v1/StatefulSet" -> definition name
};

// The schema that replaces a reference to a definition without properties (a scalar such as
// Time or Quantity): written inline, as the standalone schemas did.
std::optional<json> inlineScalar(const std::string& name, const json& definition) {
    if (definition.contains("properties")) return std::nullopt;
    if (name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString")
        return json{{"type", {"integer", "string"}}};
    // resource.Quantity accepts numbers too (normalizeSchema adds the quantity pattern).
    if (name == "io.k8s.apimachinery.pkg.api.resource.Quantity")
        return json{{"type", {"number", "string"}}};
    json scalar = definition;
    scalar.erase("description");
    return scalar;
}

// The file of an OpenAPI definition among the standalone schemas (kubeconform layout):
// io.k8s.api.apps.v1.StatefulSetSpec -> statefulsetspec-apps-v1.json,
// io.k8s.api.core.v1.PodSpec -> podspec-v1.json.
std::string standaloneFileName(const std::string& definition) {
    std::vector<std::string> parts;
    std::stringstream in(definition);
    for (std::string part; std::getline(in, part, '.');)
        parts.push_back(part);
    if (parts.size() < 3) return {};
    const std::string& kind = parts[parts.size() - 1];
    const std::string& version = parts[parts.size() - 2];
    const std::string& group = parts[parts.size() - 3];
    return asciiLowercase(kind) + (group == "core" ? "" : "-" + group) + "-" + version + ".json";
}

// The description trees of every definition, interned (format: schemas/README.md).
class DescriptionStore {
  public:
    // The node of `schema` (raw OpenAPI, descriptions included). `definitions` is the release's
    // document, to tell a reference to a scalar (written inline by the validation schemas, whose
    // description is the referring field's) from one to a definition with fields; null for CRDs,
    // whose only reference is metadata's to ObjectMeta.
    int intern(const json& schema, const json* definitions) {
        if (!schema.is_object()) return intern(json::object(), definitions);
        json node = json::object();
        if (auto description = schema.find("description");
            description != schema.end() && description->is_string())
            node["d"] = text(description->get<std::string>());
        if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
            std::string target = ref->get<std::string>();
            if (target.rfind(kRefPrefix, 0) == 0) target = target.substr(std::strlen(kRefPrefix));
            bool scalar = definitions && (!definitions->contains(target) ||
                                          !definitions->at(target).contains("properties"));
            if (!scalar) node["r"] = target;
        }
        if (auto properties = schema.find("properties");
            properties != schema.end() && properties->is_object()) {
            json children = json::object();
            for (const auto& [name, child] : properties->items())
                children[name] = intern(child, definitions);
            node["p"] = std::move(children);
        }
        if (auto items = schema.find("items"); items != schema.end() && items->is_object())
            node["i"] = intern(*items, definitions);
        if (auto more = schema.find("additionalProperties");
            more != schema.end() && more->is_object())
            node["a"] = intern(*more, definitions);
        std::string key = node.dump();
        auto [found, added] = nodeIndex_.emplace(key, static_cast<int>(nodes_.size()));
        if (added) nodes_.push_back(std::move(key));
        return found->second;
    }

    // `definition`'s tree from `release` on ("" for a CRD's, the same in every release); a
    // release whose tree is that of the release before adds nothing.
    void setRoot(const std::string& definition, const std::string& release, int node) {
        json& variants = roots_[definition];
        if (!variants.is_array()) variants = json::array();
        if (!variants.empty() && variants.back()[1] == node) return;
        variants.push_back(json::array({release, node}));
    }

    std::size_t write(const fs::path& file) const {
        std::ofstream out(file, std::ios::binary);
        std::string text = "{\"definitions\": {\n";
        bool first = true;
        for (const auto& [name, variants] : roots_) {
            text += (first ? "" : ",\n") + json(name).dump() + ": " + variants.dump();
            first = false;
        }
        text += "},\n\"nodes\": [\n";
        for (std::size_t i = 0; i < nodes_.size(); ++i)
            text += (i ? ",\n" : "") + nodes_[i];
        text += "],\n\"texts\": [\n";
        for (std::size_t i = 0; i < texts_.size(); ++i)
            text += (i ? ",\n" : "") + json(texts_[i]).dump();
        text += "]}\n";
        out << text;
        return text.size();
    }

    std::size_t nodeCount() const { return nodes_.size(); }
    std::size_t textCount() const { return texts_.size(); }

  private:
    int text(const std::string& description) {
        auto [found, added] = textIndex_.emplace(description, static_cast<int>(texts_.size()));
        if (added) texts_.push_back(description);
        return found->second;
    }

    std::map<std::string, int> textIndex_;
    std::vector<std::string> texts_;
    std::map<std::string, int> nodeIndex_;
    std::vector<std::string> nodes_; // each node's JSON text
    std::map<std::string, json> roots_;
};

class Generator {
  public:
    // The OpenAPI documents carry no `enum`s; the standalone schemas of one release, generated
    // from its API server's own document, do. Their enums are added to a field of any release
    // whose description and type are those the field has in that release's document: a field
    // whose documentation changed may have gained values, and gets no enum.
    void setEnumSource(const fs::path& dir, const std::string& release) {
        enumDir_ = dir;
        enumRelease_ = release;
    }

    void loadRelease(const fs::path& file) {
        std::string stem = file.stem().string(); // v1.34
        Release release;
        release.name = stem.substr(1);
        json document = json::parse(readFile(file));
        release.definitions = std::move(document["definitions"]);
        for (const auto& [name, definition] : release.definitions.items()) {
            auto gvks = definition.find("x-kubernetes-group-version-kind");
            if (gvks == definition.end()) continue;
            for (const json& gvk : *gvks) {
                std::string kind = gvk.value("kind", "");
                // A List is split into its items by the loader; it is never validated itself.
                if (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0) continue;
                std::string group = gvk.value("group", "");
                std::string version = gvk.value("version", "");
                release.kinds[(group.empty() ? version : group + "/" + version) + "/" + kind] =
                    name;
            }
        }
        releases_.push_back(std::move(release));
    }

    void checkLifecycle() {
        std::sort(releases_.begin(), releases_.end(), [](const Release& a, const Release& b) {
            return minorOf(a.name) < minorOf(b.name);
        });
        std::vector<std::string> problems;
        auto lineFor = [](const std::string& key) -> const LifecycleLine* {
            for (const LifecycleLine& line : kLifecycle)
                if (line.apiVersion + "/" + line.kind == key) return &line;
            return nullptr;
        };
        auto kindOf = [](const std::string& key) { return key.substr(key.rfind('/') + 1); };
        for (std::size_t i = 1; i < releases_.size(); ++i) {
            const Release& before = releases_[i - 1];
            const Release& after = releases_[i];
            for (const auto& [key, definition] : before.kinds) {
                if (after.kinds.count(key) || isMetaKind(kindOf(key))) continue;
                const LifecycleLine* line = lineFor(key);
                if (!line || line->removed != after.name)
                    problems.push_back(key + " is served by " + before.name + " and not by " +
                                       after.name + ": api_lifecycle.inc needs it with removed \"" +
                                       after.name + "\"");
            }
        }
        int first = minorOf(releases_.front().name), last = minorOf(releases_.back().name);
        for (const LifecycleLine& line : kLifecycle) {
            std::string key = line.apiVersion + "/" + line.kind;
            for (const Release& release : releases_) {
                bool served = release.kinds.count(key) > 0;
                int minor = minorOf(release.name);
                bool removed = !line.removed.empty() && minor >= minorOf(line.removed);
                if (served && removed)
                    problems.push_back(key + ": api_lifecycle.inc says removed in " + line.removed +
                                       " but " + release.name + " serves it");
                bool shouldServe = !line.removed.empty() && minorOf(line.removed) > first &&
                                   minor == minorOf(line.removed) - 1;
                if (shouldServe && !served)
                    problems.push_back(key + ": api_lifecycle.inc says removed in " + line.removed +
                                       " but " + release.name + " does not serve it either");
            }
            if (line.removed.empty() && !line.deprecated.empty() &&
                minorOf(line.deprecated) <= last && minorOf(line.deprecated) >= first &&
                !releases_[static_cast<std::size_t>(minorOf(line.deprecated) - first)].kinds.count(
                    key))
                problems.push_back(key + ": api_lifecycle.inc says deprecated in " +
                                   line.deprecated + ", a release that does not serve it");
        }
        for (const DefaultedField& field : kDefaultedFields) {
            bool found =
                std::any_of(releases_.begin(), releases_.end(), [&](const Release& release) {
                    return release.definitions.contains(field.definition);
                });
            if (!found)
                problems.push_back("defaulted_fields.inc: no release has " + field.definition);
        }
        if (!problems.empty()) {
            std::string text;
            for (const std::string& problem : problems)
                text += "\n  " + problem;
            throw std::runtime_error("the lifecycle tables disagree with the OpenAPI documents:" +
                                     text);
        }
    }

    const json* standalone(const std::string& definition) {
        auto cached = standalone_.find(definition);
        if (cached != standalone_.end())
            return cached->second.is_null() ? nullptr : &cached->second;
        json& slot = standalone_[definition];
        std::string file = standaloneFileName(definition);
        if (!enumDir_.empty() && !file.empty() && fs::exists(enumDir_ / file))
            slot = json::parse(readFile(enumDir_ / file));
        return slot.is_null() ? nullptr : &slot;
    }

    const Release* enumSourceRelease() const {
        for (const Release& release : releases_)
            if (release.name == enumRelease_) return &release;
        return nullptr;
    }

    // Adds the enum source's enums to `node` where `source` (the node in the enum source
    // release's document) has the same description and type.
    void addEnums(json& node, const json& enums, const json* source, bool unchanged) {
        if (!node.is_object() || !enums.is_object() || node.contains("$ref")) return;
        bool same = unchanged && source && source->is_object() &&
                    node.value("description", "") == source->value("description", "") &&
                    node.value("type", json()) == source->value("type", json());
        if (same && enums.contains("enum") && !node.contains("enum")) {
            node["enum"] = enums["enum"];
            ++enumsAdded_;
        }
        auto child = [](const json* parent, const char* key) -> const json* {
            if (!parent || !parent->is_object()) return nullptr;
            auto found = parent->find(key);
            return found == parent->end() ? nullptr : &*found;
        };
        if (node.contains("properties") && enums.contains("properties")) {
            const json* sourceProperties = child(source, "properties");
            for (auto& [name, property] : node["properties"].items()) {
                auto counterpart = enums["properties"].find(name);
                if (counterpart == enums["properties"].end()) continue;
                addEnums(property, *counterpart, child(sourceProperties, name.c_str()), same);
            }
        }
        for (const char* key : {"items", "additionalProperties"})
            if (node.contains(key) && enums.contains(key))
                addEnums(node[key], enums[key], child(source, key), same);
    }

    // The normalized form of one definition of one release.
    json normalizedDefinition(const Release& release, const std::string& name) {
        json schema = release.definitions.at(name);
        if (const json* enums = standalone(name)) {
            const Release* source = enumSourceRelease();
            const json* sourceDefinition = source && source->definitions.contains(name)
                                               ? &source->definitions.at(name)
                                               : nullptr;
            addEnums(schema, *enums, sourceDefinition, true);
        }
        for (const DefaultedField& field : kDefaultedFields) {
            if (field.definition != name) continue;
            auto required = schema.find("required");
            if (required == schema.end() || !required->is_array()) continue;
            required->erase(std::remove(required->begin(), required->end(), field.field),
                            required->end());
            if (required->empty()) schema.erase(required);
        }
        inlineScalars(release, schema);
        normalizeSchema(schema);
        return schema;
    }

    void inlineScalars(const Release& release, json& node) {
        if (node.is_object()) {
            auto ref = node.find("$ref");
            if (ref != node.end() && ref->is_string()) {
                std::string target = ref->get<std::string>().substr(std::string(kRefPrefix).size());
                if (auto scalar = inlineScalar(target, release.definitions.at(target))) {
                    // The referring property's own description stays: it is what announces a
                    // default (normalizeSchema drops defaulted required fields).
                    json replaced = *scalar;
                    if (node.contains("description")) replaced["description"] = node["description"];
                    node = std::move(replaced);
                    return;
                }
            }
            for (auto& [key, child] : node.items())
                inlineScalars(release, child);
        } else if (node.is_array()) {
            for (json& child : node)
                inlineScalars(release, child);
        }
    }

    // Every definition some kind of `release` reaches, normalized.
    std::map<std::string, json> reachable(const Release& release) {
        std::map<std::string, json> result;
        std::vector<std::string> pending;
        for (const auto& [key, name] : release.kinds)
            pending.push_back(name);
        while (!pending.empty()) {
            std::string name = pending.back();
            pending.pop_back();
            if (result.count(name)) continue;
            json schema = normalizedDefinition(release, name);
            std::set<std::string> refs;
            collectRefs(schema, refs);
            pending.insert(pending.end(), refs.begin(), refs.end());
            result.emplace(name, std::move(schema));
        }
        return result;
    }

    void buildKubernetes() {
        std::map<std::string, std::string> latest; // name -> text of its newest stored variant
        for (const Release& release : releases_) {
            for (auto& [name, schema] : reachable(release)) {
                descriptions_.setRoot(
                    name, release.name,
                    descriptions_.intern(release.definitions.at(name), &release.definitions));
                std::string text = schema.dump();
                auto found = latest.find(name);
                if (found != latest.end() && found->second == text) continue;
                latest[name] = text;
                files_[name + "@" + release.name] = std::move(text);
            }
            for (const auto& [key, name] : release.kinds)
                served_[key].insert(minorOf(release.name));
            for (const auto& [key, name] : release.kinds)
                kindDefinition_[key] = name;
        }
    }

    // ---- CRDs ----------------------------------------------------------------------------------

    void loadCrds(const fs::path& dir) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir)) {
            std::string extension = entry.path().extension().string();
            if (extension == ".yaml" || extension == ".yml" || extension == ".json")
                files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            SourceFile source(file.string(), readFile(file));
            ParsedFile parsed = parseYaml(source, LoadLimits{});
            if (!parsed.problems.empty())
                throw std::runtime_error(file.string() + ": " + parsed.problems.front().message);
            for (const auto& document : parsed.documents) {
                json crd = yamlToJson(document->root);
                if (!crd.is_object() || crd.value("kind", "") != "CustomResourceDefinition")
                    continue;
                for (CrdVersionSchema& version :
                     crdSchemas(crd, std::string(kRefPrefix) + kObjectMeta)) {
                    std::string group = version.apiVersion.substr(0, version.apiVersion.find('/'));
                    std::string name = asciiLowercase(version.kind) + "-" + group + "-" +
                                       version.apiVersion.substr(version.apiVersion.find('/') + 1);
                    std::string key = version.apiVersion + "/" + version.kind;
                    kindDefinition_[key] = name;
                    crdFile_[key] = file.filename().string();
                    crdGroups_.insert(group);
                    crds_[name] = std::move(version.schema);
                    descriptions_.setRoot(name, "", crdDescriptions(crd, version.apiVersion));
                }
            }
        }
    }

    // The description tree of the served version `apiVersion` of `crd`, its metadata referring
    // to ObjectMeta as the validation schema's does.
    int crdDescriptions(const json& crd, const std::string& apiVersion) {
        const json& spec = crd["spec"];
        std::string version = apiVersion.substr(apiVersion.find('/') + 1);
        json schema = spec.contains("validation")
                          ? spec["validation"].value("openAPIV3Schema", json())
                          : json();
        for (const json& served : spec.value("versions", json::array()))
            if (served.value("name", "") == version && served.contains("schema"))
                schema = served["schema"].value("openAPIV3Schema", schema);
        if (!schema.is_object()) schema = json::object();
        json& properties = schema["properties"];
        if (!properties.is_object()) properties = json::object();
        json metadata = properties.value("metadata", json::object());
        metadata["$ref"] = kObjectMeta;
        properties["metadata"] = std::move(metadata);
        return descriptions_.intern(schema, nullptr);
    }

    // Subtrees repeated in the CRD schemas become shared definitions.
    void shareCrdSubtrees() {
        std::map<std::string, int> counts;
        for (const auto& [name, schema] : crds_)
            countSubtrees(schema, counts, true);
        std::map<std::string, std::string> shared; // text -> definition name
        for (const auto& [text, count] : counts)
            if (count > 1) shared.emplace(text, "");
        // replaceShared writes each shared definition when it first meets it.
        for (auto& [name, schema] : crds_)
            replaceShared(schema, shared, true, "");
        for (const auto& [name, schema] : crds_)
            files_[name] = schema.dump();
    }

    static constexpr std::size_t kMinSharedBytes = 256;

    static void countSubtrees(const json& node, std::map<std::string, int>& counts, bool isRoot) {
        if (node.is_object()) {
            if (!isRoot && node.contains("properties")) {
                std::string text = node.dump();
                if (text.size() >= kMinSharedBytes) ++counts[text];
            }
            for (const auto& [key, child] : node.items())
                countSubtrees(child, counts, false);
        } else if (node.is_array()) {
            for (const json& child : node)
                countSubtrees(child, counts, false);
        }
    }

    // Largest repeated subtrees first: a repeated subtree inside a repeated subtree is shared
    // inside the shared definition.
    void replaceShared(json& node, std::map<std::string, std::string>& shared, bool isRoot,
                       const std::string& key) {
        if (node.is_object()) {
            if (!isRoot && node.contains("properties")) {
                auto found = shared.find(node.dump());
                if (found != shared.end()) {
                    if (found->second.empty()) {
                        std::string hint = key.empty() ? "schema" : key;
                        found->second = "crd." + hint + "." + hex(fnv1a(found->first), 12);
                        json inner = node;
                        replaceShared(inner, shared, true, key);
                        files_[found->second] = inner.dump();
                    }
                    node = json{{"$ref", kRefPrefix + found->second}};
                    return;
                }
            }
            for (auto& [childKey, child] : node.items()) {
                bool schemaMap = childKey == "properties" || childKey == "patternProperties";
                if (schemaMap && child.is_object()) {
                    for (auto& [property, value] : child.items())
                        replaceShared(value, shared, false, property);
                } else {
                    replaceShared(child, shared, false, key);
                }
            }
        } else if (node.is_array()) {
            for (json& child : node)
                replaceShared(child, shared, false, key);
        }
    }

    // ---- output --------------------------------------------------------------------------------

    void write(const fs::path& out, const std::string& schemaVersion) {
        fs::path definitionsDir = out / "definitions";
        fs::create_directories(definitionsDir);
        for (const auto& entry : fs::directory_iterator(definitionsDir))
            if (entry.path().extension() == ".json") fs::remove(entry.path());
        std::size_t bytes = 0, kubernetesBytes = 0;
        for (const auto& [name, text] : files_) {
            std::ofstream(definitionsDir / (name + ".json"), std::ios::binary) << text << "\n";
            bytes += text.size() + 1;
            if (name.find('@') != std::string::npos) kubernetesBytes += text.size() + 1;
        }

        json releases = json::array();
        for (const Release& release : releases_)
            releases.push_back(release.name);
        json kinds = json::object();
        for (const auto& [key, name] : kindDefinition_) {
            json entry{{"definition", name}};
            auto served = served_.find(key);
            if (served != served_.end()) entry["served"] = ranges(served->second);
            auto crd = crdFile_.find(key);
            if (crd != crdFile_.end()) entry["crd"] = crd->second;
            kinds[key] = std::move(entry);
        }
        json groups = json::object();
        for (const std::string& group : crdGroups_)
            groups[group] = kPartiallyBundledGroups.count(group) ? "some kinds" : "every kind";
        // One kind a line, so that a regeneration's diff shows what changed.
        std::ofstream index(out / "index.json", std::ios::binary);
        index << "{\"schemaVersion\": " << json(schemaVersion).dump()
              << ",\n\"kubernetesReleases\": " << releases.dump()
              << ",\n\"crdGroups\": " << groups.dump() << ",\n\"kinds\": {\n";
        bool first = true;
        for (const auto& [key, entry] : kinds.items()) {
            index << (first ? "" : ",\n") << json(key).dump() << ": " << entry.dump();
            first = false;
        }
        index << "\n}}\n";
        std::size_t descriptionBytes = descriptions_.write(out / "descriptions.json");
        std::cout << "gen-schemas: descriptions: " << descriptions_.textCount() << " texts, "
                  << descriptions_.nodeCount() << " nodes, " << descriptionBytes << " bytes\n";
        std::cout << "gen-schemas: " << kinds.size() << " kinds, " << files_.size()
                  << " definition files, " << bytes << " bytes (" << kubernetesBytes << " for "
                  << releases_.size() << " Kubernetes releases), " << enumsAdded_
                  << " enums from the enum source, in " << definitionsDir.string() << "\n";
    }

    // {28, 29, 30, 33} -> ["1.28-1.30", "1.33"]
    static json ranges(const std::set<int>& minors) {
        json result = json::array();
        auto it = minors.begin();
        while (it != minors.end()) {
            int start = *it, end = *it;
            while (std::next(it) != minors.end() && *std::next(it) == end + 1)
                end = *++it;
            result.push_back(start == end ? releaseName(start)
                                          : releaseName(start) + "-" + releaseName(end));
            ++it;
        }
        return result;
    }

    std::size_t enumsAdded() const { return enumsAdded_; }

  private:
    fs::path enumDir_;
    std::string enumRelease_;
    std::map<std::string, json> standalone_;
    std::size_t enumsAdded_ = 0;
    std::vector<Release> releases_;
    std::map<std::string, std::string> files_;          // definition file name -> text
    std::map<std::string, std::string> kindDefinition_; // "apps/v1/StatefulSet" -> definition
    std::map<std::string, std::set<int>> served_;       // built-in kind -> releases (minor)
    std::map<std::string, std::string> crdFile_;        // CRD kind -> file it came from
    std::set<std::string> crdGroups_;
    std::map<std::string, json> crds_;
    DescriptionStore descriptions_;
};

} // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2)
        args[argv[i]] = argv[i + 1];
    for (const char* required : {"--openapi", "--crds", "--out", "--schema-version"}) {
        if (!args.count(required)) {
            std::cerr
                << "usage: gen-schemas --openapi DIR --crds DIR --out DIR --schema-version TEXT\n";
            return 2;
        }
    }
    try {
        Generator generator;
        std::vector<fs::path> documents;
        static const std::regex releaseFile(R"(v1\.[0-9]+\.json)");
        for (const auto& entry : fs::directory_iterator(args["--openapi"]))
            if (std::regex_match(entry.path().filename().string(), releaseFile))
                documents.push_back(entry.path());
        if (documents.empty()) throw std::runtime_error("no v1.NN.json in " + args["--openapi"]);
        if (args.count("--enums"))
            generator.setEnumSource(args["--enums"], args["--enums-release"]);
        for (const fs::path& document : documents)
            generator.loadRelease(document);
        generator.checkLifecycle();
        generator.buildKubernetes();
        generator.loadCrds(args["--crds"]);
        generator.shareCrdSubtrees();
        generator.write(args["--out"], args["--schema-version"]);
    } catch (const std::exception& error) {
        std::cerr << "gen-schemas: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
