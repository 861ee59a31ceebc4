// The integrations checked by the tools their users run: Microsoft's SARIF validator with
// GitHub's ingestion rules, the GitHub Action validator, the action's own steps run the way
// the runner runs them, and pre-commit. The tools come from scripts/install-deps.sh (apt and
// tools/package.json); a missing tool fails the test with the set-up command to run.
#include "shell_support.hpp"
#include "support.hpp"
#include "text.hpp"
#include "yaml_tree.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <re2/re2.h>

#include <fstream>
#include <functional>
#include <map>

namespace fs = std::filesystem;
using namespace ordlint;
using namespace ordlint::test;

namespace {

fs::path toolsDir() {
    return sourcePath("tools/node_modules");
}
fs::path buildDir() {
    return fs::path(ORDLINT_BINARY).parent_path();
}

// Runs Sarif.Multitool validate with the SARIF schema and GitHub's rules; returns its results.
nlohmann::json validateSarif(const fs::path& sarif, const ScratchDir& scratch) {
    fs::path multitool =
        requiredTool(toolsDir() / "@microsoft/sarif-multitool-linux/Sarif.Multitool");
    fs::path report = scratch.path() / ("validation-of-" + sarif.filename().string());
    ShellResult run =
        runShell(shellQuoted(multitool.string()) + " validate --rule-kind 'Sarif;Gh' --output " +
                     shellQuoted(report.string()) + " " + shellQuoted(sarif.string()),
                 scratch.path());
    INFO("Sarif.Multitool output:\n" << run.out);
    REQUIRE(run.exitCode == 0);
    REQUIRE(fs::exists(report));
    return nlohmann::json::parse(readText(report.string()))["runs"][0]["results"];
}

} // namespace

TEST_CASE("SARIF output passes Sarif.Multitool validate with GitHub's rules", "[external][sarif]") {
    ScratchDir scratch("sarif");
    // Every fixture (all rules, broken YAML, related locations) and a Helm stream from stdin.
    std::string helm = "---\n# Source: web/templates/cm.yaml\n" + kBroken;
    std::vector<std::pair<std::string, std::string>> runs = {
        {"--fail-on never testdata/examples testdata/rules", ""},
        {"--fail-on never -", helm},
    };
    int index = 0;
    for (const auto& [args, input] : runs) {
        fs::path sarif = scratch.path() / ("ordlint-" + std::to_string(++index) + ".sarif");
        fs::path stdinFile = scratch.write("stdin-" + std::to_string(index), input);
        ShellResult lint = runShell(shellQuoted(ORDLINT_BINARY) + " --format sarif --output " +
                                        shellQuoted(sarif.string()) + " " + args + " <" +
                                        shellQuoted(stdinFile.string()),
                                    sourcePath(""));
        REQUIRE(lint.exitCode == 0);
        auto log = nlohmann::json::parse(readText(sarif.string()));
        REQUIRE(!log["runs"][0]["results"].empty());
        nlohmann::json problems = validateSarif(sarif, scratch);
        std::string listed;
        int errors = 0;
        for (const auto& problem : problems) {
            listed += problem.value("level", "warning") + " " +
                      problem["ruleId"].get<std::string>() + " " + problem["message"].dump() + "\n";
            errors += problem.value("level", "warning") == "error" ? 1 : 0;
        }
        INFO("ordlint " << args << "\nvalidator results:\n" << listed);
        CHECK(errors == 0);
        CHECK(problems.empty()); // not even warnings or notes
    }
}

TEST_CASE("action.yml, the release workflow and the README's workflow pass action-validator",
          "[external][action]") {
    fs::path validator = requiredTool(toolsDir() / ".bin/action-validator");
    for (const char* file :
         {"action.yml", ".github/workflows/release.yml", "docs/github-workflow.yml"}) {
        ShellResult run = runShell(shellQuoted(validator.string()) + " " + file, sourcePath(""));
        INFO(file << ":\n" << run.out);
        CHECK(run.exitCode == 0);
    }
    // The README shows exactly the validated workflow.
    CHECK_THAT(readText(sourcePath("README.md")),
               Catch::Contains(readText(sourcePath("docs/github-workflow.yml"))));
}

