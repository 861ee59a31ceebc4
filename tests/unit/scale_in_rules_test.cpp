// Messages of the scale-in rules: what they say depends on numbers the fixtures' line
// expectations do not show (the zone count and its source, the rounded-up budget).
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ordlint;
using namespace ordlint::test;

namespace {

const Diagnostic& only(const InProcess& result, std::string_view rule) {
    auto count = std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                               [&](const Diagnostic& d) { return d.rule == rule; });
    REQUIRE(count == 1);
    return *std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                         [&](const Diagnostic& d) { return d.rule == rule; });
}

std::string spreadStatefulSet(const std::string& nodeAffinity, int minReplicas, int maxReplicas) {
    return R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: es}
spec:
  serviceName: es
  selector: {matchLabels: {app: es}}
  template:
    metadata: {labels: {app: es}}
    spec:
)" + nodeAffinity +
           R"(
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}
      containers: [{name: es, image: es}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: es}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: es}
  minReplicas: )" +
           std::to_string(minReplicas) + "\n  maxReplicas: " + std::to_string(maxReplicas) + "\n";
}

} // namespace

TEST_CASE("zone-fragile-scale-in: certainty and split follow the zone count", "[rules]") {
    LintSettings settings;
    auto result = lintText(spreadStatefulSet("", 2, 9), "test.yaml", settings);
    const Diagnostic& d = only(result, "zone-fragile-scale-in");
    CHECK_THAT(d.message, Catch::Contains("down to 2 replicas (2..9)"));
    CHECK_THAT(d.message, Catch::Contains("fewer than the 3 zones (--zones), a zone is certainly"));
    CHECK_THAT(d.help, Catch::Contains("zone 1: ordinals.start: 0 (ordinals 0..2)"));
    CHECK_THAT(d.help, Catch::Contains("zone 3: ordinals.start: 6 (ordinals 6..8)"));

    settings.zones = 2;
    auto two = lintText(spreadStatefulSet("", 2, 9), "test.yaml", settings);
    CHECK_THAT(only(two, "zone-fragile-scale-in").message,
               Catch::Contains("not below the 2 zones (--zones)"));
    CHECK_THAT(only(two, "zone-fragile-scale-in").help,
               Catch::Contains("zone 2: ordinals.start: 5 (ordinals 5..9)"));

    std::string affinity = R"(      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: topology.kubernetes.io/zone, operator: In, values: [z-a, z-b, z-c, z-d]})";
    auto named = lintText(spreadStatefulSet(affinity, 3, 8), "test.yaml", {});
    const Diagnostic& n = only(named, "zone-fragile-scale-in");
    CHECK_THAT(n.message, Catch::Contains("fewer than the 4 zones (named in node affinity)"));
    CHECK_THAT(n.help, Catch::Contains("z-d: ordinals.start: 6 (ordinals 6..7)"));

    std::string pinned = R"(      nodeSelector: {topology.kubernetes.io/zone: z-a})";
    auto clean = lintText(spreadStatefulSet(pinned, 1, 9), "test.yaml", {});
    CHECK(std::none_of(
        clean.diagnostics.begin(), clean.diagnostics.end(),
        [](const Diagnostic& finding) { return finding.rule == "zone-fragile-scale-in"; }));
}

TEST_CASE("pdb-blocks-drain: percentages round up and replicas add up", "[rules]") {
    auto pdb = [](const std::string& budget, const std::string& selector) {
        return R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: a}
spec:
  replicas: 3
  serviceName: a
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a, tier: t}}
    spec: {containers: [{name: a, image: a}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b}
spec:
  replicas: 2
  selector: {matchLabels: {app: b}}
  template:
    metadata: {labels: {app: b, tier: t}}
    spec: {containers: [{name: b, image: b}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: p}
spec:
  )" + budget + "\n  selector: {matchLabels: {" +
               selector + "}}\n";
    };
    auto fires = [&](const std::string& budget, const std::string& selector) {
        auto result = lintText(pdb(budget, selector));
        return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                           [](const Diagnostic& d) { return d.rule == "pdb-blocks-drain"; });
    };
    CHECK(fires("minAvailable: 67%", "app: a"));       // ceil(2.01) = 3 of 3
    CHECK_FALSE(fires("minAvailable: 66%", "app: a")); // ceil(1.98) = 2 of 3
    CHECK(fires("minAvailable: 5", "tier: t"));        // 3 + 2 pods
    CHECK_FALSE(fires("minAvailable: 4", "tier: t"));
    CHECK(fires("minAvailable: 81%", "tier: t")); // ceil(4.05) = 5 of 5
    CHECK(fires("maxUnavailable: 0", "tier: t"));
    CHECK_FALSE(fires("maxUnavailable: 1%", "tier: t"));
    CHECK_FALSE(fires("maxUnavailable: 0", "app: nothing"));
}
