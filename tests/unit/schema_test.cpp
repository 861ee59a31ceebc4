// Schema validation in-process: typing through the YAML adapter, error mapping, and that every
// bundled schema compiles and validates.
#include "api_catalog.hpp"
#include "loader.hpp"
#include "run_kinds.hpp"
#include "schema_descriptions.hpp"
#include "schema_json.hpp"
#include "schema_store.hpp"
#include "schema_validation.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace ordlint;
using namespace ordlint::test;

namespace {

std::vector<std::string> findingsOf(const InProcess& result, const std::string& rule) {
    std::vector<std::string> messages;
    for (const Diagnostic& diagnostic : result.diagnostics)
        if (diagnostic.rule == rule) messages.push_back(diagnostic.message);
    return messages;
}

std::string service(const std::string& selectorValue) {
    return "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector:\n"
           "    apps.kubernetes.io/pod-index: " +
           selectorValue + "\n  ports: [{port: 80}]\n";
}

} // namespace

TEST_CASE("every bundled release's kinds compile and validate a sample", "[schema]") {
    const std::vector<KubeVersion>& releases = bundledKubernetesReleases();
    REQUIRE(releases.size() == 9);
    CHECK(releases.front() == KubeVersion{1, 28});
    CHECK(releases.back() == KubeVersion{1, 36});
    // The default target is the newest bundled release.
    CHECK(KubeVersion{} == releases.back());
    for (KubeVersion release : releases)
        DYNAMIC_SECTION("Kubernetes " << releaseName(release)) {
            std::vector<std::string> served;
            for (const std::string& key : bundledSchemaKinds()) {
                auto slash = key.rfind('/');
                if (ApiCatalog::bundled()
                        .status(key.substr(0, slash), key.substr(slash + 1), release)
                        .state == ApiState::Served)
                    served.push_back(key);
            }
            REQUIRE(served.size() > 200);
            std::string text;
            for (const std::string& key : served) {
                auto slash = key.rfind('/');
                text += fmt::format(
                    "---\napiVersion: {}\nkind: {}\nmetadata: {{name: a}}\nnotAField: 1\n",
                    key.substr(0, slash), key.substr(slash + 1));
            }
            // A sample that every release validates the same way.
            text += "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  "
                    "replicas: "
                    "\"3\"\n"
                    "  selector: {matchLabels: {app: s}}\n  template:\n    metadata: {labels: "
                    "{app: s}}\n"
                    "    spec: {containers: [{name: s, image: nginx}]}\n";
            LintSettings settings;
            settings.kubeVersion = release;
            InProcess result = lintText(text, "test.yaml", settings);
            // The root of every kind is closed, so each object yields an unknown-field finding for
            // notAField: a kind without it would be a schema that failed to compile and validated
            // nothing.
            std::vector<std::string> unknown = findingsOf(result, "unknown-field");
            CHECK(std::count_if(unknown.begin(), unknown.end(), [](const std::string& message) {
                      return message.rfind("notAField:", 0) == 0;
                  }) == static_cast<std::ptrdiff_t>(served.size()));
            std::vector<std::string> schema = findingsOf(result, "schema");
            CHECK(std::count(schema.begin(), schema.end(),
                             "spec.replicas: expected integer, got string \"3\"") == 1);
        }
}

TEST_CASE(
    "a definition identical across releases is stored once, and variants follow their release",
    "[schema]") {
    // PodSpec changed in most releases; ObjectMeta did not change from 1.28 to 1.36.
    std::string_view meta128 =
        bundledDefinitionText("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", {1, 28});
    std::string_view meta136 =
        bundledDefinitionText("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", {1, 36});
    REQUIRE(!meta128.empty());
    CHECK(meta128.data() == meta136.data());
    std::string_view pod128 = bundledDefinitionText("io.k8s.api.core.v1.PodSpec", {1, 28});
    std::string_view pod136 = bundledDefinitionText("io.k8s.api.core.v1.PodSpec", {1, 36});
    CHECK(pod128 != pod136);
    CHECK(pod128.find("\"resourceClaims\"") != std::string_view::npos);
    CHECK(pod128.find("\"hostnameOverride\"") == std::string_view::npos); // added in 1.34
    CHECK(pod136.find("\"hostnameOverride\"") != std::string_view::npos);
    CHECK(bundledDefinitionText("io.k8s.api.core.v1.PodSpec", {1, 27}).empty());
    // 1.25 to 1.27 use the 1.28 schemas.
    CHECK(schemaReleaseFor({1, 25}) == KubeVersion{1, 28});
    CHECK(schemaReleaseFor({1, 31}) == KubeVersion{1, 31});
}

