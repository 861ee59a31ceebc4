// Kustomize bases and patches linted as they are written: what a kustomization of the run adds
// (selector labels) or merges (patches) is not reported missing from the files it completes.
#include "engine.hpp"
#include "loader.hpp"
#include "registry.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace ordlint;

namespace {

constexpr const char* kDeploymentWithoutSelector = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: profile-controller
spec:
  template:
    metadata:
      labels: {app: profile-controller}
    spec:
      containers: [{name: controller, image: example.com/controller:1.0}]
)";

std::vector<std::string> rulesFound(const std::vector<InputText>& inputs) {
    Workspace workspace = loadWorkspace(inputs, LoadOptions{});
    std::vector<std::string> rules;
    for (const Diagnostic& d : runRules(workspace, LintSettings{}, RuleSelection{}, builtinRules()))
        rules.push_back(d.rule + " " + d.message);
    return rules;
}

bool mentions(const std::vector<std::string>& found, std::string_view text) {
    return std::any_of(found.begin(), found.end(),
                       [&](const std::string& f) { return f.find(text) != std::string::npos; });
}

} // namespace

TEST_CASE("a base whose kustomization adds selector labels may omit its selector",
          "[kustomize][schema]") {
    SECTION("commonLabels in the base's own kustomization") {
        auto found = rulesFound({{"base/kustomization.yaml", R"(resources: [deployment.yaml]
commonLabels: {app: profile-controller}
)"},
                                 {"base/deployment.yaml", kDeploymentWithoutSelector}});
        CHECK_FALSE(mentions(found, "selector"));
    }
    SECTION("labels with includeSelectors in an overlay listing the base folder, with a slash") {
        auto found = rulesFound({{"overlay/kustomization.yaml", R"(resources: [../base/]
labels:
  - pairs: {app: profile-controller}
    includeSelectors: true
)"},
                                 {"base/deployment.yaml", kDeploymentWithoutSelector}});
        CHECK_FALSE(mentions(found, "selector"));
    }
    SECTION("labels without includeSelectors leave the selector missing") {
        auto found = rulesFound({{"base/kustomization.yaml", R"(resources: [deployment.yaml]
labels:
  - pairs: {team: platform}
)"},
                                 {"base/deployment.yaml", kDeploymentWithoutSelector}});
        CHECK(mentions(found, "schema spec: missing required field \"selector\""));
    }
    SECTION("a file no kustomization lists is whole") {
        auto found = rulesFound({{"base/kustomization.yaml", R"(resources: [other.yaml]
commonLabels: {app: profile-controller}
)"},
                                 {"base/deployment.yaml", kDeploymentWithoutSelector}});
        CHECK(mentions(found, "schema spec: missing required field \"selector\""));
    }
}

TEST_CASE("a kustomize patch is not checked as a whole workload", "[kustomize]") {
    constexpr const char* patch = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: static-client
spec:
  selector:
    matchLabels: {app: static-client}
  template:
    spec:
      serviceAccountName: static-client
)";
    auto listed = rulesFound({{"overlay/kustomization.yaml", R"(resources: [../base]
patches:
  - path: client.yaml
)"},
                              {"overlay/client.yaml", patch}});
    CHECK_FALSE(mentions(listed, "selector-template-mismatch"));
    // The same object where no kustomization merges it is a workload whose pods never match.
    auto alone = rulesFound({{"apps/client.yaml", patch}});
    CHECK(mentions(alone, "selector-template-mismatch"));
}

TEST_CASE("a kustomization's namespace is the namespace of the objects it builds from",
          "[kustomize][namespaces]") {
    constexpr const char* manager = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator
spec:
  selector:
    matchLabels: {control-plane: operator}
  template:
    metadata:
      labels: {control-plane: operator}
    spec:
      containers: [{name: manager, image: example.com/operator:1.0}]
)";
    constexpr const char* webhook = R"(apiVersion: v1
kind: Service
metadata:
  name: webhook-service
  namespace: system
spec:
  selector: {control-plane: operator}
  ports: [{port: 443}]
)";
    auto namespaceOf = [](const Workspace& workspace, std::string_view name) {
        for (const Object& object : workspace.objects)
            if (object.name == name) return object.ns;
        return std::string("?");
    };
    SECTION("one overlay: every namespaced object of its bases moves there") {
        Workspace workspace =
            loadWorkspace({{"config/default/kustomization.yaml",
                            "namespace: operator-system\nresources: [../manager, ../webhook]\n"},
                           {"config/manager/kustomization.yaml", "resources: [manager.yaml]\n"},
                           {"config/manager/manager.yaml", manager},
                           {"config/webhook/service.yaml", webhook}},
                          LoadOptions{});
        CHECK(namespaceOf(workspace, "operator") == "operator-system");
        CHECK(namespaceOf(workspace, "webhook-service") == "operator-system");
        CHECK_FALSE(mentions(
            rulesFound({{"config/default/kustomization.yaml",
                         "namespace: operator-system\nresources: [../manager, "
                         "../webhook]\n"},
                        {"config/manager/kustomization.yaml", "resources: [manager.yaml]\n"},
                        {"config/manager/manager.yaml", manager},
                        {"config/webhook/service.yaml", webhook}}),
            "dangling-selector"));
    }
    SECTION("overlays that disagree leave the bases' own namespaces") {
        Workspace workspace = loadWorkspace(
            {{"overlays/dev/kustomization.yaml", "namespace: dev\nresources: [../../base]\n"},
             {"overlays/prod/kustomization.yaml", "namespace: prod\nresources: [../../base]\n"},
             {"base/service.yaml", webhook}},
            LoadOptions{});
        CHECK(namespaceOf(workspace, "webhook-service") == "system");
    }
}
