#include "pod_model.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace ordlint;
using namespace ordlint::test;

namespace {

struct Built {
    InProcess loaded;
    LintSettings settings;
    PodModel model;
};

std::unique_ptr<Built> build(const std::string& text, KubeVersion version = {}) {
    auto built = std::make_unique<Built>();
    built->settings.kubeVersion = version;
    built->loaded = lintText(text, "test.yaml", built->settings);
    built->model = PodModel::build(built->loaded.workspace, built->settings);
    return built;
}

const Workload& workloadNamed(const PodModel& model, std::string_view name) {
    for (const Workload& workload : model.workloads())
        if (workload.object->name == name) return workload;
    FAIL("no workload " << name);
    throw;
}

bool selects(const PodModel& model, const PodSelector& selector) {
    return !model.select(selector, [](const Requirement&) { return true; }).empty();
}

constexpr const char* kStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  replicas: 1000000
  ordinals: {start: 5}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}, annotations: {note: x}}
    spec: {containers: [{name: db, image: x}]}
)";

} // namespace

TEST_CASE("a StatefulSet's pods carry ordinals as ranges, whatever the replica count",
          "[pod-model]") {
    auto built = build(kStatefulSet);
    const Workload& db = workloadNamed(built->model, "db");
    CHECK(db.ordinals.lo == 5);
    CHECK(db.ordinals.hi == 1000004);
    REQUIRE(db.pods.size() == 1);
    const PodClass& pod = db.pods[0];
    CHECK(pod.carriesLabel("app") == Presence::Yes);
    CHECK(pod.carriesLabel("controller-revision-hash") == Presence::Yes);
    CHECK(pod.carriesLabel("apps.kubernetes.io/pod-index") == Presence::Yes);
    CHECK(pod.carriesLabel("pod-template-hash") == Presence::No);
    CHECK(pod.carriesAnnotation("note") == Presence::Yes);
    CHECK(pod.describeValues("statefulset.kubernetes.io/pod-name") == "db-5..db-1000004");

    CHECK(selects(built->model, selectorOf("data", {{"app", "db"},
                                                    {"apps.kubernetes.io/pod-index", "1000004"}})));
    CHECK_FALSE(
        selects(built->model,
                selectorOf("data", {{"app", "db"}, {"apps.kubernetes.io/pod-index", "1000005"}})));
    CHECK_FALSE(selects(built->model, selectorOf("data", {{"apps.kubernetes.io/pod-index", "4"}})));
    CHECK_FALSE(
        selects(built->model, selectorOf("data", {{"apps.kubernetes.io/pod-index", "05"}})));
    CHECK(selects(built->model,
                  selectorOf("data", {{"statefulset.kubernetes.io/pod-name", "db-77"}})));
    CHECK_FALSE(selects(built->model,
                        selectorOf("data", {{"statefulset.kubernetes.io/pod-name", "db-077"}})));
    // Index requirements must hold for one pod.
    CHECK_FALSE(selects(built->model,
                        selectorOf("data", {{"apps.kubernetes.io/pod-index", "6"},
                                            {"statefulset.kubernetes.io/pod-name", "db-7"}})));
    // Other namespaces see nothing.
    CHECK_FALSE(selects(built->model, selectorOf("default", {{"app", "db"}})));
}

TEST_CASE("matching a huge StatefulSet costs what a small one does", "[pod-model]") {
    auto start = std::chrono::steady_clock::now();
    auto built = build(kStatefulSet);
    for (int i = 0; i < 1000; ++i)
        CHECK(selects(
            built->model,
            selectorOf("data", {{"app", "db"}, {"apps.kubernetes.io/pod-index", "999999"}})));
    // Generous bound: expanding 10^6 pods 1000 times would take minutes.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("the target Kubernetes version gates the pod-index label and spec.ordinals",
          "[pod-model]") {
    auto v127 = build(kStatefulSet, {1, 27});
    const Workload& db127 = workloadNamed(v127->model, "db");
    CHECK(db127.ordinals.lo == 5);
    CHECK(db127.pods[0].carriesLabel("apps.kubernetes.io/pod-index") == Presence::No);
    auto v126 = build(kStatefulSet, {1, 26});
    const Workload& db126 = workloadNamed(v126->model, "db");
    CHECK(db126.ordinals.lo == 0);
    CHECK(db126.ordinalsIgnored);
}

