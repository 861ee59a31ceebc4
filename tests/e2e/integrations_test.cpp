// End-to-end: the config file, `ordlint init`, --context, Helm streams on stdin and the CI
// formats, through the real binary run in scratch repositories.
#include "shell_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ordlint::test;
namespace fs = std::filesystem;

namespace {

std::string ordlintCommand(const std::string& args) {
    return shellQuoted(ORDLINT_BINARY) + " " + args;
}

// GitHub's unescaping of a workflow command's message.
std::string githubUnescape(std::string text) {
    for (auto [from, to] : {std::pair{"%0D", "\r"}, {"%0A", "\n"}, {"%25", "%"}}) {
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + 1))
            text.replace(at, 3, to);
    }
    return text;
}

} // namespace

TEST_CASE("the nearest .ordlint.yaml applies, and flags win over it", "[e2e][config]") {
    ScratchDir repo("config");
    repo.write(".ordlint.yaml", "failOn: warning\nrules:\n  duplicate-key: warning\n");
    repo.write("deploy/app/broken.yaml", kBroken);
    auto inApp = [&](const std::string& args) {
        return runShell(ordlintCommand(args), repo.path() / "deploy" / "app");
    };

    ShellResult configured = inApp("broken.yaml");
    CHECK(configured.exitCode == 1);
    CHECK_THAT(configured.out, Catch::Contains("broken.yaml:6:3: warning:"));
    CHECK(inApp("--fail-on error broken.yaml").exitCode == 0);
    CHECK(inApp("--severity duplicate-key=error --fail-on error broken.yaml").exitCode == 1);

    repo.write(".ordlint.yaml", "rules: {duplicate-key: off}\n");
    CHECK(inApp("broken.yaml").exitCode == 0);
    CHECK(inApp("--enable duplicate-key broken.yaml").exitCode == 1);

    repo.write("other.yaml", "failOn: never\n");
    CHECK(inApp("--config ../../other.yaml broken.yaml").exitCode == 0);
    ShellResult missing = inApp("--config nowhere.yaml broken.yaml");
    CHECK(missing.exitCode == 2);
    CHECK_THAT(missing.out, Catch::Contains("nowhere.yaml: cannot read the config file"));
}

TEST_CASE("a bad config file is a usage error naming the file, line and key", "[e2e][config]") {
    ScratchDir repo("bad-config");
    repo.write(".ordlint.yaml", "kubeVersion: \"1.34\"\nfailon: warning\n");
    repo.write("a.yaml", kClean);
    ShellResult run = runShell(ordlintCommand("a.yaml"), repo.path());
    CHECK(run.exitCode == 2);
    CHECK_THAT(run.out, Catch::Contains(".ordlint.yaml:2:1: unknown key \"failon\""));
    repo.write(".ordlint.yaml", "rules:\n  duplicate-key: loud\n");
    run = runShell(ordlintCommand("a.yaml"), repo.path());
    CHECK(run.exitCode == 2);
    CHECK_THAT(
        run.out,
        Catch::Contains(
            ".ordlint.yaml:2:18: rule \"duplicate-key\" must be off, error, warning or info"));
}

TEST_CASE("ordlint init writes a commented default config that lints cleanly", "[e2e][config]") {
    ScratchDir repo("init");
    ShellResult init = runShell(ordlintCommand("init"), repo.path());
    CHECK(init.exitCode == 0);
    std::string written = readText((repo.path() / ".ordlint.yaml").string());
    CHECK_THAT(written, Catch::Contains("# ") && Catch::Contains("kubeVersion: \"1.36\""));
    CHECK(runShell(ordlintCommand("init"), repo.path()).exitCode == 2); // never overwrites silently
    CHECK(runShell(ordlintCommand("init --force"), repo.path()).exitCode == 0);
    repo.write("a.yaml", kClean);
    CHECK(runShell(ordlintCommand("a.yaml"), repo.path()).exitCode == 0);
}

TEST_CASE("exclude globs skip files and folders, also when named", "[e2e][config]") {
    ScratchDir repo("exclude");
    repo.write(".ordlint.yaml", "exclude: [generated, 'charts/*/templates/**']\n");
    repo.write("generated/broken.yaml", kBroken);
    repo.write("charts/web/templates/broken.yaml", kBroken);
    repo.write("charts/web/values.yaml", "replicas: 1\n");
    repo.write("deploy/clean.yaml", kClean);
    ShellResult run = runShell(ordlintCommand("."), repo.path());
    CHECK(run.exitCode == 0);
    // values.yaml has no apiVersion or kind: a folder walk leaves it out.
    CHECK_THAT(run.out, Catch::Contains("in 1 file (1 object)"));
    CHECK(runShell(ordlintCommand("generated/broken.yaml deploy"), repo.path()).exitCode == 0);
}