TEST_CASE("a field added in a later release is unknown to an earlier one", "[schema]") {
    std::string pod =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostnameOverride: db\n"
        "  containers: [{name: c, image: nginx}]\n";
    LintSettings old;
    old.kubeVersion = {1, 33};
    CHECK(findingsOf(lintText(pod, "test.yaml", old), "unknown-field").size() == 1);
    CHECK(findingsOf(lintText(pod), "unknown-field").empty());
}

TEST_CASE("required fields the API server defaults are not findings", "[schema]") {
    std::string binding =
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
        "roleRef: {kind: Role, name: reader}\nsubjects: [{kind: User, name: jane}]\n";
    for (KubeVersion release : bundledKubernetesReleases()) {
        LintSettings settings;
        settings.kubeVersion = release;
        INFO("Kubernetes " << releaseName(release));
        CHECK(findingsOf(lintText(binding, "test.yaml", settings), "schema").empty());
    }
    // kind and name stay required.
    CHECK(
        findingsOf(
            lintText(
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
                "roleRef: {apiGroup: rbac.authorization.k8s.io, name: reader}\n"),
            "schema") == std::vector<std::string>{"roleRef: missing required field \"kind\""});
}

TEST_CASE("CustomResourceDefinitions are validated, the large bundled ones within a time budget",
          "[schema]") {
    std::string crd =
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
        "metadata: {name: caches.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n"
        "  names: {kind: Cache, plural: caches}\n  versions:\n    - name: v1\n      served: yes\n"
        "      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n"
        "          properties:\n            spec:\n              type: object\n"
        "              properties:\n                size: {type: integer, minimun: 1}\n";
    InProcess result = lintText(crd);
    std::vector<std::string> unknown = findingsOf(result, "unknown-field");
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].rfind(
              "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.minimun:",
              0) == 0);
    std::string lwsPath =
        sourcePath("../shared/crds/leaderworkerset.x-k8s.io_leaderworkersets.yaml");
    if (!std::filesystem::exists(lwsPath)) {
        WARN("skipped the 1.3 MB LWS CRD: " << lwsPath << " is not beside the project");
        return;
    }
    std::string lws = readText(lwsPath);
    auto start = std::chrono::steady_clock::now();
    InProcess big = lintText(lws, "lws.yaml");
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    CHECK(findingsOf(big, "schema").empty());
    CHECK(findingsOf(big, "unknown-field").empty());
    CHECK(elapsed.count() < 2000); // typically well under 200 ms
}

TEST_CASE("YAML 1.1 scalar typing decides string versus integer", "[schema]") {
    CHECK(findingsOf(lintText(service("\"0\"")), "schema").empty());
    CHECK(findingsOf(lintText(service("'0'")), "schema").empty());
    CHECK(findingsOf(lintText(service("web-0")), "schema").empty());
    CHECK(findingsOf(lintText(service("0")), "schema") ==
          std::vector<std::string>{"spec.selector.apps.kubernetes.io/pod-index: expected a string, "
                                   "got integer 0 (quote it: \"0\")"});
    CHECK(findingsOf(lintText(service("on")), "schema").size() == 1);
    CHECK(findingsOf(lintText(service("1.5")), "schema").size() == 1);
    CHECK(findingsOf(lintText(service("!!str 7")), "schema").empty());
}

TEST_CASE("one root cause gives one finding", "[schema]") {
    // int-or-string and quantities: one message, not one per alternative.
    InProcess result = lintText("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n"
                                "  ports: [{port: 80, targetPort: {name: http}}]\n");
    CHECK(findingsOf(result, "schema") ==
          std::vector<std::string>{
              "spec.ports[0].targetPort: expected integer or string, got a mapping"});
    result = lintText("apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits:\n"
                      "    - type: Container\n      max: {memory: 2 GiB}\n");
    CHECK(findingsOf(result, "schema") ==
          std::vector<std::string>{"spec.limits[0].max.memory: \"2 GiB\" is not a valid quantity"});
}

