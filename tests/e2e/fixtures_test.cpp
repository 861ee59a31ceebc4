// The fixture harness: every testdata/rules/<rule-id>/*.yaml (.yml, .json) is linted by the
// real binary with only rule <rule-id> enabled, and its findings must equal the file's inline
// expectations exactly. Each file is its own section ("<rule-id>/<file>"), and a failure prints
// the difference, one finding a line ("- " expected but not reported, "+ " reported but not
// expected). The syntax (also in CONTRIBUTING.md, "Fixtures"):
//
//   # expect: ITEM[, ITEM ...]            a finding starts on this line
//   # expect-next-line: ITEM[, ITEM ...]  a finding starts on the next line
//       ITEM is  RULE [col=N] [msg="TEXT"]: the rule id; optionally the 1-based column (in code
//       points) where the finding starts, and text its message contains (\" and \\ escape).
//   # rules: all | RULE[, RULE ...]       run these rules instead of only <rule-id>, for a
//                                         fixture about how rules interact (" -- why" may follow)
//   # ordlint-args: ARG ...               extra command-line arguments for this file
//
// A malformed or misspelt directive, or an unknown rule id, fails the fixture.
//
// NAME.fixed.yaml beside NAME.yaml is the expected result of `ordlint --fix` on NAME.yaml (same
// rules and arguments), byte for byte; after the fix no finding offers a fix any more, the YAML
// is still valid, and a second --fix changes nothing. A fixture whose findings offer a fix must
// have one.
#include "registry.hpp"
#include "support.hpp"
#include "text.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace ordlint;
using namespace ordlint::test;

namespace {

struct Expectation {
    int line = 0;
    std::string rule;
    std::optional<int> column;
    std::optional<std::string> messagePart;
};

struct Finding {
    int line = 0;
    int column = 0;
    std::string rule;
    std::string message;
};

struct Fixture {
    std::vector<Expectation> expected;
    // Empty: only the folder's rule; {"all"}: every rule; else these rules.
    std::vector<std::string> rules;
    std::vector<std::string> args;
    // Malformed directives, each with its line; a fixture with any of them fails.
    std::vector<std::string> errors;
};

std::vector<std::string> splitList(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, separator))
        if (std::string item(trimBlanks(part)); !item.empty()) parts.push_back(item);
    return parts;
}

bool isRule(const std::string& id) {
    return builtinRules().find(id) != nullptr;
}

// `RULE [col=N] [msg="TEXT"][, ...]`, everything after `expect:` up to the end of the line.
// Returns an error message, or nothing when the whole text was read.
std::optional<std::string> parseExpectations(std::string_view text, int line,
                                             std::vector<Expectation>& out) {
    std::size_t at = 0;
    auto skipSpaces = [&] {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r'))
            ++at;
    };
    auto startsWith = [&](std::string_view prefix) {
        return text.substr(at, prefix.size()) == prefix;
    };
    while (true) {
        skipSpaces();
        Expectation expectation;
        expectation.line = line;
        std::size_t idBegin = at;
        while (at < text.size() &&
               (std::islower(static_cast<unsigned char>(text[at])) ||
                std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '-'))
            ++at;
        expectation.rule = std::string(text.substr(idBegin, at - idBegin));
        if (expectation.rule.empty())
            return "expected a rule id at \"" + std::string(text.substr(at)) + "\"";
        if (!isRule(expectation.rule)) return "unknown rule id \"" + expectation.rule + "\"";
        while (true) {
            skipSpaces();
            if (startsWith("col=")) {
                at += 4;
                std::size_t digits = at;
                while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])))
                    ++at;
                if (at == digits) return "col= needs a number";
                expectation.column = std::stoi(std::string(text.substr(digits, at - digits)));
            } else if (startsWith("msg=\"")) {
                at += 5;
                std::string part;
                while (at < text.size() && text[at] != '"') {
                    if (text[at] == '\\' && at + 1 < text.size()) ++at;
                    part += text[at++];
                }
                if (at == text.size()) return "msg=\" is not closed";
                ++at;
                expectation.messagePart = part;
            } else {
                break;
            }
        }
        out.push_back(std::move(expectation));
        if (at == text.size()) return std::nullopt;
        if (text[at] != ',')
            return "unexpected \"" + std::string(text.substr(at)) +
                   "\" (an item is RULE [col=N] [msg=\"TEXT\"])";
        ++at;
    }
}

