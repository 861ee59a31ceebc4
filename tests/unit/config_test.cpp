#include "config.hpp"
#include "path_filter.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace ordlint;
namespace fs = std::filesystem;

namespace {
std::string configError(const std::string& text) {
    try {
        parseConfig("cfg/.ordlint.yaml", text);
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "(no error)";
}
} // namespace

TEST_CASE("config values are read with their types", "[config]") {
    Config config =
        parseConfig("/repo/.ordlint.yaml", "kubeVersion: 1.30\n"
                                           "namespace: team-a\n"
                                           "zones: 2\n"
                                           "failOn: warning\n"
                                           "strict: true\n"
                                           "exclude: ['charts/*/templates/**', generated]\n"
                                           "rules:\n"
                                           "  duplicate-object: off\n"
                                           "  unused-ignore: warning\n");
    CHECK(config.folder == fs::path("/repo"));
    CHECK(config.values.size() == 7);
    RunSettings settings;
    config.applyTo(settings);
    CHECK(settings.lint.kubeVersion.minor == 30);
    CHECK(settings.defaultNamespace == "team-a");
    CHECK(settings.lint.zones == 2);
    CHECK(settings.failOn == Severity::Warning);
    CHECK(settings.lint.strict == true);
    CHECK(settings.exclude == std::vector<std::string>{"charts/*/templates/**", "generated"});
    CHECK(settings.excludeBase == fs::path("/repo"));
    CHECK(settings.selection.disabled.count("duplicate-object") == 1);
    CHECK(settings.selection.severities.at("unused-ignore") == Severity::Warning);
}

TEST_CASE("an empty config file sets nothing", "[config]") {
    Config config = parseConfig(".ordlint.yaml", "# nothing yet\n");
    CHECK(config.values.empty());
}

TEST_CASE("config errors name the file, line, column and key", "[config]") {
    CHECK(configError("kubeVersion: \"1.34\"\nzone: 3\n") ==
          "cfg/.ordlint.yaml:2:1: unknown key \"zone\" (did you mean \"zones\"? known keys: "
          "kubeVersion, namespace, zones, failOn, strict, exclude, rules, schemaDirs, context, "
          "ignore, failIfNoObjects)");
    CHECK(configError("kubeVersion: latest\n") ==
          "cfg/.ordlint.yaml:1:14: \"kubeVersion\" must look like \"1.36\", not \"latest\"");
    CHECK(configError("failOn: fatal\n") ==
          "cfg/.ordlint.yaml:1:9: \"failOn\" must be error, warning, info or never, not \"fatal\"");
    CHECK(configError("zones: 0\n") ==
          "cfg/.ordlint.yaml:1:8: \"zones\" must be a whole number from 1 to 64");
    CHECK(configError("strict: maybe\n") ==
          "cfg/.ordlint.yaml:1:9: \"strict\" must be true or false");
    CHECK(configError("namespace: Team_A\n").find("1:12: \"namespace\" must be a DNS label") !=
          std::string::npos);
    CHECK(configError("rules:\n  no-such-rule: error\n") ==
          "cfg/.ordlint.yaml:2:3: unknown rule \"no-such-rule\" under \"rules\" (see `ordlint "
          "rules`)");
    CHECK(configError("rules:\n  duplicate-key: loud\n") ==
          "cfg/.ordlint.yaml:2:18: rule \"duplicate-key\" must be off, error, warning or info, not "
          "\"loud\"");
    CHECK(configError("exclude: ['[abc']\n").find("1:11: bad \"exclude\" glob") !=
          std::string::npos);
    CHECK(configError("zones: 3\nzones: 4\n") == "cfg/.ordlint.yaml:2:1: \"zones\" is set twice");
    CHECK(configError("- a\n- b\n") ==
          "cfg/.ordlint.yaml:1:1: the config file must be a mapping of settings");
    CHECK(configError("a: [\n").rfind("cfg/.ordlint.yaml:", 0) == 0);
}

TEST_CASE("ordlint init's default config is valid and sets the documented defaults", "[config]") {
    Config config = parseConfig(".ordlint.yaml", defaultConfigText());
    RunSettings fromFile;
    config.applyTo(fromFile);
    RunSettings defaults;
    CHECK(fromFile.lint.kubeVersion.major == defaults.lint.kubeVersion.major);
    CHECK(fromFile.lint.kubeVersion.minor == defaults.lint.kubeVersion.minor);
    CHECK(fromFile.defaultNamespace == defaults.defaultNamespace);
    CHECK(fromFile.lint.zones == defaults.lint.zones);
    CHECK(fromFile.failOn == defaults.failOn);
    CHECK(fromFile.lint.strict == defaults.lint.strict);
    CHECK(fromFile.exclude.empty());
    CHECK(fromFile.selection.disabled.empty());
    CHECK(fromFile.selection.severities.empty());
    // Every key of the file is in it, with its help as the comment above it.
    std::string text = defaultConfigText();
    for (const SettingKey& key : settingKeys()) {
        if (!(key.sources & kConfigFile)) continue;
        INFO(key.key);
        CHECK(text.find("\n" + std::string(key.key) + ":") != std::string::npos);
    }
}

TEST_CASE("the config file is found in the working directory or above", "[config]") {
    fs::path root = fs::temp_directory_path() / "ordlint-config-lookup";
    fs::remove_all(root);
    fs::create_directories(root / "a" / "b");
    std::ofstream(root / "a" / ".ordlint.yaml") << "zones: 2\n";
    auto found = findConfigFile(root / "a" / "b");
    REQUIRE(found);
    CHECK(*found == root / "a" / ".ordlint.yaml");
    fs::remove_all(root);
}

TEST_CASE("exclude globs: names anywhere, anchored paths, folders, **", "[config]") {
    fs::path base = fs::temp_directory_path() / "repo";
    PathFilter filter(
        {"*.tpl.yaml", "generated", "charts/*/templates/**", "/deploy/legacy", "a/**/z.yaml"},
        base);
    CHECK(filter.excludes(base / "x" / "app.tpl.yaml"));
    CHECK(filter.excludes(base / "x" / "generated" / "svc.yaml"));
    CHECK(filter.excludes(base / "generated"));
    CHECK(filter.excludes(base / "charts" / "web" / "templates" / "sts.yaml"));
    CHECK_FALSE(filter.excludes(base / "charts" / "web" / "values.yaml"));
    CHECK_FALSE(filter.excludes(base / "other" / "charts" / "web" / "templates" / "sts.yaml"));
    CHECK(filter.excludes(base / "deploy" / "legacy" / "old.yaml"));
    CHECK_FALSE(filter.excludes(base / "x" / "deploy" / "legacy" / "old.yaml"));
    CHECK(filter.excludes(base / "a" / "z.yaml"));
    CHECK(filter.excludes(base / "a" / "b" / "c" / "z.yaml"));
    CHECK_FALSE(filter.excludes(base / "app.yaml"));
    CHECK(PathFilter().empty());
    CHECK(PathFilter::globError("[abc"));
    CHECK(!PathFilter::globError("**/*.yaml"));
}

TEST_CASE("exclude globs: `!` re-includes, the last matching glob decides", "[config]") {
    fs::path base = fs::temp_directory_path() / "repo";
    PathFilter filter(
        {"generated/**", "!generated/keep.yaml", "*.tpl.yaml", "!keep*", "keep-not.yaml"}, base);
    CHECK(filter.excludes(base / "generated" / "a.yaml"));
    CHECK_FALSE(filter.excludes(base / "generated" / "keep.yaml"));
    CHECK_FALSE(filter.excludes(base / "x" / "keep.tpl.yaml")); // "!keep*" comes later
    CHECK(filter.excludes(base / "x" / "app.tpl.yaml"));
    CHECK(filter.excludes(base / "keep-not.yaml")); // excluded again by the last glob
    CHECK_FALSE(filter.excludes(base / "app.yaml"));
    CHECK(PathFilter::globError("!"));
    CHECK(!PathFilter::globError("!generated/keep.yaml"));
    CHECK(PathFilter::globError("![abc"));
}