namespace {

// Runs the composite action's `run` steps as the GitHub runner does: `${{ }}` expressions
// evaluated into each step's env, `bash --noprofile --norc -eo pipefail` on the script, one
// GITHUB_OUTPUT file per step whose values feed later steps. `uses:` steps (the cache) are
// skipped: `beforeStep` may stand in for them, and a tool cache folder that persists between
// runs stands in for the cache of the release binary.
struct ActionRun {
    std::map<std::string, std::map<std::string, std::string>> outputs; // step id -> outputs
    std::vector<std::pair<std::string, ShellResult>> steps;            // name -> result
    std::string summary;                                               // $GITHUB_STEP_SUMMARY
    std::string log() const {
        std::string text;
        for (const auto& [name, result] : steps)
            text += "## " + name + " (exit " + std::to_string(result.exitCode) + ")\n" + result.out;
        return text + "## summary\n" + summary;
    }
};

std::map<std::string, std::string> readOutputs(const fs::path& file) {
    std::map<std::string, std::string> values;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        auto heredoc = line.find("<<");
        auto equals = line.find('=');
        if (heredoc != std::string::npos && (equals == std::string::npos || heredoc < equals)) {
            std::string key = line.substr(0, heredoc), delimiter = line.substr(heredoc + 2), value,
                        next;
            while (std::getline(in, next) && next != delimiter)
                value += (value.empty() ? "" : "\n") + next;
            values[key] = value;
        } else if (equals != std::string::npos) {
            values[line.substr(0, equals)] = line.substr(equals + 1);
        }
    }
    return values;
}

struct Runner {
    fs::path workspace;
    fs::path temp;
    std::string actionRef = "v0";           // github.action_ref: the action used at its major tag
    std::map<std::string, std::string> env; // the runner's environment, beside the defaults
    std::function<void(const std::string& step, const ActionRun&)> beforeStep;
};

ActionRun runAction(const std::map<std::string, std::string>& inputs, const Runner& runner) {
    SourceFile actionFile("action.yml", readText(sourcePath("action.yml")));
    ParsedFile parsed = parseYaml(actionFile, LoadLimits{});
    REQUIRE(parsed.problems.empty());
    const Node* action = parsed.documents.at(0)->root;
    REQUIRE(action->at({"runs", "using"})->value() == "composite");

    std::map<std::string, std::string> inputValues;
    for (const MapEntry& input : action->get("inputs")->entries()) {
        const Node* fallback = input.value->get("default");
        inputValues[std::string(input.key->value())] =
            fallback ? std::string(fallback->value()) : "";
    }
    for (const auto& [name, value] : inputs) {
        REQUIRE(inputValues.count(name) == 1); // only inputs the action declares
        inputValues[name] = value;
    }

    ActionRun run;
    static const RE2 stepOutput(R"(steps\.([\w-]+)\.outputs\.([\w-]+))");
    auto evaluate = [&](const std::string& text) {
        std::string result;
        std::size_t pos = 0;
        for (std::size_t open; (open = text.find("${{", pos)) != std::string::npos;) {
            std::size_t close = text.find("}}", open);
            REQUIRE(close != std::string::npos);
            result += text.substr(pos, open - pos);
            std::string name = text.substr(open + 3, close - open - 3), step, output;
            name = std::string(trimBlanks(name));
            if (name.rfind("inputs.", 0) == 0)
                result += inputValues.at(name.substr(7));
            else if (RE2::FullMatch(name, stepOutput, &step, &output))
                result += run.outputs[step][output];
            else if (name == "github.action_repository")
                result += "ordlint/ordlint";
            else if (name == "github.action_ref")
                result += runner.actionRef;
            else
                FAIL("action.yml uses an expression the test runner does not know: " << name);
            pos = close + 2;
        }
        return result + text.substr(pos);
    };

    fs::path summary = runner.temp / "step-summary.md";
    fs::remove(summary);
    std::map<std::string, std::string> baseEnv = {
        {"GITHUB_ACTION_PATH", sourcePath("")},
        {"GITHUB_WORKSPACE", runner.workspace.string()},
        {"GITHUB_STEP_SUMMARY", summary.string()},
        {"RUNNER_TEMP", runner.temp.string()},
        {"RUNNER_TOOL_CACHE", (runner.temp / "tool-cache").string()},
        {"RUNNER_OS", "Linux"},
        {"RUNNER_ARCH", runCommand("uname -m").out == "aarch64\n" ? "ARM64" : "X64"},
        {"GITHUB_SERVER_URL", "file:///nonexistent"}};
    for (const auto& [name, value] : runner.env)
        baseEnv[name] = value;
    int index = 0;
    for (const Node* step : action->at({"runs", "steps"})->items()) {
        std::string name = step->get("name") ? std::string(step->get("name")->value()) : "step";
        if (runner.beforeStep) runner.beforeStep(name, run);
        if (step->get("uses")) continue;
        REQUIRE(step->get("shell")->value() == "bash");
        fs::path outputFile = runner.temp / ("output-" + std::to_string(++index));
        fs::remove(outputFile);
        std::ofstream(outputFile).flush();
        fs::path script = runner.temp / ("step-" + std::to_string(index) + ".sh");
        std::ofstream(script) << evaluate(std::string(step->get("run")->value())) << '\n';
        std::string env = "GITHUB_OUTPUT=" + shellQuoted(outputFile.string());
        for (const auto& [variable, value] : baseEnv)
            env += " " + variable + "=" + shellQuoted(value);
        if (const Node* stepEnv = step->get("env"))
            for (const MapEntry& variable : stepEnv->entries())
                env += " " + std::string(variable.key->value()) + "=" +
                       shellQuoted(evaluate(std::string(variable.value->value())));
        ShellResult result = runShell("env " + env + " bash --noprofile --norc -eo pipefail " +
                                          shellQuoted(script.string()),
                                      runner.workspace);
        run.steps.emplace_back(name, result);
        if (const Node* id = step->get("id"))
            run.outputs[std::string(id->value())] = readOutputs(outputFile);
        if (result.exitCode != 0) break; // the runner stops at a failed step
    }
    run.summary = readText(summary.string());
    return run;
}

