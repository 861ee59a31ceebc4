// The fixture harness: every testdata/rules/<rule-id>/*.yaml is linted by the real binary,
// and its diagnostics must equal the file's inline expectations exactly:
//   `# expect: RULE[, RULE]`            a finding of RULE starts on this line
//   `# expect-next-line: RULE[, RULE]`  a finding of RULE starts on the next line
//   `# ordlint-args: ARG ...`           extra command-line arguments for this file
#include "registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace ordlint;
using namespace ordlint::test;

namespace {

using Finding = std::pair<int, std::string>; // line, rule

std::vector<std::string> splitList(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, separator)) {
        auto begin = part.find_first_not_of(" \t");
        auto end = part.find_last_not_of(" \t\r");
        if (begin != std::string::npos) parts.push_back(part.substr(begin, end - begin + 1));
    }
    return parts;
}

struct Fixture {
    std::multiset<Finding> expected;
    std::vector<std::string> args;
};

Fixture readFixture(const std::string& text) {
    static const RE2 expectPattern(R"(#\s*expect(-next-line)?:\s*([a-z, -]+))");
    static const RE2 argsPattern(R"(#\s*ordlint-args:\s*(.*))");
    Fixture fixture;
    std::stringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::string nextLine, rules, args;
        if (RE2::PartialMatch(line, expectPattern, &nextLine, &rules))
            for (const std::string& rule : splitList(rules, ','))
                fixture.expected.insert({nextLine.empty() ? number : number + 1, rule});
        if (RE2::PartialMatch(line, argsPattern, &args))
            for (const std::string& arg : splitList(args, ' ')) fixture.args.push_back(arg);
    }
    return fixture;
}

std::string describe(const std::multiset<Finding>& findings) {
    std::string text;
    for (const auto& [line, rule] : findings) text += "  line " + std::to_string(line) + ": " + rule + "\n";
    return text.empty() ? "  (none)\n" : text;
}

std::vector<fs::path> fixtureFiles(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml" ||
            entry.path().extension() == ".json")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST_CASE("rule fixtures produce exactly their inline expectations", "[fixtures]") {
    fs::path root = sourcePath("testdata/rules");
    for (const auto& folder : fs::directory_iterator(root)) {
        if (!folder.is_directory()) continue;
        for (const fs::path& file : fixtureFiles(folder.path())) {
            Fixture fixture = readFixture(readText(file.string()));
            std::vector<std::string> args = {"--format", "json", "--fail-on", "never"};
            args.insert(args.end(), fixture.args.begin(), fixture.args.end());
            args.push_back(file.string());
            RunResult run = runOrdlint(args);
            INFO("fixture " << file.string() << "\nstderr: " << run.err);
            REQUIRE(run.exitCode == 0);
            auto report = nlohmann::json::parse(run.out);
            std::multiset<Finding> actual;
            for (const auto& d : report["diagnostics"])
                actual.insert({d["line"].get<int>(), d["rule"].get<std::string>()});
            INFO("expected:\n" << describe(fixture.expected) << "actual:\n" << describe(actual)
                               << "report:\n" << run.out);
            CHECK(actual == fixture.expected);
        }
    }
}

TEST_CASE("every rule has fixtures that trigger it and fixtures that do not", "[fixtures]") {
    for (const RuleEntry& rule : builtinRules()) {
        fs::path folder = sourcePath("testdata/rules/" + std::string(rule.id));
        INFO("rule " << rule.id);
        REQUIRE(fs::is_directory(folder));
        int positive = 0, negative = 0;
        for (const fs::path& file : fixtureFiles(folder)) {
            Fixture fixture = readFixture(readText(file.string()));
            bool triggers = std::any_of(fixture.expected.begin(), fixture.expected.end(),
                                        [&](const Finding& f) { return f.second == rule.id; });
            (triggers ? positive : negative)++;
        }
        CHECK(positive > 0);
        CHECK(negative > 0);
    }
}

TEST_CASE("every rule has documentation in the documented shape", "[docs]") {
    for (const RuleEntry& rule : builtinRules()) {
        std::string_view doc = rule.documentation;
        INFO("rules/" << rule.id << ".md");
        REQUIRE(!doc.empty());
        CHECK(doc.substr(0, rule.id.size() + 2) == "# " + std::string(rule.id));
        CHECK(!ruleSummary(rule).empty());
        for (const char* section : {"## Why is this bad?", "## Example", "## Use instead",
                                    "## Options", "## When to disable", "## References"})
            CHECK(doc.find(section) != std::string_view::npos);
    }
}

namespace {
// The first ```yaml block after `heading`.
std::string yamlBlockAfter(std::string_view doc, std::string_view heading) {
    std::size_t at = doc.find(heading);
    if (at == std::string_view::npos) return {};
    std::size_t open = doc.find("```yaml\n", at);
    if (open == std::string_view::npos) return {};
    open += 8;
    std::size_t close = doc.find("```", open);
    return std::string(doc.substr(open, close - open));
}

// An example may name its target version as fixtures do: `# ordlint-args: --kube-version 1.27`.
bool triggers(const std::string& manifest, std::string_view rule) {
    LintSettings settings;
    RE2::PartialMatch(manifest, R"(#\s*ordlint-args:.*--kube-version\s+(\d+)\.(\d+))",
                      &settings.kubeVersion.major, &settings.kubeVersion.minor);
    InProcess result = lintText(manifest, "example.yaml", settings);
    return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                       [&](const Diagnostic& d) { return d.rule == rule; });
}
} // namespace

TEST_CASE("each rule's Example triggers it and its Use instead does not", "[docs]") {
    for (const RuleEntry& rule : builtinRules()) {
        std::string_view doc = rule.documentation;
        std::string example = yamlBlockAfter(doc, "## Example");
        std::string fixed = yamlBlockAfter(doc, "## Use instead");
        INFO("rules/" << rule.id << ".md\nExample:\n" << example << "\nUse instead:\n" << fixed);
        REQUIRE(!example.empty());
        REQUIRE(!fixed.empty());
        CHECK(triggers(example, rule.id));
        CHECK_FALSE(triggers(fixed, rule.id));
    }
}
