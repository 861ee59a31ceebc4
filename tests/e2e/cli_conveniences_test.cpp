// End-to-end: what helps a person at the prompt: --version, "did you mean" on argument errors,
// the shell completions (run in bash, zsh and fish) and the man page (checked with groff).
#include "shell_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

using namespace ordlint::test;
namespace fs = std::filesystem;

TEST_CASE("ordlint --version prints what `ordlint version` prints, naming the build",
          "[e2e][cli]") {
    RunResult flag = runOrdlint({"--version"});
    RunResult command = runOrdlint({"version"});
    CHECK(flag.exitCode == 0);
    CHECK(command.exitCode == 0);
    CHECK(flag.out == command.out);
    CHECK_THAT(command.out,
               Catch::StartsWith("ordlint 0.1.0\nschemas: kubernetes 1.28-1.36 (OpenAPI"));
    // The build line: its name (the build type here, release-static for the release binary),
    // how it is linked, the platform and the compiler.
    CHECK_THAT(command.out,
               Catch::Matches(
                   "(.|\n)*\nbuild: [A-Za-z-]+, [^,\n]+, linux-[a-z0-9_]+, [A-Za-z]+ [0-9.]+\n"));
}

TEST_CASE("argument errors start with ordlint: and suggest the nearest flag, subcommand or rule",
          "[e2e][cli]") {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    std::vector<Case> cases = {
        {{"explian"},
         "ordlint: explian: no such file or directory, and not a command (did you mean `ordlint "
         "explain`?)\n"},
        {{"explain", "duplicate"},
         "ordlint: unknown rule \"duplicate\" (did you mean duplicate-key or duplicate-object?); "
         "see `ordlint rules`\n"},
        {{"explain", "dupliate-key"},
         "ordlint: unknown rule \"dupliate-key\" (did you mean duplicate-key?); see `ordlint "
         "rules`\n"},
        {{"--enable", "shell-in-envs", "-"},
         "ordlint: unknown rule \"shell-in-envs\" under --enable (did you mean shell-in-env? see "
         "`ordlint rules`)\n"},
        {{"--formt", "json", "-"},
         "ordlint: unknown option --formt (did you mean --format?); see `ordlint --help`\n"},
        {{"--stirct=true", "-"},
         "ordlint: unknown option --stirct (did you mean --strict?); see `ordlint --help`\n"},
        {{"--format", "jsno", "-"},
         "ordlint: --format: jsno not in {text,json,sarif,github,junit} (did you mean json?)\n"},
        {{"init", "--forse"},
         "ordlint: unknown option --forse (did you mean --force?); see `ordlint init --help`\n"},
        {{"rules", "extra"},
         "ordlint: unexpected argument \"extra\" for `ordlint rules`; see `ordlint rules "
         "--help`\n"},
        {{"--no-such-flag", "-"}, "ordlint: unknown option --no-such-flag; see `ordlint --help`\n"},
    };
    for (const Case& c : cases) {
        RunResult run = runOrdlint(c.args);
        INFO("ordlint " << c.args.front() << " ...");
        CHECK(run.exitCode == 2);
        CHECK(run.out.empty());
        CHECK(run.err == c.message);
    }
    // A real folder whose name is near a subcommand is linted, not second-guessed.
    ScratchDir scratch("near-command");
    scratch.write("rule/clean.yaml", kClean);
    ShellResult folder = runShell(shellQuoted(ORDLINT_BINARY) + " rule", scratch.path());
    CHECK(folder.exitCode == 0);
    CHECK_THAT(folder.out, Catch::Contains("in 1 file (1 object)"));
}