// A GitHub server on disk (file:// URLs) whose ordlint/ordlint releases hold v0.1.0: the
// packages scripts/release/build.sh makes (the release workflow's), and their SHA256SUMS.
// The tests that use it are tagged [release]: ctest runs them one at a time with the other
// users of build-static/ (tests/CMakeLists.txt), as two builds of one folder collide.
struct ReleaseServer {
    ScratchDir root{"release-server"};
    fs::path releaseDir = root.path() / "ordlint/ordlint/releases/download/v0.1.0";
    ReleaseServer() {
        ShellResult build =
            runShell("scripts/release/build.sh --package " + shellQuoted(releaseDir.string()),
                     sourcePath(""));
        INFO(build.out);
        REQUIRE(build.exitCode == 0);
        REQUIRE(
            runShell("sha256sum ordlint-*.tar.gz ordlint_*.deb >SHA256SUMS", releaseDir).exitCode ==
            0);
    }
    std::string url() const { return "file://" + root.path().string(); }
};

const ShellResult& stepNamed(const ActionRun& run, const std::string& name) {
    for (const auto& [stepName, result] : run.steps)
        if (stepName == name) return result;
    FAIL("the action ran no step " << name);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("the GitHub Action downloads the release binary, verifies it, lints and summarizes",
          "[external][action][release]") {
    ReleaseServer server;
    ScratchDir workspace("action");
    workspace.write("deploy/broken.yaml", kBroken);
    workspace.write("deploy/clean.yaml", kClean);
    ScratchDir temp("action-runner");
    Runner runner{workspace.path(), temp.path(), "v0", {{"GITHUB_SERVER_URL", server.url()}}, {}};

    ActionRun failing =
        runAction({{"paths", "deploy"}, {"sarif-file", "reports/ordlint.sarif"}}, runner);
    INFO(failing.log());
    REQUIRE(failing.steps.size() == 3);
    CHECK(failing.outputs["resolve"]["mode"] == "release");
    CHECK(failing.outputs["resolve"]["version"] == "0.1.0");
    CHECK_THAT(stepNamed(failing, "Install ordlint").out,
               Catch::Contains("matches its SHA-256 in SHA256SUMS") &&
                   Catch::Contains("statically linked"));
    const ShellResult& lint = failing.steps.back().second;
    CHECK(lint.exitCode == 1);
    CHECK_THAT(lint.out, Catch::Contains("::error file=deploy/broken.yaml,line=6,col=3,"));
    CHECK(failing.outputs["lint"]["exit-code"] == "1");
    CHECK(failing.outputs["lint"]["errors"] == "1");
    CHECK(failing.outputs["lint"]["warnings"] == "0");
    CHECK(failing.outputs["lint"]["infos"] == "0");
    CHECK(failing.outputs["lint"]["sarif-file"] == "reports/ordlint.sarif");
    CHECK_THAT(failing.summary,
               Catch::StartsWith("### ordlint: 1 error, 0 warnings in 2 files (2 objects)\n"));
    CHECK_THAT(failing.summary,
               Catch::Contains("| error | `deploy/broken.yaml:6:3` | duplicate-key | key \"x\" "
                               "repeats the key on line 5;"));
    auto sarif =
        nlohmann::json::parse(readText((workspace.path() / "reports/ordlint.sarif").string()));
    REQUIRE(sarif["runs"][0]["results"].size() == 1);
    CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
               ["uri"] == "deploy/broken.yaml");

    // The cached release (the tool cache persists like actions/cache), the other inputs.
    workspace.write("ci/ordlint.yaml", "failOn: warning\n");
    ActionRun passing = runAction({{"paths", "deploy/clean.yaml\n"},
                                   {"format", "text"},
                                   {"kube-version", "1.33"},
                                   {"fail-on", "info"},
                                   {"config", "ci/ordlint.yaml"},
                                   {"sarif-file", ""},
                                   {"version", "v0.1.0"}},
                                  runner);
    INFO(passing.log());
    REQUIRE(passing.steps.size() == 3);
    CHECK_THAT(stepNamed(passing, "Install ordlint").out,
               Catch::Contains("using the cached release 0.1.0"));
    CHECK(passing.steps.back().second.exitCode == 0);
    CHECK_THAT(passing.steps.back().second.out,
               Catch::Contains("0 errors, 0 warnings in 1 file (1 object)"));
    CHECK(passing.outputs["lint"]["exit-code"] == "0");
    CHECK(passing.outputs["lint"].count("sarif-file") == 0);
    CHECK_THAT(passing.summary,
               Catch::StartsWith("### ordlint: 0 errors, 0 warnings in 1 file (1 object)\n"));

    // A usage error fails the step with exit code 2.
    ActionRun usage = runAction({{"paths", "deploy"}, {"fail-on", "sometimes"}}, runner);
    CHECK(usage.steps.back().second.exitCode == 2);
    CHECK_THAT(usage.summary, Catch::Contains("ordlint did not run"));
}

