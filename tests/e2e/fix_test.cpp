// `ordlint --fix` end to end: fixes are applied to a copy of a fixture in place, the result is
// byte-identical to the expected file (comments and layout kept), re-linting it is clean for
// the rules that fixed it, and a second run changes nothing.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace ordlint::test;

namespace {

fs::path temporaryCopy(const std::string& fixture) {
    fs::path folder = fs::temp_directory_path() / ("ordlint-fix-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    fs::path copy = folder / fs::path(fixture).filename();
    fs::copy_file(sourcePath(fixture), copy, fs::copy_options::overwrite_existing);
    return copy;
}

std::set<std::string> rulesIn(const std::string& json) {
    std::set<std::string> rules;
    nlohmann::json report = nlohmann::json::parse(json);
    for (const auto& d : report["diagnostics"])
        rules.insert(d["rule"].get<std::string>());
    return rules;
}

} // namespace

TEST_CASE("ordlint --fix rewrites the file in place, keeping comments and layout", "[e2e][fix]") {
    fs::path copy = temporaryCopy("testdata/fixes/downward-api.yaml");
    RunResult before = runOrdlint({"--format", "json", "--fail-on", "never", copy.string()});
    std::set<std::string> fixedRules = rulesIn(before.out);
    REQUIRE(fixedRules.count("invalid-fieldpath"));
    REQUIRE(fixedRules.count("invalid-resource-fieldref"));
    REQUIRE(fixedRules.count("shell-in-env"));
    REQUIRE(fixedRules.count("fieldpath-label-unset"));

    RunResult fix = runOrdlint({"--fix", copy.string()});
    INFO(fix.out << fix.err);
    CHECK(fix.exitCode == 0);
    CHECK_THAT(fix.out,
               Catch::Contains("fixed: replace with metadata.labels['app'] [invalid-fieldpath]"));
    CHECK_THAT(fix.out, Catch::Contains("fixed: replace with "
                                        "metadata.labels['apps.kubernetes.io/pod-index'] "
                                        "[fieldpath-label-unset]"));
    CHECK_THAT(fix.out, Catch::Contains("0 errors, 0 warnings in 1 file"));
    CHECK(readText(copy.string()) ==
          readText(sourcePath("testdata/fixes/downward-api.yaml.fixed")));

    RunResult after = runOrdlint({"--format", "json", "--fail-on", "never", copy.string()});
    for (const std::string& rule : fixedRules)
        CHECK(rulesIn(after.out).count(rule) == 0);

    RunResult again = runOrdlint({"--fix", copy.string()});
    CHECK_THAT(again.out, !Catch::Contains("fixed:"));
    CHECK(readText(copy.string()) ==
          readText(sourcePath("testdata/fixes/downward-api.yaml.fixed")));
    fs::remove_all(copy.parent_path());
}

TEST_CASE(
    "ordlint --fix moves removed and deprecated API versions where the replacement reads alike",
    "[e2e][fix]") {
    fs::path copy = temporaryCopy("testdata/fixes/removed-apis.yaml");
    RunResult fix = runOrdlint({"--fix", copy.string()});
    INFO(fix.out << fix.err);
    CHECK_THAT(fix.out, Catch::Contains(
                            "fixed: replace apiVersion batch/v1beta1 with batch/v1 [removed-api]"));
    CHECK_THAT(fix.out,
               Catch::Contains("fixed: replace apiVersion rbac.authorization.k8s.io/v1beta1 with "
                               "rbac.authorization.k8s.io/v1 [removed-api]"));
    CHECK_THAT(
        fix.out,
        Catch::Contains("fixed: replace apiVersion storage.k8s.io/v1beta1 with storage.k8s.io/v1 "
                        "[deprecated-api]"));
    // The Ingress moved fields in networking.k8s.io/v1: no fix, still reported.
    CHECK_THAT(fix.out, Catch::Contains("extensions/v1beta1 Ingress is no longer served"));
    CHECK(readText(copy.string()) ==
          readText(sourcePath("testdata/fixes/removed-apis.yaml.fixed")));
    fs::remove_all(copy.parent_path());
}

TEST_CASE(
    "ordlint --fix on every fixture of the fixing rules leaves none of their fixable findings",
    "[e2e][fix]") {
    for (const char* folder :
         {"invalid-fieldpath", "invalid-resource-fieldref", "shell-in-env", "env-ref-order",
          "fieldpath-label-unset", "removed-api", "deprecated-api"}) {
        for (const auto& entry :
             fs::directory_iterator(sourcePath(std::string("testdata/rules/") + folder))) {
            // NAME.fixed.yaml is the expected --fix result of NAME.yaml (fixtures_test.cpp).
            if (entry.path().stem().extension() == ".fixed") continue;
            std::string relative =
                std::string("testdata/rules/") + folder + "/" + entry.path().filename().string();
            fs::path copy = temporaryCopy(relative);
            INFO(relative);
            RunResult fix =
                runOrdlint({"--fix", "--format", "json", "--fail-on", "never", copy.string()});
            REQUIRE(fix.exitCode == 0);
            nlohmann::json report = nlohmann::json::parse(fix.out);
            for (const auto& d : report["diagnostics"]) {
                INFO(d.dump());
                CHECK(d["fix"].is_null());         // everything fixable was fixed
                CHECK(d["rule"] != "yaml-syntax"); // and the edits kept the YAML valid
            }
            fs::remove_all(copy.parent_path());
        }
    }
}

TEST_CASE("ordlint --fix never rewrites standard input, and JSON output stays JSON", "[e2e][fix]") {
    const std::string manifest =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - name: c\n      image: x\n      env:\n"
        "        - {name: A, valueFrom: {fieldRef: {fieldPath: metadata.labels.app}}}\n";
    RunResult run = runOrdlint({"--fix", "--format", "json", "-"}, manifest);
    CHECK(run.exitCode == 1);
    auto report = nlohmann::json::parse(run.out);
    REQUIRE(report["diagnostics"].size() == 1);
    // In a flow mapping the new path needs quotes: `[` and `]` are flow indicators there.
    CHECK(report["diagnostics"][0]["fix"]["edits"][0]["newText"] == "\"metadata.labels['app']\"");
}

TEST_CASE("ordlint --fix leaves remedies (which change what the manifests mean) to the editor",
          "[e2e][fix]") {
    fs::path folder = fs::temp_directory_path() / ("ordlint-remedy-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    const std::string manifests =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: database}\nspec:\n"
        "  replicas: 5\n  ordinals:\n    start: 1\n  serviceName: database\n"
        "  selector: {matchLabels: {app: database}}\n  template:\n"
        "    metadata: {labels: {app: database}}\n"
        "    spec: {containers: [{name: postgres, image: 'postgres:17'}]}\n---\n"
        "apiVersion: v1\nkind: Service\nmetadata: {name: database-primary}\nspec:\n"
        "  selector: {app: database, apps.kubernetes.io/pod-index: '0'}\n  ports: [{port: 5432}]\n";
    fs::path file = folder / "db.yaml";
    std::ofstream(file, std::ios::binary) << manifests;
    RunResult run = runOrdlint({"--fix", "--fail-on", "never", file.string()});
    CHECK(run.out.find("[unreachable-pod-index]") != std::string::npos); // still reported
    CHECK(readText(file.string()) == manifests);                         // nothing rewritten
    fs::remove_all(folder);
}
