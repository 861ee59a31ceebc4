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

TEST_CASE("action.yml and the README's workflow pass action-validator", "[external][action]") {
    fs::path validator = requiredTool(toolsDir() / ".bin/action-validator");
    for (const char* file : {"action.yml", "docs/github-workflow.yml"}) {
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
// skipped: a build directory that persists between test runs stands in for it.
struct ActionRun {
    std::map<std::string, std::map<std::string, std::string>> outputs; // step id -> outputs
    std::vector<std::pair<std::string, ShellResult>> steps;            // name -> result
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

ActionRun runAction(const std::map<std::string, std::string>& inputs, const fs::path& workspace,
                    const fs::path& runnerTemp) {
    SourceFile actionFile("action.yml", readText(sourcePath("action.yml")));
    ParsedFile parsed = parseYaml(actionFile, LoadLimits{});
    REQUIRE(parsed.problems.empty());
    const Node* action = parsed.documents.at(0)->root;
    REQUIRE(action->at({"runs", "using"})->value == "composite");

    std::map<std::string, std::string> inputValues;
    for (const MapEntry& input : action->get("inputs")->entries) {
        const Node* fallback = input.value->get("default");
        inputValues[input.key->value] = fallback ? fallback->value : "";
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
            else if (name == "github.action_path")
                result += sourcePath("");
            else if (name == "runner.temp")
                result += runnerTemp.string();
            else
                FAIL("action.yml uses an expression the test runner does not know: " << name);
            pos = close + 2;
        }
        return result + text.substr(pos);
    };

    int index = 0;
    for (const Node* step : action->at({"runs", "steps"})->items) {
        std::string name = step->get("name") ? step->get("name")->value : "step";
        if (step->get("uses")) continue;
        REQUIRE(step->get("shell")->value == "bash");
        fs::path outputFile = runnerTemp / ("output-" + std::to_string(++index));
        fs::remove(outputFile);
        std::ofstream(outputFile).flush();
        fs::path script = runnerTemp / ("step-" + std::to_string(index) + ".sh");
        std::ofstream(script) << evaluate(step->get("run")->value) << '\n';
        std::string env = "GITHUB_ACTION_PATH=" + shellQuoted(sourcePath("")) +
                          " GITHUB_OUTPUT=" + shellQuoted(outputFile.string()) +
                          " GITHUB_WORKSPACE=" + shellQuoted(workspace.string()) +
                          " RUNNER_TEMP=" + shellQuoted(runnerTemp.string()) + " RUNNER_OS=Linux";
        if (const Node* stepEnv = step->get("env"))
            for (const MapEntry& variable : stepEnv->entries)
                env +=
                    " " + variable.key->value + "=" + shellQuoted(evaluate(variable.value->value));
        ShellResult result = runShell("env " + env + " bash --noprofile --norc -eo pipefail " +
                                          shellQuoted(script.string()),
                                      workspace);
        run.steps.emplace_back(name, result);
        if (const Node* id = step->get("id")) run.outputs[id->value] = readOutputs(outputFile);
        if (result.exitCode != 0) break; // the runner stops at a failed step
    }
    return run;
}

} // namespace

TEST_CASE("the GitHub Action's steps install, build, lint and write SARIF", "[external][action]") {
    ScratchDir workspace("action");
    workspace.write("deploy/broken.yaml", kBroken);
    workspace.write("deploy/clean.yaml", kClean);
    // Persists like the action's cache: the first run builds, later runs (also the sanitizer
    // build's run of this test) reuse the build while the sources are the same.
    fs::path runnerTemp =
        fs::temp_directory_path() /
        fmt::format("ordlint-action-runner-{:x}", std::hash<std::string>{}(sourcePath("")));
    fs::create_directories(runnerTemp);

    ActionRun failing = runAction({{"paths", "deploy"}, {"sarif-file", "reports/ordlint.sarif"}},
                                  workspace.path(), runnerTemp);
    std::string log;
    for (const auto& [name, result] : failing.steps)
        log += "## " + name + " (exit " + std::to_string(result.exitCode) + ")\n" + result.out;
    INFO(log);
    REQUIRE(failing.steps.size() == 4);
    for (std::size_t i = 0; i + 1 < failing.steps.size(); ++i)
        CHECK(failing.steps[i].second.exitCode == 0);
    const ShellResult& lint = failing.steps.back().second;
    CHECK(lint.exitCode == 1);
    CHECK_THAT(lint.out, Catch::Contains("::error file=deploy/broken.yaml,line=6,col=3,"));
    CHECK(failing.outputs["lint"]["exit-code"] == "1");
    CHECK(failing.outputs["lint"]["sarif-file"] == "reports/ordlint.sarif");
    CHECK(failing.outputs["source"]["source-dir"] == sourcePath(""));
    auto sarif =
        nlohmann::json::parse(readText((workspace.path() / "reports/ordlint.sarif").string()));
    REQUIRE(sarif["runs"][0]["results"].size() == 1);
    CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
               ["uri"] == "deploy/broken.yaml");

    // A clean path, the config file, the other inputs, and the bundled version by name.
    workspace.write("ci/ordlint.yaml", "failOn: warning\n");
    ActionRun passing = runAction({{"paths", "deploy/clean.yaml\n"},
                                   {"format", "text"},
                                   {"kube-version", "1.33"},
                                   {"fail-on", "info"},
                                   {"config", "ci/ordlint.yaml"},
                                   {"sarif-file", ""},
                                   {"version", "v0.1.0"}},
                                  workspace.path(), runnerTemp);
    REQUIRE(passing.steps.size() == 4);
    INFO(passing.steps.back().second.out);
    CHECK(passing.steps.back().second.exitCode == 0);
    CHECK_THAT(passing.steps[2].second.out, Catch::Contains("using the cached build"));
    CHECK_THAT(passing.steps.back().second.out,
               Catch::Contains("0 errors, 0 warnings in 1 file (1 object)"));
    CHECK(passing.outputs["lint"]["exit-code"] == "0");
    CHECK(passing.outputs["lint"].count("sarif-file") == 0);

    // A usage error fails the step with exit code 2.
    ActionRun usage =
        runAction({{"paths", "deploy"}, {"fail-on", "sometimes"}}, workspace.path(), runnerTemp);
    CHECK(usage.steps.back().second.exitCode == 2);
}

TEST_CASE("pre-commit runs the ordlint hook: a broken manifest fails, a clean one passes",
          "[external][pre-commit]") {
    ScratchDir scratch("pre-commit");
    ShellResult which = runShell("command -v pre-commit", scratch.path());
    INFO("pre-commit is missing: run `scripts/install-deps.sh` (the README's set-up) first");
    REQUIRE(which.exitCode == 0);

    // The hook repository: this project's .pre-commit-hooks.yaml, committed as pre-commit wants.
    std::string git =
        "git -c user.name=ordlint -c user.email=ordlint@example.invalid -c init.defaultBranch=main "
        "-c commit.gpgsign=false";
    scratch.write("hooks/.pre-commit-hooks.yaml", readText(sourcePath(".pre-commit-hooks.yaml")));
    REQUIRE(runShell(git + " init -q && " + git + " add . && " + git + " commit -qm hooks",
                     scratch.path() / "hooks")
                .exitCode == 0);
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