TEST_CASE(
    "the Action's args, schema-dirs and context inputs reach ordlint as words, never evaluated",
    "[external][action][release]") {
    ReleaseServer server;
    ScratchDir workspace("action-inputs");
    workspace.write("db/statefulset.yaml", kStatefulSet);
    workspace.write("db/service.yaml", kPrimaryService);
    workspace.write(
        "widgets/widget.yaml",
        "apiVersion: example/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n");
    // fs::copy creates the target folder but not its parent.
    fs::create_directories(workspace.path() / "schemas");
    fs::copy(sourcePath("testdata/schema-dir/kubeconform"),
             workspace.path() / "schemas/kubeconform", fs::copy_options::recursive);
    ScratchDir temp("action-inputs-runner");
    Runner runner{workspace.path(), temp.path(), "v0", {{"GITHUB_SERVER_URL", server.url()}}, {}};
    auto lint = [&](std::map<std::string, std::string> inputs) {
        inputs.emplace("sarif-file", "");
        return runAction(inputs, runner);
    };

    // context: the Service alone cannot know its StatefulSet; with the context it can.
    CHECK(lint({{"paths", "db/service.yaml"}}).steps.back().second.exitCode == 0);
    ActionRun withContext = lint({{"paths", "db/service.yaml"}, {"context", "db"}});
    INFO(withContext.log());
    CHECK(withContext.steps.back().second.exitCode == 1);
    CHECK(withContext.outputs["lint"]["errors"] == "1");
    CHECK_THAT(withContext.summary, Catch::Contains("| unreachable-pod-index |"));
    // args, quoted as in a shell: the finding becomes a warning, which error does not fail on.
    ActionRun withArgs =
        lint({{"paths", "db/service.yaml"},
              {"context", "db"},
              {"args", "--severity 'unreachable-pod-index=warning'\n--jobs \"2\""}});
    INFO(withArgs.log());
    CHECK(withArgs.steps.back().second.exitCode == 0);
    CHECK(withArgs.outputs["lint"]["warnings"] == "1");
    CHECK(withArgs.outputs["lint"]["errors"] == "0");
    // schema-dirs: the Widget is validated against the extra schema (size must be an integer).
    CHECK(lint({{"paths", "widgets"}}).steps.back().second.exitCode == 0);
    ActionRun withSchemas = lint({{"paths", "widgets"}, {"schema-dirs", "schemas/kubeconform"}});
    INFO(withSchemas.log());
    CHECK(withSchemas.steps.back().second.exitCode == 1);
    CHECK_THAT(withSchemas.summary, Catch::Contains("| schema |"));

    // Nothing in args is expanded or run; the flags the inputs own are refused.
    ActionRun injection = lint({{"paths", "db"}, {"args", "$(touch pwned) `touch pwned` ${HOME}"}});
    INFO(injection.log());
    CHECK(injection.steps.back().second.exitCode == 2);
    CHECK_THAT(injection.steps.back().second.out,
               Catch::Contains("$(touch: no such file or directory"));
    CHECK_FALSE(fs::exists(workspace.path() / "pwned"));
    ActionRun owned = lint({{"paths", "db"}, {"args", "--format=json"}});
    CHECK(owned.steps.back().second.exitCode == 2);
    CHECK_THAT(owned.steps.back().second.out, Catch::Contains("args may not set --format"));
    ActionRun unbalanced = lint({{"paths", "db"}, {"args", "--strict 'open"}});
    CHECK(unbalanced.steps.back().second.exitCode == 2);
    CHECK_THAT(unbalanced.steps.back().second.out, Catch::Contains("unmatched quote"));
}

