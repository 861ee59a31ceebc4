#pragma once
// JSON forms shared by the schema generator (schemas/generator) and the validator: a YAML tree
// read the way the API server reads it, and Kubernetes/CRD schemas rewritten into the plain
// JSON Schema that valijson checks without noise.

#include "yaml_tree.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// The value an API server decodes from `node` (YAML 1.1 typing: a plain `0` is an integer, a
// quoted "0" a string). Duplicate keys keep the first entry, as Node::get does.
nlohmann::json yamlToJson(const Node* node);

// The quantity syntax the API server accepts (controller-gen emits this pattern for
// resource.Quantity; k8s.io/apimachinery/pkg/api/resource parses the same language).
inline constexpr const char* kQuantityPattern =
    R"(^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$)";

// The strings an int-or-string scale bound accepts (minAvailable, maxUnavailable, maxSurge):
// percentages only, as the API server's ValidatePositiveIntOrPercent (validation.IsValidPercent)
// and the controllers' intstr.GetScaledValueFromIntOrPercent demand; "25" is neither.
inline constexpr const char* kPercentPattern = "^[0-9]+%$";
// Marks such a bound, for messages.
inline constexpr const char* kPercentMarker = "x-ordlint-percent";

// Marks a field that no schema knows: `additionalProperties` of closed objects is this schema,
// so that valijson reports each unknown field at its own path (`false` reports only the first).
inline constexpr const char* kUnknownFieldMarker = "x-ordlint-unknown-field";
// Marks a resource.Quantity value, for messages.
inline constexpr const char* kQuantityMarker = "x-ordlint-quantity";

// Rewrites a schema in place for validation: drops documentation and keywords valijson cannot
// check faithfully (`format`, CEL rules, Go regular expressions std::regex rejects); makes
// every type nullable (the API server treats null as unset); turns int-or-string and quantity
// `oneOf`/`anyOf` pairs into one `type` list (one message instead of a cascade); closes
// objects that list their properties unless they preserve unknown fields.
void normalizeSchema(nlohmann::json& schema);

struct CrdVersionSchema {
    std::string apiVersion; // group/version
    std::string kind;
    nlohmann::json schema; // normalized openAPIV3Schema
};

// A field's description says the API server or the controller's webhook fills it in ("is
// defaulted to", "defaults to"): a required field so described is not required of manifests.
bool descriptionAnnouncesDefault(std::string_view description);

// yamlToJson of a CRD's openAPIV3Schema, without descriptions (but those announcing a default), and
// with the parts that none of `values` (the objects to validate) reaches cut down to their field
// names: a CRD's text is mostly documentation of fields the input never sets.
nlohmann::json schemaNodeToJson(const Node* schema, const std::vector<const Node*>& values);

// The first place where a CRD's openAPIV3Schema (a YAML node) is not the shape a JSON schema
// has, with what is wrong: `type: 5`, `required: 5`, an empty `properties:`, `items: 5`,
// `enum: 5`, ... (the API server refuses such a CRD; valijson cannot compile it). Nested
// schemas are checked to `maxDepth` levels.
struct MalformedSchema {
    const Node* node = nullptr;
    std::string problem;
};
std::optional<MalformedSchema> malformedSchema(const Node* schema, int maxDepth = 256);

// The schema of every served version of a CustomResourceDefinition (apiextensions.k8s.io/v1),
// normalized; the root `metadata` refers to `objectMetaRef` when it is not empty.
std::vector<CrdVersionSchema> crdSchemas(const nlohmann::json& crd,
                                         const std::string& objectMetaRef);

} // namespace ordlint