TEST_CASE("findings point at the offending node", "[schema]") {
    InProcess result =
        lintText("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
                 "  replicas: \"3\"\n  selector: {matchLabels: {app: d}}\n  template:\n"
                 "    metadata: {labels: {app: d}}\n    spec:\n      containers:\n"
                 "        - image: nginx\n          imagePullPolicy: Sometimes\n"
                 "          ports: [{containerPort: 80, protocol: tcp}]\n");
    std::map<std::string, Position> at;
    for (const Diagnostic& diagnostic : result.diagnostics)
        at[diagnostic.message] = diagnostic.range.file->position(diagnostic.range.begin);
    REQUIRE(at.count("spec.replicas: expected integer, got string \"3\""));
    CHECK(at["spec.replicas: expected integer, got string \"3\""].line == 5);
    CHECK(at["spec.replicas: expected integer, got string \"3\""].column == 13);
    // A missing field: the first key of the sequence item that lacks it.
    REQUIRE(at.count("spec.template.spec.containers[0]: missing required field \"name\""));
    CHECK(at["spec.template.spec.containers[0]: missing required field \"name\""].line == 11);
    CHECK(at.count(
        "spec.template.spec.containers[0].imagePullPolicy: \"Sometimes\" is not an allowed value "
        "(one of: Always, IfNotPresent, Never)"));
    CHECK(at.count(
        "spec.template.spec.containers[0].ports[0].protocol: \"tcp\" is not an allowed value "
        "(one of: SCTP, TCP, UDP)"));
}

TEST_CASE("unknown fields get a suggestion", "[schema]") {
    InProcess result =
        lintText("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n"
                 "  serviceName: s\n  ordinal: {start: 1}\n  selector: {matchLabels: {app: s}}\n"
                 "  template:\n    metadata: {labels: {app: s}}\n    spec:\n"
                 "      containers: [{name: c, image: i, containerPort: 80}]\n");
    std::vector<std::string> help;
    for (const Diagnostic& diagnostic : result.diagnostics)
        if (diagnostic.rule == "unknown-field") help.push_back(diagnostic.help);
    CHECK(help == std::vector<std::string>{
                      "did you mean \"ordinals\"?",
                      "\"containerPort\" belongs inside \"ports\" (one per list entry): did "
                      "you mean ports[].containerPort?"});
}

