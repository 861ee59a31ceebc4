#include "support.hpp"
#include "suppressions.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace ordlint;
using namespace ordlint::test;

namespace {
std::vector<std::string> rulesFound(const std::string& text, RuleSelection selection = {}) {
    Workspace ws = loadWorkspace({{"s.yaml", text}}, LoadOptions{});
    std::vector<std::string> rules;
    for (const Diagnostic& d : runRules(ws, LintSettings{}, selection, builtinRules()))
        rules.push_back(d.rule + "@" + std::to_string(d.range.file->position(d.range.begin).line));
    return rules;
}

const std::string kDuplicate =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: '1'\n";
} // namespace

TEST_CASE("an ignore comment on the line or alone above it suppresses that rule there",
          "[suppressions]") {
    CHECK(rulesFound(kDuplicate + "  x: '2'\n") == std::vector<std::string>{"duplicate-key@6"});
    CHECK(rulesFound(kDuplicate + "  x: '2'  # ordlint-ignore duplicate-key -- merge tool\n")
              .empty());
    CHECK(rulesFound(kDuplicate +
                     "  # ordlint-ignore duplicate-key\n  # another comment\n\n  x: '2'\n")
              .empty());
    CHECK(rulesFound(kDuplicate + "  x: '2'  #ordlint-ignore duplicate-object,duplicate-key\n") ==
          std::vector<std::string>{"unused-ignore@6"});
}

TEST_CASE("an ignore comment covers only its own line", "[suppressions]") {
    CHECK(rulesFound(kDuplicate + "  # ordlint-ignore duplicate-key\n  y: '0'\n  x: '2'\n") ==
          std::vector<std::string>{"unused-ignore@6", "duplicate-key@8"});
}

TEST_CASE("ordlint-ignore inside a string is text, not a suppression", "[suppressions]") {
    CHECK(rulesFound(kDuplicate + "  x: \"2 # ordlint-ignore duplicate-key\"\n") ==
          std::vector<std::string>{"duplicate-key@6"});
}

TEST_CASE("a file-level ignore and an object annotation suppress their rules", "[suppressions]") {
    CHECK(rulesFound("# ordlint-ignore-file duplicate-key\n" + kDuplicate + "  x: '2'\n").empty());
    std::string annotated =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
        "  annotations: {ordlint.dev/ignore: 'duplicate-key'}\ndata:\n  x: '1'\n  x: '2'\n";
    CHECK(rulesFound(annotated).empty());
    // The annotation belongs to its object only.
    std::string other =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  x: '1'\n  x: '2'\n";
    CHECK(rulesFound(annotated + "---\n" + other) == std::vector<std::string>{"duplicate-key@15"});
}

TEST_CASE("unused-ignore is quiet about ignores of rules that did not run", "[suppressions]") {
    RuleSelection selection;
    selection.disabled.insert("duplicate-key");
    CHECK(rulesFound(kDuplicate + "  y: '2'  # ordlint-ignore duplicate-key\n", selection).empty());
    selection.disabled.insert("unused-ignore");
    CHECK(rulesFound(kDuplicate + "  y: '2'  # ordlint-ignore no-such-rule\n", selection).empty());
    CHECK(rulesFound(kDuplicate + "  y: '2'  # ordlint-ignore no-such-rule\n") ==
          std::vector<std::string>{"unused-ignore@6"});
    // An unused ignore can itself be ignored.
    CHECK(rulesFound("# ordlint-ignore-file unused-ignore\n" + kDuplicate +
                     "  y: '2'  # ordlint-ignore duplicate-key\n")
              .empty());
}

TEST_CASE("a copy of the suppression index owns its rule ids", "[suppressions]") {
    Workspace ws = loadWorkspace(
        {{"s.yaml",
          "# ordlint-ignore-file duplicate-key,a-rule-id-longer-than-sso\n" + kDuplicate}},
        LoadOptions{});
    auto original = std::make_unique<SuppressionIndex>(ws);
    SuppressionIndex copy = *original;
    original.reset(); // a copy that viewed the original's strings would now read freed memory
    std::vector<std::string> filler(64, std::string(64, 'x')); // likely reuses that memory
    Diagnostic diagnostic;
    diagnostic.range = {ws.files.front().get(), 0, 0};
    for (std::string rule : {"duplicate-key", "a-rule-id-longer-than-sso"}) {
        diagnostic.rule = rule;
        CHECK(copy.suppresses(diagnostic));
    }
    diagnostic.rule = "other-rule";
    CHECK_FALSE(copy.suppresses(diagnostic));
}
