// ordlint's command line: parses options, loads inputs, runs the rules, writes the report.

#include "api_catalog.hpp"
#include "config.hpp"
#include "engine.hpp"
#include "fixes.hpp"
#include "loader.hpp"
#include "lsp.hpp"
#include "output.hpp"
#include "output_ci.hpp"
#include "registry.hpp"
#include "schema_store.hpp"
#include "schema_validation.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <unistd.h>

namespace {

using namespace ordlint;

constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

struct CliOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string output;
    std::string kubeVersion = releaseName(KubeVersion{}); // the newest bundled release
    std::string ns = "default";
    std::vector<std::string> enable;
    std::vector<std::string> disable;
    std::vector<std::string> severities;
    std::string failOn = "error";
    unsigned jobs = 0;
    bool quiet = false;
    bool verbose = false;
    std::string color = "auto";
    LoadLimits limits;
    std::string config;
    std::vector<std::string> context;
    bool strict = false;
    bool fix = false;
    std::vector<std::string> schemaDirs;
    int zones = 3;
    std::set<std::string> given; // long names of the options on the command line
};

int usageError(const std::string& message) {
    std::cerr << "ordlint: " << message << '\n';
    return kExitUsage;
}

// "" when `version` is a release ordlint can lint for; else the usage error naming the range.
std::string unsupportedKubeVersion(KubeVersion version) {
    const ApiCatalog& catalog = ApiCatalog::bundled();
    if (catalog.accepts(version)) return {};
    const auto& releases = bundledKubernetesReleases();
    return fmt::format(
        "--kube-version {}: ordlint supports Kubernetes {} to {} (schemas of {} to {} are bundled; "
        "{} to {} are validated with the {} schemas)",
        releaseName(version), releaseName(catalog.oldestAccepted()),
        releaseName(catalog.newestAccepted()), releaseName(releases.front()),
        releaseName(releases.back()), releaseName(catalog.oldestAccepted()),
        releaseName(KubeVersion{releases.front().major, releases.front().minor - 1}),
        releaseName(releases.front()));
}

int listRules() {
    for (const RuleEntry& rule : builtinRules())
        std::cout << fmt::format("{:<26} {:<8} {}\n", rule.id, severityName(rule.defaultSeverity),
                                 ruleSummary(rule));
    return 0;
}

int explainRule(const std::string& id) {
    const RuleEntry* rule = builtinRules().find(id);
    if (!rule) return usageError(fmt::format("unknown rule \"{}\" (see `ordlint rules`)", id));
    std::cout << rule->documentation;
    return 0;
}

// Applies the fixes of `diagnostics` to the files they are in, re-lints, and repeats while
// fixes that overlapped an applied one remain (a few rounds at most). Standard input is never
// rewritten. On return `workspace` and `diagnostics` describe the fixed files.
std::vector<std::string>
fixFilesInPlace(std::vector<InputText>& inputs, const LoadOptions& loadOptions,
                const LintSettings& settings, const RuleSelection& selection, Workspace& workspace,
                std::vector<Diagnostic>& diagnostics, std::vector<std::string>& applied) {
    for (int round = 0; round < 4; ++round) {
        std::vector<FixedFile> fixed = applyFixes(diagnostics);
        fixed.erase(std::remove_if(fixed.begin(), fixed.end(),
                                   [](const FixedFile& f) {
                                       // A template split out of stdin is not a file on disk.
                                       return f.file->path() == "-" ||
                                              f.file->stream() != f.file->path() ||
                                              !f.file->reportable();
                                   }),
                    fixed.end());
        if (fixed.empty()) break;
        std::vector<std::string> errors = writeFixedFiles(fixed);
        if (!errors.empty()) return errors;
        for (const FixedFile& f : fixed) {
            for (const Diagnostic* diagnostic : f.applied)
                applied.push_back(describeAppliedFix(*diagnostic));
            for (InputText& input : inputs)
                if (input.displayPath == f.file->path()) input.text = f.text;
        }
        workspace = loadWorkspace(inputs, loadOptions);
        diagnostics = runRules(workspace, settings, selection, builtinRules());
    }
    return {};
}

int initConfig(const std::string& path, bool force) {
    if (!force && std::filesystem::exists(path))
        return usageError(path + " exists already (use --force to overwrite it)");
    std::ofstream out(path, std::ios::binary);
    out << defaultConfigText();
    out.flush();
    if (!out) return usageError("cannot write " + path);
    std::cout << "wrote " << path << '\n';
    return 0;
}

void applyRuleSettings(const Config& config, RuleSelection& selection) {
    for (const auto& [id, severity] : config.rules) {
        if (!severity) {
            selection.disabled.insert(id);
        } else {
            selection.disabled.erase(id);
            selection.severities[id] = *severity;
        }
    }
}