TEST_CASE("CRD schemas: int-or-string, preserve-unknown-fields, defaulted required fields",
          "[schema]") {
    nlohmann::json crd = nlohmann::json::parse(R"({
      "kind": "CustomResourceDefinition",
      "spec": {"group": "example.com", "names": {"kind": "Thing"},
        "versions": [{"name": "v1", "served": true, "schema": {"openAPIV3Schema": {
          "type": "object",
          "properties": {"spec": {"type": "object", "required": ["port", "mode"],
            "properties": {
              "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
              "mode": {"type": "string", "default": "fast"},
              "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}}}}}]}})");
    std::vector<CrdVersionSchema> schemas = crdSchemas(crd, "");
    REQUIRE(schemas.size() == 1);
    CHECK(schemas[0].apiVersion == "example.com/v1");
    const nlohmann::json& spec = schemas[0].schema["properties"]["spec"];
    CHECK(spec["properties"]["port"]["type"] == nlohmann::json({"integer", "null", "string"}));
    CHECK_FALSE(spec["properties"]["port"].contains("anyOf"));
    CHECK(spec["required"] == nlohmann::json({"port"}));
    CHECK_FALSE(spec["properties"]["free"].contains("additionalProperties"));
    CHECK(spec["additionalProperties"].contains(kUnknownFieldMarker));
}

namespace {

// A CRD for monitoring.coreos.com/v1 PodMonitor whose spec takes anything.
std::string openPodMonitorCrd(const std::string& name) {
    return "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
           "metadata: {name: " +
           name +
           "}\nspec:\n  group: monitoring.coreos.com\n  scope: Namespaced\n"
           "  names: {kind: PodMonitor, plural: podmonitors}\n  versions:\n    - name: v1\n"
           "      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n"
           "          type: object\n          properties:\n            spec:\n"
           "              type: object\n              x-kubernetes-preserve-unknown-fields: true\n";
}

} // namespace

TEST_CASE("bundled CRDs validate their kinds unless the input or --schema-dir defines them",
          "[schema]") {
    // One kind of each bundled CRD set: spec is closed in each, so a field it lacks is
    // reported (a kind whose CRD were not bundled would not be validated at all).
    const std::vector<std::string> bundled = {
        "leaderworkerset.x-k8s.io/v1 LeaderWorkerSet",
        "disaggregatedset.x-k8s.io/v1 DisaggregatedSet",
        "jobset.x-k8s.io/v1alpha2 JobSet",
        "keda.sh/v1alpha1 ScaledObject",
        "keda.sh/v1alpha1 ScaledJob",
        "monitoring.coreos.com/v1 PodMonitor",
        "monitoring.coreos.com/v1 ServiceMonitor",
        "chaos-mesh.org/v1alpha1 PodChaos",
        "chaos-mesh.org/v1alpha1 NetworkChaos",
    };
    for (const std::string& kind : bundled) {
        INFO(kind);
        auto space = kind.find(' ');
        std::string object =
            fmt::format("apiVersion: {}\nkind: {}\nmetadata: {{name: a}}\nspec:\n  notAField: 1\n",
                        kind.substr(0, space), kind.substr(space + 1));
        std::vector<std::string> unknown = findingsOf(lintText(object), "unknown-field");
        REQUIRE(unknown.size() == 1);
        CHECK(unknown[0].rfind("spec.notAField:", 0) == 0);
    }
    std::string podMonitor = "apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\n"
                             "metadata: {name: a}\nspec:\n  notAField: 1\n";
    // A CRD of the input wins over the bundled one, wherever it is in the input.
    CHECK(findingsOf(lintText(podMonitor + "---\n" + openPodMonitorCrd("podmonitors.a")),
                     "unknown-field")
              .empty());
    CHECK(findingsOf(lintText(openPodMonitorCrd("podmonitors.a") + "---\n" + podMonitor),
                     "unknown-field")
              .empty());
    // So does one in --schema-dir.
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("ordlint-schema-dir-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream crd(dir / "podmonitor.yaml");
        crd << openPodMonitorCrd("podmonitors.monitoring.coreos.com");
    }
    LintSettings settings;
    settings.schemaDirs = {dir.string()};
    CHECK(findingsOf(lintText(podMonitor, "test.yaml", settings), "unknown-field").empty());
    std::filesystem::remove_all(dir);
}

TEST_CASE("which of two CRDs of a kind wins does not depend on how their paths are written",
          "[schema]") {
    // a/ sorts before b/ as absolute paths. Named relative to the working directory, b/ would
    // win over an absolute a/ if the strings were compared as given (the CI checkout's absolute
    // path and a shell's relative one once disagreed that way).
    const std::string crd = openPodMonitorCrd("podmonitors.a");
    const std::string absoluteA = (std::filesystem::current_path() / "a" / "crd.yaml").string();
    for (bool absoluteFirst : {true, false}) {
        std::vector<ordlint::InputText> inputs;
        inputs.emplace_back("b/crd.yaml", crd);
        inputs.emplace_back(absoluteA, crd);
        if (absoluteFirst) std::swap(inputs[0], inputs[1]);
        ordlint::Workspace workspace = ordlint::loadWorkspace(std::move(inputs), {});
        ordlint::RunKinds run = ordlint::RunKinds::of(workspace, {});
        auto crds = run.crdsFor("monitoring.coreos.com", "PodMonitor");
        REQUIRE(crds.size() == 2);
        CHECK(crds[0]->object->file().path() == absoluteA);
    }
}

TEST_CASE("field descriptions come from the target release and from bundled CRDs", "[schema]") {
    auto described = [](std::string_view definition, std::vector<std::string> steps,
                        KubeVersion release) {
        return bundledFieldDescription(definition, steps, release).value_or("");
    };
    const std::string statefulSet = "io.k8s.api.apps.v1.StatefulSet";
    CHECK(described(statefulSet, {"spec", "serviceName"}, {1, 36})
              .starts_with("serviceName is the name of the service that governs this "
                           "StatefulSet."));
    // StatefulSetStartOrdinal was a feature gate until 1.31: the description says so for 1.28.
    CHECK(described(statefulSet, {"spec", "ordinals"}, {1, 28}).find("StatefulSetStartOrdinal") !=
          std::string::npos);
    CHECK(described(statefulSet, {"spec", "ordinals"}, {1, 36}).find("StatefulSetStartOrdinal") ==
          std::string::npos);
    // Through list items and references: the pod template's containers.
    CHECK(described(statefulSet, {"spec", "template", "spec", "containers", "[]", "image"}, {1, 34})
              .starts_with("Container image name."));
    // Map values: a label's value has no description of its own, the labels field has.
    CHECK(
        described(statefulSet, {"metadata", "labels"}, {1, 34}).starts_with("Map of string keys"));
    CHECK_FALSE(bundledFieldDescription(statefulSet, {"spec", "noSuchField"}, {1, 34}));
    CHECK_FALSE(bundledFieldDescription("no.such.Definition", {"spec"}, {1, 34}));

    // A bundled CRD: the same for every release; its metadata is ObjectMeta's.
    const std::string lws = "leaderworkerset-leaderworkerset.x-k8s.io-v1";
    CHECK(described(lws, {"spec", "leaderWorkerTemplate", "size"}, {1, 30})
              .starts_with("size is the number of pods to create. It is the total number of pods "
                           "in each group."));
    CHECK(described(lws, {"metadata", "name"}, {1, 34}).starts_with("Name must be unique"));
    CHECK(described(lws,
                    {"spec", "leaderWorkerTemplate", "workerTemplate", "spec", "containers", "[]",
                     "image"},
                    {1, 34})
              .starts_with("Container image name."));
}
