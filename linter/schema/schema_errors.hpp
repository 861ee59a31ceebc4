#pragma once
// valijson's errors, classified by the constraint that produced them. valijson reports an error
// as a place (its context: the path in the value) and an English description; ordlint finds
// the constraint behind each error in the schema that applies at that place: the keyword whose
// check, run by valijson alone on the value there, reports the same error. The description is
// never parsed; it is kept only as the message of findings ordlint has no words of its own for.

#include "schema_paths.hpp"

#include <nlohmann/json.hpp>
#include <valijson/validation_results.hpp>

#include <string>
#include <vector>

namespace ordlint {

enum class ErrorKind {
    Type,     // `type`
    Enum,     // `enum`
    Pattern,  // `pattern`
    Required, // `required`: one error per missing field
    Unknown,  // a field the schema does not know: the unknown-field marker's `not`
              // (schema_json.hpp), or `additionalProperties: false`
    Limit,    // minimum and maximum, lengths, item and field counts, multipleOf, uniqueItems
    Other,    // anyOf, oneOf, const, not, and the rarer keywords: valijson's description
    // No constraint at the error's place reproduces it: still reported, with valijson's
    // description, rather than dropped.
    Unrecognised,
};

struct SchemaError {
    ErrorKind kind = ErrorKind::Other;
    SchemaPath path;    // of the value the error is about (Unknown: of the unknown field)
    std::string detail; // Required: the missing field; Limit, Other, Unrecognised: valijson's
                        // description
    const nlohmann::json* schema = nullptr; // the schema whose constraint failed, if known
};

// Classifies each error of validating `root` against the compiled schema `document`. An error
// that only says a member failed (properties, items, additionalProperties) is left out when
// the member's own error is among `errors`: that one explains it.
std::vector<SchemaError>
classifyErrors(const std::vector<valijson::ValidationResults::Error>& errors, const Node* root,
               const nlohmann::json& document);

// One finding per root cause: the most telling error at each path (a wrong type explains
// every other complaint about the value), no anyOf/oneOf summary where an error below it
// explains the failure, and no repeats. `errors` are sorted by path.
std::vector<SchemaError> rootCauses(std::vector<SchemaError> errors);

} // namespace ordlint
