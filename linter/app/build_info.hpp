#pragma once
// Which build this binary is (cmake/packaging.cmake writes it): build name, link mode,
// platform and compiler, for `ordlint version`.

namespace ordlint {
extern const char* const kOrdlintBuild;
} // namespace ordlint
