// Schema validation in-process: typing through the YAML adapter, error mapping, and that every
// bundled schema compiles and validates.
#include "schema_json.hpp"
#include "schema_validation.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>

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

TEST_CASE("every bundled kind's schema compiles and validates", "[schema]") {
    std::vector<std::string> kinds = bundledSchemaKinds();
    REQUIRE(kinds.size() > 150);
    std::string text;
    for (const std::string& key : kinds) {
        auto slash = key.rfind('/');
        text += fmt::format("---\napiVersion: {}\nkind: {}\nmetadata: {{name: a}}\nnotAField: 1\n",
                            key.substr(0, slash), key.substr(slash + 1));
    }
    InProcess result = lintText(text);
    // The root of every kind is closed, so each object yields an unknown-field finding for
    // notAField: a kind without it would be a schema that failed to compile and validated nothing.
    std::vector<std::string> unknown = findingsOf(result, "unknown-field");
    CHECK(std::count_if(unknown.begin(), unknown.end(), [](const std::string& message) {
              return message.rfind("notAField:", 0) == 0;
          }) == static_cast<std::ptrdiff_t>(kinds.size()));
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
