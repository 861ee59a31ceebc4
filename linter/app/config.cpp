#include "config.hpp"

#include "path_filter.hpp"
#include "registry.hpp"
#include "yaml_tree.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <fstream>
#include <set>
#include <sstream>

namespace ordlint {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kKeys[] = {"kubeVersion", "namespace", "zones",   "failOn",
                                      "strict",      "fix",       "exclude", "rules"};

[[noreturn]] void fail(const SourceFile& file, const SourceRange& range,
                       const std::string& message) {
    Position at = range.file ? file.position(range.begin) : Position{};
    throw ConfigError(fmt::format("{}:{}:{}: {}", file.path(), at.line, at.column, message));
}

std::string scalarText(const SourceFile& file, const MapEntry& entry, std::string_view what) {
    if (!entry.value || !entry.value->isScalar() || entry.value->value.empty())
        fail(file, entry.value ? entry.value->range : entry.key->range,
             fmt::format("\"{}\" must be {}", entry.key->value, what));
    return entry.value->value;
}

bool booleanValue(const SourceFile& file, const MapEntry& entry) {
    const Node* value = entry.value;
    if (!value || !value->isScalar() || value->scalarType() != ScalarType::Bool)
        fail(file, value ? value->range : entry.key->range,
             fmt::format("\"{}\" must be true or false", entry.key->value));
    std::string text = value->value;
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text == "true" || text == "yes" || text == "y" || text == "on";
}

void readExclude(const SourceFile& file, const MapEntry& entry, Config& config) {
    const Node* value = entry.value;
    if (!value || value->isNull()) return;
    std::vector<const Node*> globs;
    if (value->isScalar())
        globs.push_back(value);
    else if (value->isSequence())
        globs = value->items;
    else
        fail(file, value->range, "\"exclude\" must be a list of globs");
    for (const Node* glob : globs) {
        if (!glob->isScalar())
            fail(file, glob->range, "each \"exclude\" entry must be a glob string");
        if (auto problem = PathFilter::globError(glob->value))
            fail(file, glob->range, "bad \"exclude\" glob: " + *problem);
        config.exclude.push_back(glob->value);
    }
}

void readRules(const SourceFile& file, const MapEntry& entry, Config& config) {
    const Node* value = entry.value;
    if (!value || value->isNull()) return;
    if (!value->isMapping())
        fail(file, value->range, "\"rules\" must map rule ids to off, error, warning or info");
    for (const MapEntry& rule : value->entries) {
        const std::string& id = rule.key->value;
        if (!rule.key->isScalar() || !builtinRules().find(id))
            fail(file, rule.key->range,
                 fmt::format("unknown rule \"{}\" under \"rules\" (see `ordlint rules`)", id));
        std::string level = rule.value && rule.value->isScalar() ? rule.value->value : "";
        if (level == "off") {
            config.rules.emplace_back(id, std::nullopt);
        } else if (auto severity = parseSeverity(level)) {
            config.rules.emplace_back(id, severity);
        } else {
            fail(file, rule.value ? rule.value->range : rule.key->range,
                 fmt::format("rule \"{}\" must be off, error, warning or info, not \"{}\"", id,
                             level));
        }
    }
}

} // namespace

std::optional<fs::path> findConfigFile(const fs::path& start) {
    std::error_code error;
    fs::path folder = fs::absolute(start, error);
    if (error) return std::nullopt;
    for (;;) {
        fs::path candidate = folder / kConfigFileName;
        if (fs::is_regular_file(candidate, error)) return candidate;
        if (!folder.has_parent_path() || folder.parent_path() == folder) return std::nullopt;
        folder = folder.parent_path();
    }
}

Config loadConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot read the config file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parseConfig(path, std::move(buffer).str());
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
    for (const MapEntry& entry : root->entries) {
        const std::string& key = entry.key->value;
        if (!seen.insert(key).second)
            fail(file, entry.key->range, fmt::format("\"{}\" is set twice", key));
        if (key == "kubeVersion") {
            std::string version = scalarText(file, entry, "a version like \"1.34\"");
            static const RE2 pattern(R"(\d+\.\d+)");
            if (!RE2::FullMatch(version, pattern))
                fail(file, entry.value->range,
                     fmt::format("\"kubeVersion\" must look like \"1.34\", not \"{}\"", version));
            config.kubeVersion = version;
        } else if (key == "namespace") {
            std::string ns = scalarText(file, entry, "a namespace name");
            static const RE2 label(R"([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)");
            if (!RE2::FullMatch(ns, label))
                fail(file, entry.value->range,
                     fmt::format("\"namespace\" must be a DNS label (lower-case letters, digits, "
                                 "'-'), not \"{}\"",
                                 ns));
            config.ns = ns;
        } else if (key == "zones") {
            auto zones = entry.value ? entry.value->integer() : std::nullopt;
            if (!zones || *zones < 1 || *zones > 64)
                fail(file, entry.value ? entry.value->range : entry.key->range,
                     "\"zones\" must be a whole number from 1 to 64");
            config.zones = static_cast<int>(*zones);
        } else if (key == "failOn") {
            std::string level = scalarText(file, entry, "error, warning, info or never");
            if (level != "never" && !parseSeverity(level))
                fail(file, entry.value->range,
                     fmt::format("\"failOn\" must be error, warning, info or never, not \"{}\"",
                                 level));
            config.failOn = level;
        } else if (key == "strict") {
            config.strict = booleanValue(file, entry);
        } else if (key == "fix") {
            config.fix = booleanValue(file, entry);
        } else if (key == "exclude") {
            readExclude(file, entry, config);
        } else if (key == "rules") {
            readRules(file, entry, config);
        } else {
            std::string known;
            for (std::string_view k : kKeys)
                known += (known.empty() ? "" : ", ") + std::string(k);
            fail(file, entry.key->range,
                 fmt::format("unknown key \"{}\" (known keys: {})", key, known));
        }
    }
    return config;
}

std::string_view defaultConfigText() {
    return R"(# ordlint configuration. Every key is optional; command-line flags win over this file.
# ordlint uses the nearest .ordlint.yaml in the working directory or a folder above it
# (or the file given with --config). `ordlint explain RULE` documents each rule.

# Kubernetes version of the target cluster (X.Y, 1.25 to 1.36): picks the bundled schemas of
# that release and gates version-dependent facts. The default is the newest, 1.36.
kubeVersion: "1.36"

# Namespace of objects that do not set metadata.namespace.
namespace: default

# Number of zones the zone rules assume when the manifests do not say.
zones: 3

# Lowest severity that makes ordlint exit with 1: error, warning, info or never.
failOn: error

# Report fields that the schema does not know as errors instead of warnings.
strict: false

# Files and folders to skip, as gitignore-like globs relative to this file: a glob without
# "/" matches a name at any depth, one with "/" is anchored here, "**" spans folders.
exclude:
  # Helm chart sources are templates, not YAML: lint `helm template` output instead.
  # - "charts/*/templates/**"

# Per-rule setting: off, error, warning or info (the default is in `ordlint rules`).
rules:
  # unused-ignore: warning
)";
}

} // namespace ordlint
