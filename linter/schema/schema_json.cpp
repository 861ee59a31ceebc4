#include "schema_json.hpp"

#include "text.hpp"

#include <set>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <regex>
#include <unordered_map>

namespace ordlint {

using nlohmann::json;

namespace {

bool isYamlTrue(std::string_view text) {
    for (std::string_view word :
         {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
        if (text == word) return true;
    return false;
}

json scalarToJson(const Node& node) {
    switch (node.scalarType()) {
    case ScalarType::Null:
        return nullptr;
    case ScalarType::Bool:
        return isYamlTrue(node.value());
    case ScalarType::Int:
        if (auto value = node.integer()) return *value;
        return node.value();
    case ScalarType::Float: {
        std::string text;
        std::copy_if(node.value().begin(), node.value().end(), std::back_inserter(text),
                     [](char c) { return c != '_'; });
        std::string lower = asciiLowercase(text);
        if (lower.find("nan") != std::string::npos) return std::nan("");
        if (lower.find("inf") != std::string::npos) return lower[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        return std::strtod(text.c_str(), nullptr);
    }
    case ScalarType::String:
        break;
    }
    return node.value();
}

} // namespace

json yamlToJson(const Node* node) {
    if (!node) return nullptr;
    switch (node->kind) {
    case NodeKind::Null:
        return nullptr;
    case NodeKind::Scalar:
        return scalarToJson(*node);
    case NodeKind::Sequence: {
        json array = json::array();
        for (const Node* item : node->items())
            array.push_back(yamlToJson(item));
        return array;
    }
    case NodeKind::Mapping: {
        json object = json::object();
        for (const MapEntry& entry : node->entries()) {
            std::string_view key = entry.key->value();
            if (!object.contains(key)) object[key] = yamlToJson(entry.value);
        }
        return object;
    }
    }
    return nullptr;
}

namespace {

// Keywords that carry no check valijson can make the way the API server does: prose,
// defaults, CEL rules, list/map merge hints, and `format` (valijson checks date-time with
// a stricter grammar than Go and throws on non-string values carrying a format).
constexpr std::string_view kDroppedKeywords[] = {"description",
                                                 "$schema",
                                                 "format",
                                                 "default",
                                                 "example",
                                                 "title",
                                                 "id",
                                                 "$id",
                                                 "x-kubernetes-validations",
                                                 "x-kubernetes-list-type",
                                                 "x-kubernetes-list-map-keys",
                                                 "x-kubernetes-map-type",
                                                 "x-kubernetes-patch-strategy",
                                                 "x-kubernetes-patch-merge-key",
                                                 "x-kubernetes-group-version-kind",
                                                 "x-kubernetes-unions",
                                                 "x-kubernetes-embedded-resource",
                                                 "x-kubernetes-action",
                                                 "externalDocs"};

bool onlyTypeBranches(const json& branches) {
    if (!branches.is_array() || branches.empty()) return false;
    return std::all_of(branches.begin(), branches.end(), [](const json& branch) {
        return branch.is_object() && branch.size() == 1 && branch.contains("type");
    });
}

std::vector<std::string> typeList(const json& type) {
    std::vector<std::string> types;
    if (type.is_string()) types.push_back(type.get<std::string>());
    if (type.is_array())
        for (const json& item : type)
            if (item.is_string()) types.push_back(item.get<std::string>());
    return types;
}

void setTypes(json& schema, std::vector<std::string> types) {
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    schema["type"] = types;
}

bool hasTypes(const json& schema, std::vector<std::string> wanted) {
    std::vector<std::string> types = typeList(schema.value("type", json()));
    types.erase(std::remove(types.begin(), types.end(), "null"), types.end());
    std::sort(types.begin(), types.end());
    std::sort(wanted.begin(), wanted.end());
    return types == wanted;
}

// Whether valijson (std::regex, ECMAScript grammar) can compile a CRD's Go (RE2) pattern.
// CRDs repeat the same few patterns hundreds of times: each is compiled once.
bool regexSupported(const std::string& pattern) {
    static std::mutex mutex;
    static std::unordered_map<std::string, bool> known;
    std::lock_guard lock(mutex);
    auto found = known.find(pattern);
    if (found != known.end()) return found->second;
    bool supported = true;
    try {
        std::regex compiled(pattern);
    } catch (const std::regex_error&) {
        supported = false;
    }
    known.emplace(pattern, supported);
    return supported;
}

void normalizeNode(json& schema, bool inLogicBranch);

// `inLogicBranch`: the schema is (inside) an allOf/anyOf/oneOf/not branch.
void normalizeChildren(json& schema, bool inLogicBranch) {
    for (const char* mapKey : {"properties", "patternProperties", "definitions"}) {
        auto found = schema.find(mapKey);
        if (found == schema.end() || !found->is_object()) continue;
        for (auto& [name, child] : found->items()) {
            normalizeNode(child, inLogicBranch);
            bool scaleBound =
                std::string_view(mapKey) == "properties" &&
                (name == "minAvailable" || name == "maxUnavailable" || name == "maxSurge") &&
                child.is_object() && hasTypes(child, {"integer", "string"});
            if (scaleBound && !child.contains("pattern")) {
                child["pattern"] = kPercentPattern;
                child[kPercentMarker] = true;
            }
        }
    }
    for (const char* key : {"additionalProperties", "items", "not", "additionalItems"}) {
        auto found = schema.find(key);
        if (found == schema.end()) continue;
        bool branch = inLogicBranch || std::string_view(key) == "not";
        if (found->is_object()) normalizeNode(*found, branch);
        if (found->is_array())
            for (json& child : *found)
                normalizeNode(child, branch);
    }
    for (const char* key : {"allOf", "anyOf", "oneOf"}) {
        auto found = schema.find(key);
        if (found != schema.end() && found->is_array())
            for (json& child : *found)
                normalizeNode(child, true);
    }
}

bool mentionsDefault(const json& property) {
    // A reference's description (OpenAPI documents keep the referring field's) is about the
    // object as a whole: "If empty, it is defaulted" of a LocalSubjectAccessReview's spec is
    // about spec.namespace, not spec.
    if (!property.is_object() || property.contains("$ref")) return false;
    if (property.contains("default")) return true;
    return descriptionAnnouncesDefault(property.value("description", ""));
}

// A required field with a default is filled in before validation: by the structural schema's
// `default`, or by the controller's defaulting webhook, which the description then announces
// ("The name is defaulted to ..."); mutating admission runs before schema validation.
void dropDefaultedRequired(json& schema) {
    auto required = schema.find("required");
    auto properties = schema.find("properties");
    if (required == schema.end() || !required->is_array() || properties == schema.end() ||
        !properties->is_object())
        return;
    json kept = json::array();
    for (const json& name : *required)
        if (!name.is_string() ||
            !mentionsDefault(properties->value(name.get<std::string>(), json())))
            kept.push_back(name);
    if (kept.empty())
        schema.erase(required);
    else
        *required = std::move(kept);
}

} // namespace

namespace {

void normalizeNode(json& schema, bool inLogicBranch) {
    if (!schema.is_object()) return;
    if (schema.contains("$ref")) {
        // JSON Schema ignores a reference's siblings; OpenAPI documents put the referring
        // field's description there (read above by dropDefaultedRequired, then dropped).
        json ref = std::move(schema["$ref"]);
        schema = json{{"$ref", std::move(ref)}};
        return;
    }
    dropDefaultedRequired(schema);
    // Kubernetes schemas are OpenAPI 3.0: `exclusiveMinimum: true` makes `minimum` exclusive.
    // valijson reads JSON Schema draft 7, where the exclusive bound is the number itself.
    for (auto [exclusive, bound] :
         {std::pair{"exclusiveMinimum", "minimum"}, std::pair{"exclusiveMaximum", "maximum"}}) {
        auto flag = schema.find(exclusive);
        if (flag == schema.end() || !flag->is_boolean()) continue;
        bool isExclusive = flag->get<bool>();
        schema.erase(flag);
        auto limit = schema.find(bound);
        if (isExclusive && limit != schema.end() && limit->is_number()) {
            schema[exclusive] = *limit;
            schema.erase(bound);
        }
    }
    for (std::string_view key : kDroppedKeywords)
        schema.erase(std::string(key));

    bool intOrString = schema.value("x-kubernetes-int-or-string", false);
    bool preserveUnknown = schema.value("x-kubernetes-preserve-unknown-fields", false);
    schema.erase("x-kubernetes-int-or-string");
    schema.erase("x-kubernetes-preserve-unknown-fields");
    schema.erase("nullable");

    if (intOrString) {
        schema.erase("anyOf");
        schema.erase("oneOf");
        setTypes(schema, {"integer", "string"});
    }
    for (const char* key : {"oneOf", "anyOf"}) {
        auto found = schema.find(key);
        if (found == schema.end() || schema.contains("type") || !onlyTypeBranches(*found)) continue;
        std::vector<std::string> merged;
        for (const json& branch : *found)
            for (std::string& type : typeList(branch["type"]))
                merged.push_back(std::move(type));
        schema.erase(key);
        setTypes(schema, merged);
    }

    // A null value is accepted wherever a type is (`types.push_back("null")` below): the API
    // server drops a CRD field's null before validating it and decodes a built-in one as its
    // zero value, which defaulting then fills (a Service's `type:` left empty is ClusterIP).
    // So it is no enum violation either (a branch is left alone: a null matching `not`'s enum
    // would then be rejected, and one matching several oneOf branches too).
    if (auto values = schema.find("enum");
        !inLogicBranch && values != schema.end() && values->is_array() &&
        std::find(values->begin(), values->end(), json()) == values->end())
        values->push_back(nullptr);

    auto pattern = schema.find("pattern");
    if (pattern != schema.end()) {
        if (!pattern->is_string() || !regexSupported(pattern->get<std::string>()))
            schema.erase(pattern);
        else if (pattern->get<std::string>() == kQuantityPattern)
            schema[kQuantityMarker] = true;
    }
    // Built-in schemas spell resource.Quantity as "string or number" without a pattern.
    if (hasTypes(schema, {"number", "string"}) && !schema.contains("pattern")) {
        schema["pattern"] = kQuantityPattern;
        schema[kQuantityMarker] = true;
    }

    if (schema.contains("type")) {
        std::vector<std::string> types = typeList(schema["type"]);
        if (!types.empty()) {
            types.push_back("null");
            setTypes(schema, types);
        }
    }

    normalizeChildren(schema, inLogicBranch);

    // Which fields exist is the structural part's to say: an allOf/anyOf/oneOf/not branch only
    // restates some of them to constrain their values (Kubernetes' structural schemas forbid
    // it to add any), so it marks no field unknown.
    if (schema.contains("properties") && !schema.contains("additionalProperties") &&
        !preserveUnknown && !inLogicBranch)
        schema["additionalProperties"] = json{{kUnknownFieldMarker, true}, {"not", json::object()}};
}

} // namespace

void normalizeSchema(json& schema) {
    normalizeNode(schema, false);
}

bool descriptionAnnouncesDefault(std::string_view description) {
    return containsIgnoringAsciiCase(description, "defaulted") ||
           containsIgnoringAsciiCase(description, "defaults to");
}

namespace {

// What normalizeSchema reads to know that a required field is defaulted: its `default`, or a
// description that announces one.
void keepDefaultMarks(const Node* schema, json& converted) {
    if (const Node* value = schema->get("default")) converted["default"] = yamlToJson(value);
    if (const Node* description = schema->get("description");
        description && description->isScalar() && descriptionAnnouncesDefault(description->value()))
        converted["description"] = std::string(description->value());
}

json fieldNamesOnly(const Node* schema) {
    json shell = json::object();
    if (!schema || !schema->isMapping()) return shell;
    for (const char* key :
         {"type", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string"})
        if (const Node* value = schema->get(key)) shell[key] = yamlToJson(value);
    keepDefaultMarks(schema, shell);
    if (const Node* properties = schema->get("properties"); properties && properties->isMapping()) {
        shell["properties"] = json::object();
        for (const MapEntry& entry : properties->entries())
            shell["properties"][entry.key->value()] = json::object();
    }
    if (const Node* items = schema->get("items"); items && items->isMapping())
        shell["items"] = fieldNamesOnly(items);
    return shell;
}

} // namespace

json schemaNodeToJson(const Node* schema, const std::vector<const Node*>& values) {
    if (!schema || !schema->isMapping()) return yamlToJson(schema);
    json result = json::object();
    keepDefaultMarks(schema, result);
    const Node* properties = schema->get("properties");
    for (const MapEntry& entry : schema->entries()) {
        std::string_view key = entry.key->value();
        const Node* value = entry.value;
        if (result.contains(key) ||
            ((key == "description" || key == "example") && value->isScalar()))
            continue;
        if (key == "properties" && value->isMapping()) {
            json converted = json::object();
            for (const MapEntry& property : value->entries()) {
                std::string_view name = property.key->value();
                if (converted.contains(name)) continue;
                std::vector<const Node*> reached;
                for (const Node* candidate : values)
                    if (const Node* found = candidate->isMapping() ? candidate->get(name) : nullptr)
                        reached.push_back(found);
                converted[name] = reached.empty() ? fieldNamesOnly(property.value)
                                                  : schemaNodeToJson(property.value, reached);
            }
            result[key] = std::move(converted);
        } else if (key == "items" && value->isMapping()) {
            std::vector<const Node*> reached;
            for (const Node* candidate : values)
                reached.insert(reached.end(), candidate->items().begin(), candidate->items().end());
            result[key] = schemaNodeToJson(value, reached);
        } else if (key == "additionalProperties" && value->isMapping()) {
            std::vector<const Node*> reached;
            for (const Node* candidate : values)
                for (const MapEntry& member : candidate->entries())
                    if (!properties || !properties->get(member.key->value()))
                        reached.push_back(member.value);
            result[key] = schemaNodeToJson(value, reached);
        } else if ((key == "allOf" || key == "anyOf" || key == "oneOf") && value->isSequence()) {
            json branches = json::array();
            for (const Node* branch : value->items())
                branches.push_back(schemaNodeToJson(branch, values));
            result[key] = std::move(branches);
        } else {
            result[key] = yamlToJson(value);
        }
    }
    return result;
}

std::vector<CrdVersionSchema> crdSchemas(const json& crd, const std::string& objectMetaRef) {
    std::vector<CrdVersionSchema> result;
    const json* spec = crd.is_object() && crd.contains("spec") ? &crd["spec"] : nullptr;
    if (!spec || !spec->is_object()) return result;
    std::string group = spec->value("group", "");
    const json names = spec->value("names", json::object());
    std::string kind = names.is_object() ? names.value("kind", "") : "";
    if (group.empty() || kind.empty()) return result;

    auto add = [&](const std::string& version, const json& openApi) {
        if (version.empty() || !openApi.is_object()) return;
        json schema = openApi;
        normalizeSchema(schema);
        if (schema.contains("properties") && schema["properties"].is_object()) {
            json& properties = schema["properties"];
            for (const char* key : {"apiVersion", "kind"})
                if (!properties.contains(key)) properties[key] = json{{"type", {"null", "string"}}};
            if (!objectMetaRef.empty()) properties["metadata"] = json{{"$ref", objectMetaRef}};
        }
        result.push_back({group + "/" + version, kind, std::move(schema)});
    };

    // apiextensions.k8s.io/v1: a schema per version; v1beta1: one for all versions.
    const json versions = spec->value("versions", json::array());
    json sharedSchema;
    if (spec->contains("validation") && (*spec)["validation"].is_object())
        sharedSchema = (*spec)["validation"].value("openAPIV3Schema", json());
    if (versions.is_array() && !versions.empty()) {
        for (const json& version : versions) {
            if (!version.is_object() || !version.value("served", true)) continue;
            json openApi = sharedSchema;
            if (version.contains("schema") && version["schema"].is_object())
                openApi = version["schema"].value("openAPIV3Schema", sharedSchema);
            add(version.value("name", ""), openApi);
        }
    } else if (spec->contains("version") && (*spec)["version"].is_string()) {
        add((*spec)["version"].get<std::string>(), sharedSchema);
    }
    return result;
}

namespace {

std::string describeNode(const Node* node) {
    if (!node || node->isNull()) return "nothing";
    if (node->isMapping()) return "a mapping";
    if (node->isSequence()) return "a list";
    switch (node->scalarType()) {
    case ScalarType::Int:
        return "the number " + std::string(node->value());
    case ScalarType::Float:
        return "the number " + std::string(node->value());
    case ScalarType::Bool:
        return "the boolean " + std::string(node->value());
    case ScalarType::Null:
        return "nothing";
    default:
        return "the string \"" + std::string(node->value()) + "\"";
    }
}

bool isString(const Node* node) {
    return node && node->isScalar() && node->scalarType() == ScalarType::String;
}
bool isNumber(const Node* node) {
    return node && node->isScalar() &&
           (node->scalarType() == ScalarType::Int || node->scalarType() == ScalarType::Float);
}
bool isCount(const Node* node) {
    return node && node->integer() && *node->integer() >= 0;
}
bool isBool(const Node* node) {
    return node && node->isScalar() && node->scalarType() == ScalarType::Bool;
}

class SchemaShapeChecker {
  public:
    explicit SchemaShapeChecker(int maxDepth) : maxDepth_(maxDepth) {}

    std::optional<MalformedSchema> check(const Node* schema, int depth) {
        if (!schema || !schema->isMapping())
            return fail(schema, "a schema must be a mapping, not " + describeNode(schema));
        if (depth > maxDepth_) return std::nullopt; // as deep as any object can be: enough
        for (const MapEntry& entry : schema->entries()) {
            const std::string key(entry.key->value());
            const Node* value = entry.value;
            std::optional<MalformedSchema> problem;
            if (key == "type") {
                static const std::set<std::string, std::less<>> kTypes = {
                    "object", "array", "string", "integer", "number", "boolean", "null"};
                if (!isString(value) || !kTypes.count(value->value()))
                    problem =
                        fail(value, "`type` must be one of object, array, string, integer, number, "
                                    "boolean, not " +
                                        describeNode(value));
            } else if (key == "required") {
                if (!value->isSequence())
                    problem = fail(value, "`required` must be a list of field names, not " +
                                              describeNode(value));
                else
                    for (const Node* item : value->items())
                        if (!problem && !isString(item))
                            problem = fail(item, "`required` lists field names, not " +
                                                     describeNode(item));
            } else if (key == "properties" || key == "patternProperties" || key == "definitions" ||
                       key == "dependencies") {
                if (!value->isMapping())
                    problem = fail(value, "`" + key + "` must map names to schemas, not " +
                                              describeNode(value));
                else
                    for (const MapEntry& member : value->entries())
                        if (!problem && (key != "dependencies" || member.value->isMapping()))
                            problem = check(member.value, depth + 1);
            } else if (key == "items") {
                if (value->isSequence()) {
                    for (const Node* item : value->items())
                        if (!problem) problem = check(item, depth + 1);
                } else {
                    problem = check(value, depth + 1);
                }
            } else if (key == "additionalProperties" || key == "additionalItems") {
                if (!isBool(value)) problem = check(value, depth + 1);
            } else if (key == "not") {
                problem = check(value, depth + 1);
            } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
                if (!value->isSequence() || value->items().empty())
                    problem = fail(value, "`" + key + "` must be a list of schemas, not " +
                                              describeNode(value));
                else
                    for (const Node* item : value->items())
                        if (!problem) problem = check(item, depth + 1);
            } else if (key == "enum") {
                if (!value->isSequence())
                    problem =
                        fail(value, "`enum` must be a list of values, not " + describeNode(value));
            } else if (key == "minimum" || key == "maximum" || key == "multipleOf") {
                if (!isNumber(value))
                    problem =
                        fail(value, "`" + key + "` must be a number, not " + describeNode(value));
            } else if (key == "minLength" || key == "maxLength" || key == "minItems" ||
                       key == "maxItems" || key == "minProperties" || key == "maxProperties") {
                if (!isCount(value))
                    problem =
                        fail(value, "`" + key + "` must be a whole number of at least 0, not " +
                                        describeNode(value));
            } else if (key == "exclusiveMinimum" || key == "exclusiveMaximum" ||
                       key == "uniqueItems" || key == "nullable" ||
                       key == "x-kubernetes-preserve-unknown-fields" ||
                       key == "x-kubernetes-int-or-string" ||
                       key == "x-kubernetes-embedded-resource") {
                if (!isBool(value))
                    problem = fail(value, "`" + key + "` must be true or false, not " +
                                              describeNode(value));
            } else if (key == "pattern" || key == "format" || key == "$ref") {
                if (!isString(value))
                    problem =
                        fail(value, "`" + key + "` must be a string, not " + describeNode(value));
            }
            if (problem) return problem;
        }
        return std::nullopt;
    }

  private:
    static std::optional<MalformedSchema> fail(const Node* node, std::string problem) {
        return MalformedSchema{node, std::move(problem)};
    }
    int maxDepth_;
};

} // namespace

std::optional<MalformedSchema> malformedSchema(const Node* schema, int maxDepth) {
    return SchemaShapeChecker(maxDepth).check(schema, 0);
}

} // namespace ordlint
