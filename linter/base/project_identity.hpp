#pragma once
// What names ordlint itself, written here only: its version, where it lives, where a rule's
// documentation is published, and the name of its config file.

#include <string>
#include <string_view>

namespace ordlint {

// CMake's PROJECT_VERSION (project() in the root CMakeLists.txt).
extern const char* const kOrdlintVersion;

// CMake's PROJECT_HOMEPAGE_URL (also the packages' homepage).
extern const char* const kOrdlintHomepage;

// The project's settings file, looked for in the working directory and the folders above it.
inline constexpr const char* kConfigFileName = ".ordlint.yaml";

// Where a rule's documentation is published: the same text as `ordlint explain RULE` (SARIF's
// helpUri, the language server's codeDescription).
std::string ruleDocsUrl(std::string_view ruleId);

} // namespace ordlint
