#include "schema_messages.hpp"

#include "edit_distance.hpp"
#include "schema_json.hpp"
#include "schema_sources.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace ordlint {

using nlohmann::json;

namespace {

std::vector<std::string> allowedTypes(const json* schema) {
    std::vector<std::string> types;
    if (!schema) return types;
    auto type = schema->find("type");
    if (type == schema->end()) return types;
    if (type->is_string()) types.push_back(type->get<std::string>());
    if (type->is_array())
        for (const json& item : *type)
            if (item.is_string() && item != "null") types.push_back(item.get<std::string>());
    return types;
}

std::string describeExpected(std::vector<std::string> types) {
    static const std::map<std::string, std::string> names{
        {"string", "a string"},  {"integer", "integer"},
        {"number", "a number"},  {"boolean", "boolean (true or false)"},
        {"object", "a mapping"}, {"array", "a list"}};
    // "integer or string" reads better than alphabetical order for int-or-string fields.
    std::stable_sort(types.begin(), types.end(), [](const std::string& a, const std::string& b) {
        return (a == "integer" || a == "number") && b == "string";
    });
    if (types.size() == 1) {
        auto found = names.find(types.front());
        return found == names.end() ? types.front() : found->second;
    }
    std::string text;
    for (const std::string& type : types) {
        if (!text.empty()) text += " or ";
        text += type == "object" ? "mapping" : type == "array" ? "list" : type;
    }
    return text.empty() ? "another type" : text;
}

std::string describeActual(const Node* node) {
    if (!node || node->isNull()) return "null";
    if (node->isMapping()) return "a mapping";
    if (node->isSequence()) return "a list";
    switch (node->scalarType()) {
    case ScalarType::Null:
        return "null";
    case ScalarType::Bool:
        return "boolean " + std::string(node->value());
    case ScalarType::Int:
        return "integer " + std::string(node->value());
    case ScalarType::Float:
        return "number " + std::string(node->value());
    case ScalarType::String:
        break;
    }
    return fmt::format("string \"{}\"", node->value());
}

// Every field a schema knows, with its schema: those the run's objects have and the others.
std::vector<std::pair<std::string, const json*>> knownFields(const json& document,
                                                             const json* schema) {
    std::vector<std::pair<std::string, const json*>> fields;
    schema = resolveRef(document, schema);
    if (!schema) return fields;
    for (const char* key : {"properties", kUnreachedFields}) {
        auto found = schema->find(key);
        if (found != schema->end() && found->is_object())
            for (const auto& [name, child] : found->items())
                fields.emplace_back(name, &child);
    }
    return fields;
}

// "did you mean" for an unknown field: a near spelling at the same level, or the same name
// one level down (`containerPort` directly under a container belongs in `ports[]`).
std::string suggestField(const json& document, const json* parent, const std::string& field) {
    std::string best;
    std::size_t bestDistance = std::max<std::size_t>(1, std::min<std::size_t>(3, field.size() / 3));
    auto distanceTo = [&](const std::string& name) {
        return editDistance(field, name, bestDistance, LetterCase::Ignored);
    };
    for (const auto& [name, child] : knownFields(document, parent)) {
        std::size_t distance = distanceTo(name);
        if (distance <= bestDistance && (best.empty() || distance < distanceTo(best))) best = name;
    }
    if (!best.empty()) return fmt::format("did you mean \"{}\"?", best);
    for (const auto& [name, child] : knownFields(document, parent)) {
        const json* resolved = resolveRef(document, child);
        if (!resolved) continue;
        bool isList = resolved->contains("items");
        const json* inner = isList ? resolveRef(document, &(*resolved)["items"]) : resolved;
        for (const auto& [nested, nestedSchema] : knownFields(document, inner))
            if (nested == field)
                return fmt::format("\"{}\" belongs inside \"{}\"{}: did you mean {}{}.{}?", field,
                                   name, isList ? " (one per list entry)" : "", name,
                                   isList ? "[]" : "", field);
    }
    return {};
}

std::string enumValues(const json* schema) {
    std::string text;
    if (!schema || !schema->contains("enum")) return text;
    for (const json& value : (*schema)["enum"]) {
        if (value.is_null()) continue;
        if (!text.empty()) text += ", ";
        text += value.is_string() ? value.get<std::string>() : value.dump();
    }
    return text;
}

std::string formatNumber(const json& number) {
    if (number.is_number_integer()) return number.dump();
    double value = number.get<double>();
    if (value == static_cast<double>(static_cast<std::int64_t>(value)))
        return std::to_string(static_cast<std::int64_t>(value));
    return number.dump();
}

// "must be at least 3, got 1" from the keyword that failed.
std::string describeLimit(const json* schema, const Node* value) {
    if (!schema || !value) return {};
    auto keyword = [&](const char* name) {
        return schema->contains(name) && (*schema)[name].is_number();
    };
    json actual = yamlToJson(value);
    if (actual.is_number()) {
        double number = actual.get<double>();
        if (keyword("minimum") && number < (*schema)["minimum"].get<double>())
            return fmt::format("must be at least {}, got {}", formatNumber((*schema)["minimum"]),
                               value->value());
        if (keyword("maximum") && number > (*schema)["maximum"].get<double>())
            return fmt::format("must be at most {}, got {}", formatNumber((*schema)["maximum"]),
                               value->value());
        if (keyword("exclusiveMinimum") && number <= (*schema)["exclusiveMinimum"].get<double>())
            return fmt::format("must be greater than {}, got {}",
                               formatNumber((*schema)["exclusiveMinimum"]), value->value());
        if (keyword("exclusiveMaximum") && number >= (*schema)["exclusiveMaximum"].get<double>())
            return fmt::format("must be less than {}, got {}",
                               formatNumber((*schema)["exclusiveMaximum"]), value->value());
    }
    std::size_t size = actual.is_string() ? codePointCount(actual.get<std::string>())
                       : actual.is_array() || actual.is_object() ? actual.size()
                                                                 : 0;
    const char* unit = actual.is_string() ? "characters" : actual.is_array() ? "entries" : "fields";
    const char* prefix = actual.is_string() ? "Length" : actual.is_array() ? "Items" : "Properties";
    std::string minKey = std::string("min") + prefix, maxKey = std::string("max") + prefix;
    if (keyword(minKey.c_str()) && size < (*schema)[minKey].get<std::size_t>())
        return fmt::format("must have at least {} {}, has {}", (*schema)[minKey].get<std::size_t>(),
                           unit, size);
    if (keyword(maxKey.c_str()) && size > (*schema)[maxKey].get<std::size_t>())
        return fmt::format("must have at most {} {}, has {}", (*schema)[maxKey].get<std::size_t>(),
                           unit, size);
    return {};
}

// "sets both certificate and pattern, ..." for a oneOf whose branches each require a field of
// a group that excludes each other (the usual way CRDs say "exactly one of"); empty for any
// other oneOf.
std::string describeOneOf(const json* schema, const Node* value) {
    if (!schema || !value || !value->isMapping()) return {};
    auto branches = schema->find("oneOf");
    if (branches == schema->end() || !branches->is_array() || branches->empty()) return {};
    std::vector<std::string> alternatives, set;
    for (const json& branch : *branches) {
        auto required = branch.is_object() ? branch.find("required") : branch.end();
        if (!branch.is_object() || required == branch.end() || !required->is_array() ||
            required->size() != 1 || !(*required)[0].is_string())
            return {};
        std::string field = (*required)[0].get<std::string>();
        alternatives.push_back(field);
        if (value->get(field)) set.push_back(field);
    }
    std::string options = fmt::format("{}", fmt::join(alternatives, ", "));
    if (set.empty()) return fmt::format("must set exactly one of {}, sets none", options);
    if (set.size() > 1)
        return fmt::format("must set exactly one of {}, sets {}", options, fmt::join(set, " and "));
    return {};
}

} // namespace

