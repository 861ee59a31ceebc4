// Generates ordlint's committed schema data (schemas/definitions/*.json, schemas/index.json)
// from standalone Kubernetes JSON schemas (one fully expanded file per definition) and CRD
// manifests. Usage (scripts/gen-schemas runs it):
//   gen-schemas --kubernetes DIR --crds DIR --out DIR --schema-version TEXT
//
// The standalone files repeat every referenced definition inline (StatefulSet carries a full
// PodSpec, so does Deployment, ...). After normalization (schema_json.hpp) each inline copy is
// identical to its definition, so it is replaced by a $ref to it: the data shrinks from 18 MB
// to a few, and the validator parses each shared definition once per kind it checks.

#include "schema_json.hpp"
#include "source.hpp"
#include "text.hpp"
#include "yaml_tree.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace ordlint;

namespace {

constexpr const char* kRefPrefix = "#/definitions/";

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Generator {
    std::map<std::string, json> definitions; // name -> normalized schema
    std::map<std::string, std::string> definitionByCanonical;
    std::map<std::string, std::string> kinds; // "group/version/Kind" or "version/Kind" -> name

    // Replaces every inline copy of a known definition (below the root) by a $ref.
    void referenceShared(json& node, bool isRoot, std::set<std::string>& used) {
        if (node.is_object()) {
            if (!isRoot && node.contains("properties")) {
                auto found = definitionByCanonical.find(node.dump());
                if (found != definitionByCanonical.end()) {
                    node = json{{"$ref", kRefPrefix + found->second}};
                    used.insert(found->second);
                    return;
                }
            }
            for (auto& [key, child] : node.items())
                referenceShared(child, false, used);
        } else if (node.is_array()) {
            for (json& child : node)
                referenceShared(child, false, used);
        }
    }

    void loadKubernetes(const fs::path& dir) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".json") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            json schema = json::parse(readFile(file));
            std::string name = file.stem().string();
            if (schema.contains("x-kubernetes-group-version-kind"))
                for (const json& gvk : schema["x-kubernetes-group-version-kind"]) {
                    std::string group = gvk.value("group", "");
                    std::string version = gvk.value("version", "");
                    std::string apiVersion = group.empty() ? version : group + "/" + version;
                    kinds[apiVersion + "/" + gvk.value("kind", "")] = name;
                }
            normalizeSchema(schema);
            if (schema.contains("properties")) {
                // Files are visited in name order, so the first name wins for identical shapes.
                definitionByCanonical.emplace(schema.dump(), name);
            }
            definitions[name] = std::move(schema);
        }
    }

    void loadCrds(const fs::path& dir) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir)) {
            std::string extension = entry.path().extension().string();
            if (extension == ".yaml" || extension == ".yml" || extension == ".json")
                files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        std::string objectMeta = definitions.count("objectmeta-meta-v1")
                                     ? std::string(kRefPrefix) + "objectmeta-meta-v1"
                                     : "";
        for (const fs::path& file : files) {
            SourceFile source(file.string(), readFile(file));
            ParsedFile parsed = parseYaml(source, LoadLimits{});
            if (!parsed.problems.empty())
                throw std::runtime_error(file.string() + ": " + parsed.problems.front().message);
            for (const auto& document : parsed.documents) {
                json crd = yamlToJson(document->root);
                if (!crd.is_object() || crd.value("kind", "") != "CustomResourceDefinition")
                    continue;
                for (CrdVersionSchema& version : crdSchemas(crd, objectMeta)) {
                    std::string group = version.apiVersion.substr(0, version.apiVersion.find('/'));
                    std::string name = asciiLowercase(version.kind) + "-" + group + "-" +
                                       version.apiVersion.substr(version.apiVersion.find('/') + 1);
                    kinds[version.apiVersion + "/" + version.kind] = name;
                    definitions[name] = std::move(version.schema);
                }
            }
        }
    }

    void write(const fs::path& out, const std::string& schemaVersion) {
        // Compact every definition a kind needs, following references transitively.
        std::map<std::string, json> compact;
        std::vector<std::string> pending;
        for (const auto& [kind, name] : kinds)
            pending.push_back(name);
        while (!pending.empty()) {
            std::string name = pending.back();
            pending.pop_back();
            if (compact.count(name)) continue;
            json schema = definitions.at(name);
            std::set<std::string> used;
            referenceShared(schema, true, used);
            compact[name] = std::move(schema);
            for (const std::string& reference : used)
                pending.push_back(reference);
            // References written by crdSchemas (metadata) count too.
            std::vector<const json*> stack{&compact[name]};
            while (!stack.empty()) {
                const json* node = stack.back();
                stack.pop_back();
                if (node->is_object()) {
                    auto ref = node->find("$ref");
                    if (ref != node->end() && ref->is_string()) {
                        std::string target =
                            ref->get<std::string>().substr(std::string(kRefPrefix).size());
                        pending.push_back(target);
                    }
                    for (const auto& [key, child] : node->items())
                        stack.push_back(&child);
                } else if (node->is_array()) {
                    for (const json& child : *node)
                        stack.push_back(&child);
                }
            }
        }

        fs::path definitionsDir = out / "definitions";
        fs::create_directories(definitionsDir);
        for (const auto& entry : fs::directory_iterator(definitionsDir))
            if (entry.path().extension() == ".json") fs::remove(entry.path());
        std::size_t bytes = 0;
        for (const auto& [name, schema] : compact) {
            std::string text = schema.dump() + "\n";
            bytes += text.size();
            std::ofstream(definitionsDir / (name + ".json"), std::ios::binary) << text;
        }
        json index{{"schemaVersion", schemaVersion}, {"kinds", kinds}};
        std::ofstream(out / "index.json", std::ios::binary) << index.dump(1) << "\n";
        std::cout << "gen-schemas: " << kinds.size() << " kinds, " << compact.size()
                  << " definitions, " << bytes << " bytes in " << definitionsDir.string() << "\n";
    }
};

} // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2)
        args[argv[i]] = argv[i + 1];
    for (const char* required : {"--kubernetes", "--crds", "--out", "--schema-version"}) {
        if (!args.count(required)) {
            std::cerr << "usage: gen-schemas --kubernetes DIR --crds DIR --out DIR "
                         "--schema-version TEXT\n";
            return 2;
        }
    }
    try {
        Generator generator;
        generator.loadKubernetes(args["--kubernetes"]);
        generator.loadCrds(args["--crds"]);
        generator.write(args["--out"], args["--schema-version"]);
    } catch (const std::exception& error) {
        std::cerr << "gen-schemas: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