TEST_CASE("matchExpressions In, NotIn, Exists and DoesNotExist narrow the ordinals",
          "[pod-model]") {
    auto built = build(R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: x}]}
)");
    const PodClass& pod = workloadNamed(built->model, "web").pods[0];
    auto requirement = [](std::string key, SelectorOperator op, std::vector<std::string> values) {
        Requirement r;
        r.key = std::move(key);
        r.op = op;
        r.values = std::move(values);
        return r;
    };
    Requirement notFirstTwo =
        requirement("apps.kubernetes.io/pod-index", SelectorOperator::NotIn, {"0", "1"});
    Region region = satisfying(pod, {&notFirstTwo});
    REQUIRE(region.size() == 1);
    CHECK(region[0][0].lo == 2);
    CHECK(region[0][0].hi == 2);
    Requirement notAny =
        requirement("apps.kubernetes.io/pod-index", SelectorOperator::NotIn, {"0", "1", "2"});
    CHECK(satisfying(pod, {&notAny}).empty());
    Requirement middle =
        requirement("statefulset.kubernetes.io/pod-name", SelectorOperator::In, {"web-1", "web-9"});
    region = satisfying(pod, {&middle});
    REQUIRE(region.size() == 1);
    CHECK(region[0][0].lo == 1);
    Requirement exists = requirement("controller-revision-hash", SelectorOperator::Exists, {});
    Requirement absent = requirement("app", SelectorOperator::DoesNotExist, {});
    Requirement otherAbsent = requirement("tier", SelectorOperator::DoesNotExist, {});
    CHECK_FALSE(satisfying(pod, {&exists, &otherAbsent}).empty());
    CHECK(satisfying(pod, {&absent}).empty());
    Requirement anyHash =
        requirement("controller-revision-hash", SelectorOperator::In, {"web-6d4b"});
    CHECK_FALSE(satisfying(pod, {&anyHash}).empty());
}

TEST_CASE("HPA and KEDA widen replica ranges", "[pod-model]") {
    auto built = build(R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: x}]}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {kind: StatefulSet, name: web}
  minReplicas: 2
  maxReplicas: 7
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template: {metadata: {labels: {app: api}}, spec: {containers: [{name: api, image: x}]}}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: api}
spec:
  scaleTargetRef: {name: api}
  maxReplicaCount: 30
)");
    const Workload& web = workloadNamed(built->model, "web");
    CHECK(web.replicas->lo == 2);
    CHECK(web.replicas->hi == 7);
    CHECK(web.ordinals.hi == 6);
    REQUIRE(web.autoscaler);
    const Workload& api = workloadNamed(built->model, "api");
    CHECK(api.replicas->lo == 0);
    CHECK(api.replicas->hi == 30);
    CHECK(api.pods[0].carriesLabel("pod-template-hash") == Presence::Yes);
}

