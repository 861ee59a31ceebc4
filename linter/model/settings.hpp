#pragma once
// What a lint run is configured with, whatever the source (flags, .ordlint.yaml, editor
// settings): the target Kubernetes release and the options the rules read.

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// A Kubernetes release. The default target is the newest release whose schemas are bundled
// (schemas/index.json; a unit test keeps the two equal).
struct KubeVersion {
    int major = 1;
    int minor = 36;
    bool atLeast(int wantMajor, int wantMinor) const {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }
    auto operator<=>(const KubeVersion&) const = default;
};

// "1.34" -> {1, 34}; nullopt unless the text is exactly MAJOR.MINOR in decimal digits.
std::optional<KubeVersion> parseKubeVersion(std::string_view text);

struct LintSettings {
    KubeVersion kubeVersion;
    int zones = 3;
    bool strict = false;
    std::vector<std::string> schemaDirs; // --schema-dir
    unsigned jobs = 0; // --jobs: threads for rules and schema validation (0: one per core)
};

} // namespace ordlint
