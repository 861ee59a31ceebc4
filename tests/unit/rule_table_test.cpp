// The rules are listed in three places a reader sees: the registry (rules/rule_list.inc,
// `ordlint rules`), each rule's documentation (its `**Default severity:**` line, `ordlint
// explain`), and the README's rule table. They must agree, and every rule file must be
// registered (CONTRIBUTING.md, "Adding a rule").
#include "registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace ordlint;
using namespace ordlint::test;

namespace {

struct TableRow {
    std::string id;
    std::string severity;
    std::string line;
};

// The rows of the table under "## Rules" in README.md, in order.
std::vector<TableRow> readmeRuleTable() {
    static const RE2 rowPattern(R"(^\| \[`([^`]+)`\]\(rules/([^)]+)\.md\) \| ([a-z]+) \|.*)");
    std::vector<TableRow> rows;
    std::stringstream in(readText(sourcePath("README.md")));
    bool inSection = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("## ", 0) == 0) inSection = line == "## Rules";
        if (!inSection || line.rfind("| [`", 0) != 0) continue;
        TableRow row;
        std::string linked;
        row.line = line;
        if (RE2::FullMatch(line, rowPattern, &row.id, &linked, &row.severity)) {
            if (linked != row.id) row.severity = "(links rules/" + linked + ".md)";
        } else {
            row.id = line; // shown as is in the failure
        }
        rows.push_back(row);
    }
    return rows;
}

std::vector<std::string> registryIds() {
    std::vector<std::string> ids;
    for (const RuleEntry& rule : builtinRules())
        ids.emplace_back(rule.id);
    return ids;
}

// The rule ids of rules/ by file: rules/<id>.cpp (except the registry's own all-rules.cpp) and
// rules/<id>.md.
std::vector<std::string> ruleFiles(std::string_view extension) {
    std::vector<std::string> ids;
    for (const auto& entry : fs::directory_iterator(sourcePath("rules")))
        if (entry.path().extension() == extension && entry.path().stem() != "all-rules")
            ids.push_back(entry.path().stem().string());
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::string listed(const std::vector<std::string>& ids) {
    std::string text;
    for (const std::string& id : ids)
        text += "  " + id + "\n";
    return text;
}

} // namespace

TEST_CASE("the README's rule table lists the registry's rules in order with their severity",
          "[docs]") {
    std::vector<TableRow> rows = readmeRuleTable();
    std::vector<std::string> tableIds;
    for (const TableRow& row : rows)
        tableIds.push_back(row.id);
    {
        INFO("rules/rule_list.inc:\n"
             << listed(registryIds()) << "README.md, ## Rules:\n"
             << listed(tableIds));
        REQUIRE(tableIds == registryIds());
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const RuleEntry& rule = builtinRules()[i];
        INFO("README.md: " << rows[i].line);
        CHECK(rows[i].severity == severityName(rule.defaultSeverity));
        CHECK(rows[i].line.find("TODO(new-rule)") == std::string::npos);
    }
}

TEST_CASE("each rule's documentation states the registry's default severity", "[docs]") {
    static const RE2 severityLine(R"((?m)^\*\*Default severity:\*\* ([a-z]+)\b)");
    for (const RuleEntry& rule : builtinRules()) {
        INFO("rules/" << rule.id << ".md: `**Default severity:** "
                      << severityName(rule.defaultSeverity) << "` (rules/rule_list.inc)");
        std::string documented;
        std::string doc(rule.documentation);
        CHECK(RE2::PartialMatch(doc, severityLine, &documented));
        CHECK(documented == severityName(rule.defaultSeverity));
        CHECK(rule.documentation.find("TODO(new-rule)") == std::string_view::npos);
    }
}

TEST_CASE("every rule source and document in rules/ is registered", "[docs]") {
    std::vector<std::string> registered = registryIds();
    std::sort(registered.begin(), registered.end());
    INFO("registered in rules/rule_list.inc:\n" << listed(registered));
    // A rule file without its registry line compiles, links and never runs.
    CHECK(ruleFiles(".cpp") == registered);
    CHECK(ruleFiles(".md") == registered);
}
