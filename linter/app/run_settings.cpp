#include "run_settings.hpp"

#include "api_catalog.hpp"
#include "cli_reference.hpp"
#include "edit_distance.hpp"
#include "path_filter.hpp"
#include "project_identity.hpp"
#include "registry.hpp"
#include "schema_store.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

namespace ordlint {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;
using Texts = std::vector<std::string>;

constexpr unsigned kEverywhere = kFlag | kConfigFile | kClientSettings;

const std::string& text(const SettingValue& value) {
    return std::get<std::string>(value);
}
const Texts& texts(const SettingValue& value) {
    return std::get<Texts>(value);
}

// `unknown rule "x" under --enable (did you mean y? see `ordlint rules`)`: the nearest rule ids,
// as the command line suggests them for `ordlint explain`.
std::string unknownRule(const std::string& id, const std::string& name) {
    std::vector<std::string> ids;
    for (const RuleEntry& rule : builtinRules())
        ids.emplace_back(rule.id);
    std::string suggestion = didYouMean(suggestionsFor(id, ids)); // " (did you mean x?)"
    if (!suggestion.empty()) suggestion = suggestion.substr(2, suggestion.size() - 3) + " ";
    return fmt::format("unknown rule \"{}\" under {} ({}see `ordlint rules`)", id, name,
                       suggestion);
}

// A path as written, or inside `folder` (the config file's, the workspace's) when relative.
std::string resolved(const std::string& path, const std::filesystem::path& folder) {
    std::filesystem::path written(path);
    if (folder.empty() || written.is_absolute()) return path;
    return (folder / written).string();
}

} // namespace

std::vector<std::string> splitRuleList(std::string_view list) {
    std::vector<std::string> ids;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = std::min(list.find(',', start), list.size());
        std::string_view id = list.substr(start, comma - start);
        while (!id.empty() && id.front() == ' ')
            id.remove_prefix(1);
        while (!id.empty() && id.back() == ' ')
            id.remove_suffix(1);
        if (!id.empty()) ids.emplace_back(id);
        start = comma + 1;
    }
    return ids;
}

std::optional<IgnoreEntry> parseIgnoreFlag(std::string_view text) {
    std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    std::string_view object = text.substr(0, equals);
    std::size_t first = object.find('/');
    std::size_t second = first == std::string_view::npos ? first : object.find('/', first + 1);
    if (second == std::string_view::npos || object.find('/', second + 1) != std::string_view::npos)
        return std::nullopt;
    IgnoreEntry entry;
    entry.kind = std::string(object.substr(0, first));
    entry.ns = std::string(object.substr(first + 1, second - first - 1));
    entry.name = std::string(object.substr(second + 1));
    entry.rules = splitRuleList(text.substr(equals + 1));
    return entry;
}

RuleSelection RunSettings::ruleSelection() const {
    RuleSelection effective = selection;
    if (lint.strict && !effective.severities.count("unknown-field"))
        effective.severities["unknown-field"] = Severity::Error;
    return effective;
}