Fixture readFixture(const std::string& text) {
    static const RE2 directivePattern(R"(#\s*(expect[\w-]*|rules|ordlint-args):(.*))");
    Fixture fixture;
    std::stringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::string directive, rest;
        if (!RE2::PartialMatch(line, directivePattern, &directive, &rest)) continue;
        std::string where = "line " + std::to_string(number) + ": ";
        if (directive == "expect" || directive == "expect-next-line") {
            int target = directive == "expect" ? number : number + 1;
            if (auto error = parseExpectations(rest, target, fixture.expected))
                fixture.errors.push_back(where + *error);
        } else if (directive == "rules") {
            // `# rules: all -- why` may say why after " -- ", like an ignore comment.
            fixture.rules = splitList(rest.substr(0, rest.find(" --")), ',');
            bool all = fixture.rules == std::vector<std::string>{"all"};
            for (const std::string& rule : fixture.rules)
                if (!all && !isRule(rule))
                    fixture.errors.push_back(where + "unknown rule id \"" + rule + "\"");
            if (fixture.rules.empty()) fixture.errors.push_back(where + "`# rules:` names no rule");
        } else if (directive == "ordlint-args") {
            for (const std::string& arg : splitList(rest, ' '))
                fixture.args.push_back(arg);
        } else {
            fixture.errors.push_back(where + "unknown directive \"" + directive +
                                     ":\" (expect:, expect-next-line:, rules:, ordlint-args:)");
        }
    }
    return fixture;
}

// The command line for `file` in the folder of `rule`, without the output options.
std::vector<std::string> lintArguments(const Fixture& fixture, const std::string& rule) {
    std::vector<std::string> args;
    if (fixture.rules.empty()) {
        args = {"--disable", "all", "--enable", rule};
    } else if (fixture.rules != std::vector<std::string>{"all"}) {
        std::string list;
        for (const std::string& id : fixture.rules)
            list += (list.empty() ? "" : ",") + id;
        args = {"--disable", "all", "--enable", list};
    }
    args.insert(args.end(), fixture.args.begin(), fixture.args.end());
    return args;
}

std::vector<Finding> findingsIn(const nlohmann::json& report) {
    std::vector<Finding> findings;
    for (const auto& d : report["diagnostics"])
        findings.push_back({d["line"].get<int>(), d["column"].get<int>(),
                            d["rule"].get<std::string>(), d["message"].get<std::string>()});
    return findings;
}

bool matches(const Expectation& expected, const Finding& actual) {
    return expected.line == actual.line && expected.rule == actual.rule &&
           (!expected.column || *expected.column == actual.column) &&
           (!expected.messagePart ||
            actual.message.find(*expected.messagePart) != std::string::npos);
}

// Pairs expectations with findings (a maximum bipartite matching, so an unpinned expectation
// never takes the finding a pinned one needs); returns the diff, empty when all pair up.
std::string difference(const std::vector<Expectation>& expected,
                       const std::vector<Finding>& actual) {
    std::vector<int> expectationOf(actual.size(), -1);
    std::function<bool(std::size_t, std::vector<bool>&)> assign = [&](std::size_t e,
                                                                      std::vector<bool>& visited) {
        for (std::size_t a = 0; a < actual.size(); ++a) {
            if (visited[a] || !matches(expected[e], actual[a])) continue;
            visited[a] = true;
            if (expectationOf[a] < 0 ||
                assign(static_cast<std::size_t>(expectationOf[a]), visited)) {
                expectationOf[a] = static_cast<int>(e);
                return true;
            }
        }
        return false;
    };
    std::vector<bool> paired(expected.size(), false);
    for (std::size_t e = 0; e < expected.size(); ++e) {
        std::vector<bool> visited(actual.size(), false);
        paired[e] = assign(e, visited);
    }
    // (line, 0 for expected or 1 for reported, text): by line, "-" before "+"
    std::vector<std::tuple<int, int, std::string>> lines;
    for (std::size_t e = 0; e < expected.size(); ++e) {
        if (paired[e]) continue;
        const Expectation& x = expected[e];
        std::string text = std::to_string(x.line) +
                           (x.column ? ":" + std::to_string(*x.column) : "") + " " + x.rule;
        if (x.messagePart) text += " msg=" + nlohmann::json(*x.messagePart).dump();
        lines.emplace_back(x.line, 0, "- " + text);
    }
    for (std::size_t a = 0; a < actual.size(); ++a) {
        if (expectationOf[a] >= 0) continue;
        const Finding& f = actual[a];
        lines.emplace_back(f.line, 1,
                           "+ " + std::to_string(f.line) + ":" + std::to_string(f.column) + " " +
                               f.rule + "  " + nlohmann::json(f.message).dump());
    }
    std::sort(lines.begin(), lines.end());
    std::string diff;
    for (const auto& [line, reported, text] : lines)
        diff += text + "\n";
    return diff;
}

