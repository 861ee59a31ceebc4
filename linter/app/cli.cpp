// ordlint's command line: parses options, loads inputs, runs the rules, writes the report.

#include "cli_reference.hpp"
#include "config.hpp"
#include "engine.hpp"
#include "file_access.hpp"
#include "fixes.hpp"
#include "loader.hpp"
#include "lsp.hpp"
#include "output.hpp"
#include "output_ci.hpp"
#include "printable.hpp"
#include "project_identity.hpp"
#include "registry.hpp"
#include "run_settings.hpp"
#include "schema_store.hpp"
#include "schema_validation.hpp"
#include "setting_flags.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace {

using namespace ordlint;

constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

// The command line's own options; the settings (lint settings, rule selection, fail-on, ...)
// are SettingFlags, shared with the config file and the editor's settings.
struct CliOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string output;
    bool quiet = false;
    bool verbose = false;
    std::string color = "auto";
    std::string config;
};

// The output format of this run: what stderr's messages are escaped for.
std::string g_format = "text";

// A message on stderr. It may quote file names, kinds, keys: text from the pull request under
// review. Control characters are escaped as in text output, and in a GitHub job log also what
// could start a workflow command on a line of its own.
void printMessage(const std::string& message) {
    std::string shown = printable("ordlint: " + message);
    if (g_format == "github") shown = escapeGithubData(shown);
    std::cerr << shown << '\n';
}

int usageError(const std::string& message) {
    printMessage(message);
    return kExitUsage;
}

int listRules() {
    for (const RuleEntry& rule : builtinRules())
        std::cout << fmt::format("{:<26} {:<8} {}\n", rule.id, severityName(rule.defaultSeverity),
                                 ruleSummary(rule));
    return 0;
}

int explainRule(const std::string& id) {
    const RuleEntry* rule = builtinRules().find(id);
    if (!rule) return usageError(unknownRuleMessage(id));
    std::cout << rule->documentation;
    return 0;
}

