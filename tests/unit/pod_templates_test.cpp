#include "pod_templates.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;
using namespace ordlint::test;

TEST_CASE("pod templates are found in every workload kind", "[pod-templates]") {
    InProcess r = lintText(R"(apiVersion: v1
kind: Pod
metadata: {name: p, labels: {a: b}}
spec: {containers: [{name: c, image: x}], initContainers: [{name: i, image: x}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: Never, containers: [{name: c, image: x}]}
---
apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: lws}
spec:
  leaderWorkerTemplate:
    size: 3
    workerTemplate:
      metadata: {labels: {role: any}}
      spec: {containers: [{name: w, image: x}]}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: js}
spec:
  replicatedJobs:
    - name: driver
      template: {spec: {template: {spec: {containers: [{name: d, image: x}]}}}}
    - name: workers
      replicas: 2
      template: {spec: {completionMode: Indexed, completions: 4, template: {spec: {containers: [{name: w, image: x}]}}}}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r}
spec:
  template:
    spec: {containers: [{name: c, image: x}]}
)");
    const auto& objects = r.workspace.objects;
    REQUIRE(objects.size() == 5);

    auto pod = podTemplatesOf(objects[0]);
    REQUIRE(pod.size() == 1);
    CHECK(pod[0].kind == WorkloadKind::Pod);
    auto containers = containersOf(pod[0].spec);
    REQUIRE(containers.size() == 2);
    CHECK(containers[1].kind == ContainerKind::InitContainer);
    CHECK(containers[1].name == "i");

    auto cron = podTemplatesOf(objects[1]);
    REQUIRE(cron.size() == 1);
    CHECK(cron[0].jobSpec != nullptr);
    CHECK(containersOf(cron[0].spec).size() == 1);

    auto lws = podTemplatesOf(objects[2]);
    REQUIRE(lws.size() == 2);
    CHECK(lws[0].role == "leader");
    CHECK(lws[0].spec == lws[1].spec); // no leaderTemplate: leaders use the worker template
    CHECK(lws[1].metadata->at({"labels", "role"})->value() == "any");

    auto jobset = podTemplatesOf(objects[3]);
    REQUIRE(jobset.size() == 2);
    CHECK(jobset[1].role == "workers");
    CHECK(jobset[1].replicatedJobIndex == 1);
    CHECK(jobset[1].jobSpec->get("completions")->integer() == 4);

    auto rollout = podTemplatesOf(objects[4]);
    REQUIRE(rollout.size() == 1);
    CHECK(rollout[0].kind == WorkloadKind::Unknown);
}