// Line by line: "- N: expected", "+ N: actual" for each line that differs.
std::string textDifference(const std::string& expected, const std::string& actual) {
    auto linesOf = [](const std::string& text) {
        std::vector<std::string> lines;
        std::stringstream in(text);
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        return lines;
    };
    std::vector<std::string> want = linesOf(expected), got = linesOf(actual);
    std::string diff;
    for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
        const std::string* w = i < want.size() ? &want[i] : nullptr;
        const std::string* g = i < got.size() ? &got[i] : nullptr;
        if (w && g && *w == *g) continue;
        if (w) diff += "- " + std::to_string(i + 1) + ": " + *w + "\n";
        if (g) diff += "+ " + std::to_string(i + 1) + ": " + *g + "\n";
    }
    if (diff.empty())
        diff = "(the lines agree; the files differ in line endings or the final newline)\n";
    return diff;
}

std::string commandLine(const std::vector<std::string>& args) {
    std::string text = "ordlint";
    for (const std::string& arg : args)
        text += " " + arg;
    return text;
}

bool isFixtureExtension(const fs::path& path) {
    return path.extension() == ".yaml" || path.extension() == ".yml" || path.extension() == ".json";
}

// NAME.fixed.yaml is the expected --fix result of NAME.yaml, not a fixture of its own.
bool isFixedFile(const fs::path& path) {
    return path.stem().extension() == ".fixed";
}

fs::path fixedFileOf(const fs::path& fixture) {
    return fixture.parent_path() /
           (fixture.stem().string() + ".fixed" + fixture.extension().string());
}

std::vector<fs::path> fixtureFiles(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (isFixtureExtension(entry.path()) && !isFixedFile(entry.path()))
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<fs::path> ruleFolders() {
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(sourcePath("testdata/rules")))
        if (entry.is_directory()) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    return folders;
}

bool offersFix(const nlohmann::json& report) {
    return std::any_of(report["diagnostics"].begin(), report["diagnostics"].end(),
                       [](const nlohmann::json& d) { return !d["fix"].is_null(); });
}

// `--fix` on a copy of `file` must produce `fixedFile` byte for byte.
void checkFix(const fs::path& file, const fs::path& fixedFile, const Fixture& fixture,
              std::vector<std::string> args) {
    fs::path folder = fs::temp_directory_path() / ("ordlint-fixture-" + std::to_string(::getpid()) +
                                                   "-" + file.parent_path().filename().string());
    fs::create_directories(folder);
    fs::path copy = folder / file.filename();
    fs::copy_file(file, copy, fs::copy_options::overwrite_existing);
    // yaml-syntax offers no fix; it runs to show that the edits left valid YAML.
    if (fixture.rules != std::vector<std::string>{"all"})
        args.insert(args.end(), {"--enable", "yaml-syntax"});
    args.insert(args.begin(), {"--fix", "--format", "json", "--fail-on", "never"});
    args.push_back(copy.string());
    RunResult fix = runOrdlint(args);
    INFO(commandLine(args) << "\nstderr: " << fix.err);
    REQUIRE(fix.exitCode == 0);
    const std::string expected = readText(fixedFile.string());
    std::string actual = readText(copy.string());
    bool fixedAsExpected = actual == expected;
    INFO("--fix result (+) against " << fixedFile.filename().string() << " (-):\n"
                                     << (fixedAsExpected ? "" : textDifference(expected, actual)));
    CHECK(fixedAsExpected);

    nlohmann::json after = nlohmann::json::parse(fix.out);
    std::string remaining;
    for (const auto& d : after["diagnostics"])
        remaining += fmt::format("  {}:{} {}{}  {}\n", d["line"].get<int>(), d["column"].get<int>(),
                                 d["rule"].get<std::string>(), d["fix"].is_null() ? "" : " (fix)",
                                 nlohmann::json(d["message"]).dump());
    INFO("findings after --fix:\n" << remaining);
    CHECK_FALSE(offersFix(after)); // everything fixable was fixed
    bool expectsSyntaxError =
        std::any_of(fixture.expected.begin(), fixture.expected.end(),
                    [](const Expectation& e) { return e.rule == "yaml-syntax"; });
    if (!expectsSyntaxError)
        for (const Finding& finding : findingsIn(after))
            CHECK(finding.rule != "yaml-syntax");

    RunResult again = runOrdlint(args);
    CHECK(again.exitCode == 0);
    bool unchanged = readText(copy.string()) == actual;
    CHECK(unchanged); // a second --fix changes nothing
    fs::remove_all(folder);
}

} // namespace