// The config file's settings, where the command line does not set them itself.
std::optional<Config> applyConfig(CliOptions& options, RuleSelection& selection) {
    std::optional<std::filesystem::path> found;
    if (!options.config.empty())
        found = options.config;
    else
        found = findConfigFile(std::filesystem::current_path());
    if (!found) return std::nullopt;
    Config config = loadConfig(found->string());
    auto flagSet = [&](const char* name) { return options.given.count(name) > 0; };
    if (config.kubeVersion && !flagSet("kube-version")) options.kubeVersion = *config.kubeVersion;
    if (config.ns && !flagSet("namespace")) options.ns = *config.ns;
    if (config.failOn && !flagSet("fail-on")) options.failOn = *config.failOn;
    if (config.zones && !flagSet("zones")) options.zones = *config.zones;
    if (config.strict && !flagSet("strict")) options.strict = *config.strict;
    if (config.fix && !flagSet("fix")) options.fix = *config.fix;
    // Rule settings first: --disable, --enable and --severity are applied over them.
    applyRuleSettings(config, selection);
    return config;
}

// The process exits right after the report. Freeing a workspace node by node takes longer
// than linting a small input (13 ms of a 270 ms corpus run), so its memory is left to the
// exit; a static pointer keeps it reachable, which leak checkers accept.
void keepUntilExit(Workspace&& workspace, std::vector<Diagnostic>&& diagnostics) {
    static auto* kept = new std::vector<std::pair<Workspace, std::vector<Diagnostic>>>();
    kept->emplace_back(std::move(workspace), std::move(diagnostics));
}

int lint(CliOptions options) {
    RuleSelection selection;
    std::optional<Config> config;
    try {
        config = applyConfig(options, selection);
    } catch (const ConfigError& error) {
        return usageError(error.what());
    }
    LintSettings settings;
    auto version = parseKubeVersion(options.kubeVersion);
    if (!version)
        return usageError(fmt::format("--kube-version must look like {}, got \"{}\"",
                                      releaseName(KubeVersion{}), options.kubeVersion));
    if (std::string problem = unsupportedKubeVersion(*version); !problem.empty())
        return usageError(problem);
    settings.kubeVersion = *version;
    if (options.verbose && schemaReleaseFor(*version) != *version)
        std::cerr << fmt::format(
            "ordlint: --kube-version {}: objects are validated with the {} schemas, the "
            "oldest bundled; version-dependent facts follow {}\n",
            options.kubeVersion, releaseName(schemaReleaseFor(*version)), options.kubeVersion);
    settings.zones = options.zones;

    auto unknown = applyRuleToggles(builtinRules(), selection, options.disable, options.enable);
    for (const std::string& assignment : options.severities) {
        auto equals = assignment.find('=');
        std::string id = assignment.substr(0, equals);
        auto severity = equals == std::string::npos ? std::nullopt
                                                    : parseSeverity(assignment.substr(equals + 1));
        if (!severity)
            return usageError("--severity expects RULE=error|warning|info, got \"" + assignment +
                              "\"");
        if (!builtinRules().find(id)) unknown.push_back(id);
        selection.severities[id] = *severity;
    }
    if (!unknown.empty())
        return usageError(
            fmt::format("unknown rule \"{}\" (see `ordlint rules`)", unknown.front()));
    settings.strict = options.strict;
    if (options.strict && !selection.severities.count("unknown-field"))
        selection.severities["unknown-field"] = Severity::Error;
    for (const std::string& dir : options.schemaDirs) {
        std::error_code error;
        if (!std::filesystem::is_directory(dir, error))
            return usageError("--schema-dir " + dir + " is not a readable folder");
    }
    settings.schemaDirs = options.schemaDirs;
    settings.jobs = options.jobs;

    std::optional<Severity> failOn;
    if (options.failOn != "never") {
        failOn = parseSeverity(options.failOn);
        if (!failOn) return usageError("--fail-on must be error, warning, info or never");
    }

    std::vector<std::string> errors;
    std::vector<std::string> paths =
        options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
    PathFilter exclude = config ? PathFilter(config->exclude, config->folder) : PathFilter();
    std::vector<InputText> inputs = readInputs(paths, true, errors, exclude, options.jobs);
    if (!options.context.empty())
        inputs = withContext(std::move(inputs),
                             readInputs(options.context, false, errors, exclude, options.jobs));
    if (!errors.empty()) {
        for (const std::string& error : errors)
            std::cerr << "ordlint: " << error << '\n';
        return kExitUsage;
    }

    LoadOptions loadOptions;
    loadOptions.defaultNamespace = options.ns;
    loadOptions.jobs = options.jobs;
    loadOptions.limits = options.limits;
    Workspace workspace = loadWorkspace(options.fix ? inputs : std::move(inputs), loadOptions);
    if (options.verbose)
        for (const std::string& note : workspace.skipped)
            std::cerr << "ordlint: " << note << '\n';

    std::vector<Diagnostic> diagnostics = runRules(workspace, settings, selection, builtinRules());
    std::vector<std::string> appliedFixes;
    if (options.fix) {
        std::vector<std::string> fixErrors = fixFilesInPlace(
            inputs, loadOptions, settings, selection, workspace, diagnostics, appliedFixes);
        for (const std::string& error : fixErrors)
            std::cerr << "ordlint: " << error << '\n';
        if (!fixErrors.empty()) return kExitUsage;
    }
    if (options.verbose && (selection.enabled("schema") || selection.enabled("unknown-field")))
        for (const std::string& note :
             objectsWithoutSchema(workspace, settings.schemaDirs, settings.kubeVersion))
            std::cerr << "ordlint: " << note << '\n';

    RunSummary summary;
    std::vector<std::string> reportedFiles; // a rendered stream's templates may share a path
    std::set<std::string> seenFiles;
    for (const auto& file : workspace.files)
        if (file->reportable() && seenFiles.insert(file->path()).second)
            reportedFiles.push_back(file->path());
    summary.files = reportedFiles.size();
    for (const Object& object : workspace.objects)
        summary.objects += object.file().reportable() ? 1 : 0;

    std::ofstream file;
    if (!options.output.empty()) {
        file.open(options.output, std::ios::binary);
        if (!file) return usageError("cannot write " + options.output);
    }
    std::ostream& out = options.output.empty() ? std::cout : file;
    // What --fix changed: part of the text report, on stderr beside machine-readable output.
    for (const std::string& change : appliedFixes)
        (options.format == "text" ? out : std::cerr) << change << '\n';
    if (options.format == "json") {
        writeJson(out, diagnostics, summary);
    } else if (options.format == "sarif") {
        writeSarif(out, diagnostics, builtinRules());
    } else if (options.format == "github") {
        writeGithub(out, diagnostics, summary);
    } else if (options.format == "junit") {
        writeJunit(out, diagnostics, reportedFiles, failOn);
    } else {
        TextStyle style;
        style.quiet = options.quiet;
        bool terminal = options.output.empty() && isatty(STDOUT_FILENO);
        const char* noColor = std::getenv("NO_COLOR");
        style.color = options.color == "always" ||
                      (options.color == "auto" && terminal && !(noColor && *noColor));
        writeText(out, diagnostics, summary, style);
    }
    out.flush();
    if (!out) return usageError("cannot write the report");

    bool failed = failOn && std::any_of(diagnostics.begin(), diagnostics.end(),
                                        [&](const Diagnostic& d) { return d.severity >= *failOn; });
    keepUntilExit(std::move(workspace), std::move(diagnostics));
    return failed ? kExitFindings : 0;
}