const std::vector<SettingKey>& settingKeys() {
    // clang-format off
    static const std::vector<SettingKey> keys = {
        {"kubeVersion", "kube-version", kEverywhere, SettingType::Version, "LintSettings::kubeVersion",
         "Kubernetes version of the target cluster (X.Y, 1.25 to 1.36): picks the bundled schemas of that release and gates version-dependent facts", " \"1.36\"", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.lint.kubeVersion = *parseKubeVersion(text(v));
         }},
        {"namespace", "namespace", kEverywhere, SettingType::Namespace,
         "RunSettings::defaultNamespace (the loader's)",
         "namespace of objects that do not set metadata.namespace", " default", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.defaultNamespace = text(v);
             s.namespaceGiven = true;
         }},
        {"zones", "zones", kEverywhere, SettingType::Count, "LintSettings::zones",
         "number of zones the zone rules assume when the manifests do not say", " 3", 1, 64,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.lint.zones = static_cast<int>(std::get<std::int64_t>(v));
         }},
        {"failOn", "fail-on", kEverywhere, SettingType::FailLevel, "RunSettings::failOn (the exit code)",
         "lowest severity that makes ordlint exit with 1: error, warning, info or never", " error", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.failOn = text(v) == "never" ? std::nullopt : parseSeverity(text(v));
         }},
        {"strict", "strict", kEverywhere, SettingType::Switch,
         "LintSettings::strict; unknown-field's severity (RunSettings::ruleSelection)",
         "report fields that the schema does not know as errors instead of warnings", " false", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) { s.lint.strict = std::get<bool>(v); }},
        {"exclude", {}, kConfigFile | kClientSettings, SettingType::Globs,
         "RunSettings::exclude and excludeBase (folder walks and the editor's workspace skip them)",
         "files and folders to skip, as gitignore-like globs relative to this file (in the editor's "
         "settings: to the workspace folder): a glob without \"/\" matches a name at any depth, one "
         "with \"/\" is anchored here, \"**\" spans folders, \"!glob\" re-includes (the last glob "
         "that matches decides)",
         "\n  # Helm chart sources are templates, not YAML: lint `helm template` output instead.\n"
         "  # - \"charts/*/templates/**\"", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin& origin) {
             s.exclude = texts(v);
             s.excludeBase = origin.folder;
         }},
        {"disable", "disable", kFlag | kClientSettings, SettingType::RuleIds, "RuleSelection::disabled",
         "turn rules off (comma-separated, or all)", {}, 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             applyRuleToggles(builtinRules(), s.selection, texts(v), {});
         }},
        {"enable", "enable", kFlag | kClientSettings, SettingType::RuleIds, "RuleSelection::disabled",
         "turn rules on (comma-separated, or all)", {}, 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             applyRuleToggles(builtinRules(), s.selection, {}, texts(v));
         }},
        {"rules", "severity", kEverywhere, SettingType::RuleLevels,
         "RuleSelection::disabled (off) and RuleSelection::severities",
         "per-rule setting: off, error, warning or info (the default is in `ordlint rules`)",
         "\n  # unused-ignore: warning", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             for (const auto& [id, level] : std::get<Pairs>(v)) {
                 if (level == "off") {
                     s.selection.disabled.insert(id);
                 } else {
                     s.selection.disabled.erase(id);
                     s.selection.severities[id] = *parseSeverity(level);
                 }
             }
         }},
        // Never a config key: a config file in a cloned repository must not make a plain
        // `ordlint .` rewrite files.
        {{}, "fix", kFlag, SettingType::Switch, "RunSettings::fix",
         "apply safe fixes to the files in place, then report what remains", {}, 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) { s.fix = std::get<bool>(v); }},
        {"schemaDirs", "schema-dir", kEverywhere, SettingType::Folders, "LintSettings::schemaDirs",
         "extra JSON schemas (kubeconform layout) or CRD files, in these folders", "\n  # - schemas/crds", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin& origin) {
             s.lint.schemaDirs.clear();
             for (const std::string& dir : texts(v)) s.lint.schemaDirs.push_back(resolved(dir, origin.folder));
         }},
        {"context", "context", kEverywhere, SettingType::Paths, "RunSettings::context",
         "also load these manifests for cross-object rules; their findings are reported only "
         "when the linted files cause them",
         "\n  # - ../platform/services", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin& origin) {
             s.context.clear();
             for (const std::string& path : texts(v)) s.context.push_back(resolved(path, origin.folder));
         }},
        {"ignore", "ignore", kEverywhere, SettingType::Ignores, "LintSettings::ignores",
         "drop findings of these rules on the objects that match: {kind, namespace, name, rules}, "
         "globs allowed (for objects of third-party charts, which cannot carry annotations); a "
         "flag takes KIND/NAMESPACE/NAME=RULE,RULE",
         "\n  # - {kind: StatefulSet, namespace: \"*\", name: \"vendor-*\", rules: [unreachable-pod-index]}", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.lint.ignores = std::get<std::vector<IgnoreEntry>>(v);
         }},
        {"failIfNoObjects", "fail-if-no-objects", kEverywhere, SettingType::Switch,
         "RunSettings::failIfNoObjects (the exit code)",
         "exit with 1 when the paths hold no Kubernetes object", " false", 0, 0,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.failIfNoObjects = std::get<bool>(v);
         }},
        {{}, "jobs", kFlag, SettingType::Count, "LintSettings::jobs (and the loader's)",
         "threads for parsing files and running rules (default: number of cores)", {}, 0, 4096,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.lint.jobs = static_cast<unsigned>(std::get<std::int64_t>(v));
         }},
        {{}, "max-depth", kFlag, SettingType::Count, "LoadLimits::maxDepth",
         "deepest nesting a document may have", {}, 1, 100000,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.limits.maxDepth = static_cast<std::size_t>(std::get<std::int64_t>(v));
         }},
        {{}, "max-alias-nodes", kFlag, SettingType::Count, "LoadLimits::maxAliasExpansion",
         "most nodes a document's aliases may expand to", {}, 1, std::int64_t{1} << 40,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.limits.maxAliasExpansion = static_cast<std::uint64_t>(std::get<std::int64_t>(v));
         }},
        {{}, "max-file-bytes", kFlag, SettingType::Count, "LoadLimits::maxFileBytes",
         "largest file (or standard input) that is linted; reading stops there", {}, 1,
         std::int64_t{1} << 40,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.limits.maxFileBytes = static_cast<std::size_t>(std::get<std::int64_t>(v));
         }},
        {{}, "max-documents", kFlag, SettingType::Count, "LoadLimits::maxDocuments",
         "most documents a file may hold", {}, 1, std::int64_t{1} << 40,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.limits.maxDocuments = static_cast<std::size_t>(std::get<std::int64_t>(v));
         }},
        {{}, "max-nodes", kFlag, SettingType::Count, "LoadLimits::maxNodes",
         "most YAML nodes a file may hold", {}, 1, std::int64_t{1} << 40,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.limits.maxNodes = static_cast<std::size_t>(std::get<std::int64_t>(v));
         }},
        {{}, "max-keys", kFlag, SettingType::Count, "LoadLimits::maxKeys",
         "most keys one mapping may hold", {}, 1, std::int64_t{1} << 40,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.limits.maxKeys = static_cast<std::size_t>(std::get<std::int64_t>(v));
         }},
        {{}, "max-findings", kFlag, SettingType::Count, "LintSettings::maxFindings",
         "most findings of one rule shown per file (the rest are counted)", {}, 1, std::int64_t{1} << 40,
         [](RunSettings& s, const SettingValue& v, const SettingOrigin&) {
             s.lint.maxFindings = static_cast<std::size_t>(std::get<std::int64_t>(v));
         }},
    };
    // clang-format on
    return keys;
}