TEST_CASE("rule fixtures produce exactly their inline expectations", "[fixtures]") {
    for (const fs::path& folder : ruleFolders()) {
        const std::string rule = folder.filename().string();
        for (const fs::path& file : fixtureFiles(folder)) {
            DYNAMIC_SECTION(rule << "/" << file.filename().string()) {
                if (!isRule(rule))
                    FAIL("testdata/rules/" << rule << " is not named after a rule id");
                Fixture fixture = readFixture(readText(file.string()));
                std::string errors;
                for (const std::string& error : fixture.errors)
                    errors += "  " + error + "\n";
                if (!errors.empty()) FAIL("malformed fixture directives:\n" << errors);

                std::vector<std::string> args = lintArguments(fixture, rule);
                std::vector<std::string> lint = {"--format", "json", "--fail-on", "never"};
                lint.insert(lint.end(), args.begin(), args.end());
                lint.push_back(file.string());
                nlohmann::json report;
                {
                    RunResult run = runOrdlint(lint);
                    INFO(commandLine(lint) << "\nstderr: " << run.err);
                    REQUIRE(run.exitCode == 0);
                    report = nlohmann::json::parse(run.out);
                    std::string diff = difference(fixture.expected, findingsIn(report));
                    bool findingsAsExpected = diff.empty();
                    INFO("expected (-) and reported (+) findings that do not pair up:\n" << diff);
                    CHECK(findingsAsExpected);
                }

                fs::path fixedFile = fixedFileOf(file);
                if (fs::exists(fixedFile)) {
                    checkFix(file, fixedFile, fixture, args);
                } else {
                    INFO("a finding offers a fix: add " << fixedFile.filename().string()
                                                        << ", the file as --fix leaves it");
                    CHECK_FALSE(offersFix(report));
                }
            }
        }
    }
}

TEST_CASE("the fixture harness reads its directives and pairs findings with expectations",
          "[fixtures]") {
    Fixture fixture =
        readFixture("# rules: duplicate-key, schema -- why\n"
                    "# ordlint-args: --kube-version 1.27 --zones 2\n"
                    "a: 1 # expect: duplicate-key col=3 msg=\"key \\\"a\\\" repeats\", schema\n"
                    "# expect-next-line: duplicate-key\n"
                    "b: 2\n");
    CHECK(fixture.errors.empty());
    CHECK(fixture.rules == std::vector<std::string>{"duplicate-key", "schema"});
    CHECK(fixture.args == std::vector<std::string>{"--kube-version", "1.27", "--zones", "2"});
    REQUIRE(fixture.expected.size() == 3);
    CHECK(fixture.expected[0].line == 3);
    CHECK(fixture.expected[0].column == 3);
    CHECK(fixture.expected[0].messagePart == "key \"a\" repeats");
    CHECK(fixture.expected[1].rule == "schema");
    CHECK_FALSE(fixture.expected[1].column);
    CHECK(fixture.expected[2].line == 5);
    CHECK(lintArguments(fixture, "duplicate-key") ==
          std::vector<std::string>{"--disable", "all", "--enable", "duplicate-key,schema",
                                   "--kube-version", "1.27", "--zones", "2"});
    CHECK(lintArguments(readFixture("a: 1\n"), "schema") ==
          std::vector<std::string>{"--disable", "all", "--enable", "schema"});
    CHECK(lintArguments(readFixture("# rules: all\n"), "schema").empty());

    for (const char* malformed :
         {"# expects: schema\n", "# expect: no-such-rule\n", "# expect: schema col=\n",
          "# expect: schema msg=\"open\n", "# expect: schema because\n", "# rules: schema, nope\n",
          "# expect-next: schema\n"}) {
        INFO(malformed);
        CHECK(readFixture(malformed).errors.size() == 1);
    }

    // An unpinned expectation must not take the finding a pinned one needs.
    std::vector<Expectation> expected = {{7, "duplicate-key", std::nullopt, std::nullopt},
                                         {7, "duplicate-key", 3, std::nullopt}};
    std::vector<Finding> reported = {{7, 3, "duplicate-key", "m"}, {7, 9, "duplicate-key", "m"}};
    CHECK(difference(expected, reported).empty());
    expected.push_back({12, "duplicate-key", 7, "repeats"});
    reported.push_back({13, 7, "duplicate-key", "key repeats"});
    CHECK(difference(expected, reported) == "- 12:7 duplicate-key msg=\"repeats\"\n"
                                            "+ 13:7 duplicate-key  \"key repeats\"\n");
}

TEST_CASE("every .fixed file belongs to a fixture", "[fixtures]") {
    for (const fs::path& folder : ruleFolders())
        for (const auto& entry : fs::directory_iterator(folder)) {
            if (!isFixedFile(entry.path())) continue;
            fs::path fixture = entry.path().parent_path() / (entry.path().stem().stem().string() +
                                                             entry.path().extension().string());
            INFO(entry.path().string() << " needs " << fixture.filename().string());
            CHECK(fs::exists(fixture));
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
                                        [&](const Expectation& e) { return e.rule == rule.id; });
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