int serveLanguageServer() {
    // A client that goes away must not kill the server mid-write; writes then just fail.
    std::signal(SIGPIPE, SIG_IGN);
    std::ios::sync_with_stdio(false);
    LanguageServerOptions options;
    // The editor lints with the same .ordlint.yaml as the command line run in that folder.
    options.loadConfigFile = [](const std::string& folder, LintConfig& lintConfig,
                                std::string& error) {
        std::optional<std::filesystem::path> found = findConfigFile(folder);
        if (!found) return true;
        try {
            Config config = loadConfig(found->string());
            auto version =
                config.kubeVersion ? parseKubeVersion(*config.kubeVersion) : std::nullopt;
            if (version && !unsupportedKubeVersion(*version).empty()) {
                error = unsupportedKubeVersion(*version);
                return false;
            }
            if (version) lintConfig.settings.kubeVersion = *version;
            if (config.ns) lintConfig.defaultNamespace = *config.ns;
            if (config.zones) lintConfig.settings.zones = *config.zones;
            if (config.strict) lintConfig.settings.strict = *config.strict;
            applyRuleSettings(config, lintConfig.selection);
            if (!config.exclude.empty()) {
                PathFilter filter(config.exclude, config.folder);
                lintConfig.excluded = [filter](const std::string& path) {
                    return filter.excludes(path);
                };
            }
        } catch (const ConfigError& problem) {
            error = problem.what();
            return false;
        }
        return true;
    };
    return runLanguageServer(std::cin, std::cout, options);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"ordlint: a linter for Kubernetes manifests that knows pod identity "
                 "(StatefulSet ordinals, Indexed Jobs, LeaderWorkerSets, JobSets)",
                 "ordlint"};
    app.require_subcommand(0, 1);
    CliOptions options;
    app.add_option("paths", options.paths, "files and folders to lint (default: .); - reads stdin");
    app.add_option("--format", options.format, "output format")
        ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}))
        ->capture_default_str();
    app.add_option("--output", options.output, "write the report to FILE instead of stdout");
    app.add_option("--kube-version", options.kubeVersion, "target cluster version X.Y")
        ->capture_default_str();
    app.add_option("--zones", options.zones,
                   "zones assumed by zone rules when manifests do not say")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    app.add_option("--namespace", options.ns, "namespace for objects that have none")
        ->capture_default_str();
    // One value per occurrence, so that `--disable x -` leaves "-" to the paths.
    app.add_option("--enable", options.enable, "turn rules on (comma-separated, or all)")
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--disable", options.disable, "turn rules off (comma-separated, or all)")
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--severity", options.severities,
                   "override a rule's severity: RULE=error|warning|info")
        ->allow_extra_args(false);
    app.add_option("--fail-on", options.failOn, "lowest severity that makes the exit code 1")
        ->check(CLI::IsMember({"error", "warning", "info", "never"}))
        ->capture_default_str();
    app.add_option("--jobs", options.jobs,
                   "threads for parsing files and running rules (default: number of cores)");
    app.add_flag("--fix", options.fix,
                 "apply safe fixes to the files in place, then report what remains");
    app.add_flag("--quiet", options.quiet, "print nothing when there are no findings");
    app.add_flag("--verbose", options.verbose,
                 "also say what was skipped (objects with no schema, documents without kind)");
    app.add_flag("--strict", options.strict, "report unknown fields as errors, not warnings");
    app.add_option("--schema-dir", options.schemaDirs,
                   "extra JSON schemas (kubeconform layout) or CRD files; repeatable")
        ->allow_extra_args(false);
    app.add_option("--color", options.color, "colours in text output")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.add_option("--config", options.config,
                   "config file (default: the nearest .ordlint.yaml upward from here)");
    app.add_option(
           "--context", options.context,
           "also load these manifests for cross-object rules, without reporting findings in them")
        ->delimiter(',')
        ->allow_extra_args(false);

    app.add_option("--max-depth", options.limits.maxDepth, "deepest nesting a document may have")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
        ->capture_default_str();
    app.add_option("--max-alias-nodes", options.limits.maxAliasExpansion,
                   "most nodes a document's aliases may expand to")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
        ->capture_default_str();
    app.add_option("--max-file-bytes", options.limits.maxFileBytes, "largest file that is linted")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40))
        ->capture_default_str();

    CLI::App* rulesCommand =
        app.add_subcommand("rules", "list every rule: id, default severity, summary");
    CLI::App* explainCommand = app.add_subcommand("explain", "print a rule's full documentation");
    std::string explainId;
    explainCommand->add_option("rule", explainId, "rule id")->required();
    CLI::App* versionCommand = app.add_subcommand("version", "print version information");
    CLI::App* lspCommand = app.add_subcommand("lsp", "run the language server on stdin/stdout");
    bool stdio = true; // what LSP clients pass to pick the stdio transport, the only one
    lspCommand->add_flag("--stdio", stdio, "talk LSP over stdin/stdout (the default)");
    CLI::App* initCommand = app.add_subcommand("init", "write a commented default .ordlint.yaml");
    std::string initPath = kConfigFileName;
    bool initForce = false;
    initCommand->add_option("file", initPath, "where to write it")->capture_default_str();
    initCommand->add_flag("--force", initForce, "overwrite an existing file");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        app.exit(error);
        return kExitUsage;
    }

    try {
        if (rulesCommand->parsed()) return listRules();
        if (explainCommand->parsed()) return explainRule(explainId);
        if (lspCommand->parsed()) return serveLanguageServer();
        if (initCommand->parsed()) return initConfig(initPath, initForce);
        for (const CLI::Option* option : app.get_options())
            if (option->count() > 0)
                for (const std::string& name : option->get_lnames())
                    options.given.insert(name);
        if (versionCommand->parsed()) {
            std::cout << "ordlint " << kOrdlintVersion << '\n';
            std::cout << "schemas: " << bundledSchemaVersion() << '\n';
            std::string releases;
            for (KubeVersion release : bundledKubernetesReleases())
                releases += (releases.empty() ? "" : " ") + releaseName(release);
            const ApiCatalog& catalog = ApiCatalog::bundled();
            std::cout << "kubernetes releases: " << releases << " (default "
                      << releaseName(KubeVersion{}) << "; --kube-version also accepts "
                      << releaseName(catalog.oldestAccepted()) << " to "
                      << releaseName(KubeVersion{1, bundledKubernetesReleases().front().minor - 1})
                      << ", validated with the " << releaseName(bundledKubernetesReleases().front())
                      << " schemas)\n";
            return 0;
        }
        return lint(options);
    } catch (const std::exception& error) {
        std::cerr << "ordlint: internal error: " << error.what() << '\n';
        return kExitUsage;
    }
}