TEST_CASE("context files (--context) are loaded without reporting in them, and each file once",
          "[e2e][context]") {
    ScratchDir repo("context");
    repo.write("changed.yaml", kClean);
    repo.write("old/broken.yaml", kBroken);
    ShellResult run =
        runShell(ordlintCommand("--format json changed.yaml --context ."), repo.path());
    CHECK(run.exitCode == 0);
    auto report = nlohmann::json::parse(run.out);
    CHECK(report["diagnostics"].empty());
    CHECK(report["summary"]["files"] == 1);
    CHECK(report["summary"]["objects"] == 1);
    // A changed file that is also part of the context is linted, once.
    repo.write("changed.yaml", kClean + "---\n" + kClean);
    run = runShell(ordlintCommand("--format json changed.yaml --context ."), repo.path());
    report = nlohmann::json::parse(run.out);
    REQUIRE(report["diagnostics"].size() == 1);
    CHECK(report["diagnostics"][0]["rule"] == "duplicate-object");
    CHECK(runShell(ordlintCommand("changed.yaml --context missing"), repo.path()).exitCode == 2);

    // A cross-object rule sees the StatefulSet in a context file; the finding is in the Service.
    repo.write("db/statefulset.yaml", kStatefulSet);
    repo.write("db/service.yaml", kPrimaryService);
    run = runShell(ordlintCommand("--format json db/service.yaml --context ."), repo.path());
    CHECK(run.exitCode == 1);
    report = nlohmann::json::parse(run.out);
    REQUIRE(report["diagnostics"].size() == 1);
    CHECK(report["diagnostics"][0]["rule"] == "unreachable-pod-index");
    CHECK(report["diagnostics"][0]["file"] == "db/service.yaml");
    CHECK(runShell(ordlintCommand("db/service.yaml"), repo.path()).exitCode ==
          0); // alone it cannot know
}

TEST_CASE("helm template | ordlint - reports at the template path and line", "[e2e][helm]") {
    std::string rendered = "---\n# Source: web/templates/service.yaml\n" + kClean +
                           "---\n# Source: web/templates/configmap.yaml\n" + kBroken;
    RunResult run = runOrdlint({"--format", "json", "-"}, rendered);
    CHECK(run.exitCode == 1);
    auto report = nlohmann::json::parse(run.out);
    REQUIRE(report["diagnostics"].size() == 1);
    CHECK(report["diagnostics"][0]["file"] == "web/templates/configmap.yaml");
    CHECK(report["diagnostics"][0]["line"] == 6);
    CHECK(report["diagnostics"][0]["related"][0]["file"] == "web/templates/configmap.yaml");
    CHECK(report["summary"]["files"] == 2);
    RunResult github = runOrdlint({"--format", "github", "-"}, rendered);
    CHECK_THAT(github.out, Catch::StartsWith("::error file=web/templates/configmap.yaml,line=6,"));
}

TEST_CASE("a rendered chart: findings in templates, annotations survive rendering", "[e2e][helm]") {
    RunResult run = runOrdlint({"--format", "json", "-"},
                               readText(sourcePath("testdata/helm/web-rendered.yaml")));
    CHECK(run.exitCode == 1);
    auto report = nlohmann::json::parse(run.out);
    REQUIRE(report["diagnostics"].size() ==
            1); // the StatefulSet's duplicate label is ignored by annotation
    CHECK(report["diagnostics"][0]["file"] == "web/templates/configmap.yaml");
    CHECK(report["diagnostics"][0]["line"] == 7);
    CHECK(report["summary"] ==
          nlohmann::json::parse(
              R"({"files": 3, "objects": 3, "errors": 1, "warnings": 0, "infos": 0})"));
}