const SettingKey* findSettingKey(std::string_view key) {
    for (const SettingKey& setting : settingKeys())
        if (!setting.key.empty() && setting.key == key) return &setting;
    return nullptr;
}

std::string wrongShape(const SettingKey& key, const SettingOrigin& origin) {
    switch (key.type) {
    case SettingType::Version:
        return origin.name + " must be a version like \"" + releaseName(KubeVersion{}) + "\"";
    case SettingType::Namespace:
        return origin.name + " must be a namespace name";
    case SettingType::Count:
        return fmt::format("{} must be a whole number from {} to {}", origin.name, key.min,
                           key.max);
    case SettingType::FailLevel:
        return origin.name + " must be error, warning, info or never";
    case SettingType::Switch:
        return origin.name + " must be true or false";
    case SettingType::Globs:
        return origin.name + " must be a list of globs";
    case SettingType::RuleIds:
        return origin.name + " must be a list of rule ids";
    case SettingType::RuleLevels:
        return origin.name + " must map rule ids to off, error, warning or info";
    case SettingType::Folders:
        return origin.name + " must be a list of folders";
    case SettingType::Paths:
        return origin.name + " must be a list of paths";
    case SettingType::Ignores:
        return origin.name + " must be a list of {kind, namespace, name, rules} entries "
                             "(KIND/NAMESPACE/NAME=RULE,... "
                             "as a flag)";
    }
    return origin.name + " has a value of the wrong kind";
}

