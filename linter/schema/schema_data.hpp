#pragma once
// The schema data of schemas/, compiled into the binary (cmake/embed-schemas.cmake).

#include <string_view>

namespace ordlint {

// schemas/index.json: {"schemaVersion": ..., "kinds": {"apps/v1/StatefulSet": "<definition>", ...}}
std::string_view embeddedSchemaIndex();
// schemas/definitions/<name>.json, or empty when there is none.
std::string_view embeddedSchemaDefinition(std::string_view name);

} // namespace ordlint