TEST_CASE("manifest text cannot inject GitHub workflow commands", "[e2e][github]") {
    ScratchDir repo("github");
    // A key holding %, a line break and "::" commands, repeated so that the message quotes it.
    std::string key = "evil%0A::add-mask::x\\n::error file=a.yaml::pwned\\r\\n::warning::w,x";
    std::string manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  \"" +
                           key + "\": '1'\n  \"" + key + "\": '2'\n";
    repo.write("odd,name::x%.yaml", manifest);
    ShellResult run = runShell(ordlintCommand("--format github 'odd,name::x%.yaml'"), repo.path());
    CHECK(run.exitCode == 1);
    std::vector<std::string> lines;
    for (std::size_t begin = 0, end; (end = run.out.find('\n', begin)) != std::string::npos;
         begin = end + 1)
        lines.push_back(run.out.substr(begin, end - begin));
    REQUIRE(lines.size() == 2); // one command, one summary line
    CHECK(lines[1] == "1 error, 0 warnings in 1 file (1 object)");
    const std::string& command = lines[0];
    CHECK_THAT(command, Catch::StartsWith("::error file=odd%2Cname%3A%3Ax%25.yaml,line=6,col=3,"));
    std::size_t separator = command.find("::", 2);
    std::string properties = command.substr(2, separator - 2);
    CHECK(properties.find(':') == std::string::npos);
    CHECK(command.find('\r') == std::string::npos);
    std::string message = githubUnescape(command.substr(separator + 2));
    // Line breaks inside the key are shown as escapes (they are the key's, not the message's).
    CHECK_THAT(message,
               Catch::Contains(
                   "evil%0A::add-mask::x\\x0a::error file=a.yaml::pwned\\x0d\\x0a::warning::w,x"));
}

namespace {
// `ordlint lsp` run in `folder` on `messages` (JSON-RPC bodies, framed here); the bodies it sent.
std::vector<nlohmann::json> lspSession(const fs::path& folder,
                                       const std::vector<nlohmann::json>& messages) {
    std::string input;
    for (const nlohmann::json& message : messages)
        input += lspFrame(message);
    ScratchDir stdinDir("lsp-input");
    fs::path stdinFile = stdinDir.write("in", input);
    ShellResult run =
        runShell(ordlintCommand("lsp 2>/dev/null <" + shellQuoted(stdinFile.string())), folder);
    return lspMessages(run.out);
}
} // namespace