std::optional<SettingProblem> applySetting(RunSettings& settings, const SettingKey& key,
                                           const SettingValue& value, const SettingOrigin& origin) {
    auto problem = [](std::string message, std::optional<std::size_t> item = std::nullopt,
                      bool aboutKey = false) {
        return std::optional<SettingProblem>(SettingProblem{std::move(message), item, aboutKey});
    };
    const std::string& name = origin.name;
    switch (key.type) {
    case SettingType::Version:
        if (!std::holds_alternative<std::string>(value)) return problem(wrongShape(key, origin));
        if (!parseKubeVersion(text(value)))
            return problem(fmt::format("{} must look like \"{}\", not \"{}\"", name,
                                       releaseName(KubeVersion{}), text(value)));
        if (const ApiCatalog& catalog = ApiCatalog::bundled();
            !catalog.accepts(*parseKubeVersion(text(value))))
            return problem(fmt::format(
                "{} {}: ordlint supports Kubernetes {} to {} (schemas of {} to {} are bundled; "
                "{} to {} are validated with the {} schemas)",
                name, text(value), releaseName(catalog.oldestAccepted()),
                releaseName(catalog.newestAccepted()),
                releaseName(bundledKubernetesReleases().front()),
                releaseName(bundledKubernetesReleases().back()),
                releaseName(catalog.oldestAccepted()),
                releaseName({1, bundledKubernetesReleases().front().minor - 1}),
                releaseName(bundledKubernetesReleases().front())));
        break;
    case SettingType::Namespace: {
        if (!std::holds_alternative<std::string>(value)) return problem(wrongShape(key, origin));
        static const RE2 label(R"([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)");
        if (!RE2::FullMatch(text(value), label))
            return problem(
                fmt::format("{} must be a DNS label (lower-case letters, digits, '-'), not \"{}\"",
                            name, text(value)));
        break;
    }
    case SettingType::Count:
        if (!std::holds_alternative<std::int64_t>(value) ||
            std::get<std::int64_t>(value) < key.min || std::get<std::int64_t>(value) > key.max)
            return problem(wrongShape(key, origin));
        break;
    case SettingType::FailLevel:
        if (!std::holds_alternative<std::string>(value)) return problem(wrongShape(key, origin));
        if (text(value) != "never" && !parseSeverity(text(value)))
            return problem(fmt::format("{} must be error, warning, info or never, not \"{}\"", name,
                                       text(value)));
        break;
    case SettingType::Switch:
        if (!std::holds_alternative<bool>(value)) return problem(wrongShape(key, origin));
        break;
    case SettingType::Globs:
    case SettingType::RuleIds:
    case SettingType::Folders:
    case SettingType::Paths: {
        if (!std::holds_alternative<Texts>(value)) return problem(wrongShape(key, origin));
        const Texts& items = texts(value);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string& item = items[i];
            if (key.type == SettingType::Globs) {
                if (auto error = PathFilter::globError(item))
                    return problem(fmt::format("bad {} glob: {}", name, *error), i);
            } else if (key.type == SettingType::RuleIds) {
                if (item != "all" && !builtinRules().find(item))
                    return problem(unknownRule(item, name), i);
            } else if (key.type == SettingType::Folders) {
                std::error_code error;
                if (!std::filesystem::is_directory(resolved(item, origin.folder), error))
                    return problem(fmt::format("{} {} is not a readable folder", name, item), i);
            }
        }
        break;
    }
    case SettingType::Ignores: {
        if (!std::holds_alternative<std::vector<IgnoreEntry>>(value))
            return problem(wrongShape(key, origin));
        const auto& entries = std::get<std::vector<IgnoreEntry>>(value);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].rules.empty())
                return problem(fmt::format("each {} entry must name its rules", name), i);
            for (const std::string& id : entries[i].rules)
                if (id != "all" && !builtinRules().find(id))
                    return problem(
                        fmt::format("unknown rule \"{}\" under {} (see `ordlint rules`)", id, name),
                        i);
        }
        break;
    }
    case SettingType::RuleLevels: {
        if (!std::holds_alternative<Pairs>(value)) return problem(wrongShape(key, origin));
        const Pairs& entries = std::get<Pairs>(value);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto& [id, level] = entries[i];
            if (!builtinRules().find(id)) return problem(unknownRule(id, name), i, true);
            if (level != "off" && !parseSeverity(level))
                return problem(
                    fmt::format("rule \"{}\" must be off, error, warning or info, not \"{}\"", id,
                                level),
                    i);
        }
        break;
    }
    }
    key.set(settings, value, origin);
    return std::nullopt;
}

