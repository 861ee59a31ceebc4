#include "project_identity.hpp"

namespace ordlint {

// ORDLINT_VERSION and ORDLINT_HOMEPAGE are defined for this file only (base/CMakeLists.txt), so
// that a new version rebuilds one file.
const char* const kOrdlintVersion = ORDLINT_VERSION;
const char* const kOrdlintHomepage = ORDLINT_HOMEPAGE;

std::string ruleDocsUrl(std::string_view ruleId) {
    return std::string(kOrdlintHomepage) + "/blob/main/rules/" + std::string(ruleId) + ".md";
}

} // namespace ordlint