TEST_CASE(
    "the Action refuses a release archive whose checksum does not match, and unsupported runners",
    "[external][action][release]") {
    ReleaseServer server;
    ScratchDir workspace("action-checksum");
    workspace.write("clean.yaml", kClean);
    ScratchDir temp("action-checksum-runner");
    Runner runner{workspace.path(), temp.path(), "v0", {{"GITHUB_SERVER_URL", server.url()}}, {}};
    // Another archive's checksum under this archive's name.
    std::string sums = readText((server.releaseDir / "SHA256SUMS").string());
    std::ofstream(server.releaseDir / "SHA256SUMS") << std::string(64, '0') + sums.substr(64);
    ActionRun tampered = runAction({}, runner);
    INFO(tampered.log());
    REQUIRE(tampered.steps.size() == 2);
    CHECK(tampered.steps.back().second.exitCode == 2);
    CHECK_THAT(tampered.steps.back().second.out, Catch::Contains("checksum mismatch"));
    CHECK_FALSE(fs::exists(temp.path() / "tool-cache/ordlint/0.1.0"));

    ActionRun missing = runAction({{"version", "9.9.9"}}, runner);
    CHECK(missing.steps.back().second.exitCode == 2);
    CHECK_THAT(missing.steps.back().second.out,
               Catch::Contains("cannot download") && Catch::Contains("v9.9.9"));

    Runner mac = runner;
    mac.env["RUNNER_OS"] = "macOS";
    ActionRun onMac = runAction({}, mac);
    REQUIRE(onMac.steps.size() == 1);
    CHECK(onMac.steps.back().second.exitCode == 2);
    CHECK_THAT(onMac.steps.back().second.out, Catch::Contains("runs on Linux runners"));
}