namespace {

// {"kind": ..., "namespace": ..., "name": ..., "rules": [...] or "a,b"}; nullopt for another
// shape or key.
std::optional<IgnoreEntry> ignoreFromJson(const nlohmann::json& item) {
    if (!item.is_object()) return std::nullopt;
    IgnoreEntry entry;
    for (const auto& [field, value] : item.items()) {
        if (field == "rules") {
            if (value.is_string()) {
                entry.rules = splitRuleList(value.get<std::string>());
                continue;
            }
            if (!value.is_array()) return std::nullopt;
            for (const nlohmann::json& id : value) {
                if (!id.is_string()) return std::nullopt;
                entry.rules.push_back(id.get<std::string>());
            }
            continue;
        }
        std::string* part = field == "kind"        ? &entry.kind
                            : field == "namespace" ? &entry.ns
                            : field == "name"      ? &entry.name
                                                   : nullptr;
        if (!part || !value.is_string()) return std::nullopt;
        *part = value.get<std::string>();
    }
    return entry;
}

// The editor's JSON, read into the shape `key` takes; a message when it has another.
std::variant<SettingValue, std::string> fromJson(const SettingKey& key, const nlohmann::json& json,
                                                 const SettingOrigin& origin) {
    switch (key.type) {
    case SettingType::Version:
    case SettingType::Namespace:
    case SettingType::FailLevel:
        if (json.is_string()) return SettingValue(json.get<std::string>());
        break;
    case SettingType::Count:
        if (json.is_number_integer()) return SettingValue(json.get<std::int64_t>());
        break;
    case SettingType::Switch:
        if (json.is_boolean()) return SettingValue(json.get<bool>());
        break;
    case SettingType::Globs:
    case SettingType::RuleIds:
    case SettingType::Folders:
    case SettingType::Paths: {
        if (json.is_string()) return SettingValue(Texts{json.get<std::string>()});
        if (!json.is_array()) break;
        Texts items;
        for (const nlohmann::json& item : json) {
            if (!item.is_string()) return wrongShape(key, origin);
            items.push_back(item.get<std::string>());
        }
        return SettingValue(std::move(items));
    }
    case SettingType::Ignores: {
        if (!json.is_array()) break;
        std::vector<IgnoreEntry> entries;
        for (const nlohmann::json& item : json) {
            std::optional<IgnoreEntry> entry = ignoreFromJson(item);
            if (!entry) return wrongShape(key, origin);
            entries.push_back(std::move(*entry));
        }
        return SettingValue(std::move(entries));
    }
    case SettingType::RuleLevels: {
        if (!json.is_object()) break;
        Pairs entries;
        for (const auto& [id, level] : json.items())
            entries.emplace_back(id, level.is_string() ? level.get<std::string>() : level.dump());
        return SettingValue(std::move(entries));
    }
    }
    return wrongShape(key, origin);
}

// "Kubernetes version ... facts." wrapped into `# ` comment lines.
std::string commentLines(std::string_view help) {
    std::string sentence(help);
    sentence[0] = asciiUpper(sentence[0]);
    sentence += '.';
    std::string out;
    std::string line = "#";
    std::size_t start = 0;
    while (start < sentence.size()) {
        std::size_t end = sentence.find(' ', start);
        if (end == std::string::npos) end = sentence.size();
        std::string_view word(sentence.data() + start, end - start);
        if (line.size() + 1 + word.size() > 96 && line != "#") {
            out += line + "\n";
            line = "#";
        }
        line += " ";
        line += word;
        start = end + 1;
    }
    return out + line + "\n";
}

} // namespace

std::string unknownKeyMessage(std::string_view key, SettingSource source) {
    std::vector<std::string> known;
    for (const SettingKey& setting : settingKeys())
        if (setting.sources & source) known.emplace_back(setting.key);
    std::string suggestion;
    if (auto nearest = uniqueNearest(key, known, 2))
        suggestion = fmt::format("did you mean \"{}\"? ", *nearest);
    return fmt::format("unknown key \"{}\" ({}known keys: {})", key, suggestion,
                       fmt::join(known, ", "));
}

std::vector<std::string> applyClientSettings(RunSettings& settings, const nlohmann::json& client,
                                             const std::filesystem::path& folder) {
    std::vector<std::string> problems;
    if (client.is_null()) return problems;
    if (!client.is_object()) {
        problems.push_back(fmt::format("the settings must be an object of ordlint settings, not {}",
                                       client.type_name()));
        return problems;
    }
    for (const auto& [name, value] : client.items()) {
        const SettingKey* key = findSettingKey(name);
        if (!key || !(key->sources & kClientSettings))
            problems.push_back(unknownKeyMessage(name, kClientSettings));
    }
    for (const SettingKey& key : settingKeys()) {
        if (!(key.sources & kClientSettings)) continue;
        auto found = client.find(key.key);
        if (found == client.end()) continue;
        SettingOrigin origin{std::string(key.key), folder};
        std::variant<SettingValue, std::string> value = fromJson(key, *found, origin);
        if (const std::string* unreadable = std::get_if<std::string>(&value)) {
            problems.push_back(*unreadable);
        } else if (auto problem =
                       applySetting(settings, key, std::get<SettingValue>(value), origin)) {
            problems.push_back(problem->message);
        }
    }
    return problems;
}

std::string defaultConfigText() {
    std::string text = fmt::format(
        "# ordlint configuration. Every key is optional; command-line flags win over this file.\n"
        "# ordlint uses the nearest {0} in the working directory or a folder above it\n"
        "# (or the file given with --config). `ordlint explain RULE` documents each rule.\n",
        kConfigFileName);
    for (const SettingKey& key : settingKeys()) {
        if (!(key.sources & kConfigFile)) continue;
        text += "\n" + commentLines(key.help) + std::string(key.key) + ":";
        text += std::string(key.example) + "\n";
    }
    return text;
}

} // namespace ordlint