TEST_CASE("LeaderWorkerSet and JobSet pods carry their controllers' indexes", "[pod-model]") {
    auto built = build(R"(apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: lws}
spec:
  replicas: 3
  leaderWorkerTemplate:
    size: 4
    workerTemplate:
      metadata: {labels: {app: lws}}
      spec: {containers: [{name: w, image: x}]}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: js}
spec:
  replicatedJobs:
    - name: driver
      template: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: d, image: x}]}}}}
    - name: workers
      replicas: 4
      template: {spec: {completions: 3, parallelism: 3, template: {spec: {restartPolicy: Never, containers: [{name: w, image: x}]}}}}
)");
    const Workload& lws = workloadNamed(built->model, "lws");
    REQUIRE(lws.pods.size() == 2);
    const PodClass& leader = lws.pods[0];
    const PodClass& worker = lws.pods[1];
    CHECK(leader.describeValues("leaderworkerset.sigs.k8s.io/worker-index") == "\"0\"");
    CHECK(leader.describeValues("statefulset.kubernetes.io/pod-name") == "lws-0..lws-2");
    CHECK(worker.describeValues("leaderworkerset.sigs.k8s.io/worker-index") == "1..3");
    CHECK(worker.describeValues("statefulset.kubernetes.io/pod-name") == "lws-{0..2}-{1..3}");
    CHECK(worker.carriesAnnotation("leaderworkerset.sigs.k8s.io/leader-name") == Presence::Yes);
    // Without a leaderTemplate, leaders and workers come from the worker template.
    CHECK(built->model.classesOfTemplate(worker.templateNode).size() == 2);
    CHECK(selects(built->model,
                  selectorOf("default", {{"statefulset.kubernetes.io/pod-name", "lws-2-3"},
                                         {"apps.kubernetes.io/pod-index", "3"},
                                         {"leaderworkerset.sigs.k8s.io/group-index", "2"}})));
    CHECK_FALSE(selects(built->model,
                        selectorOf("default", {{"statefulset.kubernetes.io/pod-name", "lws-2-3"},
                                               {"leaderworkerset.sigs.k8s.io/group-index", "1"}})));

    const Workload& js = workloadNamed(built->model, "js");
    REQUIRE(js.pods.size() == 2);
    const PodClass& workers = js.pods[1];
    CHECK(workers.describeValues("jobset.sigs.k8s.io/job-global-index") == "1..4");
    CHECK(workers.describeValues("job-name") == "js-workers-0..js-workers-3");
    CHECK(workers.describeValues("batch.kubernetes.io/job-completion-index") == "0..2");
    CHECK(workers.describeValues("jobset.sigs.k8s.io/global-replicas") == "\"5\"");
    CHECK(workers.carriesAnnotation("jobset.sigs.k8s.io/job-index") == Presence::Yes);
    CHECK(selects(built->model,
                  selectorOf("default", {{"job-name", "js-workers-2"},
                                         {"jobset.sigs.k8s.io/job-global-index", "3"}})));
    CHECK_FALSE(selects(built->model,
                        selectorOf("default", {{"job-name", "js-workers-2"},
                                               {"jobset.sigs.k8s.io/job-global-index", "2"}})));
}

TEST_CASE("custom kinds are unknown producers", "[pod-model]") {
    auto built = build(R"(apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: api}
spec:
  template: {metadata: {labels: {app: api}}, spec: {containers: [{name: api, image: x}]}}
---
apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: ray}
spec: {headGroupSpec: {}}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: quiet, namespace: other}
spec: {}
)");
    const Workload& rollout = workloadNamed(built->model, "api");
    CHECK(rollout.unknownProducer);
    CHECK(rollout.pods[0].carriesLabel("apps.kubernetes.io/pod-index") == Presence::Unknown);
    CHECK(selects(built->model,
                  selectorOf("default", {{"app", "api"}, {"apps.kubernetes.io/pod-index", "42"}})));
    CHECK_FALSE(selects(built->model, selectorOf("default", {{"app", "web"}})));
    CHECK(workloadNamed(built->model, "ray").unknownProducer);
    CHECK(built->model.unknownProducerInScope(selectorOf("default", {})));
    CHECK_FALSE(built->model.unknownProducerInScope(selectorOf("other", {})));
}

TEST_CASE("pod selectors of every selecting kind, with their namespaces", "[pod-model]") {
    auto built = build(R"(apiVersion: v1
kind: Service
metadata: {name: none}
spec: {ports: [{port: 1}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: x.example.com, selector: {app: x}}
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: a}
spec: {selector: {app: x}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: a}
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: y}}
        - namespaceSelector: {}
          podSelector: {matchLabels: {app: z}}
