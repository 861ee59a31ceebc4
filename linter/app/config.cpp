#include "config.hpp"

#include "file_access.hpp"
#include "text.hpp"
#include "yaml_tree.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <fstream>
#include <set>
#include <sstream>

namespace ordlint {

namespace fs = std::filesystem;

namespace {

// A config file is a few settings; anything bigger is not one.
constexpr std::size_t kMaxConfigBytes = std::size_t{1} << 20;

[[noreturn]] void fail(const SourceFile& file, const SourceRange& range,
                       const std::string& message) {
    Position at = range.file ? file.position(range.begin) : Position{};
    throw ConfigError(fmt::format("{}:{}:{}: {}", file.path(), at.line, at.column, message));
}

// The value's range, or the key's when there is no value.
SourceRange valueRange(const MapEntry& entry) {
    return entry.value ? entry.value->range : entry.key->range;
}

bool isTrue(const Node& scalar) {
    std::string text = asciiLowercase(scalar.value());
    return text == "true" || text == "yes" || text == "y" || text == "on";
}

bool isBoolean(const Node* value) {
    return value && value->isScalar() && value->scalarType() == ScalarType::Bool;
}

std::string_view itemNoun(SettingType type) {
    switch (type) {
    case SettingType::Globs:
        return "a glob string";
    case SettingType::RuleIds:
        return "a rule id";
    case SettingType::Folders:
        return "a folder";
    default:
        return "a path";
    }
}

// The YAML value of `entry` in the shape `key` takes; a wrong shape is a ConfigError.
SettingValue readValue(const SourceFile& file, const MapEntry& entry, const SettingKey& key,
                       const SettingOrigin& origin) {
    const Node* value = entry.value;
    switch (key.type) {
    case SettingType::Version:
    case SettingType::Namespace:
    case SettingType::FailLevel:
        if (!value || !value->isScalar() || value->value().empty())
            fail(file, valueRange(entry), wrongShape(key, origin));
        return std::string(value->value());
    case SettingType::Count: {
        auto number = value ? value->integer() : std::nullopt;
        if (!number) fail(file, valueRange(entry), wrongShape(key, origin));
        return *number;
    }
    case SettingType::Switch:
        if (!isBoolean(value)) fail(file, valueRange(entry), wrongShape(key, origin));
        return isTrue(*value);
    case SettingType::Globs:
    case SettingType::RuleIds:
    case SettingType::Folders:
    case SettingType::Paths: {
        std::vector<std::string> items;
        if (!value || value->isNull()) return items;
        if (value->isScalar()) return std::vector<std::string>{std::string(value->value())};
        if (!value->isSequence()) fail(file, value->range, wrongShape(key, origin));
        for (const Node* item : value->items()) {
            if (!item->isScalar())
                fail(file, item->range,
                     fmt::format("each {} entry must be {}", origin.name, itemNoun(key.type)));
            items.emplace_back(item->value());
        }
        return items;
    }
    case SettingType::Ignores: {
        std::vector<IgnoreEntry> entries;
        if (!value || value->isNull()) return entries;
        if (!value->isSequence()) fail(file, value->range, wrongShape(key, origin));
        for (const Node* item : value->items()) {
            if (!item->isMapping()) fail(file, item->range, wrongShape(key, origin));
            IgnoreEntry& ignoreEntry = entries.emplace_back();
            for (const MapEntry& field : item->entries()) {
                std::string_view name = field.key->value();
                const Node* fieldValue = field.value;
                if (name == "rules" && fieldValue && fieldValue->isSequence()) {
                    for (const Node* id : fieldValue->items()) {
                        if (!id->isScalar()) fail(file, id->range, "each rule must be a rule id");
                        ignoreEntry.rules.emplace_back(id->value());
                    }
                    continue;
                }
                std::string* part = name == "kind"        ? &ignoreEntry.kind
                                    : name == "namespace" ? &ignoreEntry.ns
                                    : name == "name"      ? &ignoreEntry.name
                                                          : nullptr;
                if (name != "rules" && !part)
                    fail(file, field.key->range,
                         fmt::format("unknown key \"{}\" in an {} entry (known keys: kind, "
                                     "namespace, name, rules)",
                                     name, origin.name));
                if (!fieldValue || !fieldValue->isScalar())
                    fail(file, valueRange(field),
                         fmt::format("\"{}\" must be {}", name,
                                     part ? "a glob" : "a list of rule ids"));
                if (part)
                    *part = fieldValue->value();
                else
                    ignoreEntry.rules = splitRuleList(fieldValue->value());
            }
        }
        return entries;
    }
    case SettingType::RuleLevels: {
        std::vector<std::pair<std::string, std::string>> entries;
        if (!value || value->isNull()) return entries;
        if (!value->isMapping()) fail(file, value->range, wrongShape(key, origin));
        for (const MapEntry& rule : value->entries())
            entries.emplace_back(rule.key->value(),
                                 rule.value && rule.value->isScalar() ? rule.value->value() : "");
        return entries;
    }
    }
    fail(file, valueRange(entry), wrongShape(key, origin));
}

// Where a problem applySetting found is: the list item or map entry it names, else the value.
SourceRange problemRange(const MapEntry& entry, const SettingProblem& problem) {
    const Node* value = entry.value;
    if (!problem.item || !value) return valueRange(entry);
    std::size_t item = *problem.item;
    if (value->isSequence() && item < value->items().size()) return value->items()[item]->range;
    if (value->isMapping() && item < value->entries().size()) {
        const MapEntry& member = value->entries()[item];
        if (problem.aboutKey || !member.value) return member.key->range;
        return member.value->range;
    }
    return value->range;
}

} // namespace

namespace {

// Why `path` (which exists in some form) cannot be read as a config file, or nothing.
std::optional<std::string> unusableConfig(const fs::path& path) {
    std::error_code error;
    fs::file_status own = fs::symlink_status(path, error);
    if (error) return error.message();
    fs::file_status target = fs::status(path, error);
    if (error && error.value() == ELOOP) return std::string("symbolic link loop");
    if (fs::is_symlink(own) && (error || !fs::exists(target)))
        return std::string("dangling symbolic link (what it points to does not exist)");
    if (error) return error.message();
    if (fs::is_directory(target)) return std::string("a folder, not a file");
    if (!fs::is_regular_file(target)) return std::string("not a regular file");
    return std::nullopt;
}

} // namespace

void Config::applyTo(RunSettings& settings) const {
    for (const auto& [key, value] : values)
        applySetting(settings, *key, value, SettingOrigin{std::string(key->key), folder});
}

std::optional<fs::path> findConfigFile(const fs::path& start) {
    std::error_code error;
    fs::path folder = fs::absolute(start, error);
    if (error) return std::nullopt;
    for (;;) {
        fs::path candidate = folder / kConfigFileName;
        fs::file_status own = fs::symlink_status(candidate, error);
        if (!error && fs::exists(own)) {
            if (auto problem = unusableConfig(candidate))
                throw ConfigError(candidate.string() +
                                  ": cannot use this config file: " + *problem);
            return candidate;
        }
        if (!folder.has_parent_path() || folder.parent_path() == folder) return std::nullopt;
        folder = folder.parent_path();
    }
}

Config loadConfig(const std::string& path) {
    std::error_code error;
    if (!fs::exists(fs::symlink_status(path, error)))
        throw ConfigError(path + ": cannot read the config file: no such file");
    if (auto problem = unusableConfig(path))
        throw ConfigError(path + ": cannot use this config file: " + *problem);
    BoundedRead read = readFileBounded(path, kMaxConfigBytes);
    if (!read.error.empty())
        throw ConfigError(path + ": cannot read the config file: " + read.error);
    if (read.tooLarge)
        throw ConfigError(path + ": the config file is larger than 1 MiB; that is no config file");
    return parseConfig(path, std::move(read.text));
}

Config parseConfig(const std::string& path, std::string text) {
    SourceFile file(path, std::move(text));
    ParsedFile parsed = parseYaml(file, LoadLimits{});
    if (!parsed.problems.empty())
        fail(file, parsed.problems.front().range, parsed.problems.front().message);
    Config config;
    config.path = path;
    std::error_code error;
    config.folder = fs::absolute(fs::path(path), error).parent_path();
    if (parsed.documents.size() > 1)
        fail(file, parsed.documents[1]->range, "a config file holds one document");
    const Node* root = parsed.documents.empty() ? nullptr : parsed.documents.front()->root;
    if (!root || root->isNull()) return config;
    if (!root->isMapping())
        fail(file, root->range, "the config file must be a mapping of settings");

    std::set<std::string> seen;
    RunSettings checked; // each value is checked by applying it
    for (const MapEntry& entry : root->entries()) {
        std::string_view key = entry.key->value();
        if (!seen.emplace(key).second)
            fail(file, entry.key->range, fmt::format("\"{}\" is set twice", key));
        SettingOrigin origin{fmt::format("\"{}\"", key), config.folder};
        if (key == "fix") {
            // Never a setting: a repository under review must not turn a plain `ordlint .` in
            // CI or a pre-commit hook into a run that rewrites files.
            fail(file, entry.key->range,
                 "\"fix\" is not a config setting: files are rewritten only when the command "
                 "line says --fix");
        }
        const SettingKey* setting = findSettingKey(key);
        if (!setting || !(setting->sources & kConfigFile))
            fail(file, entry.key->range, unknownKeyMessage(key, kConfigFile));
        SettingValue value = readValue(file, entry, *setting, origin);
        if (auto problem = applySetting(checked, *setting, value, origin))
            fail(file, problemRange(entry, *problem), problem->message);
        config.values.emplace_back(setting, std::move(value));
    }
    return config;
}

bool applyProjectConfig(const fs::path& folder, RunSettings& settings, std::string& error) {
    std::optional<fs::path> found = findConfigFile(folder);
    if (!found) return true;
    try {
        loadConfig(found->string()).applyTo(settings);
    } catch (const ConfigError& problem) {
        error = problem.what();
        return false;
    }
    return true;
}

} // namespace ordlint
