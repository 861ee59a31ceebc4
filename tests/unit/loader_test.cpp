#include "loader.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace ordlint;

TEST_CASE("objects know their identity and effective namespace", "[loader]") {
    Workspace ws =
        loadWorkspace({{"a.yaml",
                        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\n"
                        "---\n"
                        "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: prod}\n"
                        "---\n"
                        "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n"
                        "---\n"
                        "# only a comment\n"
                        "---\n"
                        "just: data\n",
                        true}},
                      [] {
                          LoadOptions options;
                          options.defaultNamespace = "team";
                          return options;
                      }());
    REQUIRE(ws.objects.size() == 3);
    CHECK(ws.objects[0].group == "apps");
    CHECK(ws.objects[0].ns == "team");
    CHECK(ws.objects[0].document->index == 0);
    CHECK(ws.objects[1].ns == "prod");
    CHECK(ws.objects[1].document->index == 1);
    CHECK(ws.objects[2].ns.empty());
    CHECK(ws.objects[2].clusterScoped);
    CHECK(ws.problems.empty());
    CHECK(ws.skipped.size() == 1);
}

TEST_CASE("List items become objects", "[loader]") {
    Workspace ws = loadWorkspace({{"l.yaml",
                                   "apiVersion: v1\nkind: List\nitems:\n"
                                   "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n"
                                   "- apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n",
                                   true}},
                                 LoadOptions{});
    REQUIRE(ws.objects.size() == 2);
    CHECK(ws.objects[0].kind == "ConfigMap");
    CHECK(ws.objects[1].name == "b");
    CHECK(ws.objects[1].file().position(ws.objects[1].node->range.begin).line == 7);
}

TEST_CASE("a CRD in the input decides whether its kind is namespaced", "[loader]") {
    Workspace ws =
        loadWorkspace({{"c.yaml",
                        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                        "metadata: {name: widgets.example.com}\n"
                        "spec: {group: example.com, scope: Cluster, names: {kind: Widget}}\n---\n"
                        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
                        true}},
                      LoadOptions{});
    REQUIRE(ws.objects.size() == 2);
    CHECK(ws.objects[1].clusterScoped);
    CHECK(ws.objects[1].ns.empty());
}

TEST_CASE("folders are searched recursively for manifests, hidden folders skipped", "[loader]") {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / "ordlint-loader-test";
    fs::remove_all(root);
    fs::create_directories(root / "sub");
    fs::create_directories(root / ".hidden");
    auto write = [](const fs::path& path, const std::string& text) { std::ofstream(path) << text; };
    write(root / "b.yaml", "kind: 1\n");
    write(root / "sub" / "a.yml", "apiVersion: 1\n");
    write(root / "c.json", "{\"kind\": \"x\"}\n");
    write(root / "notes.txt", "x\n");
    write(root / ".hidden" / "d.yaml", "a: 1\n");
    write(root / ".e.yaml", "kind: 1\n"); // a hidden file is read; only hidden folders are not
    std::vector<std::string> errors;
    auto inputs = readInputs(
        {root.string(), (root / "notes.txt").string(), (root / "missing").string()}, true, errors);
    std::vector<std::string> names;
    for (const auto& input : inputs)
        names.push_back(fs::path(input.displayPath).filename().string());
    CHECK(names == std::vector<std::string>{".e.yaml", "b.yaml", "c.json", "a.yml", "notes.txt"});
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0], Catch::Contains("missing"));
    fs::remove_all(root);
}

TEST_CASE("folder walks skip Helm templates and files without apiVersion or kind, but named files "
          "are read",
          "[loader]") {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / "ordlint-loader-skip-test";
    fs::remove_all(root);
    fs::create_directories(root / "chart" / "templates");
    fs::create_directories(root / "plain" / "templates");
    auto write = [](const fs::path& path, const std::string& text) { std::ofstream(path) << text; };
    const std::string manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
    write(root / "chart" / "Chart.yaml", "apiVersion: v2\nname: chart\nversion: 1.0.0\n");
    write(root / "chart" / "values.yaml", "replicaCount: 1\n");
    write(root / "chart" / "templates" / "sts.yaml", "{{- if .Values.x }}\n" + manifest);
    write(root / "plain" / "templates" / "cm.yaml", manifest); // no Chart.yaml: not a chart
    write(root / "tsconfig.json", "{\n  // comments\n  \"compilerOptions\": {}\n}\n");
    write(root / "list.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": []}");
    write(root / "indented.yaml", "items:\n  - apiVersion: v1\n    kind: ConfigMap\n");
    std::vector<std::string> errors;
    std::vector<std::string> skipped;
    auto inputs = readInputs({root.string(), (root / "tsconfig.json").string()}, true, errors,
                             PathFilter(), 0, &skipped);
    std::vector<std::string> names;
    for (const auto& input : inputs)
        names.push_back(fs::path(input.displayPath).lexically_relative(root).generic_string());
    CHECK(names == std::vector<std::string>{"chart/Chart.yaml", "indented.yaml", "list.json",
                                            "plain/templates/cm.yaml", "tsconfig.json"});
    CHECK(errors.empty());
    // tsconfig.json is inside the walked folder and named too: it is read, so no note says it
    // was skipped.
    REQUIRE(skipped.size() == 2);
    CHECK_THAT(skipped[0], Catch::Contains("chart/templates: skipped: Helm chart templates"));
    CHECK_THAT(skipped[1], Catch::Contains("values.yaml: skipped: no apiVersion or kind key"));
    fs::remove_all(root);
}

TEST_CASE("parallel loading gives the same workspace as one thread", "[loader]") {
    std::vector<InputText> inputs;
    for (int i = 0; i < 40; ++i)
        inputs.push_back(
            {"f" + std::to_string(i) + ".yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + std::to_string(i) + "}\n",
             true});
    LoadOptions one;
    one.jobs = 1;
    LoadOptions four;
    four.jobs = 4;
    Workspace a = loadWorkspace(inputs, one);
    Workspace b = loadWorkspace(inputs, four);
    REQUIRE(a.objects.size() == b.objects.size());
    for (std::size_t i = 0; i < a.objects.size(); ++i) {
        CHECK(a.objects[i].name == b.objects[i].name);
        CHECK(a.objects[i].file().path() == b.objects[i].file().path());
    }
}
