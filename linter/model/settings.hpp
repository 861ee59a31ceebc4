#pragma once
// What a lint run is configured with, whatever the source (flags, .ordlint.yaml, editor
// settings): the target Kubernetes release and the options the rules read.

#include <compare>
#include <cstddef>
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

// A config `ignore` entry: findings of `rules` on objects whose kind, namespace and name match
// the globs (`*`, `?`, `[...]`; empty matches any) are dropped. For objects of third-party
// charts that cannot carry the ordlint.dev/ignore annotation.
struct IgnoreEntry {
    std::string kind;
    std::string ns;
    std::string name;
    std::vector<std::string> rules; // rule ids, or "all"

    // Whether the entry covers a finding of `rule` on the object kind/ns/name.
    bool covers(std::string_view rule, std::string_view objectKind, std::string_view objectNs,
                std::string_view objectName) const;
    bool operator==(const IgnoreEntry&) const = default;
};

struct LintSettings {
    KubeVersion kubeVersion;
    int zones = 3;
    bool strict = false;
    std::vector<std::string> schemaDirs; // --schema-dir
    std::vector<IgnoreEntry> ignores;    // config `ignore`
    unsigned jobs = 0; // --jobs: threads for rules and schema validation (0: one per core)
    // --max-findings: findings of one rule in one file beyond this are counted, not kept
    // (a file of a million duplicate keys costs a million findings otherwise).
    std::size_t maxFindings = 1000;
};

} // namespace ordlint
