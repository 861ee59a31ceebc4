// The pod model of a DisaggregatedSet: one LeaderWorkerSet per slice and role, with the names
// and labels its controller gives them (kubernetes-sigs/lws pkg/utils/disaggregatedset).
#include "pod_model.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;
using namespace ordlint::test;

namespace {

constexpr const char* kDisaggregatedSet = R"(apiVersion: disaggregatedset.x-k8s.io/v1
kind: DisaggregatedSet
metadata: {name: llm, namespace: serving}
spec:
  slices: 3
  roles:
    - name: prefill
      spec:
        replicas: 2
        leaderWorkerTemplate:
          size: 4
          leaderTemplate:
            metadata: {labels: {app: mine, tier: lead}}
            spec: {containers: [{name: c, image: x}]}
          workerTemplate:
            metadata: {labels: {tier: work}}
            spec: {containers: [{name: c, image: x}]}
    - name: decode
      scaling: {mode: External}
      spec:
        leaderWorkerTemplate:
          workerTemplate: {spec: {containers: [{name: c, image: x}]}}
)";

} // namespace

TEST_CASE("a DisaggregatedSet's pods are its LeaderWorkerSets' pods", "[pod-model]") {
    LintSettings settings;
    InProcess loaded = lintText(kDisaggregatedSet, "test.yaml", settings);
    PodModel model = PodModel::build(loaded.workspace, settings);
    REQUIRE(model.workloads().size() == 1);
    const Workload& set = model.workloads().front();
    CHECK(set.kind == WorkloadKind::DisaggregatedSet);
    CHECK_FALSE(set.unknownProducer);
    // prefill: leader and worker classes; decode (size 1): leaders only.
    REQUIRE(set.pods.size() == 3);
    const PodClass& leader = set.pods[0];
    CHECK(leader.role == "prefill leader");
    CHECK(set.pods[1].role == "prefill worker");
    CHECK(set.pods[2].role == "decode leader");
    REQUIRE(leader.variables.size() == 2);
    CHECK(leader.variables[0].name == "slice");
    CHECK(leader.variables[0].range.hi == 2);
    CHECK(leader.variables[1].range.hi == 1);                   // replicas 2
    CHECK(set.pods[1].variables[2].range.describe() == "1..3"); // size 4
    CHECK(set.pods[2].variables[1].range.hi >= kUnbounded / 2); // External scaling: unknown

    auto selects = [&](std::vector<std::pair<std::string, std::string>> labels) {
        return !model
                    .select(selectorOf("serving", std::move(labels)),
                            [](const Requirement&) { return true; })
                    .empty();
    };
    // The controller's app label replaces the template's (mergeLabels: its labels win).
    CHECK(selects({{"app", "llm-2-prefill"}, {"tier", "lead"}}));
    CHECK_FALSE(selects({{"app", "mine"}}));
    CHECK_FALSE(selects({{"app", "llm-3-prefill"}}));
    CHECK(selects({{"disaggregatedset.x-k8s.io/role", "decode"},
                   {"disaggregatedset.x-k8s.io/slice", "1"},
                   {"disaggregatedset.x-k8s.io/name", "llm"}}));
    CHECK(selects({{"leaderworkerset.sigs.k8s.io/worker-index", "3"}, {"tier", "work"}}));
    CHECK_FALSE(selects({{"leaderworkerset.sigs.k8s.io/worker-index", "4"}}));
    CHECK_FALSE(selects({{"leaderworkerset.sigs.k8s.io/group-index", "2"}, {"tier", "lead"}}));
    // The LeaderWorkerSets' names hold the revision hash: known only up to the prefix.
    CHECK(selects({{"leaderworkerset.sigs.k8s.io/name", "llm-0-1a2b3c4d-prefill"}}));
    CHECK_FALSE(selects({{"leaderworkerset.sigs.k8s.io/name", "other-0-1a2b3c4d-prefill"}}));
}
