#pragma once
// The one mapping from what a user writes to what a run is configured with. Command-line flags,
// `.ordlint.yaml` and the editor's settings (LSP initializationOptions and
// workspace/didChangeConfiguration) name their settings in one table, settingKeys(), and every
// value from every source is checked and applied by one function, applySetting(): a setting
// means the same wherever it is written.
//
// The sources only read their own syntax into a SettingValue (config.cpp: YAML with file, line
// and column; setting_flags.cpp: CLI11; applyClientSettings below: JSON). Layers apply in this
// order, later ones winning: defaults, the config file, then flags (CLI) or the editor's
// settings (language server).

#include "engine.hpp"
#include "yaml_tree.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ordlint {

// What a run is configured with.
struct RunSettings {
    LintSettings lint;       // kubeVersion, zones, strict, schemaDirs, jobs
    RuleSelection selection; // as written; `strict` adds to it in ruleSelection()
    std::string defaultNamespace = "default";
    bool namespaceGiven = false; // defaultNamespace was set: objects without one are all in it
    std::optional<Severity> failOn = Severity::Error; // nullopt: never
    std::vector<std::string> exclude;                 // gitignore-like globs ...
    std::filesystem::path excludeBase;                // ... relative to this folder
    std::vector<std::string> context;                 // manifests loaded for cross-object rules
    LoadLimits limits;
    bool fix = false;
    bool failIfNoObjects = false; // exit 1 when the paths hold no Kubernetes object

    // The selection the rules run with: `strict` makes unknown-field an error, unless its
    // severity is set explicitly.
    RuleSelection ruleSelection() const;
};

// Where a setting can be written (bits of SettingKey::sources).
enum SettingSource : unsigned {
    kFlag = 1u << 0,
    kConfigFile = 1u << 1,
    kClientSettings = 1u << 2,
};

// The kind of value a setting takes: how each source reads it and what applySetting checks.
enum class SettingType {
    Version,    // "1.34"
    Namespace,  // a DNS label
    Count,      // a whole number from SettingKey::min to max
    FailLevel,  // error, warning, info or never
    Switch,     // true or false; a flag without a value
    Globs,      // gitignore-like globs (PathFilter)
    RuleIds,    // rule ids, or "all"; a flag takes them comma-separated
    RuleLevels, // rule id -> off, error, warning or info; a flag takes RULE=LEVEL
    Folders,    // existing folders
    Paths,      // files or folders; a flag takes them comma-separated
    Ignores,    // {kind, namespace, name, rules} entries; a flag takes KIND/NAMESPACE/NAME=RULE,...
};

// A value as a source wrote it, in the shape its type takes, not yet checked: text (Version,
// Namespace, FailLevel), a whole number (Count), true/false (Switch), a list (Globs, RuleIds,
// Folders, Paths), the entries of a map (RuleLevels) or ignore entries (Ignores).
using SettingValue =
    std::variant<std::string, std::int64_t, bool, std::vector<std::string>,
                 std::vector<std::pair<std::string, std::string>>, std::vector<IgnoreEntry>>;

// `--ignore` syntax: "StatefulSet/*/web-*=rule-a,rule-b" (kind/namespace/name globs, an empty
// part matches anything); nullopt when there is no "=" or not three parts.
std::optional<IgnoreEntry> parseIgnoreFlag(std::string_view text);
// "a, b,c" -> {"a", "b", "c"}.
std::vector<std::string> splitRuleList(std::string_view list);

// Who wrote a value: how messages name the setting there (`"zones"` in a config file, `--zones`
// on the command line, `zones` in the editor's settings) and the folder its relative paths
// start from.
struct SettingOrigin {
    std::string name;
    std::filesystem::path folder;
};

struct SettingKey {
    std::string_view key;  // in .ordlint.yaml and the editor's settings; empty: flag only
    std::string_view flag; // the long option without "--"; empty: none
    unsigned sources;      // SettingSource bits
    SettingType type;
    std::string_view sets; // what it sets
    std::string_view help; // --help, and the comment `ordlint init` writes above the key
    // What `ordlint init` writes after "key:": the default (YAML; may be a commented block).
    std::string_view example;
    std::int64_t min = 0; // Count
    std::int64_t max = 0;
    // Sets it, from a value applySetting has checked.
    void (*set)(RunSettings& settings, const SettingValue& value,
                const SettingOrigin& origin) = nullptr;
};

// Every setting, in the order sources apply them (--disable before --enable before
// --severity, as the rule toggles always worked).
const std::vector<SettingKey>& settingKeys();
// The setting named `key` in .ordlint.yaml or the editor's settings, if any.
const SettingKey* findSettingKey(std::string_view key);

// A value that cannot be used: `message` names the setting as its origin does. `item` is the
// list item or map entry it is about (its key when `aboutKey`); none: the whole value.
struct SettingProblem {
    std::string message;
    std::optional<std::size_t> item;
    bool aboutKey = false;
};

// The one function: checks `value` for `key` and sets what it sets; nothing changes when
// there is a problem.
std::optional<SettingProblem> applySetting(RunSettings& settings, const SettingKey& key,
                                           const SettingValue& value, const SettingOrigin& origin);

// "\"zones\" must be a whole number from 1 to 64": said of a value of the wrong shape.
std::string wrongShape(const SettingKey& key, const SettingOrigin& origin);

// What a config file or the editor's settings (`source`: kConfigFile or kClientSettings) says
// of a key that is no setting there: `unknown key "zone" (did you mean "zones"? known keys:
// ...)`. A key is never silently ignored: a misspelt setting would otherwise do nothing.
std::string unknownKeyMessage(std::string_view key, SettingSource source);

// The editor's settings (initializationOptions, or the `ordlint` section of
// workspace/didChangeConfiguration) applied on top of `settings`; `folder` is the workspace
// folder. Returns one message per key it does not know and per value it could not use; the
// others still apply.
std::vector<std::string> applyClientSettings(RunSettings& settings, const nlohmann::json& client,
                                             const std::filesystem::path& folder);

// What `ordlint init` writes: every config key, commented, with its default.
std::string defaultConfigText();

} // namespace ordlint