SchemaFinding describeError(const Object& object, const json& document, const SchemaError& error) {
    SchemaFinding finding;
    finding.object = &object;
    Located located = locate(object.node, error.path);
    std::string path = displayPath(error.path, object.node);
    // The schema whose constraint failed; for an error it could not place, the schema there.
    const json* schema =
        error.schema ? error.schema : schemaAt(document, error.path, error.path.size());
    const Node* value = located.complete ? located.node : nullptr;
    finding.range = located.node->range;

    switch (error.kind) {
    case ErrorKind::Type: {
        std::vector<std::string> types = allowedTypes(schema);
        finding.message = fmt::format("{}: expected {}, got {}", path, describeExpected(types),
                                      describeActual(value));
        bool wantsString = std::find(types.begin(), types.end(), "string") != types.end();
        if (value && value->isScalar() && wantsString)
            finding.message += fmt::format(" (quote it: \"{}\")", value->value());
        else if (value && value->isScalar() && value->scalarType() == ScalarType::String &&
                 value->style != ScalarStyle::Plain)
            finding.help = fmt::format("write {} without quotes", value->value());
        break;
    }
    case ErrorKind::Enum: {
        std::string allowed = enumValues(schema);
        std::string text = value ? std::string(value->value()) : "";
        finding.message =
            fmt::format("{}: \"{}\" is not an allowed value (one of: {})", path, text, allowed);
        if (schema && schema->contains("enum"))
            for (const json& option : (*schema)["enum"])
                if (option.is_string() && text != option &&
                    editDistance(text, option.get<std::string>(), 2, LetterCase::Ignored) <= 2)
                    finding.help = fmt::format("did you mean \"{}\"?", option.get<std::string>());
        break;
    }
    case ErrorKind::Pattern: {
        std::string text = value ? std::string(value->value()) : "";
        if (schema && schema->contains(kPercentMarker)) {
            finding.message = fmt::format(
                "{}: \"{}\" is neither an integer nor a percentage: the API server rejects it "
                "(a valid percent string must be a numeric string followed by an ending '%')",
                path, text);
            if (!text.empty() &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
                finding.help =
                    fmt::format("write {} (an integer, unquoted) or \"{}%\"", text, text);
        } else if (schema && schema->contains(kQuantityMarker)) {
            finding.message = fmt::format("{}: \"{}\" is not a valid quantity", path, text);
            finding.help = "write a number with an optional suffix: 500m, 2, 1.5, 128Mi, 1Gi, 10G "
                           "(binary: Ki Mi Gi Ti Pi Ei; decimal: k M G T P E; m = milli)";
        } else {
            std::string pattern = schema ? schema->value("pattern", "") : "";
            finding.message = fmt::format("{}: \"{}\" does not match the required pattern {}", path,
                                          text, pattern);
        }
        break;
    }
    case ErrorKind::Required: {
        finding.message =
            path.empty() ? fmt::format("missing required field \"{}\"", error.detail)
                         : fmt::format("{}: missing required field \"{}\"", path, error.detail);
        if (located.complete && located.entry)
            finding.range = located.entry->key->range;
        else if (located.complete && located.node == object.node)
            finding.range = object.anchorRange();
        else if (located.complete && located.node->isMapping() && !located.node->entries().empty())
            finding.range = located.node->entries().front().key->range;
        break;
    }
    case ErrorKind::Unknown: {
        finding.unknownField = true;
        const std::string& field = error.path.empty() ? std::string() : error.path.back();
        finding.message =
            fmt::format("{}: unknown field; kubectl rejects it (strict field validation) and other "
                        "clients have it dropped silently",
                        path);
        if (located.complete && located.entry) finding.range = located.entry->key->range;
        const json* parent = schemaAt(document, error.path, error.path.size() - 1);
        finding.help = suggestField(document, parent, field);
        break;
    }
    case ErrorKind::Limit:
        if (std::string limit = describeLimit(schema, value); !limit.empty()) {
            finding.message = fmt::format("{}: {}", path.empty() ? object.kind : path, limit);
            break;
        }
        [[fallthrough]];
    case ErrorKind::Other:
        if (std::string oneOf = error.detail.find("exactly one") != std::string::npos ||
                                        error.detail.find("by oneOf") != std::string::npos
                                    ? describeOneOf(schema, value)
                                    : std::string();
            !oneOf.empty()) {
            finding.message = fmt::format("{}: {}", path.empty() ? object.kind : path, oneOf);
            break;
        }
        [[fallthrough]];
    case ErrorKind::Unrecognised: {
        std::string detail = error.detail;
        if (!detail.empty() && detail.back() == '.') detail.pop_back();
        if (!detail.empty()) detail[0] = asciiLower(detail[0]);
        finding.message = fmt::format("{}: {}", path.empty() ? object.kind : path, detail);
        break;
    }
    }
    if (!finding.range.valid()) finding.range = object.anchorRange();
    return finding;
}

} // namespace ordlint
