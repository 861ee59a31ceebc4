#include "output_ci.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace ordlint;
using namespace ordlint::test;

namespace {
std::vector<Diagnostic> lintAll(const Workspace& ws) {
    return runRules(ws, LintSettings{}, RuleSelection{}, builtinRules());
}

std::string sarifOf(const std::string& text, const std::string& path = "deploy/app.yaml") {
    Workspace ws = loadWorkspace({{path, text}}, LoadOptions{});
    std::ostringstream out;
    writeSarif(out, lintAll(ws), builtinRules());
    return out.str();
}

const std::string kTwoDuplicates = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
                                   "data:\n  x: '1'\n  x: '2'\n  y: '1'\n  y: '2'\n";
} // namespace

TEST_CASE("GitHub escaping keeps every finding one command", "[output][github]") {
    CHECK(escapeGithubData("50% done\r\n::error::x") == "50%25 done%0D%0A::error::x");
    CHECK(escapeGithubProperty("a,b::c%\n") == "a%2Cb%3A%3Ac%25%0A");
}

TEST_CASE("GitHub format: one workflow command per finding with its range", "[output][github]") {
    Workspace ws = loadWorkspace({{"deploy/a,b::c.yaml", kTwoDuplicates}}, LoadOptions{});
    std::ostringstream out;
    writeGithub(out, lintAll(ws), RunSummary{1, 1});
    CHECK(out.str().substr(0, out.str().find("::key")) ==
          "::error file=deploy/a%2Cb%3A%3Ac.yaml,line=6,col=3,endLine=6,endColumn=4,"
          "title=duplicate-key");
    CHECK(out.str().substr(out.str().rfind('\n', out.str().size() - 2) + 1) ==
          "2 errors, 0 warnings in 1 file (1 object)\n");
}

TEST_CASE("SARIF: rules from the docs, relative URIs, regions, related locations",
          "[output][sarif]") {
    auto log = nlohmann::json::parse(sarifOf(kTwoDuplicates));
    CHECK(log["version"] == "2.1.0");
    const auto& run = log["runs"][0];
    CHECK(run["columnKind"] == "unicodeCodePoints");
    const auto& rules = run["tool"]["driver"]["rules"];
    REQUIRE(rules.size() == builtinRules().size());
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const RuleEntry& rule = builtinRules()[i];
        CHECK(rules[i]["id"] == std::string(rule.id));
        CHECK(rules[i]["shortDescription"]["text"] == ruleSummary(rule));
        CHECK(rules[i]["help"]["markdown"] == std::string(rule.documentation));
        CHECK(!rules[i]["fullDescription"]["text"].get<std::string>().empty());
    }
    const auto& result = run["results"][0];
    CHECK(result["ruleId"] == "duplicate-key");
    CHECK(rules[result["ruleIndex"].get<std::size_t>()]["id"] == "duplicate-key");
    CHECK(result["level"] == "error");
    const auto& location = result["locations"][0]["physicalLocation"];
    CHECK(location["artifactLocation"]["uri"] == "deploy/app.yaml");
    CHECK(location["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(location["region"] ==
          nlohmann::json{{"startLine", 6}, {"startColumn", 3}, {"endLine", 6}, {"endColumn", 4}});
    CHECK(result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 5);
    CHECK(result["relatedLocations"][0]["message"]["text"] == "first definition of the key");
}

TEST_CASE("SARIF fingerprints survive unrelated edits and tell findings apart", "[output][sarif]") {
    auto fingerprints = [](const std::string& sarif) {
        std::vector<std::string> out;
        auto log = nlohmann::json::parse(sarif);
        for (const auto& result : log["runs"][0]["results"])
            out.push_back(result["partialFingerprints"]["ordlint/v1"]);
        return out;
    };
    std::vector<std::string> before = fingerprints(sarifOf(kTwoDuplicates));
    REQUIRE(before.size() == 2);
    CHECK(before[0] != before[1]);
    // Lines added above move every finding, but they are the same findings.
    std::string shifted = "# a new comment\n\n" + kTwoDuplicates;
    CHECK(fingerprints(sarifOf(shifted)) == before);
    CHECK(fingerprints(sarifOf(kTwoDuplicates, "deploy/other.yaml")) != before);
}

TEST_CASE("SARIF URIs are percent-encoded and stdin stays -", "[output][sarif]") {
    auto uri = [](const std::string& sarif) {
        return nlohmann::json::parse(sarif)["runs"][0]["results"][0]["locations"][0]
                                           ["physicalLocation"]["artifactLocation"]["uri"];
    };
    CHECK(uri(sarifOf(kTwoDuplicates, "./my deploy/a#1.yaml")) == "my%20deploy/a%231.yaml");
    CHECK(uri(sarifOf(kTwoDuplicates, "-")) == "-");
}

TEST_CASE("JUnit: a suite per file, failures at or above fail-on, XML-safe text",
          "[output][junit]") {
    Workspace ws =
        loadWorkspace({{"a.yaml", kTwoDuplicates},
                       {"b&c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"}},
                      LoadOptions{});
    std::vector<Diagnostic> found = lintAll(ws);
    found[0].message += " <\x01>";
    std::ostringstream failing, passing;
    writeJunit(failing, found, {"a.yaml", "b&c.yaml"}, Severity::Error);
    writeJunit(passing, found, {"a.yaml", "b&c.yaml"}, std::nullopt);
    std::string xml = failing.str();
    CHECK(xml.find("<testsuites name=\"ordlint\" tests=\"3\" failures=\"2\" errors=\"0\">") !=
          std::string::npos);
    CHECK(xml.find("<testsuite name=\"b&amp;c.yaml\" tests=\"1\" failures=\"0\"") !=
          std::string::npos);
    CHECK(xml.find("&lt;\xEF\xBF\xBD&gt;") != std::string::npos);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(passing.str().find("failures=\"0\"") != std::string::npos);
    CHECK(passing.str().find("<failure") == std::string::npos);
}
