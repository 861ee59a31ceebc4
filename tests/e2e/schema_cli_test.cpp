// End-to-end: the schema options of the real binary (--strict, --schema-dir, --verbose, version).
#include "shell_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint::test;

TEST_CASE("strict mode turns unknown fields into errors", "[e2e][schema]") {
    const std::string typo =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labls: {x: y}}\n";
    RunResult relaxed = runOrdlint({"--format", "json", "-"}, typo);
    CHECK(relaxed.exitCode == 0);
    auto report = nlohmann::json::parse(relaxed.out);
    REQUIRE(report["diagnostics"].size() == 1);
    CHECK(report["diagnostics"][0]["rule"] == "unknown-field");
    CHECK(report["diagnostics"][0]["severity"] == "warning");
    CHECK(report["diagnostics"][0]["help"] == "did you mean \"labels\"?");

    RunResult strict = runOrdlint({"--strict", "--format", "json", "-"}, typo);
    CHECK(strict.exitCode == 1);
    CHECK(nlohmann::json::parse(strict.out)["diagnostics"][0]["severity"] == "error");
    // An explicit --severity still wins.
    CHECK(runOrdlint({"--strict", "--severity", "unknown-field=info", "-"}, typo).exitCode == 0);
}

TEST_CASE("schema folders add kubeconform-layout schemas and CRD files", "[e2e][schema]") {
    const std::string widget =
        "apiVersion: example/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big, extra: 1}\n";
    // Without the folder the kind has no schema: skipped silently, said with --verbose.
    RunResult unknown = runOrdlint({"--verbose", "-"}, widget);
    CHECK(unknown.exitCode == 0);
    CHECK(unknown.err.find("example/v1 Widget \"w\": no schema") != std::string::npos);

    RunResult run = runOrdlint(
        {"--schema-dir", "testdata/schema-dir/kubeconform", "--format", "json", "-"}, widget);
    CHECK(run.exitCode == 1);
    auto diagnostics = nlohmann::json::parse(run.out)["diagnostics"];
    REQUIRE(diagnostics.size() == 2);
    CHECK(diagnostics[0]["message"] == "spec.size: expected integer, got string \"big\"");
    CHECK(diagnostics[1]["rule"] == "unknown-field");
    CHECK(diagnostics[1]["message"].get<std::string>().rfind("spec.extra: unknown field", 0) == 0);

    const std::string gadget =
        "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {color: green}\n";
    RunResult crd =
        runOrdlint({"--schema-dir", "testdata/schema-dir/crds", "--format", "json", "-"}, gadget);
    CHECK(crd.exitCode == 1);
    auto crdDiagnostics = nlohmann::json::parse(crd.out)["diagnostics"];
    REQUIRE(crdDiagnostics.size() == 1);
    CHECK(crdDiagnostics[0]["message"] ==
          "spec.color: \"green\" is not an allowed value (one of: red, blue)");

    CHECK(runOrdlint({"--schema-dir", "testdata/no-such-folder", "-"}, gadget).exitCode == 2);
}

TEST_CASE("version names the bundled schemas and Kubernetes releases", "[e2e][schema]") {
    RunResult run = runOrdlint({"version"});
    CHECK(run.exitCode == 0);
    CHECK(run.out.find("schemas: kubernetes 1.28-1.36 (OpenAPI") != std::string::npos);
    CHECK(run.out.find(
              "kubernetes releases: 1.28 1.29 1.30 1.31 1.32 1.33 1.34 1.35 1.36 (default 1.36; "
              "--kube-version also accepts 1.25 to 1.27, validated with the 1.28 schemas)") !=
          std::string::npos);
}

TEST_CASE("the target release: --kube-version accepts 1.25 to 1.36 and names the range otherwise",
          "[e2e][schema]") {
    const std::string cronJob = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n";
    for (const char* version : {"1.20", "1.24", "1.37", "1.40", "2.0"}) {
        RunResult run = runOrdlint({"--kube-version", version, "-"}, cronJob);
        INFO(version);
        CHECK(run.exitCode == 2);
        CHECK(
            run.err ==
            std::string("ordlint: --kube-version ") + version +
                ": ordlint supports Kubernetes 1.25 to 1.36 (schemas of 1.28 to 1.36 are bundled; "
                "1.25 to 1.27 are validated with the 1.28 schemas)\n");
    }
    for (const char* version : {"1.25", "1.27", "1.28", "1.36"}) {
        RunResult run = runOrdlint({"--kube-version", version, "--format", "json", "-"}, cronJob);
        INFO(version);
        CHECK(run.exitCode == 1); // batch/v1beta1 CronJob: removed-api from 1.25 on
        CHECK(run.out.find("\"rule\": \"removed-api\"") != std::string::npos);
    }
    RunResult verbose = runOrdlint({"--kube-version", "1.26", "--verbose", "-"}, cronJob);
    CHECK(verbose.err.find("--kube-version 1.26: objects are validated with the 1.28 schemas") !=
          std::string::npos);
    // The config file is checked the same way.
    ScratchDir repo("kube-version-config");
    repo.write(".ordlint.yaml", "kubeVersion: \"1.22\"\n");
    repo.write("a.yaml", cronJob);
    ShellResult fromConfig = runShell(shellQuoted(ORDLINT_BINARY) + " a.yaml", repo.path());
    CHECK(fromConfig.exitCode == 2);
    CHECK(fromConfig.out.find("ordlint supports Kubernetes 1.25 to 1.36") != std::string::npos);
}