---
apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata: {name: chaos, namespace: c}
spec:
  selector:
    namespaces: [a, b]
    expressionSelectors: [{key: app, operator: NotIn, values: [x]}]
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: pm, namespace: m}
spec:
  namespaceSelector: {any: true}
  selector: {matchLabels: {app: x}}
)");
    const auto& selectors = built->model.selectors();
    REQUIRE(selectors.size() == 5);
    CHECK(selectors[0].owner->name == "svc");
    CHECK(selectors[0].namespaces == std::vector<std::string>{"a"});
    CHECK(selectors[1].field == "spec.podSelector");
    CHECK(selectors[1].requirements.empty());
    CHECK(selectors[2].field == "spec.ingress[0].from[0].podSelector");
    CHECK(selectors[3].namespaces == std::vector<std::string>{"a", "b"});
    CHECK(selectors[3].requirements[0].op == SelectorOperator::NotIn);
    CHECK(selectors[4].allNamespaces);
}

TEST_CASE("JobSet group labels count replicas per group", "[pod-model]") {
    // The values of kubernetes-sigs/jobset site/static/examples/simple/group.yaml.
    auto built = build(R"(apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: group-example}
spec:
  replicatedJobs:
    - name: rj-1
      replicas: 1
      template: {spec: {parallelism: 2, completions: 2, template: {spec: {containers: [{name: s, image: x}]}}}}
    - name: rj-2
      groupName: group-b
      replicas: 1
      template: {spec: {parallelism: 2, completions: 2, template: {spec: {containers: [{name: s, image: x}]}}}}
)");
    const Workload& js = workloadNamed(built->model, "group-example");
    REQUIRE(js.pods.size() == 2);
    const PodClass& second = js.pods[1];
    CHECK(js.pods[0].describeValues("jobset.sigs.k8s.io/group-name") == "\"default\"");
    CHECK(second.describeValues("jobset.sigs.k8s.io/group-name") == "\"group-b\"");
    CHECK(second.describeValues("jobset.sigs.k8s.io/group-replicas") == "\"1\"");
    CHECK(second.describeValues("jobset.sigs.k8s.io/job-group-index") == "0");
    CHECK(second.describeValues("jobset.sigs.k8s.io/global-replicas") == "\"2\"");
    CHECK(second.describeValues("jobset.sigs.k8s.io/job-global-index") == "1");
}

TEST_CASE("a --schema-dir CRD decides a custom kind only where the run defines none",
          "[pod-model]") {
    // The run's own CRD of ci.example.com Runner describes no pods; a --schema-dir CRD that
    // says it does ranks below it, so the Runner stays silent. For Builder, which only the
    // --schema-dir knows, the --schema-dir CRD decides.
    auto built = build(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: runners.ci.example.com}
spec:
  group: ci.example.com
  scope: Namespaced
  names: {kind: Runner, plural: runners}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer}}}
---
apiVersion: ci.example.com/v1
kind: Runner
metadata: {name: fleet, namespace: ci}
spec: {size: 2}
---
apiVersion: ci.example.com/v1
kind: Builder
metadata: {name: pool, namespace: ci}
spec: {size: 2}
)");
    CustomKindCatalog catalog = CustomKindCatalog::fromWorkspace(built->loaded.workspace);
    catalog.addFromSchemaDir("ci.example.com", "Runner", true);
    catalog.addFromSchemaDir("ci.example.com", "Builder", true);
    CHECK(catalog.find("ci.example.com", "Runner") == std::optional<std::optional<bool>>(false));
    CHECK(catalog.find("ci.example.com", "Builder") == std::optional<std::optional<bool>>(true));

    PodModel model = PodModel::build(built->loaded.workspace, built->settings, {}, &catalog);
    std::vector<std::string> producers;
    for (const Workload& workload : model.workloads())
        if (workload.unknownProducer) producers.push_back(workload.object->name);
    CHECK(producers == std::vector<std::string>{"pool"});
}
