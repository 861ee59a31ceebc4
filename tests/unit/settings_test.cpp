// The one settings mapping: every setting of the table has the same effect from each source
// that can write it (flags, .ordlint.yaml, the editor's settings) and is refused alike. The
// test walks settingKeys(), so a new setting is covered as soon as it is in the table.
#include "config.hpp"
#include "run_settings.hpp"
#include "setting_flags.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <set>
#include <sstream>

using namespace ordlint;
using namespace ordlint::test;
using nlohmann::json;

namespace {

// A value of the setting's type, as each source writes it: words on the command line, YAML
// after "key:", JSON in the editor's settings.
struct Written {
    std::vector<std::string> flagWords; // after --flag (none for a switch)
    std::string yaml;
    json client;
};

std::string absolute(const std::string& relative) {
    return std::filesystem::absolute(sourcePath(relative)).lexically_normal().string();
}

// A usable value that differs from the defaults and from the base below.
Written sample(const SettingKey& key) {
    switch (key.type) {
    case SettingType::Version:
        return {{"1.29"}, "\"1.29\"", "1.29"};
    case SettingType::Namespace:
        return {{"team-a"}, "team-a", "team-a"};
    case SettingType::Count: {
        std::string number = std::to_string(key.min + 1);
        return {{number}, number, key.min + 1};
    }
    case SettingType::FailLevel:
        return {{"warning"}, "warning", "warning"};
    case SettingType::Switch:
        return {{}, "true", true};
    case SettingType::Globs:
        return {{"generated/**"}, "[\"generated/**\"]", {"generated/**"}};
    case SettingType::RuleIds:
        // One rule the base turns off and one it leaves on: enable and disable both act.
        return {{"duplicate-key,duplicate-object"},
                "[duplicate-key, duplicate-object]",
                {"duplicate-key", "duplicate-object"}};
    case SettingType::RuleLevels:
        return {{"duplicate-key=warning", "unused-ignore=off"},
                "{duplicate-key: warning, unused-ignore: off}",
                {{"duplicate-key", "warning"}, {"unused-ignore", "off"}}};
    case SettingType::Folders: {
        std::string folder = absolute("testdata/schema-dir");
        return {{folder}, json(folder).dump(), {folder}};
    }
    case SettingType::Paths: {
        std::string file = absolute("testdata/examples/clean.yaml");
        return {{file}, json(file).dump(), {file}};
    }
    case SettingType::Ignores:
        return {{"StatefulSet/*/web-*=duplicate-key,unused-ignore"},
                "[{kind: StatefulSet, namespace: \"*\", name: web-*, rules: [duplicate-key, "
                "unused-ignore]}]",
                json::array({{{"kind", "StatefulSet"},
                              {"namespace", "*"},
                              {"name", "web-*"},
                              {"rules", {"duplicate-key", "unused-ignore"}}}})};
    }
    FAIL("no sample for this type of setting");
    return {};
}

// A value of the right shape that no setting of the type accepts (nullopt: none exists).
std::optional<Written> refused(const SettingKey& key) {
    switch (key.type) {
    case SettingType::Version:
        return Written{{"latest"}, "latest", "latest"};
    case SettingType::Namespace:
        return Written{{"Team_A"}, "Team_A", "Team_A"};
    case SettingType::Count: {
        std::string number = std::to_string(key.max + 1);
        return Written{{number}, number, key.max + 1};
    }
    case SettingType::FailLevel:
        return Written{{"fatal"}, "fatal", "fatal"};
    case SettingType::Switch:
        return std::nullopt;
    case SettingType::Globs:
        return Written{{""}, "[\"\"]", {""}}; // matches nothing
    case SettingType::RuleIds:
        return Written{{"no-such-rule"}, "[no-such-rule]", {"no-such-rule"}};
    case SettingType::RuleLevels:
        return Written{
            {"duplicate-key=loud"}, "{duplicate-key: loud}", {{"duplicate-key", "loud"}}};
    case SettingType::Folders:
        return Written{{"/no/such/folder"}, "[/no/such/folder]", {"/no/such/folder"}};
    case SettingType::Paths:
        return std::nullopt; // unreadable paths are reported when read
    case SettingType::Ignores:
        return Written{
            {"StatefulSet/*/web=no-such-rule"},
            "[{kind: StatefulSet, name: web, rules: [no-such-rule]}]",
            json::array({{{"kind", "StatefulSet"}, {"name", "web"}, {"rules", {"no-such-rule"}}}})};
    }
    return std::nullopt;
}

// Where every source starts: the defaults with every other rule turned off.
RunSettings base() {
    RunSettings settings;
    bool off = true;
    for (const RuleEntry& rule : builtinRules()) {
        if (off) settings.selection.disabled.insert(std::string(rule.id));
        off = !off;
    }
    // duplicate-key is off and duplicate-object on, whatever the registry's order.
    settings.selection.disabled.insert("duplicate-key");
    settings.selection.disabled.erase("duplicate-object");
    return settings;
}

// Everything a run is configured with, as text, to compare.
std::string describe(const RunSettings& s) {
    auto list = [](const auto& items) { return fmt::format("[{}]", fmt::join(items, ",")); };
    std::vector<std::string> severities;
    for (const auto& [id, severity] : s.selection.severities)
        severities.push_back(id + "=" + std::string(severityName(severity)));
    std::vector<std::string> ignores;
    for (const IgnoreEntry& entry : s.lint.ignores)
        ignores.push_back(fmt::format("{}/{}/{}={}", entry.kind, entry.ns, entry.name,
                                      fmt::join(entry.rules, ",")));
    std::vector<std::string> effective;
    RuleSelection selection = s.ruleSelection();
    for (const auto& [id, severity] : selection.severities)
        effective.push_back(id + "=" + std::string(severityName(severity)));
    return fmt::format(
        "kubeVersion {}.{}, zones {}, strict {}, schemaDirs {}, jobs {}, namespace {}, failOn {}, "
        "exclude {} in {}, context {}, limits {}/{}/{}/{}/{}/{}, maxFindings {}, fix {}, disabled "
        "{}, severities {}, effective severities {}, ignores {}, failIfNoObjects {}",
        s.lint.kubeVersion.major, s.lint.kubeVersion.minor, s.lint.zones, s.lint.strict,
        list(s.lint.schemaDirs), s.lint.jobs, s.defaultNamespace,
        s.failOn ? severityName(*s.failOn) : "never", list(s.exclude), s.excludeBase.string(),
        list(s.context), s.limits.maxDepth, s.limits.maxAliasExpansion, s.limits.maxFileBytes,
        s.limits.maxDocuments, s.limits.maxNodes, s.limits.maxKeys, s.lint.maxFindings, s.fix,
        list(s.selection.disabled), list(severities), list(effective), list(ignores),
        s.failIfNoObjects);
}

// The workspace folder, and the config file's folder.
const std::string kFolder = absolute("testdata");

struct Outcome {
    std::string settings; // describe() of the result
    std::optional<std::string> problem;
};

Outcome fromFlags(const SettingKey& key, const Written& value) {
    CLI::App app;
    SettingFlags flags;
    flags.addTo(app);
    std::vector<std::string> words = {"ordlint"};
    if (key.type == SettingType::Switch) words.push_back("--" + std::string(key.flag));
    for (const std::string& word : value.flagWords) {
        words.push_back("--" + std::string(key.flag));
        words.push_back(word);
    }
    std::vector<const char*> argv;
    for (const std::string& word : words)
        argv.push_back(word.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
    RunSettings settings = base();
    std::optional<std::string> problem = flags.applyTo(settings);
    return {describe(settings), problem};
}

Outcome fromConfig(const SettingKey& key, const Written& value) {
    RunSettings settings = base();
    try {
        parseConfig(kFolder + "/.ordlint.yaml", std::string(key.key) + ": " + value.yaml + "\n")
            .applyTo(settings);
    } catch (const ConfigError& error) {
        return {describe(settings), error.what()};
    }
    return {describe(settings), std::nullopt};
}

Outcome fromClient(const SettingKey& key, const Written& value) {
    RunSettings settings = base();
    std::vector<std::string> problems =
        applyClientSettings(settings, json{{std::string(key.key), value.client}}, kFolder);
    return {describe(settings), problems.empty() ? std::nullopt : std::optional(problems.front())};
}

std::vector<std::pair<std::string, Outcome>> fromEverySource(const SettingKey& key,
                                                             const Written& value) {
    std::vector<std::pair<std::string, Outcome>> outcomes;
    if (key.sources & kFlag) outcomes.emplace_back("flag", fromFlags(key, value));
    if (key.sources & kConfigFile) outcomes.emplace_back("config file", fromConfig(key, value));
    if (key.sources & kClientSettings) outcomes.emplace_back("editor", fromClient(key, value));
    return outcomes;
}

std::string nameOf(const SettingKey& key) {
    return key.key.empty() ? "--" + std::string(key.flag) : std::string(key.key);
}

} // namespace

TEST_CASE("every setting has the same effect from every source that can set it", "[settings]") {
    std::string unchanged = describe(base());
    for (const SettingKey& key : settingKeys()) {
        INFO("setting " << nameOf(key));
        auto outcomes = fromEverySource(key, sample(key));
        REQUIRE(!outcomes.empty());
        for (const auto& [source, outcome] : outcomes) {
            INFO("from the " << source);
            CHECK(outcome.problem == std::nullopt);
            CHECK(outcome.settings != unchanged); // the sample changes something
            CHECK(outcome.settings == outcomes.front().second.settings);
        }
    }
}

TEST_CASE("every setting refuses the same values from every source", "[settings]") {
    std::string unchanged = describe(base());
    for (const SettingKey& key : settingKeys()) {
        std::optional<Written> bad = refused(key);
        if (!bad) continue;
        INFO("setting " << nameOf(key));
        for (const auto& [source, outcome] : fromEverySource(key, *bad)) {
            INFO("from the " << source);
            CHECK(outcome.problem.has_value());
            CHECK(outcome.settings == unchanged);
        }
    }
}

TEST_CASE("settings that a config file and the editor share exist in both", "[settings]") {
    for (const SettingKey& key : settingKeys()) {
        INFO("setting " << nameOf(key));
        CHECK(key.set != nullptr);
        CHECK(!key.help.empty());
        if (key.sources & kConfigFile) CHECK((key.sources & kClientSettings) != 0);
        CHECK(key.key.empty() == !(key.sources & (kConfigFile | kClientSettings)));
        CHECK(key.flag.empty() == !(key.sources & kFlag));
        if (key.sources & kConfigFile) CHECK(!key.example.empty());
    }
    // `fix` rewrites files: a flag only, never a setting a cloned repository could make.
    const SettingKey* fix = nullptr;
    for (const SettingKey& key : settingKeys())
        if (key.flag == "fix") fix = &key;
    REQUIRE(fix);
    CHECK(fix->sources == kFlag);
    CHECK(findSettingKey("fix") == nullptr);
}

TEST_CASE("strict makes unknown-field an error unless its severity is set", "[settings]") {
    RunSettings settings;
    CHECK(settings.ruleSelection().severities.count("unknown-field") == 0);
    settings.lint.strict = true;
    CHECK(settings.ruleSelection().severities.at("unknown-field") == Severity::Error);
    settings.selection.severities["unknown-field"] = Severity::Info;
    CHECK(settings.ruleSelection().severities.at("unknown-field") == Severity::Info);
}

TEST_CASE("later sources win: defaults, config file, then flags or the editor", "[settings]") {
    Config config = parseConfig(kFolder + "/.ordlint.yaml", "zones: 5\nstrict: true\n");
    RunSettings settings;
    config.applyTo(settings);
    std::vector<std::string> problems = applyClientSettings(
        settings, json{{"zones", 2}, {"rules", {{"unknown-field", "info"}}}}, kFolder);
    CHECK(problems.empty());
    CHECK(settings.lint.zones == 2);
    CHECK(settings.lint.strict);
    CHECK(settings.ruleSelection().severities.at("unknown-field") == Severity::Info);
}

TEST_CASE("the README's settings table is the table of settings", "[settings]") {
    // The rows of the table under "### Settings": flag, .ordlint.yaml key, editor key.
    std::string readme = readText(sourcePath("README.md"));
    std::size_t start = readme.find("### Settings\n");
    REQUIRE(start != std::string::npos);
    start = readme.find("\n| flag |", start);
    REQUIRE(start != std::string::npos);
    std::vector<std::array<std::string, 3>> rows;
    std::istringstream lines(readme.substr(start + 1));
    std::string line;
    std::getline(lines, line); // header
    std::getline(lines, line); // |---|
    auto cell = [](const std::string& text) {
        // "`--kube-version X.Y`" -> "--kube-version"; "`kubeVersion`" -> "kubeVersion"
        std::string inner = text;
        inner.erase(0, inner.find_first_not_of(" `"));
        std::size_t end = inner.find_first_of(" `");
        return inner.substr(0, end);
    };
    while (std::getline(lines, line) && line.rfind("|", 0) == 0) {
        std::vector<std::string> cells;
        std::size_t at = 1;
        for (std::size_t bar; (bar = line.find('|', at)) != std::string::npos; at = bar + 1)
            cells.push_back(line.substr(at, bar - at));
        REQUIRE(cells.size() >= 3);
        rows.push_back({cell(cells[0]), cell(cells[1]), cell(cells[2])});
    }
    CHECK(rows.size() == settingKeys().size());
    for (std::size_t i = 0; i < settingKeys().size() && i < rows.size(); ++i) {
        const SettingKey& key = settingKeys()[i];
        INFO("setting " << nameOf(key) << ", row " << i + 1);
        CHECK(rows[i][0] == (key.sources & kFlag ? "--" + std::string(key.flag) : ""));
        CHECK(rows[i][1] == (key.sources & kConfigFile ? std::string(key.key) : ""));
        CHECK(rows[i][2] == (key.sources & kClientSettings ? std::string(key.key) : ""));
    }
}

TEST_CASE("keys that are no setting are reported, with the one they likely mean", "[settings]") {
    RunSettings settings;
    std::vector<std::string> problems = applyClientSettings(
        settings, json{{"kubeversion", "1.30"}, {"zone", 2}, {"strict", true}}, kFolder);
    REQUIRE(problems.size() == 2);
    CHECK(
        problems[0].rfind("unknown key \"kubeversion\" (did you mean \"kubeVersion\"? known keys: "
                          "kubeVersion, namespace, zones, failOn, strict, exclude, disable, "
                          "enable, rules, schemaDirs, context, ignore, failIfNoObjects)",
                          0) == 0);
    CHECK(problems[1].rfind("unknown key \"zone\" (did you mean \"zones\"?", 0) == 0);
    CHECK(settings.lint.strict); // what it knows still applies
    CHECK(settings.lint.zones == RunSettings().lint.zones);
    // Settings only the command line has are no editor settings.
    problems = applyClientSettings(settings, json{{"jobs", 2}}, kFolder);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].rfind("unknown key \"jobs\" (known keys:", 0) == 0);
    // Not an object at all.
    problems = applyClientSettings(settings, json::array({"strict"}), kFolder);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "the settings must be an object of ordlint settings, not array");
    CHECK(applyClientSettings(settings, json(), kFolder).empty());
}

TEST_CASE("the VS Code extension declares exactly the editor's settings", "[settings]") {
    json manifest = json::parse(readText(sourcePath("editors/vscode/package.json")));
    std::set<std::string> declared;
    for (const auto& [name, schema] :
         manifest["contributes"]["configuration"]["properties"].items())
        declared.insert(name);
    // The extension's own settings, and the ones that only set an exit code (an editor has
    // none: the server accepts them so that one settings file serves both).
    std::set<std::string> expected = {"ordlint.path", "ordlint.trace.server"};
    for (const SettingKey& key : settingKeys())
        if ((key.sources & kClientSettings) && key.key != "failOn" && key.key != "failIfNoObjects")
            expected.insert("ordlint." + std::string(key.key));
    CHECK(declared == expected);
}