TEST_CASE("the language server lints with the workspace's .ordlint.yaml", "[e2e][config][lsp]") {
    ScratchDir repo("lsp-config");
    repo.write(".ordlint.yaml", "rules: {duplicate-key: warning}\nexclude: [generated]\n");
    repo.write("generated/broken.yaml", kBroken);
    fs::path open = repo.write("deploy/app.yaml", kBroken);
    std::string root = "file://" + repo.path().string();
    std::string uri = "file://" + open.string();
    auto session = [&] {
        return lspSession(
            repo.path(),
            {{{"jsonrpc", "2.0"},
              {"id", 1},
              {"method", "initialize"},
              {"params", {{"rootUri", root}, {"capabilities", nlohmann::json::object()}}}},
             {{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", nlohmann::json::object()}},
             {{"jsonrpc", "2.0"},
              {"method", "textDocument/didOpen"},
              {"params",
               {{"textDocument",
                 {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", kBroken}}}}}},
             // A request that needs the findings: the server lints before answering.
             {{"jsonrpc", "2.0"},
              {"id", 2},
              {"method", "textDocument/codeAction"},
              {"params",
               {{"textDocument", {{"uri", uri}}},
                {"range",
                 {{"start", {{"line", 0}, {"character", 0}}},
                  {"end", {{"line", 0}, {"character", 0}}}}},
                {"context", {{"diagnostics", nlohmann::json::array()}}}}}},
             {{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}},
             {{"jsonrpc", "2.0"}, {"method", "exit"}}});
    };
    std::vector<nlohmann::json> sent = session();
    std::vector<std::string> published;
    std::string severities;
    for (const auto& message : sent)
        if (message.value("method", "") == "textDocument/publishDiagnostics") {
            published.push_back(message["params"]["uri"]);
            if (message["params"]["uri"] == uri)
                for (const auto& d : message["params"]["diagnostics"])
                    severities += std::to_string(d["severity"].get<int>());
        }
    CHECK(severities == "2"); // duplicate-key as a warning, as the config says
    CHECK(std::find(published.begin(), published.end(),
                    "file://" + (repo.path() / "generated/broken.yaml").string()) ==
          published.end()); // excluded from the workspace index

    repo.write(".ordlint.yaml", "rule: {duplicate-key: off}\n");
    std::string shown;
    for (const auto& message : session())
        if (message.value("method", "") == "window/showMessage")
            shown += message["params"]["message"].get<std::string>();
    CHECK_THAT(shown, Catch::Contains(".ordlint.yaml:1:1: unknown key \"rule\""));
}

TEST_CASE("SARIF and JUnit reports go to stdout or --output", "[e2e][sarif]") {
    ScratchDir repo("formats");
    repo.write("deploy/broken.yaml", kBroken);
    CHECK(runShell(ordlintCommand("--format sarif --output out/report.sarif deploy"), repo.path())
              .exitCode == 2);
    ShellResult sarif =
        runShell(ordlintCommand("--format sarif --output report.sarif deploy"), repo.path());
    CHECK(sarif.exitCode == 1);
    CHECK(sarif.out.empty());
    auto log = nlohmann::json::parse(readText((repo.path() / "report.sarif").string()));
    CHECK(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
             ["uri"] == "deploy/broken.yaml");
    ShellResult junit = runShell(ordlintCommand("--format junit deploy"), repo.path());
    CHECK(junit.exitCode == 1);
    CHECK_THAT(junit.out,
               Catch::StartsWith("<?xml") && Catch::Contains("<failure type=\"duplicate-key\""));
}

TEST_CASE("SARIF URIs are relative to the repository root, wherever in it ordlint runs",
          "[e2e][sarif]") {
    ScratchDir repo("sarif-root");
    std::filesystem::create_directories(repo.path() / ".git");
    repo.write("apps/web/deploy/broken.yaml", kBroken);
    ShellResult sarif = runShell(ordlintCommand("--format sarif deploy"), repo.path() / "apps/web");
    CHECK(sarif.exitCode == 1);
    auto log = nlohmann::json::parse(sarif.out);
    CHECK(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
             ["uri"] == "apps/web/deploy/broken.yaml");
    std::string root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    CHECK_THAT(root, Catch::EndsWith("/" + repo.path().filename().string() + "/"));
}

TEST_CASE("a file named on the command line that the config excludes is skipped, and --verbose "
          "says so",
          "[e2e]") {
    ScratchDir repo("named-excluded");
    repo.write(".ordlint.yaml", "exclude:\n  - vendor\n");
    repo.write("vendor/broken.yaml", kBroken);
    ShellResult quiet = runShell(ordlintCommand("vendor/broken.yaml"), repo.path());
    CHECK(quiet.exitCode == 0);
    CHECK(quiet.out.find("skipped") == std::string::npos);
    ShellResult verbose = runShell(ordlintCommand("--verbose vendor/broken.yaml"), repo.path());
    INFO(verbose.out);
    CHECK(verbose.out.find("vendor/broken.yaml: skipped: matched by `exclude` in .ordlint.yaml") !=
          std::string::npos);
}

TEST_CASE("`ordlint .` on an ordinary repository skips Helm templates and non-manifests, saying "
          "so with --verbose, and named files are linted",
          "[e2e]") {
    ScratchDir repo("ordinary-repo");
    repo.write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    repo.write("chart/values.yaml", "replicaCount: 2\n");
    repo.write("chart/templates/sts.yaml",
               "{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: StatefulSet\n{{- end }}\n");
    repo.write("tsconfig.json", "{\n  // the compiler's options\n  \"compilerOptions\": {},\n}\n");
    repo.write("deploy/cm.yaml", kClean);
    ShellResult run = runShell(ordlintCommand("--verbose ."), repo.path());
    INFO(run.out);
    CHECK(run.exitCode == 0);
    CHECK(run.out.find("chart/templates: skipped: Helm chart templates") != std::string::npos);
    CHECK(run.out.find("tsconfig.json: skipped: no apiVersion or kind key") != std::string::npos);
    CHECK(run.out.find("0 errors, 0 warnings in 2 files (1 object)") != std::string::npos);
    // Without --verbose, nothing about it.
    CHECK(runShell(ordlintCommand("."), repo.path()).out.find("skipped") == std::string::npos);
    // Named, a template is linted (and is not YAML).
    ShellResult named = runShell(ordlintCommand("chart/templates/sts.yaml"), repo.path());
    CHECK(named.exitCode == 1);
    CHECK(named.out.find("[yaml-syntax]") != std::string::npos);
}