// Applies the fixes of `diagnostics` to the files they are in, re-lints, and repeats while
// fixes that overlapped an applied one remain (a few rounds at most). Standard input is never
// rewritten. A file that cannot be written safely (a symbolic link, read-only, changed
// meanwhile: see replaceFileContent) is left as it is, with a "not fixed" line saying why. On
// return `workspace` and `diagnostics` describe the files as they now are.
void fixFilesInPlace(std::vector<InputText>& inputs, const LoadOptions& loadOptions,
                     const LintSettings& settings, const RuleSelection& selection,
                     Workspace& workspace, std::vector<Diagnostic>& diagnostics,
                     std::vector<std::string>& report) {
    std::set<std::string> refused;
    for (int round = 0; round < 4; ++round) {
        std::vector<FixedFile> fixed = applyFixes(diagnostics);
        fixed.erase(std::remove_if(fixed.begin(), fixed.end(),
                                   [&](const FixedFile& f) {
                                       // A template split out of stdin is not a file on disk.
                                       return f.file->path() == "-" ||
                                              f.file->stream() != f.file->path() ||
                                              !f.file->reportable() ||
                                              refused.count(f.file->path());
                                   }),
                    fixed.end());
        if (fixed.empty()) break;
        bool changed = false;
        for (const FixedFile& f : fixed) {
            ReplaceOutcome outcome = replaceFileContent(f.file->path(), f.file->text(), f.text);
            if (!outcome.written) {
                refused.insert(f.file->path());
                report.push_back(f.file->path() + ": not fixed: " + outcome.refusal);
                continue;
            }
            changed = true;
            for (const Diagnostic* diagnostic : f.applied)
                report.push_back(describeAppliedFix(*diagnostic));
            for (InputText& input : inputs)
                if (input.displayPath == f.file->path()) input.text = f.text;
        }
        if (!changed) break;
        workspace = loadWorkspace(inputs, loadOptions);
        diagnostics = runRules(workspace, settings, selection, builtinRules());
    }
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

// The config file: --config, else the nearest one upward from the working directory.
std::optional<Config> findConfig(const CliOptions& options) {
    std::optional<std::filesystem::path> found;
    if (!options.config.empty())
        found = options.config;
    else
        found = findConfigFile(std::filesystem::current_path());
    if (!found) return std::nullopt;
    return loadConfig(found->string());
}

// The process exits right after the report. Freeing a workspace node by node takes longer
// than linting a small input (13 ms of a 270 ms corpus run), so its memory is left to the
// exit; a static pointer keeps it reachable, which leak checkers accept.
void keepUntilExit(Workspace&& workspace, std::vector<Diagnostic>&& diagnostics) {
    static auto* kept = new std::vector<std::pair<Workspace, std::vector<Diagnostic>>>();
    kept->emplace_back(std::move(workspace), std::move(diagnostics));
}

int lint(const CliOptions& options, const SettingFlags& flags) {
    // Defaults, then the config file, then the flags.
    RunSettings run;
    g_format = options.format;
    std::optional<Config> config;
    try {
        config = findConfig(options);
    } catch (const ConfigError& error) {
        return usageError(error.what());
    }
    if (config) config->applyTo(run);
    if (auto problem = flags.applyTo(run)) return usageError(*problem);
    const LintSettings& settings = run.lint;
    RuleSelection selection = run.ruleSelection();
    std::optional<Severity> failOn = run.failOn;

    // The report's file is checked and opened before anything is read or fixed: a run that
    // cannot write its report must not have rewritten manifests first.
    ReportFile reportFile;
    if (!options.output.empty()) {
        reportFile = openReportFile(options.output);
        if (!reportFile.error.empty()) return usageError(reportFile.error);
    }

    std::vector<std::string> errors;
    std::vector<std::string> paths =
        options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
    ReadOptions readOptions;
    readOptions.exclude =
        run.exclude.empty() ? PathFilter() : PathFilter(run.exclude, run.excludeBase);
    readOptions.jobs = settings.jobs;
    readOptions.maxFileBytes = run.limits.maxFileBytes;
    // --fix: the folders of the files it may rewrite stay locked from before they are read
    // until the run ends, so that two runs take turns.
    FolderLocks fixLocks;
    if (run.fix)
        readOptions.beforeReading = [&](const std::vector<std::filesystem::path>& files) {
            std::vector<std::filesystem::path> folders;
            for (const std::filesystem::path& file : files)
                folders.push_back(file.has_parent_path() ? file.parent_path() : ".");
            fixLocks = FolderLocks(folders);
        };
    std::vector<std::string> skippedFiles;
    readOptions.skipped = &skippedFiles;
    std::vector<InputText> inputs = readInputs(paths, true, errors, readOptions);
    readOptions.beforeReading = nullptr;
    readOptions.skipped = nullptr;
    if (options.verbose)
        for (const std::string& note : skippedFiles)
            printMessage(note);
    if (!run.context.empty())
        inputs =
            withContext(std::move(inputs), readInputs(run.context, false, errors, readOptions));
    if (!errors.empty()) {
        for (const std::string& error : errors)
            printMessage(error);
        return kExitUsage;
    }

    LoadOptions loadOptions;
    loadOptions.defaultNamespace = run.defaultNamespace;
    loadOptions.namespaceGiven = run.namespaceGiven;
    loadOptions.jobs = settings.jobs;
    loadOptions.limits = run.limits;
    Workspace workspace = loadWorkspace(run.fix ? inputs : std::move(inputs), loadOptions);
    if (options.verbose)
        for (const std::string& note : workspace.skipped)
            printMessage(note);

    if (options.verbose && schemaReleaseFor(settings.kubeVersion) != settings.kubeVersion)
        printMessage(fmt::format("--kube-version {}: objects are validated with the {} schemas, "
                                 "the oldest bundled; version-dependent facts follow {}",
                                 releaseName(settings.kubeVersion),
                                 releaseName(schemaReleaseFor(settings.kubeVersion)),
                                 releaseName(settings.kubeVersion)));

    std::vector<Diagnostic> diagnostics = runRules(workspace, settings, selection, builtinRules());
    std::vector<std::string> fixReport;
    if (run.fix)
        fixFilesInPlace(inputs, loadOptions, settings, selection, workspace, diagnostics,
                        fixReport);
    if (options.verbose && (selection.enabled("schema") || selection.enabled("unknown-field")))
        for (const std::string& note :
             objectsWithoutSchema(workspace, settings.schemaDirs, settings.kubeVersion))
            printMessage(note);

    RunSummary summary;
    std::vector<std::string> reportedFiles; // a rendered stream's templates may share a path
    std::set<std::string> seenFiles;
    for (const auto& file : workspace.files)
        if (file->reportable() && seenFiles.insert(file->path()).second)
            reportedFiles.push_back(file->path());
    summary.files = reportedFiles.size();
    for (const Object& object : workspace.objects)
        if (object.file().reportable()) ++summary.objects;

    std::ostringstream buffered;
    std::ostream& out = options.output.empty() ? std::cout : buffered;
    // What --fix changed or could not change: part of the text report, on stderr beside
    // machine-readable output.
    for (const std::string& line : fixReport) {
        if (options.format == "text")
            out << printable(line) << '\n';
        else
            printMessage(line);
    }
    if (options.format == "json") {
        writeJson(out, diagnostics, summary);
    } else if (options.format == "sarif") {
        std::error_code error;
        std::filesystem::path here = std::filesystem::current_path(error);
        writeSarif(out, diagnostics, builtinRules(),
                   SarifOptions{error ? std::string() : repositoryRoot(here).string()});
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
    if (!options.output.empty()) {
        std::string error;
        if (!writeReportFile(reportFile, buffered.view(), error))
            return usageError("cannot write " + options.output + ": " + error);
        closeReportFile(reportFile);
    }

    bool failed = failOn && std::any_of(diagnostics.begin(), diagnostics.end(),
                                        [&](const Diagnostic& d) { return d.severity >= *failOn; });
    if (run.failIfNoObjects && summary.objects == 0) failed = true;
    keepUntilExit(std::move(workspace), std::move(diagnostics));
    return failed ? kExitFindings : 0;
}

int serveLanguageServer() {
    // A client that goes away must not kill the server mid-write; writes then just fail.
    std::signal(SIGPIPE, SIG_IGN);
    std::ios::sync_with_stdio(false);
    LanguageServerOptions options;
    // The editor lints with the same .ordlint.yaml as the command line run in that folder.
    options.loadConfigFile = [](const std::string& folder, RunSettings& settings,
                                std::string& error) {
        return applyProjectConfig(folder, settings, error);
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
    app.add_option("paths", options.paths, "files and folders to lint (default: .); - reads stdin")
        ->type_name("PATH");
    app.add_option("--format", options.format, "output format")
        ->check(CLI::IsMember({"text", "json", "sarif", "github", "junit"}))
        ->capture_default_str();
    app.add_option("--output", options.output, "write the report to FILE instead of stdout")
        ->type_name("FILE");
    SettingFlags flags;
    flags.addTo(app);
    app.add_flag("--quiet", options.quiet, "print nothing when there are no findings");
    app.add_flag("--verbose", options.verbose,
                 "also say what was skipped (objects with no schema, documents without kind)");
    app.add_option("--color", options.color, "colours in text output")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.add_option(
        "--config", options.config,
        fmt::format("config file (default: the nearest {} upward from here)", kConfigFileName));

    CLI::App* rulesCommand =
        app.add_subcommand("rules", "list every rule: id, default severity, summary");
    CLI::App* explainCommand = app.add_subcommand("explain", "print a rule's full documentation");
    std::string explainId;
    explainCommand->add_option("rule", explainId, "rule id")->type_name("RULE")->required();
    CLI::App* versionCommand = app.add_subcommand("version", "print version information");
    CLI::App* lspCommand = app.add_subcommand("lsp", "run the language server on stdin/stdout");
    bool stdio = true; // what LSP clients pass to pick the stdio transport, the only one
    lspCommand->add_flag("--stdio", stdio, "talk LSP over stdin/stdout (the default)");
    CLI::App* initCommand =
        app.add_subcommand("init", fmt::format("write a commented default {}", kConfigFileName));
    std::string initPath = kConfigFileName;
    bool initForce = false;
    initCommand->add_option("file", initPath, "where to write it")
        ->type_name("FILE")
        ->capture_default_str();
    initCommand->add_flag("--force", initForce, "overwrite an existing file");
    app.set_version_flag(
        "--version", [] { return versionText(); }, "print version information");
    CLI::App* completionCommand =
        app.add_subcommand("completion", "print a shell completion script");
    std::string shell;
    completionCommand->add_option("shell", shell, "the shell")
        ->type_name("SHELL")
        ->check(CLI::IsMember(kCompletionShells))
        ->required();
    // The man page, generated at build time from this definition (cmake/packaging.cmake).
    CLI::App* manPageCommand =
        app.add_subcommand("manpage", "print the man page ordlint(1) in roff")->group("");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        std::cout << version.what();
        return 0;
    } catch (const CLI::ParseError& error) {
        return usageError(describeParseError(app, error));
    }

    try {
        if (rulesCommand->parsed()) return listRules();
        if (explainCommand->parsed()) return explainRule(explainId);
        if (lspCommand->parsed()) return serveLanguageServer();
        if (initCommand->parsed()) return initConfig(initPath, initForce);
        if (completionCommand->parsed()) {
            std::cout << *completionScript(describeCommandLine(app), shell);
            return 0;
        }
        if (manPageCommand->parsed()) {
            std::cout << manPage(describeCommandLine(app));
            return 0;
        }
        if (versionCommand->parsed()) {
            std::cout << versionText();
            return 0;
        }
        if (auto mistyped = mistypedCommand(options.paths, app)) return usageError(*mistyped);
        return lint(options, flags);
    } catch (const std::exception& error) {
        std::cerr << "ordlint: internal error: " << error.what() << '\n';
        return kExitUsage;
    }
}
