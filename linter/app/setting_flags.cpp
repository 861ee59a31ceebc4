#include "setting_flags.hpp"

#include <fmt/format.h>

#include <charconv>

namespace ordlint {

namespace {

// What --help shows for the value.
std::string valueName(SettingType type) {
    switch (type) {
    case SettingType::Version:
        return "X.Y";
    case SettingType::Namespace:
        return "NS";
    case SettingType::Count:
        return "N";
    case SettingType::FailLevel:
        // The choices in braces, as CLI::IsMember shows them: --help lists them and the
        // completions offer them (cli_reference.cpp reads them back). applySetting checks.
        return "LEVEL:{error,warning,info,never}";
    case SettingType::Switch:
        return "";
    case SettingType::Globs:
        return "GLOB";
    case SettingType::RuleIds:
        return "RULE,...";
    case SettingType::RuleLevels:
        return "RULE=LEVEL";
    case SettingType::Folders:
        return "DIR";
    case SettingType::Paths:
        return "PATH,...";
    case SettingType::Ignores:
        return "KIND/NS/NAME=RULE,...";
    }
    return "VALUE";
}

} // namespace

void SettingFlags::addTo(CLI::App& app) {
    for (const SettingKey& key : settingKeys()) {
        if (!(key.sources & kFlag)) continue;
        Parsed& parsed = parsed_[&key];
        std::string name = "--" + std::string(key.flag);
        std::string help(key.help);
        switch (key.type) {
        case SettingType::Switch:
            parsed.option = app.add_flag(name, parsed.on, help);
            break;
        case SettingType::Version:
        case SettingType::Namespace:
        case SettingType::FailLevel:
        case SettingType::Count: {
            parsed.option = app.add_option(name, parsed.text, help);
            // The config file's default, as --help shows it.
            std::string_view shown = key.example;
            while (!shown.empty() && (shown.front() == ' ' || shown.front() == '"'))
                shown.remove_prefix(1);
            while (!shown.empty() && shown.back() == '"')
                shown.remove_suffix(1);
            if (!shown.empty()) parsed.option->default_str(std::string(shown));
            break;
        }
        case SettingType::Globs:
        case SettingType::RuleIds:
        case SettingType::Folders:
        case SettingType::Paths:
        case SettingType::RuleLevels:
        case SettingType::Ignores:
            // One value per occurrence, so that `--disable x -` leaves "-" to the paths.
            parsed.option = app.add_option(name, parsed.items, help)->allow_extra_args(false);
            if (key.type == SettingType::RuleIds || key.type == SettingType::Paths)
                parsed.option->delimiter(',');
            break;
        }
        if (key.type != SettingType::Switch) parsed.option->type_name(valueName(key.type));
    }
}

std::optional<std::string> SettingFlags::applyTo(RunSettings& settings) const {
    for (const SettingKey& key : settingKeys()) {
        auto found = parsed_.find(&key);
        if (found == parsed_.end() || found->second.option->count() == 0) continue;
        const Parsed& parsed = found->second;
        SettingOrigin origin{"--" + std::string(key.flag), {}};
        SettingValue value;
        switch (key.type) {
        case SettingType::Switch:
            value = parsed.on;
            break;
        case SettingType::Count: {
            std::int64_t number = 0;
            const char* end = parsed.text.data() + parsed.text.size();
            auto [at, error] = std::from_chars(parsed.text.data(), end, number);
            if (error != std::errc() || at != end) return wrongShape(key, origin);
            value = number;
            break;
        }
        case SettingType::Version:
        case SettingType::Namespace:
        case SettingType::FailLevel:
            value = parsed.text;
            break;
        case SettingType::Globs:
        case SettingType::RuleIds:
        case SettingType::Folders:
        case SettingType::Paths:
            value = parsed.items;
            break;
        case SettingType::Ignores: {
            std::vector<IgnoreEntry> entries;
            for (const std::string& item : parsed.items) {
                std::optional<IgnoreEntry> entry = parseIgnoreFlag(item);
                if (!entry)
                    return fmt::format("{} expects KIND/NAMESPACE/NAME=RULE,..., got \"{}\"",
                                       origin.name, item);
                entries.push_back(std::move(*entry));
            }
            value = std::move(entries);
            break;
        }
        case SettingType::RuleLevels: {
            std::vector<std::pair<std::string, std::string>> entries;
            for (const std::string& item : parsed.items) {
                std::size_t equals = item.find('=');
                if (equals == std::string::npos)
                    return fmt::format("{} expects RULE=LEVEL, got \"{}\"", origin.name, item);
                entries.emplace_back(item.substr(0, equals), item.substr(equals + 1));
            }
            value = std::move(entries);
            break;
        }
        }
        if (auto problem = applySetting(settings, key, value, origin)) return problem->message;
    }
    return std::nullopt;
}

} // namespace ordlint
