// The remedies a finding's help names become edits (code actions in the editor; `--fix` never
// applies them): each in the file of the object it changes, replacing the value the help names.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace ordlint;
using namespace ordlint::test;

namespace {

struct Remedy {
    std::string file;     // the edited file's path
    std::string replaced; // the text the edit replaces
    std::string newText;
};

// Every remedy of `rule`'s findings in `fixture`, by title.
std::map<std::string, Remedy> remediesIn(const std::string& fixture, const std::string& rule) {
    InProcess result = lintText(readText(sourcePath(fixture)), fixture);
    std::map<std::string, Remedy> remedies;
    for (const Diagnostic& diagnostic : result.diagnostics) {
        if (diagnostic.rule != rule) continue;
        for (const Fix& remedy : diagnostic.remedies) {
            REQUIRE(remedy.edits.size() == 1);
            const TextEdit& edit = remedy.edits.front();
            std::string_view text = edit.range.file->text();
            remedies[remedy.title] = {
                edit.range.file->path(),
                std::string(text.substr(edit.range.begin, edit.range.end - edit.range.begin)),
                edit.newText};
        }
    }
    return remedies;
}

std::string titles(const std::map<std::string, Remedy>& remedies) {
    std::string all;
    for (const auto& [title, remedy] : remedies)
        all += title + "\n";
    return all;
}

} // namespace

TEST_CASE("unreachable-pod-index remedies raise an autoscaler's maximum in the autoscaler",
          "[remedies]") {
    auto remedies = remediesIn("testdata/rules/unreachable-pod-index/autoscalers.yaml",
                               "unreachable-pod-index");
    INFO(titles(remedies));
    REQUIRE(remedies.count("Set spec.maxReplicas: 7 on HorizontalPodAutoscaler web"));
    CHECK(remedies["Set spec.maxReplicas: 7 on HorizontalPodAutoscaler web"].replaced == "6");
    CHECK(remedies["Set spec.maxReplicas: 7 on HorizontalPodAutoscaler web"].newText == "7");
    REQUIRE(remedies.count("Set spec.maxReplicaCount: 5 on ScaledObject queue"));
    CHECK(remedies["Set spec.maxReplicaCount: 5 on ScaledObject queue"].replaced == "4");
    // The StatefulSet's replicas belong to the autoscaler: no edit of them is offered.
    for (const auto& [title, remedy] : remedies)
        CHECK(title.find("spec.replicas") == std::string::npos);
}

TEST_CASE("unreachable-pod-index remedies edit a JobSet's replicated job", "[remedies]") {
    auto remedies =
        remediesIn("testdata/rules/unreachable-pod-index/jobset.yaml", "unreachable-pod-index");
    INFO(titles(remedies));
    REQUIRE(remedies.count("Set replicas of replicated job workers: 4 on JobSet trainer"));
    CHECK(remedies["Set replicas of replicated job workers: 4 on JobSet trainer"].replaced == "3");
    REQUIRE(remedies.count("Set completions of replicated job workers: 3 on JobSet trainer"));
    CHECK(remedies["Set completions of replicated job workers: 3 on JobSet trainer"].replaced ==
          "2");
}

TEST_CASE("unreachable-pod-index advice stays within the pods the other requirements select",
          "[remedies]") {
    // job-name picks one Job of the replicated job: its job-index is 0 whatever the JobSet's
    // size, so the help selects 0 and offers no edit of the JobSet.
    const std::string fixture = "testdata/rules/unreachable-pod-index/jobset.yaml";
    InProcess result = lintText(readText(sourcePath(fixture)), fixture);
    const Diagnostic* found = nullptr;
    for (const Diagnostic& diagnostic : result.diagnostics)
        if (diagnostic.rule == "unreachable-pod-index" && diagnostic.object &&
            diagnostic.object->name == "workers-job0-index1")
            found = &diagnostic;
    REQUIRE(found);
    CHECK(found->help == "select \"0\"");
    REQUIRE(found->remedies.size() == 1);
    CHECK(found->remedies.front().title == "Select \"0\"");
}

TEST_CASE("unreachable-pod-index remedies edit a LeaderWorkerSet's size and a "
          "DisaggregatedSet's roles",
          "[remedies]") {
    auto lws = remediesIn("testdata/rules/unreachable-pod-index/leaderworkerset.yaml",
                          "unreachable-pod-index");
    INFO(titles(lws));
    REQUIRE(lws.count("Set spec.leaderWorkerTemplate.size: 5 on LeaderWorkerSet llm"));
    CHECK(lws["Set spec.leaderWorkerTemplate.size: 5 on LeaderWorkerSet llm"].replaced == "4");
    REQUIRE(lws.count("Set spec.replicas: 3 on LeaderWorkerSet llm"));
    CHECK(lws["Set spec.replicas: 3 on LeaderWorkerSet llm"].replaced == "2");

    auto disaggregated = remediesIn("testdata/rules/unreachable-pod-index/disaggregatedset.yaml",
                                    "unreachable-pod-index");
    INFO(titles(disaggregated));
    REQUIRE(disaggregated.count("Set spec.replicas of role decode: 4 on DisaggregatedSet llm"));
    CHECK(disaggregated["Set spec.replicas of role decode: 4 on DisaggregatedSet llm"].replaced ==
          "3");
    REQUIRE(disaggregated.count(
        "Set leaderWorkerTemplate.size of role prefill: 3 on DisaggregatedSet llm"));
    CHECK(disaggregated["Set leaderWorkerTemplate.size of role prefill: 3 on DisaggregatedSet llm"]
              .replaced == "2");
}

TEST_CASE("overlapping-ordinals and pdb-blocks-drain remedies", "[remedies]") {
    auto overlapping =
        remediesIn("testdata/rules/overlapping-ordinals/migration.yaml", "overlapping-ordinals");
    INFO(titles(overlapping));
    CHECK(overlapping.size() >= 1);
    for (const auto& [title, remedy] : overlapping)
        CHECK((title.starts_with("Set spec.ordinals.start: ") ||
               title.starts_with("Set spec.replicas: ")));

    auto budgets = remediesIn("testdata/rules/pdb-blocks-drain/blocking.yaml", "pdb-blocks-drain");
    INFO(titles(budgets));
    REQUIRE(budgets.count("Use maxUnavailable: 1"));
    CHECK(budgets["Use maxUnavailable: 1"].newText == "maxUnavailable: 1");
    CHECK((budgets["Use maxUnavailable: 1"].replaced.starts_with("minAvailable:") ||
           budgets["Use maxUnavailable: 1"].replaced.starts_with("maxUnavailable:")));
}