TEST_CASE("the Action builds from source only for a branch, installing only the build dependencies",
          "[external][action]") {
    ScratchDir workspace("action-source");
    workspace.write("deploy/broken.yaml", kBroken);
    ScratchDir temp("action-source-runner");
    Runner runner{workspace.path(), temp.path(), "main", {}, {}};
    // actions/cache restores a build of exactly these sources: this build's binary stands in.
    runner.beforeStep = [&](const std::string& step, const ActionRun& run) {
        if (step != "Install ordlint") return;
        fs::path buildDir = run.outputs.at("resolve").at("build-dir");
        fs::create_directories(buildDir);
        fs::copy_file(ORDLINT_BINARY, buildDir / "ordlint", fs::copy_options::overwrite_existing);
        std::ofstream(buildDir / ".ordlint-source-hash")
            << run.outputs.at("resolve").at("source-hash");
    };
    ActionRun run = runAction({{"paths", "deploy"}, {"sarif-file", ""}}, runner);
    INFO(run.log());
    REQUIRE(run.steps.size() == 3);
    CHECK(run.outputs["resolve"]["mode"] == "source");
    CHECK(run.outputs["resolve"]["source-dir"] == sourcePath(""));
    CHECK_THAT(stepNamed(run, "Install ordlint").out, Catch::Contains("using the cached build"));
    CHECK(run.steps.back().second.exitCode == 1);
    CHECK(run.outputs["lint"]["errors"] == "1");
    // What it installs: the build dependencies only.
    std::string install = readText(sourcePath("scripts/install-deps.sh"));
    CHECK_THAT(readText(sourcePath("scripts/action/install.sh")),
               Catch::Contains("install-deps.sh\" --build-only"));
    CHECK(runShell("scripts/install-deps.sh --build-only", sourcePath("")).exitCode == 0);
    auto buildOnly =
        install.substr(install.find("packages=("),
                       install.find(")", install.find("packages=(")) - install.find("packages=("));
    CHECK_THAT(buildOnly, !Catch::Contains("clang") && !Catch::Contains("catch2"));
}

namespace {

// git without the user's or the machine's configuration, for scratch repositories.
const std::string kGit =
    "git -c user.name=ordlint -c user.email=ordlint@example.invalid -c init.defaultBranch=main "
    "-c commit.gpgsign=false";

// The hook repository pre-commit installs from: this project's .pre-commit-hooks.yaml,
// committed in `scratch`/hooks as pre-commit wants. Requires pre-commit on the PATH.
void commitHookRepository(ScratchDir& scratch) {
    ShellResult which = runShell("command -v pre-commit", scratch.path());
    INFO("pre-commit is missing: run `scripts/install-deps.sh` (the README's set-up) first");
    REQUIRE(which.exitCode == 0);
    scratch.write("hooks/.pre-commit-hooks.yaml", readText(sourcePath(".pre-commit-hooks.yaml")));
    REQUIRE(runShell(kGit + " init -q && " + kGit + " add . && " + kGit + " commit -qm hooks",
                     scratch.path() / "hooks")
                .exitCode == 0);
}

} // namespace

TEST_CASE("pre-commit runs the ordlint hook: a broken manifest fails, a clean one passes",
          "[external][pre-commit]") {
    ScratchDir scratch("pre-commit");
    commitHookRepository(scratch);
    const std::string& git = kGit;
    // The user's repository: a broken manifest and a clean one.
    scratch.write("repo/deploy/broken.yaml", kBroken);
    scratch.write("repo/deploy/clean.yaml", kClean);
    scratch.write("repo/db/statefulset.yaml", kStatefulSet);
    scratch.write("repo/db/service.yaml", kPrimaryService);
    REQUIRE(runShell(git + " init -q && " + git + " add . && " + git + " commit -qm manifests",
                     scratch.path() / "repo")
                .exitCode == 0);

    std::string env = "PATH=" + shellQuoted(buildDir().string()) + ":\"$PATH\" PRE_COMMIT_HOME=" +
                      shellQuoted((scratch.path() / "cache").string()) + " GIT_CONFIG_NOSYSTEM=1";
    auto tryRepo = [&](const std::string& files) {
        return runShell("env " + env + " pre-commit try-repo " +
                            shellQuoted((scratch.path() / "hooks").string()) + " ordlint --files " +
                            files,
                        scratch.path() / "repo");
    };
    ShellResult broken = tryRepo("deploy/broken.yaml");
    INFO(broken.out);
    CHECK(broken.exitCode == 1);
    CHECK_THAT(broken.out, Catch::Contains("ordlint...") && Catch::Contains("Failed") &&
                               Catch::Contains("deploy/broken.yaml:6:3: error:"));
    // The broken file is still loaded (--context .), but only the changed file is reported.
    ShellResult clean = tryRepo("deploy/clean.yaml");
    INFO(clean.out);
    CHECK(clean.exitCode == 0);
    CHECK_THAT(clean.out, Catch::Contains("Passed"));
    // Only the Service changed, but the hook's --context . shows it the StatefulSet it selects.
    ShellResult crossFile = tryRepo("db/service.yaml");
    INFO(crossFile.out);
    CHECK(crossFile.exitCode == 1);
    CHECK_THAT(crossFile.out,
               Catch::Contains("db/service.yaml:") && Catch::Contains("[unreachable-pod-index]"));
}

