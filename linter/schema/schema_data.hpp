#pragma once
// The schema data of schemas/, compiled into the binary (cmake/embed-schemas.cmake). Read it
// through schema_store.hpp, which picks a definition's variant for a Kubernetes release.

#include <string_view>
#include <vector>

namespace ordlint {

// schemas/index.json (format: schemas/README.md)
std::string_view embeddedSchemaIndex();

struct EmbeddedDefinition {
    std::string_view name; // file name without .json: "<OpenAPI name>@<release>" or a CRD's
    std::string_view text;
};
// schemas/definitions/*.json, sorted by name.
const std::vector<EmbeddedDefinition>& embeddedSchemaDefinitions();

// The definition `name` as the newest bundled release has it (schema_store.hpp picks a
// release); empty when there is none.
std::string_view embeddedSchemaDefinition(std::string_view name);

} // namespace ordlint