namespace {

std::set<std::string> linesOf(const std::string& text) {
    std::set<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.insert(line);
    return lines;
}

// Where completion scripts are written and paths are completed: a folder with known entries.
struct CompletionScene {
    ScratchDir scratch{"completion"};
    CompletionScene() {
        for (const char* shell : {"bash", "zsh", "fish"}) {
            RunResult script = runOrdlint({"completion", shell});
            REQUIRE(script.exitCode == 0);
            std::string name = std::string(shell) == "zsh"
                                   ? "scripts/_ordlint"
                                   : std::string("scripts/ordlint.") + shell;
            scratch.write(name, script.out);
        }
        scratch.write("work/deploy/db.yaml", kClean);
        scratch.write("work/deploy-old/db.yaml", kClean);
        scratch.write("work/rules/README", "a folder named like a subcommand\n");
    }
    fs::path work() const { return scratch.path() / "work"; }
    fs::path scripts() const { return scratch.path() / "scripts"; }
};

// Completions of `line` (completed at its end) in each shell, one candidate per line.
std::set<std::string> completeInBash(const CompletionScene& scene, const std::string& line) {
    // COMP_WORDS as bash's readline splits the line (words, and "=" on its own); compopt only
    // works inside a real completion, so it is a no-op here.
    std::string script =
        "compopt() { :; }; source " + shellQuoted((scene.scripts() / "ordlint.bash").string()) +
        "; line=" + shellQuoted(line) +
        "; read -ra COMP_WORDS <<<\"${line//=/ = }\"; [[ $line == *' ' ]] && COMP_WORDS+=('');"
        " COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _ordlint; printf '%s\\n' \"${COMPREPLY[@]}\"";
    ShellResult run = runShell("bash --norc -c " + shellQuoted(script), scene.work());
    INFO("bash: " << run.out);
    REQUIRE(run.exitCode == 0);
    return linesOf(run.out);
}

std::set<std::string> completeInFish(const CompletionScene& scene, const std::string& line) {
    std::string script = "source " + shellQuoted((scene.scripts() / "ordlint.fish").string()) +
                         "; complete -C " + shellQuoted(line) +
                         " | string replace -r '\\t.*' ''; test $pipestatus[1] -eq 0";
    ShellResult run = runShell("fish --no-config -c " + shellQuoted(script), scene.work());
    INFO("fish: " << run.out);
    REQUIRE(run.exitCode == 0);
    std::set<std::string> found;
    for (std::string candidate : linesOf(run.out)) {
        if (candidate.size() > 1 && candidate.back() == '/')
            candidate.pop_back(); // fish marks folders
        found.insert(candidate);
    }
    return found;
}

std::set<std::string> completeInZsh(const CompletionScene& scene, const std::string& line) {
    ShellResult run =
        runShell("zsh -f " + shellQuoted(sourcePath("tests/completion/zsh-complete.zsh")) + " " +
                     shellQuoted(scene.scripts().string()) + " " +
                     shellQuoted(scene.work().string()) + " " + shellQuoted(line),
                 scene.work());
    INFO("zsh: " << run.out);
    REQUIRE(run.exitCode == 0);
    return linesOf(run.out);
}

} // namespace

