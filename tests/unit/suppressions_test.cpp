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

TEST_CASE("ordlint.dev/ignore on a pod template covers the workload, and unused there is reported",
          "[suppressions]") {
    // What charts expose as podAnnotations: spec.template.metadata.annotations.
    auto statefulSet = [](const std::string& podAnnotations) {
        return "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n"
               "  labels: {app: db, app: db}\n"
               "spec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n"
               "    metadata:\n      labels: {app: db}\n      annotations:\n" +
               podAnnotations + "    spec:\n      containers: [{name: db, image: 'postgres:16'}]\n";
    };
    RuleSelection only;
    for (const RuleEntry& rule : builtinRules())
        if (rule.id != "duplicate-key" && rule.id != "duplicate-object" &&
            rule.id != "unused-ignore")
            only.disabled.insert(std::string(rule.id));
    CHECK(rulesFound(statefulSet("        team: db\n"), only) ==
          std::vector<std::string>{"duplicate-key@5"});
    CHECK(rulesFound(statefulSet("        ordlint.dev/ignore: duplicate-key\n"), only).empty());
    CHECK(
        rulesFound(statefulSet("        ordlint.dev/ignore: \"duplicate-key, duplicate-object\"\n"),
                   only) == std::vector<std::string>{"unused-ignore@13"});
    // A CronJob's pod template is under spec.jobTemplate.
    std::string cronJob =
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, labels: {a: '1', a: '2'}}\n"
        "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n"
        "        metadata: {annotations: {ordlint.dev/ignore: duplicate-key}}\n"
        "        spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}\n";
    CHECK(rulesFound(cronJob, only).empty());
}

TEST_CASE("settings' ignore entries drop the findings of their rules on matching objects",
          "[suppressions]") {
    std::string text = kDuplicate +
                       "  x: '2'\n---\napiVersion: v1\nkind: ConfigMap\n"
                       "metadata: {name: b, namespace: tools}\ndata: {y: '1', y: '2'}\n";
    auto found = [&](std::vector<IgnoreEntry> ignores) {
        Workspace ws = loadWorkspace({{"s.yaml", text}}, LoadOptions{});
        LintSettings settings;
        settings.ignores = std::move(ignores);
        std::vector<std::string> rules;
        for (const Diagnostic& d : runRules(ws, settings, RuleSelection{}, builtinRules()))
            rules.push_back(d.rule + "@" +
                            std::to_string(d.range.file->position(d.range.begin).line));
        return rules;
    };
    CHECK(found({}) == std::vector<std::string>{"duplicate-key@6", "duplicate-key@11"});
    CHECK(found({{"ConfigMap", "", "a", {"duplicate-key"}}}) ==
          std::vector<std::string>{"duplicate-key@11"});
    CHECK(found({{"Config*", "tool?", "", {"all"}}}) ==
          std::vector<std::string>{"duplicate-key@6"});
    CHECK(found({{"", "", "*", {"duplicate-object"}}}).size() ==
          2); // another rule: nothing dropped
    CHECK(found({{"Secret", "", "", {"duplicate-key"}}}).size() == 2);
    // An entry suppresses without being in a manifest: never an unused-ignore.
    CHECK(found({{"Secret", "", "", {"duplicate-key"}}}) ==
          std::vector<std::string>{"duplicate-key@6", "duplicate-key@11"});
}
