#include "schema_errors.hpp"

#include "schema_json.hpp"
#include "yaml_adapter.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string_view>
#include <tuple>

namespace ordlint {

using nlohmann::json;

namespace {

// The constraints valijson reports at the place of the value they judge, each with the
// keywords valijson reads together. `required` and `additionalProperties: false` are checked
// apart: their errors name a field.
struct Constraint {
    std::vector<std::string_view> keywords;
    ErrorKind kind;
};

const std::vector<Constraint>& valueConstraints() {
    static const std::vector<Constraint> constraints = {
        {{"type"}, ErrorKind::Type},
        {{"enum"}, ErrorKind::Enum},
        {{"pattern"}, ErrorKind::Pattern},
        {{"minimum", "exclusiveMinimum"}, ErrorKind::Limit},
        {{"maximum", "exclusiveMaximum"}, ErrorKind::Limit},
        {{"minLength"}, ErrorKind::Limit},
        {{"maxLength"}, ErrorKind::Limit},
        {{"minItems"}, ErrorKind::Limit},
        {{"maxItems"}, ErrorKind::Limit},
        {{"minProperties"}, ErrorKind::Limit},
        {{"maxProperties"}, ErrorKind::Limit},
        {{"multipleOf"}, ErrorKind::Limit},
        {{"uniqueItems"}, ErrorKind::Limit},
        {{"not"}, ErrorKind::Other}, // Unknown in the unknown-field marker
        {{"anyOf"}, ErrorKind::Other},
        {{"oneOf"}, ErrorKind::Other},
        {{"const"}, ErrorKind::Other},
        {{"dependencies"}, ErrorKind::Other},
        {{"contains"}, ErrorKind::Other},
        {{"propertyNames"}, ErrorKind::Other},
        {{"if", "then", "else"}, ErrorKind::Other},
        {{"format"}, ErrorKind::Other},
    };
    return constraints;
}

// Keywords that validate members or items: when one of those fails, valijson adds an error at
// the container's place that only says so.
constexpr std::string_view kMemberKeywords[] = {"properties", "patternProperties",
                                                "additionalProperties", "items", "additionalItems"};

bool isPrefix(const SchemaPath& prefix, const SchemaPath& path) {
    return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

SchemaPath pathOf(const std::vector<std::string>& context) {
    SchemaPath path;
    for (std::size_t i = 1; i < context.size(); ++i) { // context[0] is "<root>"
        const std::string& step = context[i];
        path.push_back(step.size() >= 2 && step.front() == '[' ? step.substr(1, step.size() - 2)
                                                               : step);
    }
    return path;
}

bool matchesPattern(const std::string& pattern, const std::string& name) {
    try {
        return std::regex_search(name, std::regex(pattern)); // as valijson matches them
    } catch (const std::regex_error&) {
        return false;
    }
}

// A value and one schema that applies to it.
struct Candidate {
    const Node* value = nullptr;
    const json* schema = nullptr;
    bool operator==(const Candidate&) const = default;
};

class Classifier {
  public:
    Classifier(const Node* root, const json& document) : root_(root), document_(document) {}

    std::vector<SchemaError>
    classify(const std::vector<valijson::ValidationResults::Error>& errors) {
        std::vector<SchemaPath> paths;
        for (const auto& error : errors)
            paths.push_back(pathOf(error.context));
        std::vector<SchemaError> result;
        for (std::size_t i = 0; i < errors.size(); ++i) {
            if (std::optional<SchemaError> explained = explain(errors[i].description, paths[i]))
                result.push_back(std::move(*explained));
            else if (!reportedForMember(paths[i], paths))
                result.push_back(
                    {ErrorKind::Unrecognised, paths[i], errors[i].description, nullptr});
        }
        return result;
    }

  private:
    // The constraint at `path` that reports `description` for the value there.
    std::optional<SchemaError> explain(const std::string& description, const SchemaPath& path) {
        for (const Candidate& candidate : candidatesAt(path)) {
            const json& schema = *candidate.schema;
            for (const Constraint& constraint : valueConstraints()) {
                json alone = json::object();
                for (std::string_view keyword : constraint.keywords)
                    if (auto found = schema.find(keyword); found != schema.end())
                        alone[std::string(keyword)] = *found;
                if (alone.empty() || !reports(candidate, std::string(constraint.keywords.front()),
                                              alone, description))
                    continue;
                ErrorKind kind = constraint.kind;
                if (constraint.keywords.front() == "not" && schema.contains(kUnknownFieldMarker))
                    kind = ErrorKind::Unknown;
                bool keepsDescription = kind == ErrorKind::Limit || kind == ErrorKind::Other;
                return SchemaError{kind, path, keepsDescription ? description : "", &schema};
            }
            if (!candidate.value->isMapping()) continue;
            if (auto required = schema.find("required");
                required != schema.end() && required->is_array())
                for (const json& name : *required) {
                    if (!name.is_string() || candidate.value->entry(name.get<std::string>()))
                        continue;
                    if (reports(candidate, "required " + name.get<std::string>(),
                                json{{"required", json::array({name})}}, description))
                        return SchemaError{ErrorKind::Required, path, name.get<std::string>(),
                                           &schema};
                }
            if (auto additional = schema.find("additionalProperties"); additional != schema.end() &&
                                                                       additional->is_boolean() &&
                                                                       !additional->get<bool>()) {
                // valijson judges additionalProperties together with the fields it names.
                json closed = {{"additionalProperties", false}};
                for (const char* key : {"properties", "patternProperties"})
                    if (auto fields = schema.find(key);
                        fields != schema.end() && fields->is_object())
                        for (const auto& [name, child] : fields->items())
                            closed[key][name] = json::object();
                if (reports(candidate, "additionalProperties", closed, description)) {
                    SchemaPath field = path;
                    field.push_back(
                        firstUnlisted(*candidate.value, schema)); // the one valijson names
                    return SchemaError{ErrorKind::Unknown, std::move(field), "", &schema};
                }
            }
        }
        return std::nullopt;
    }

    // An error at a container that only says a member or item failed, where that member's own
    // error is reported.
    bool reportedForMember(const SchemaPath& path, const std::vector<SchemaPath>& paths) {
        bool below = std::any_of(paths.begin(), paths.end(), [&](const SchemaPath& other) {
            return other.size() > path.size() && isPrefix(path, other);
        });
        if (!below) return false;
        for (const Candidate& candidate : candidatesAt(path))
            for (std::string_view keyword : kMemberKeywords)
                if (auto found = candidate.schema->find(keyword);
                    found != candidate.schema->end() && !found->is_boolean())
                    return true;
        return false;
    }

    // The first field of `value` that neither `properties` nor `patternProperties` names.
    static std::string firstUnlisted(const Node& value, const json& schema) {
        const json* properties = schema.contains("properties") ? &schema["properties"] : nullptr;
        const json* patterns =
            schema.contains("patternProperties") ? &schema["patternProperties"] : nullptr;
        for (const MapEntry& entry : value.entries()) {
            std::string_view name = entry.key->value();
            if (properties && properties->is_object() && properties->contains(name)) continue;
            bool patterned = false;
            if (patterns && patterns->is_object())
                for (const auto& [pattern, child] : patterns->items())
                    patterned = patterned || matchesPattern(pattern, std::string(name));
            if (!patterned) return std::string(name);
        }
        return {};
    }

    // Every value at `path` (each entry of a duplicated key) with every schema that applies
    // to it: the properties, items or additionalProperties schema of its parent's, and their
    // allOf branches, and the anyOf/oneOf branches when the value fails all of them (that is
    // when valijson reports the branches' errors).
    const std::vector<Candidate>& candidatesAt(const SchemaPath& path) {
        if (auto found = candidates_.find(path); found != candidates_.end()) return found->second;
        std::vector<Candidate> result;
        if (path.empty()) {
            addWithBranches({root_, resolveRef(document_, &document_)}, result, 0);
        } else {
            const std::vector<Candidate>& parents =
                candidatesAt(SchemaPath(path.begin(), path.end() - 1));
            for (const Candidate& parent : parents)
                for (const Candidate& child : childrenOf(parent, path.back()))
                    addWithBranches(child, result, 0);
        }
        return candidates_.emplace(path, std::move(result)).first->second;
    }

    std::vector<Candidate> childrenOf(const Candidate& parent, const std::string& step) {
        std::vector<Candidate> children;
        const json& schema = *parent.schema;
        const Node* value = parent.value;
        auto add = [&](const Node* child, const json& childSchema) {
            if (const json* resolved = resolveRef(document_, &childSchema))
                children.push_back({child, resolved});
        };
        if (value->isSequence()) {
            if (step.empty() ||
                !std::all_of(step.begin(), step.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return children;
            std::size_t index = std::strtoul(step.c_str(), nullptr, 10);
            if (index >= value->items().size()) return children;
            auto items = schema.find("items");
            if (items == schema.end()) return children;
            if (items->is_object())
                add(value->items()[index], *items);
            else if (items->is_array() && index < items->size())
                add(value->items()[index], (*items)[index]);
            else if (auto more = schema.find("additionalItems");
                     more != schema.end() && more->is_object())
                add(value->items()[index], *more);
        } else if (value->isMapping()) {
            for (const MapEntry& entry : value->entries()) {
                if (entry.key->value() != step) continue;
                bool listed = false;
                if (auto properties = schema.find("properties"); properties != schema.end() &&
                                                                 properties->is_object() &&
                                                                 properties->contains(step)) {
                    add(entry.value, (*properties)[step]);
                    listed = true;
                }
                if (auto patterns = schema.find("patternProperties");
                    patterns != schema.end() && patterns->is_object())
                    for (const auto& [pattern, child] : patterns->items())
                        if (matchesPattern(pattern, step)) {
                            add(entry.value, child);
                            listed = true;
                        }
                if (auto additional = schema.find("additionalProperties");
                    !listed && additional != schema.end() && additional->is_object())
                    add(entry.value, *additional);
            }
        }
        return children;
    }

    void addWithBranches(const Candidate& candidate, std::vector<Candidate>& out, int depth) {
        if (!candidate.schema || !candidate.value || !candidate.schema->is_object() || depth > 16)
            return;
        if (std::find(out.begin(), out.end(), candidate) != out.end()) return;
        out.push_back(candidate);
        const json& schema = *candidate.schema;
        for (const char* key : {"allOf", "anyOf", "oneOf"}) {
            auto branches = schema.find(key);
            if (branches == schema.end() || !branches->is_array()) continue;
            if (std::string_view(key) != "allOf" && someBranchAccepts(candidate.value, *branches))
                continue;
            for (const json& branch : *branches)
                addWithBranches({candidate.value, resolveRef(document_, &branch)}, out, depth + 1);
        }
    }

    bool someBranchAccepts(const Node* value, const json& branches) {
        for (const json& branch : branches) {
            const json* resolved = resolveRef(document_, &branch);
            if (!resolved) continue;
            const valijson::Schema* schema = compiled(resolved, "", *resolved);
            if (schema && validator_.validate(*schema, YamlNodeAdapter(value), nullptr))
                return true;
        }
        return false;
    }

    // Whether validating the candidate's value against `alone` (some keywords of the
    // candidate's schema; `key` names them) reports `description` at the value's own place.
    bool reports(const Candidate& candidate, const std::string& key, const json& alone,
                 const std::string& description) {
        auto cacheKey = std::make_tuple(candidate.value, candidate.schema, key);
        auto found = reported_.find(cacheKey);
        if (found == reported_.end()) {
            std::set<std::string> descriptions;
            if (const valijson::Schema* schema = compiled(candidate.schema, key, alone)) {
                valijson::ValidationResults results;
                validator_.validate(*schema, YamlNodeAdapter(candidate.value), &results);
                for (const auto& error : results)
                    if (error.context.size() == 1) descriptions.insert(error.description);
            }
            found = reported_.emplace(cacheKey, std::move(descriptions)).first;
        }
        return found->second.count(description) > 0;
    }

    // valijson's form of `schema`, compiled once per (owner, key); null when valijson rejects
    // it (the keywords are then not what failed).
    const valijson::Schema* compiled(const json* owner, const std::string& key,
                                     const json& schema) {
        auto cacheKey = std::make_pair(owner, key);
        auto found = compiled_.find(cacheKey);
        if (found != compiled_.end()) return found->second.get();
        auto result = std::make_unique<valijson::Schema>();
        try {
            valijson::SchemaParser parser;
            valijson::adapters::NlohmannJsonAdapter adapter(schema);
            parser.populateSchema(adapter, *result);
        } catch (const std::exception&) {
            result.reset();
        }
        return compiled_.emplace(cacheKey, std::move(result)).first->second.get();
    }

    const Node* root_;
    const json& document_;
    valijson::Validator validator_{valijson::Validator::kStrongTypes};
    std::map<SchemaPath, std::vector<Candidate>> candidates_;
    std::map<std::pair<const json*, std::string>, std::unique_ptr<valijson::Schema>> compiled_;
    std::map<std::tuple<const Node*, const json*, std::string>, std::set<std::string>> reported_;
};

} // namespace

std::vector<SchemaError>
classifyErrors(const std::vector<valijson::ValidationResults::Error>& errors, const Node* root,
               const json& document) {
    return Classifier(root, document).classify(errors);
}

std::vector<SchemaError> rootCauses(std::vector<SchemaError> errors) {
    std::vector<SchemaError> result;
    std::set<SchemaPath> typeErrorPaths;
    for (const SchemaError& error : errors)
        if (error.kind == ErrorKind::Type) typeErrorPaths.insert(error.path);
    // Where no anyOf/oneOf branch accepts the value, valijson also passes on each branch's own
    // errors, which say nothing the one finding about the alternatives does not.
    auto isNoBranchAccepts = [](const SchemaError& error) {
        return error.kind == ErrorKind::Other &&
               (error.detail.find("allowed by oneOf") != std::string::npos ||
                error.detail.find("allowed by anyOf") != std::string::npos);
    };
    std::vector<SchemaPath> noBranchAccepts;
    for (const SchemaError& error : errors)
        if (isNoBranchAccepts(error)) noBranchAccepts.push_back(error.path);
    std::set<std::pair<SchemaPath, std::string>> seen;
    for (const SchemaError& error : errors) {
        bool fromBranch =
            (error.kind == ErrorKind::Other || error.kind == ErrorKind::Unrecognised) &&
            !isNoBranchAccepts(error) &&
            std::any_of(noBranchAccepts.begin(), noBranchAccepts.end(),
                        [&](const SchemaPath& path) { return isPrefix(path, error.path); });
        if (fromBranch) continue;
        bool explainedByType = error.kind != ErrorKind::Type && error.kind != ErrorKind::Required &&
                               error.kind != ErrorKind::Unrecognised &&
                               typeErrorPaths.count(error.path);
        if (explainedByType) continue;
        if (error.kind == ErrorKind::Other &&
            std::any_of(errors.begin(), errors.end(), [&](const SchemaError& other) {
                return other.kind != ErrorKind::Other && isPrefix(error.path, other.path);
            }))
            continue;
        std::string key = std::to_string(static_cast<int>(error.kind)) + error.detail;
        if (!seen.insert({error.path, key}).second) continue;
        result.push_back(error);
    }
    return result;
}

} // namespace ordlint
