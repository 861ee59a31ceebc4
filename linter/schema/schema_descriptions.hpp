#pragma once
// Field descriptions of the bundled schemas (schemas/descriptions.json, format in
// schemas/README.md), for the editor's hover. The validation schemas carry none; this data is
// parsed at the first lookup, which no lint makes.

#include "settings.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// The description of the field that `steps` (mapping keys, "[]" for a list item) reach from
// the root of bundled definition `definition` (the `definition` of a kind in index.json), as
// `release` documents it; nullopt when the field is unknown or has no description.
std::optional<std::string> bundledFieldDescription(std::string_view definition,
                                                   const std::vector<std::string>& steps,
                                                   KubeVersion release);

// schemas/descriptions.json, compiled in (cmake/embed-descriptions.cmake).
std::string_view embeddedSchemaDescriptions();

} // namespace ordlint
