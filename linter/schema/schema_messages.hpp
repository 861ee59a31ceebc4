#pragma once
// Findings from classified schema errors: the message (fact and consequence, in ordlint's words
// where the constraint is known), the help ("did you mean", "quote it", the quantity syntax)
// and the range of the offending node.

#include "schema_errors.hpp"
#include "schema_validation.hpp"

#include <nlohmann/json.hpp>

namespace ordlint {

// `document` is the compiled schema the object was validated against.
SchemaFinding describeError(const Object& object, const nlohmann::json& document,
                            const SchemaError& error);

} // namespace ordlint