TEST_CASE(
    "shell completions offer subcommands, flags, rule ids, formats and paths in bash, zsh and fish",
    "[e2e][cli][completion]") {
    for (const char* shell : {"zsh", "fish"}) {
        ShellResult which = runShell(std::string("command -v ") + shell, fs::current_path());
        INFO(shell << " is missing: run `scripts/install-deps.sh` (the README's set-up) first");
        REQUIRE(which.exitCode == 0);
    }
    CompletionScene scene;
    using Set = std::set<std::string>;
    struct Case {
        std::string line;
        Set expected;
    };
    const Set commands = {"rules", "explain", "version", "lsp", "init", "completion"};
    std::vector<Case> cases = {
        {"ordlint --form", {"--format"}},
        {"ordlint --format ", {"text", "json", "sarif", "github", "junit"}},
        {"ordlint --fail-on w", {"warning"}},
        {"ordlint --color ", {"auto", "always", "never"}},
        {"ordlint --enable duplicate-", {"duplicate-key", "duplicate-object"}},
        {"ordlint --disable unused-", {"unused-ignore"}},
        {"ordlint explain dup", {"duplicate-key", "duplicate-object"}},
        {"ordlint explain pdb", {"pdb-blocks-drain"}},
        {"ordlint completion ", {"bash", "zsh", "fish"}},
        {"ordlint init --fo", {"--force"}},
        {"ordlint ver", {"version"}},
        {"ordlint --schema-dir dep", {"deploy", "deploy-old"}},
        {"ordlint dep", {"deploy", "deploy-old"}},
        // After a path only paths follow; "rules" here is the folder, not the subcommand.
        {"ordlint deploy ru", {"rules"}},
    };
    for (const Case& c : cases) {
        INFO("completing \"" << c.line << "\"");
        Set bash = completeInBash(scene, c.line);
        Set fish = completeInFish(scene, c.line);
        Set zsh = completeInZsh(scene, c.line);
        CHECK(bash == c.expected);
        CHECK(fish == c.expected);
        CHECK(zsh == c.expected);
    }
    // Comma lists and RULE=SEVERITY: each shell completes the last part its own way.
    CHECK(completeInBash(scene, "ordlint --enable duplicate-key,sch") ==
          Set{"duplicate-key,schema"});
    CHECK(completeInFish(scene, "ordlint --enable duplicate-key,sch") ==
          Set{"duplicate-key,schema"});
    CHECK(completeInZsh(scene, "ordlint --enable duplicate-key,sch") == Set{"schema"});
    // bash splits "schema=w" at "=" and replaces only "w".
    CHECK(completeInBash(scene, "ordlint --severity schema=w") == Set{"warning"});
    CHECK(completeInBash(scene, "ordlint --format=js") == Set{"json"});
    CHECK(completeInFish(scene, "ordlint --severity schema=w") == Set{"schema=warning"});
    CHECK(completeInZsh(scene, "ordlint --severity schema=w") == Set{"warning"});
    // An empty word offers every subcommand beside the paths.
    for (const Set& offered : {completeInBash(scene, "ordlint "), completeInFish(scene, "ordlint "),
                               completeInZsh(scene, "ordlint ")})
        CHECK(std::includes(offered.begin(), offered.end(), commands.begin(), commands.end()));
}

TEST_CASE("the man page documents every option and subcommand of --help and renders cleanly",
          "[e2e][cli][man]") {
    RunResult page = runOrdlint({"manpage"});
    REQUIRE(page.exitCode == 0);
    RunResult help = runOrdlint({"--help"});
    REQUIRE(help.exitCode == 0);
    ScratchDir scratch("man");
    fs::path file = scratch.write("ordlint.1", page.out);
    // groff's warnings (-ww) would name an undefined macro, a bad escape, a line it cannot set.
    ShellResult render = runShell("groff -man -Tutf8 -ww -P-cbou " + shellQuoted(file.string()) +
                                      " 2>&1 >rendered.txt",
                                  scratch.path());
    INFO(render.out);
    CHECK(render.exitCode == 0);
    CHECK(render.out.empty());
    std::string rendered = readText((scratch.path() / "rendered.txt").string());
    // Every long option and subcommand --help lists, and every option description, once in roff.
    std::istringstream in(help.out);
    int checked = 0;
    for (std::string line; std::getline(in, line);) {
        auto dashes = line.find("--");
        if (line.rfind("  ", 0) != 0 || dashes == std::string::npos || dashes > 6) continue;
        std::string option = line.substr(dashes, line.find_first_of(" \t", dashes) - dashes);
        std::string roffName;
        for (char c : option)
            roffName += c == '-' ? std::string("\\-") : std::string(1, c);
        CHECK_THAT(page.out, Catch::Contains("\\fB" + roffName + "\\fR"));
        ++checked;
    }
    CHECK(checked >= 20);
    for (const char* command : {"rules", "explain", "version", "lsp", "init", "completion"})
        CHECK_THAT(page.out, Catch::Contains(std::string("\\fBordlint ") + command + "\\fR"));
    CHECK_THAT(rendered, Catch::Contains("EXIT STATUS") && Catch::Contains("duplicate-key"));
    CHECK_THAT(page.out, Catch::Contains(".TH ORDLINT 1 \"\" \"ordlint 0.1.0\""));
}