TEST_CASE("pre-commit blocks a commit whose StatefulSet shrink breaks an unchanged Service",
          "[external][pre-commit][context]") {
    ScratchDir scratch("pre-commit-context");
    commitHookRepository(scratch);
    const std::string& git = kGit;
    std::string hooksRevision = runShell("git rev-parse HEAD", scratch.path() / "hooks").out;
    hooksRevision.erase(hooksRevision.find_last_not_of("\n") + 1);

    // The user's repository: a StatefulSet of 3 and, in another file, a Service for pod 2.
    auto statefulSet = [](int replicas) {
        return "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: kafka}\nspec:\n"
               "  replicas: " +
               std::to_string(replicas) +
               "\n  serviceName: kafka\n  selector: {matchLabels: {app: kafka}}\n"
               "  template:\n    metadata: {labels: {app: kafka}}\n"
               "    spec: {containers: [{name: kafka, image: 'apache/kafka:3.8.0'}]}\n";
    };
    scratch.write("repo/kafka/statefulset.yaml", statefulSet(3));
    scratch.write("repo/kafka/broker-2.yaml",
                  "apiVersion: v1\nkind: Service\nmetadata: {name: kafka-2}\nspec:\n"
                  "  selector: {app: kafka, apps.kubernetes.io/pod-index: '2'}\n"
                  "  ports: [{port: 9092}]\n");
    scratch.write("repo/.pre-commit-config.yaml",
                  "repos:\n  - repo: " + (scratch.path() / "hooks").string() +
                      "\n    rev: " + hooksRevision + "\n    hooks:\n      - id: ordlint\n");
    std::string env =
        "env PATH=" + shellQuoted(buildDir().string()) +
        ":\"$PATH\" PRE_COMMIT_HOME=" + shellQuoted((scratch.path() / "cache").string()) +
        " GIT_CONFIG_NOSYSTEM=1 ";
    ShellResult setUp = runShell(git + " init -q && " + env + "pre-commit install && " + git +
                                     " add . && " + env + git + " commit -qm manifests",
                                 scratch.path() / "repo");
    INFO(setUp.out);
    REQUIRE(setUp.exitCode == 0); // 3 replicas: pod 2 exists

    // Stage only the shrink to 1 replica: the unchanged Service now selects no pod.
    scratch.write("repo/kafka/statefulset.yaml", statefulSet(1));
    ShellResult commit = runShell(git + " add kafka/statefulset.yaml && " + env + git +
                                      " commit -qm 'kafka: 1 broker'",
                                  scratch.path() / "repo");
    INFO(commit.out);
    CHECK(commit.exitCode != 0);
    CHECK_THAT(commit.out, Catch::Contains("Failed") && Catch::Contains("kafka/broker-2.yaml:5:") &&
                               Catch::Contains("[unreachable-pod-index]") &&
                               Catch::Contains("kafka/statefulset.yaml:5:"));
    // Nothing was committed: HEAD still has 3 replicas.
    CHECK_THAT(runShell("git show HEAD:kafka/statefulset.yaml", scratch.path() / "repo").out,
               Catch::Contains("replicas: 3"));
}
