// End-to-end: the real binary, its exit codes, and its JSON on the bundled examples.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace ordlint::test;

TEST_CASE("JSON report of the bundled examples matches the golden file", "[e2e]") {
    // Run from the source folder so paths are relative, as a user would see them.
    RunResult run = runOrdlint({"--format", "json", "--fail-on", "never", "testdata/examples"});
    REQUIRE(run.exitCode == 0);
    std::string golden = sourcePath("testdata/e2e/examples.json");
    if (std::getenv("ORDLINT_UPDATE_GOLDEN")) std::ofstream(golden, std::ios::binary) << run.out;
    CHECK(run.out == readText(golden));
    auto report = nlohmann::json::parse(run.out);
    CHECK(report["version"] == 1);
    CHECK(report["tool"]["name"] == "ordlint");
}

TEST_CASE("exit codes follow --fail-on", "[e2e]") {
    const std::string dup =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1', x: '2'}\n";
    CHECK(runOrdlint({"-"}, dup).exitCode == 1);
    CHECK(runOrdlint({"--fail-on", "never", "-"}, dup).exitCode == 0);
    CHECK(runOrdlint({"--severity", "duplicate-key=warning", "-"}, dup).exitCode == 0);
    CHECK(runOrdlint({"--severity", "duplicate-key=warning", "--fail-on", "warning", "-"}, dup)
              .exitCode == 1);
    CHECK(runOrdlint({"--disable", "duplicate-key", "-"}, dup).exitCode == 0);
    CHECK(runOrdlint({"--disable", "all", "--enable", "duplicate-key", "-"}, dup).exitCode == 1);
    // A rule named in one list wins over `all` in the other, in either order.
    CHECK(runOrdlint({"--enable", "all", "--disable", "duplicate-key", "-"}, dup).exitCode == 0);
    CHECK(runOrdlint({"--disable", "duplicate-key", "--enable", "all", "-"}, dup).exitCode == 0);
    CHECK(runOrdlint({"-"}, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n").exitCode ==
          0);
}

TEST_CASE("a run that found no Kubernetes object says so, and fails with --fail-if-no-objects",
          "[e2e]") {
    const std::string values = "replicaCount: 3\nimage: {repository: nginx}\n";
    RunResult plain = runOrdlint({"-"}, values);
    CHECK(plain.exitCode == 0);
    CHECK(plain.out == "0 errors, 0 warnings in 1 file: no Kubernetes objects found\n");
    CHECK(runOrdlint({"--fail-if-no-objects", "-"}, values).exitCode == 1);
    RunResult manifest = runOrdlint({"--fail-if-no-objects", "-"},
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    CHECK(manifest.exitCode == 0);
    CHECK(manifest.out == "0 errors, 0 warnings in 1 file (1 object)\n");
}

TEST_CASE("stdin findings are reported on file -", "[e2e]") {
    RunResult run = runOrdlint({"--format", "json", "-"}, "a: [\n");
    CHECK(run.exitCode == 1);
    auto report = nlohmann::json::parse(run.out);
    REQUIRE(report["diagnostics"].size() == 1);
    CHECK(report["diagnostics"][0]["file"] == "-");
    CHECK(report["diagnostics"][0]["rule"] == "yaml-syntax");
    CHECK(report["diagnostics"][0]["object"].is_null());
}

TEST_CASE("usage errors and unreadable paths exit 2 with a message", "[e2e]") {
    RunResult missing = runOrdlint({"no/such/dir"});
    CHECK(missing.exitCode == 2);
    CHECK_THAT(missing.err, Catch::Contains("no/such/dir: no such file or directory"));
    CHECK(runOrdlint({"--enable", "no-such-rule", "-"}, "").exitCode == 2);
    CHECK(runOrdlint({"--format", "xml", "-"}, "").exitCode == 2);
    CHECK(runOrdlint({"--kube-version", "latest", "-"}, "").exitCode == 2);
    CHECK(runOrdlint({"explain", "no-such-rule"}).exitCode == 2);
}

TEST_CASE("rules and explain describe every rule", "[e2e]") {
    RunResult rules = runOrdlint({"rules"});
    CHECK(rules.exitCode == 0);
    CHECK_THAT(rules.out, Catch::Contains("duplicate-key") && Catch::Contains("error"));
    RunResult explain = runOrdlint({"explain", "duplicate-object"});
    CHECK(explain.exitCode == 0);
    CHECK(explain.out == readText(sourcePath("rules/duplicate-object.md")));
}

TEST_CASE("hostile input ends quickly with a yaml-syntax finding", "[e2e][limits]") {
    std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
    for (char c = 'b'; c <= 'l'; ++c) {
        std::string prev(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + std::string(1, c) + " [*" + prev + ",*" + prev + ",*" +
                prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
    }
    for (const std::string& input : {bomb, std::string(100000, '[') + std::string(100000, ']'),
                                     std::string("\x7f"
                                                 "ELF\x02\x01\x01\x00\x00\x00",
                                                 10)}) {
        RunResult run = runOrdlint({"--format", "json", "-"}, input);
        CHECK(run.exitCode == 1);
        auto report = nlohmann::json::parse(run.out);
        REQUIRE(report["diagnostics"].size() == 1);
        CHECK(report["diagnostics"][0]["rule"] == "yaml-syntax");
    }
}
