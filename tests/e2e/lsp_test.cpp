// End-to-end: `ordlint lsp` fed raw, framed bytes, the way a buggy or vanishing client would
// send them. The real-client tests (tests/lsp/) cover the happy paths.
#include "lsp_text.hpp"
#include "run_settings.hpp"
#include "shell_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace ordlint::test;
using nlohmann::json;

namespace {

// Framed, as a client writes them.
std::string request(int id, const std::string& method, const json& params = json::object()) {
    return lspFrame(lspRequest(id, method, params));
}

std::string notification(const std::string& method, const json& params = json::object()) {
    return lspFrame(lspNotification(method, params));
}

std::vector<json> published(const std::vector<json>& all, const std::string& uri) {
    std::vector<json> result;
    for (const json& message : all)
        if (message.value("method", "") == "textDocument/publishDiagnostics" &&
            message["params"]["uri"] == uri)
            result.push_back(message["params"]["diagnostics"]);
    return result;
}

const std::string kUri = "untitled:Untitled-1";
const std::string kDuplicateKey =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1', x: '2'}\n";

} // namespace

TEST_CASE("lsp: garbage, early requests and unknown methods get error responses", "[e2e][lsp]") {
    std::string input =
        lspFrameText("{not json") + request(1, "textDocument/codeAction") +
        notification("textDocument/didOpen", lspOpenParams(kUri, kDuplicateKey)) +
        lspFrameText("[1, 2]") + lspFrameText(R"({"jsonrpc":"2.0","id":{"x":1},"method":"a"})") +
        "X-Unknown-Header: 1\r\n\r\n" + // no Content-Length
        request(2, "initialize", {{"capabilities", json::object()}}) +
        request(3, "initialize", {{"capabilities", json::object()}}) +
        request(4, "no/such/method") + notification("no/such/notification") +
        request(5, "textDocument/codeAction", {{"textDocument", 7}}) + request(6, "shutdown") +
        request(7, "textDocument/codeAction") + notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    CHECK(run.exitCode == 0);
    std::vector<json> all = lspMessages(run.out);
    int parseErrors = 0, invalidRequests = 0;
    for (const json& message : all) {
        if (!message.contains("error") || !message["id"].is_null()) continue;
        parseErrors += message["error"]["code"] == -32700;
        invalidRequests += message["error"]["code"] == -32600;
    }
    CHECK(parseErrors == 2);     // "{not json" and the header block without a length
    CHECK(invalidRequests == 2); // an array, an object id
    REQUIRE(lspResponseTo(all, 1));
    CHECK((*lspResponseTo(all, 1))["error"]["code"] == -32002); // before initialize
    REQUIRE(lspResponseTo(all, 2));
    CHECK((*lspResponseTo(all, 2))["result"]["capabilities"]["positionEncoding"] == "utf-16");
    CHECK((*lspResponseTo(all, 3))["error"]["code"] == -32600); // initialize twice
    CHECK((*lspResponseTo(all, 4))["error"]["code"] == -32601);
    CHECK((*lspResponseTo(all, 5))["error"]["code"] == -32602); // malformed params
    CHECK((*lspResponseTo(all, 6))["result"].is_null());
    CHECK((*lspResponseTo(all, 7))["error"]["code"] == -32600); // after shutdown
    // The didOpen before initialize was dropped, as the protocol says.
    CHECK(published(all, kUri).empty());
}

TEST_CASE("lsp: a client that disappears ends the server with exit code 1", "[e2e][lsp]") {
    std::string input = request(1, "initialize", {{"capabilities", json::object()}}) +
                        notification("initialized") +
                        notification("textDocument/didOpen", lspOpenParams(kUri, kDuplicateKey)) +
                        "Content-Length: 500\r\n\r\n{\"jsonrpc\":"; // cut mid-message
    RunResult run = runOrdlint({"lsp"}, input);
    CHECK(run.exitCode == 1);
    CHECK(lspResponseTo(lspMessages(run.out), 1));
    CHECK(run.err.empty());
}

TEST_CASE("lsp: broken YAML mid-typing, then fixed, leaves no stale diagnostics", "[e2e][lsp]") {
    json brokenEdit = {
        {"textDocument", {{"uri", kUri}, {"version", 2}}},
        {"contentChanges", json::array({{{"range",
                                          {{"start", {{"line", 4}, {"character", 0}}},
                                           {"end", {{"line", 4}, {"character", 0}}}}},
                                         {"text", "extra: [\n"}}})}};
    json fixedEdit = {{"textDocument", {{"uri", kUri}, {"version", 3}}},
                      {"contentChanges", json::array({{{"text", "apiVersion: v1\nkind: ConfigMap\n"
                                                                "metadata: {name: a}\n"}}})}};
    // codeAction forces a lint between the edits, so each state is published.
    json actionParams = lspCodeActionParams(kUri);
    std::string input = request(1, "initialize", {{"capabilities", json::object()}}) +
                        notification("initialized") +
                        notification("textDocument/didOpen", lspOpenParams(kUri, kDuplicateKey)) +
                        request(2, "textDocument/codeAction", actionParams) +
                        notification("textDocument/didChange", brokenEdit) +
                        request(3, "textDocument/codeAction", actionParams) +
                        notification("textDocument/didChange", fixedEdit) +
                        request(4, "textDocument/codeAction", actionParams) +
                        notification("textDocument/didClose", {{"textDocument", {{"uri", kUri}}}}) +
                        request(5, "shutdown") + notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    CHECK(run.exitCode == 0);
    std::vector<json> states = published(lspMessages(run.out), kUri);
    REQUIRE(states.size() == 3);
    REQUIRE(states[0].size() == 1);
    CHECK(states[0][0]["code"] == "duplicate-key");
    bool sawSyntax = false;
    for (const json& d : states[1])
        sawSyntax = sawSyntax || d["code"] == "yaml-syntax";
    CHECK(sawSyntax);
    CHECK(states[2].empty()); // fixed; closing a clean file publishes nothing new
}

TEST_CASE("lsp: initializationOptions select rules and severities, and fixes become quick fixes",
          "[e2e][lsp]") {
    json init = {{"capabilities", {{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}}},
                 // The ignore comment below suppresses nothing: unused-ignore would report it.
                 {"initializationOptions",
                  {{"rules", {{"duplicate-key", "warning"}, {"unused-ignore", "off"}}}}}};
    json actionParams = lspCodeActionParams(kUri, 3, 15);
    std::string text = "# ordlint-ignore duplicate-object -- reviewed\n" + kDuplicateKey;
    actionParams["range"]["start"]["line"] = 4;
    actionParams["range"]["end"]["line"] = 4;
    std::string input = request(1, "initialize", init) + notification("initialized") +
                        notification("textDocument/didOpen", lspOpenParams(kUri, text)) +
                        request(2, "textDocument/codeAction", actionParams) +
                        request(3, "shutdown") + notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    std::vector<json> all = lspMessages(run.out);
    CHECK((*lspResponseTo(all, 1))["result"]["capabilities"]["positionEncoding"] == "utf-8");
    std::vector<json> states = published(all, kUri);
    REQUIRE(states.size() == 1);
    REQUIRE(states[0].size() == 1);
    CHECK(states[0][0]["severity"] == 2);
    // utf-8: the second "x" of `data: {x: '1', x: '2'}` is at byte 15.
    CHECK(states[0][0]["range"]["start"] == json({{"line", 4}, {"character", 15}}));
    const json* actions = lspResponseTo(all, 2);
    REQUIRE(actions);
    REQUIRE((*actions)["result"].size() == 2);
    const json& here = (*actions)["result"][0];
    CHECK(here["title"] == "Ignore duplicate-key here (# ordlint-ignore)");
    const json& edit = here["edit"]["changes"][kUri][0];
    CHECK(edit["newText"] == "# ordlint-ignore duplicate-key\n");
    CHECK(edit["range"]["start"] == json({{"line", 4}, {"character", 0}}));
    // Line 1 holds a line ignore, not a file ignore: the file-wide action adds its own line.
    const json& file = (*actions)["result"][1];
    CHECK(file["edit"]["changes"][kUri][0]["newText"] == "# ordlint-ignore-file duplicate-key\n");
}

TEST_CASE("lsp: an ignore comment above the finding is extended, not repeated", "[e2e][lsp]") {
    std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
                       "# ordlint-ignore duplicate-object -- reviewed\n"
                       "data: {x: '1', x: '2'}\n";
    json actionParams = lspCodeActionParams(kUri, 4, 0, 22);
    std::string input = request(1, "initialize", {{"capabilities", json::object()}}) +
                        notification("textDocument/didOpen", lspOpenParams(kUri, text)) +
                        request(2, "textDocument/codeAction", actionParams) +
                        request(3, "shutdown") + notification("exit");
    std::vector<json> all = lspMessages(runOrdlint({"lsp"}, input).out);
    const json* actions = lspResponseTo(all, 2);
    REQUIRE(actions);
    REQUIRE((*actions)["result"].size() >= 1);
    const json& edit = (*actions)["result"][0]["edit"]["changes"][kUri][0];
    CHECK(edit["newText"] == ",duplicate-key");
    CHECK(edit["range"]["start"] == json({{"line", 3}, {"character", 33}}));
}

namespace {

// One setting of the table, written in each way a user can write it, on manifests where it
// changes what ordlint reports (or, for failOn, its exit code).
struct SettingScenario {
    std::string setting;                      // its config/editor key, or its flag
    std::map<std::string, std::string> files; // the workspace: relative path -> text
    std::vector<std::string> flag;            // the words on the command line
    std::string yaml;                         // the lines in .ordlint.yaml
    json client;                              // the editor's initializationOptions
    std::string baseConfig;                   // .ordlint.yaml lines every run has
};

const std::string kUnknownField =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndatta: {x: '1'}\n";

std::vector<SettingScenario> settingScenarios() {
    std::string statefulSet =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: database}\nspec:\n"
        "  replicas: 5\n  ordinals: {start: 1}\n  serviceName: database\n"
        "  selector: {matchLabels: {app: database}}\n  template:\n"
        "    metadata: {labels: {app: database}}\n"
        "    spec: {containers: [{name: postgres, image: 'postgres:17'}]}\n";
    // In namespace team-a: it meets the StatefulSet only when that one is put there too.
    std::string teamService =
        "apiVersion: v1\nkind: Service\nmetadata: {name: database-primary, namespace: team-a}\n"
        "spec:\n  selector: {app: database, apps.kubernetes.io/pod-index: '0'}\n"
        "  ports: [{port: 5432}]\n";
    std::string defaultService =
        "apiVersion: v1\nkind: Service\nmetadata: {name: database-primary}\n"
        "spec:\n  selector: {app: database, apps.kubernetes.io/pod-index: '0'}\n"
        "  ports: [{port: 5432}]\n";
    return {
        {"kubeVersion",
         {{"web.yaml",
           readText(sourcePath("testdata/rules/kube-version-feature/kube-version-1-26.yaml"))}},
         {"--kube-version", "1.26"},
         "kubeVersion: \"1.26\"\n",
         {{"kubeVersion", "1.26"}},
         ""},
        {"namespace",
         {{"db.yaml", statefulSet}, {"service.yaml", teamService}},
         {"--namespace", "team-a"},
         "namespace: team-a\n",
         {{"namespace", "team-a"}},
         ""},
        // The zone count is in the finding's message.
        {"zones",
         {{"search.yaml",
           readText(
               sourcePath("testdata/rules/zone-fragile-scale-in/single-statefulset-hpa.yaml"))}},
         {"--zones", "2"},
         "zones: 2\n",
         {{"zones", 2}},
         ""},
        {"failOn",
         {{"typo.yaml", kUnknownField}},
         {"--fail-on", "warning"},
         "failOn: warning\n",
         {{"failOn", "warning"}},
         ""},
        {"strict",
         {{"typo.yaml", kUnknownField}},
         {"--strict"},
         "strict: true\n",
         {{"strict", true}},
         ""},
        // The Gadget's schema comes from the CRD in the folder.
        {"schemaDirs",
         {{"gadget.yaml", "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n"
                          "spec: {color: green}\n"}},
         {"--schema-dir", sourcePath("testdata/schema-dir/crds")},
         "schemaDirs: [\"" + sourcePath("testdata/schema-dir/crds") + "\"]\n",
         {{"schemaDirs", {sourcePath("testdata/schema-dir/crds")}}},
         ""},
        // The StatefulSet is in a hidden folder, which neither a folder walk nor the editor's
        // workspace reads: only as context does the Service meet it.
        {"context",
         {{"service.yaml", defaultService}, {".platform/db.yaml", statefulSet}},
         {"--context", ".platform/db.yaml"},
         "context: [.platform/db.yaml]\n",
         {{"context", {".platform/db.yaml"}}},
         ""},
        {"ignore",
         {{"dup.yaml", kDuplicateKey}, {"typo.yaml", kUnknownField}},
         {"--ignore", "ConfigMap/*/[ab]=duplicate-key,unknown-field"},
         "ignore:\n  - {kind: ConfigMap, name: \"[ab]\", rules: [duplicate-key, unknown-field]}\n",
         {{"ignore",
           {{{"kind", "ConfigMap"},
             {"name", "[ab]"},
             {"rules", {"duplicate-key", "unknown-field"}}}}}},
         ""},
        // Like failOn, it changes the exit code only: the editor accepts it and shows the same.
        {"failIfNoObjects",
         {{"values.yaml", "replicaCount: 3\nimage: {repository: nginx}\n"}},
         {"--fail-if-no-objects"},
         "failIfNoObjects: true\n",
         {{"failIfNoObjects", true}},
         ""},
        {"exclude",
         {{"typo.yaml", kUnknownField}, {"generated/dup.yaml", kDuplicateKey}},
         {},
         "exclude: [\"generated/**\"]\n",
         {{"exclude", {"generated/**"}}},
         ""},
        {"disable",
         {{"dup.yaml", kDuplicateKey}},
         {"--disable", "duplicate-key"},
         "",
         {{"disable", {"duplicate-key"}}},
         ""},
        // Turns back on what the config file turned off.
        {"enable",
         {{"dup.yaml", kDuplicateKey}},
         {"--enable", "duplicate-key"},
         "",
         {{"enable", {"duplicate-key"}}},
         "rules: {duplicate-key: off}\n"},
        {"rules",
         {{"dup.yaml", kDuplicateKey}, {"typo.yaml", kUnknownField}},
         {"--severity", "duplicate-key=warning", "--severity", "unknown-field=off"},
         "rules: {duplicate-key: warning, unknown-field: off}\n",
         {{"rules", {{"duplicate-key", "warning"}, {"unknown-field", "off"}}}},
         ""},
    };
}

// What a run reports, comparable across sources: "file:line:column rule severity: message"
// with the help line as the language server writes it (the manifests are ASCII, so LSP
// characters + 1 are columns).
using Findings = std::multiset<std::string>;

struct CliOutcome {
    Findings findings;
    int exitCode = -1;
};

CliOutcome lintWithCli(const ScratchDir& folder, const std::vector<std::string>& flags) {
    std::string command = "cd " + shellQuoted(folder.path().string()) + " && " +
                          shellQuoted(ORDLINT_BINARY) + " --format json";
    for (const std::string& word : flags)
        command += " " + shellQuoted(word);
    RunResult run = runCommand(command + " . 2>&1");
    INFO(command << "\n" << run.out);
    REQUIRE((run.exitCode == 0 || run.exitCode == 1));
    CliOutcome outcome{{}, run.exitCode};
    json report = json::parse(run.out);
    for (const json& d : report["diagnostics"])
        outcome.findings.insert(fmt::format(
            "{}:{}:{} {} {}: {}{}",
            std::filesystem::path(d["file"].get<std::string>()).lexically_normal().string(),
            d["line"].get<int>(), d["column"].get<int>(), d["rule"].get<std::string>(),
            d["severity"].get<std::string>(), d["message"].get<std::string>(),
            d["help"].is_string() ? "\nhelp: " + d["help"].get<std::string>() : ""));
    return outcome;
}

struct LspOutcome {
    Findings findings;
    std::vector<std::string> warnings; // window/showMessage and window/logMessage
};

// `ordlint lsp` on the folder as a workspace, with `client` as initializationOptions: what it
// last published for each file, and what it said.
LspOutcome lintWithLsp(const ScratchDir& folder, const json& client) {
    std::string root = folder.path().string();
    json init = {{"rootUri", ordlint::lsp::pathToFileUri(root)},
                 {"capabilities", json::object()},
                 {"initializationOptions", client}};
    // A code action request makes the server lint the workspace before it answers.
    json action = lspCodeActionParams(ordlint::lsp::pathToFileUri(root + "/none.yaml"));
    std::string input = request(1, "initialize", init) + notification("initialized") +
                        request(2, "textDocument/codeAction", action) + request(3, "shutdown") +
                        notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    REQUIRE(run.exitCode == 0);
    std::map<std::string, json> last;
    LspOutcome outcome;
    for (const json& message : lspMessages(run.out)) {
        std::string method = message.value("method", "");
        if (method == "textDocument/publishDiagnostics")
            last[message["params"]["uri"]] = message["params"]["diagnostics"];
        else if (method == "window/showMessage" || method == "window/logMessage")
            outcome.warnings.push_back(message["params"]["message"]);
    }
    const char* severities[] = {"", "error", "warning", "info", "hint"};
    for (const auto& [uri, diagnostics] : last) {
        std::optional<std::string> path = ordlint::lsp::fileUriToPath(uri);
        REQUIRE(path);
        std::string file = std::filesystem::path(*path).lexically_relative(root).string();
        for (const json& d : diagnostics)
            outcome.findings.insert(fmt::format(
                "{}:{}:{} {} {}: {}", file, d["range"]["start"]["line"].get<int>() + 1,
                d["range"]["start"]["character"].get<int>() + 1, d["code"].get<std::string>(),
                severities[d["severity"].get<int>()], d["message"].get<std::string>()));
    }
    return outcome;
}

std::string listed(const Findings& findings) {
    std::string text;
    for (const std::string& finding : findings)
        text += "\n  " + finding;
    return text.empty() ? " none" : text;
}

} // namespace

TEST_CASE("settings: every setting has the same effect as a flag, in .ordlint.yaml and in the "
          "editor's settings of `ordlint lsp`",
          "[e2e][lsp][settings]") {
    std::vector<SettingScenario> scenarios = settingScenarios();
    // Every setting that more than one source can write has a scenario here.
    for (const ordlint::SettingKey& key : ordlint::settingKeys()) {
        unsigned sources = key.sources;
        if ((sources & (sources - 1)) == 0) continue; // one source: nothing to compare
        std::string name(key.key.empty() ? key.flag : key.key);
        INFO("setting " << name << " has no scenario in settingScenarios()");
        CHECK(std::any_of(scenarios.begin(), scenarios.end(),
                          [&](const SettingScenario& s) { return s.setting == name; }));
    }
    for (const SettingScenario& scenario : scenarios) {
        const ordlint::SettingKey* key = ordlint::findSettingKey(scenario.setting);
        REQUIRE(key);
        INFO("setting " << scenario.setting);
        ScratchDir folder("settings");
        for (const auto& [path, text] : scenario.files)
            folder.write(path, text);
        auto writeConfig = [&](const std::string& lines) {
            std::filesystem::remove(folder.path() / ".ordlint.yaml");
            if (!(scenario.baseConfig + lines).empty())
                folder.write(".ordlint.yaml", scenario.baseConfig + lines);
        };

        writeConfig("");
        CliOutcome before = lintWithCli(folder, {});
        LspOutcome lspBefore = lintWithLsp(folder, json::object());
        INFO("without the setting:" << listed(before.findings));
        CHECK(lspBefore.findings == before.findings);

        std::vector<std::pair<std::string, CliOutcome>> cli;
        std::vector<std::pair<std::string, LspOutcome>> lsp;
        if (key->sources & ordlint::kFlag)
            cli.emplace_back("flag", lintWithCli(folder, scenario.flag));
        if (key->sources & ordlint::kClientSettings)
            lsp.emplace_back("editor's settings", lintWithLsp(folder, scenario.client));
        if (key->sources & ordlint::kConfigFile) {
            writeConfig(scenario.yaml);
            cli.emplace_back(".ordlint.yaml", lintWithCli(folder, {}));
            lsp.emplace_back(".ordlint.yaml in the editor", lintWithLsp(folder, json::object()));
        }
        REQUIRE(!cli.empty());
        const CliOutcome& expected = cli.front().second;
        INFO("with the setting (" << cli.front().first << "): exit code " << expected.exitCode
                                  << "," << listed(expected.findings));
        CHECK((expected.findings != before.findings || expected.exitCode != before.exitCode));
        for (const auto& [source, outcome] : cli) {
            INFO("command line, " << source << ": exit code " << outcome.exitCode << ","
                                  << listed(outcome.findings));
            CHECK(outcome.findings == expected.findings);
            CHECK(outcome.exitCode == expected.exitCode);
        }
        for (const auto& [source, outcome] : lsp) {
            INFO("ordlint lsp, " << source << ":" << listed(outcome.findings));
            CHECK(outcome.findings == expected.findings);
            CHECK(outcome.warnings.empty());
        }
    }
}

TEST_CASE("lsp: editor settings it does not know are reported, with the key it likely means",
          "[e2e][lsp][settings]") {
    ScratchDir folder("settings");
    folder.write("typo.yaml", kUnknownField);
    LspOutcome outcome = lintWithLsp(folder, {{"zone", 2}, {"strict", true}, {"colour", "red"}});
    REQUIRE(outcome.warnings.size() == 2);
    CHECK(outcome.warnings[0].find("unknown key \"colour\"") != std::string::npos);
    CHECK(outcome.warnings[0].find("did you mean") == std::string::npos);
    CHECK(outcome.warnings[1].find("unknown key \"zone\" (did you mean \"zones\"?") !=
          std::string::npos);
    // The settings it knows still apply.
    REQUIRE(outcome.findings.size() == 1);
    CHECK(outcome.findings.begin()->rfind("typo.yaml:4:1 unknown-field error: ", 0) == 0);
}

TEST_CASE("lsp: a file the config excludes gets no diagnostics, also when open", "[e2e][lsp]") {
    ScratchDir folder("excluded");
    folder.write(".ordlint.yaml", "exclude: [\"generated/**\", \"!generated/kept.yaml\"]\n");
    folder.write("generated/dup.yaml", kDuplicateKey);
    folder.write("generated/kept.yaml", kDuplicateKey);
    std::string root = folder.path().string();
    std::string excludedUri = ordlint::lsp::pathToFileUri(root + "/generated/dup.yaml");
    std::string keptUri = ordlint::lsp::pathToFileUri(root + "/generated/kept.yaml");
    json action = lspCodeActionParams(excludedUri);
    std::string input =
        request(
            1, "initialize",
            {{"rootUri", ordlint::lsp::pathToFileUri(root)}, {"capabilities", json::object()}}) +
        notification("initialized") +
        notification("textDocument/didOpen", lspOpenParams(excludedUri, kDuplicateKey)) +
        request(2, "textDocument/codeAction", action) + request(3, "shutdown") +
        notification("exit");
    std::map<std::string, json> published;
    for (const json& message : lspMessages(runOrdlint({"lsp"}, input).out))
        if (message.value("method", "") == "textDocument/publishDiagnostics")
            published[message["params"]["uri"]] = message["params"]["diagnostics"];
    CHECK(published.count(excludedUri) == 0);
    // `!` re-includes: the kept file is linted.
    REQUIRE(published.count(keptUri) == 1);
    CHECK(published[keptUri].size() == 1);
}

TEST_CASE("lsp: a Helm chart's template gets no diagnostics when opened, a rendered file does",
          "[e2e][lsp]") {
    ScratchDir folder("helm-chart");
    const std::string templated = "apiVersion: v1\nkind: Service\nmetadata:\n"
                                  "  name: {{ include \"web.fullname\" . }}\n"
                                  "  {{- with .Values.labels }}\n  labels: {{ toYaml . }}\n"
                                  "  {{- end }}\n";
    folder.write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
    folder.write("charts/web/templates/service.yaml", templated);
    // A folder named templates outside a chart holds ordinary manifests.
    folder.write("deploy/templates/service.yaml", kDuplicateKey);
    std::string root = folder.path().string();
    std::string templateUri =
        ordlint::lsp::pathToFileUri(root + "/charts/web/templates/service.yaml");
    std::string plainUri = ordlint::lsp::pathToFileUri(root + "/deploy/templates/service.yaml");
    std::string input =
        request(
            1, "initialize",
            {{"rootUri", ordlint::lsp::pathToFileUri(root)}, {"capabilities", json::object()}}) +
        notification("initialized") +
        notification("textDocument/didOpen", lspOpenParams(templateUri, templated)) +
        notification("textDocument/didOpen", lspOpenParams(plainUri, kDuplicateKey)) +
        request(2, "textDocument/codeAction", lspCodeActionParams(plainUri)) +
        request(3, "shutdown") + notification("exit");
    std::map<std::string, json> published;
    for (const json& message : lspMessages(runOrdlint({"lsp"}, input).out))
        if (message.value("method", "") == "textDocument/publishDiagnostics")
            published[message["params"]["uri"]] = message["params"]["diagnostics"];
    CHECK(published.count(templateUri) == 0);
    REQUIRE(published.count(plainUri) == 1);
    CHECK(published[plainUri].size() == 1);
}

namespace {

// A StatefulSet whose pods are 1..5 and, in another file, a Service that selects pod 0.
const std::string kOrdinalsStatefulSetManifest =
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: database}\nspec:\n"
    "  replicas: 5\n  ordinals:\n    start: 1\n  serviceName: database\n"
    "  selector: {matchLabels: {app: database}}\n  template:\n"
    "    metadata: {labels: {app: database}}\n"
    "    spec: {containers: [{name: postgres, image: 'postgres:17'}]}\n";
const std::string kPrimaryServiceManifest =
    "apiVersion: v1\nkind: Service\nmetadata: {name: database-primary}\nspec:\n  selector:\n"
    "    app: database\n    apps.kubernetes.io/pod-index: \"0\"\n  ports: [{port: 5432}]\n"
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: tools}\n";

json at(const std::string& uri, int line, int character) {
    return {{"textDocument", {{"uri", uri}}},
            {"position", {{"line", line}, {"character", character}}}};
}

} // namespace

TEST_CASE("lsp: hover, outline and remedy code actions across files", "[e2e][lsp]") {
    ScratchDir folder("navigation");
    folder.write("db.yaml", kOrdinalsStatefulSetManifest);
    folder.write("service.yaml", kPrimaryServiceManifest);
    std::string root = folder.path().string();
    std::string dbUri = ordlint::lsp::pathToFileUri(root + "/db.yaml");
    std::string serviceUri = ordlint::lsp::pathToFileUri(root + "/service.yaml");
    json action = lspCodeActionParams(serviceUri, 6, 4);
    std::string input =
        request(
            1, "initialize",
            {{"rootUri", ordlint::lsp::pathToFileUri(root)}, {"capabilities", json::object()}}) +
        notification("initialized") +
        request(2, "textDocument/hover", at(serviceUri, 6, 8)) +  // the finding's range
        request(3, "textDocument/hover", at(serviceUri, 6, 36)) + // the index label value
        request(4, "textDocument/hover", at(dbUri, 4, 4)) +       // the key `replicas`
        request(5, "textDocument/hover", at(dbUri, 7, 17)) +      // serviceName's value
        request(6, "textDocument/documentSymbol", {{"textDocument", {{"uri", serviceUri}}}}) +
        request(7, "textDocument/codeAction", action) +
        request(8, "textDocument/hover", at(serviceUri, 12, 0)) + // nothing there
        request(9, "shutdown") + notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    REQUIRE(run.exitCode == 0);
    std::vector<json> all = lspMessages(run.out);
    auto hoverText = [&](int id) {
        const json* response = lspResponseTo(all, id);
        REQUIRE(response);
        INFO((*response).dump());
        REQUIRE((*response)["result"].is_object());
        return (*response)["result"]["contents"]["value"].get<std::string>();
    };
    const json* init = lspResponseTo(all, 1);
    REQUIRE(init);
    CHECK((*init)["result"]["capabilities"]["hoverProvider"] == true);
    CHECK((*init)["result"]["capabilities"]["documentSymbolProvider"] == true);

    std::string finding = hoverText(2);
    CHECK(finding.find("**unreachable-pod-index** (error): selects apps.kubernetes.io/pod-index "
                       "\"0\" but StatefulSet database produces 1..5") != std::string::npos);
    CHECK(
        finding.find("help: select \"1\", or set spec.ordinals.start: 0 on StatefulSet database") !=
        std::string::npos);
    CHECK(finding.find("/rules/unreachable-pod-index") != std::string::npos); // the docs link

    std::string pods = hoverText(3);
    CHECK(pods.find("StatefulSet database") != std::string::npos);
    CHECK(pods.find("`apps.kubernetes.io/pod-index` 1..5") != std::string::npos);

    std::string field = hoverText(4);
    CHECK(field.find("**spec.replicas**: integer") != std::string::npos);
    // The field's description, from the target release's documentation.
    CHECK(field.find("replicas is the desired number of replicas of the given Template.") !=
          std::string::npos);
    CHECK(field.find("(bundled schema of Kubernetes 1.") != std::string::npos);

    std::string service = hoverText(5);
    CHECK(service.find("ordinals 1..5") != std::string::npos);
    CHECK(service.find("database-1.database.default.svc") != std::string::npos);
    CHECK(service.find("no Service database in namespace \"default\"") != std::string::npos);

    const json* symbols = lspResponseTo(all, 6);
    REQUIRE(symbols);
    const json& outline = (*symbols)["result"];
    REQUIRE(outline.size() == 2);
    CHECK(outline[0]["name"] == "document 1");
    REQUIRE(outline[0]["children"].size() == 1);
    CHECK(outline[0]["children"][0]["name"] == "Service/database-primary");
    CHECK(outline[0]["children"][0]["detail"] == "default");
    CHECK(outline[1]["children"][0]["name"] == "ConfigMap/settings");
    CHECK(outline[1]["children"][0]["detail"] == "tools");
    CHECK(outline[1]["children"][0]["selectionRange"]["start"] ==
          json({{"line", 11}, {"character", 17}}));

    const json* actions = lspResponseTo(all, 7);
    REQUIRE(actions);
    std::map<std::string, json> byTitle;
    for (const json& item : (*actions)["result"])
        byTitle[item["title"]] = item;
    REQUIRE(byTitle.count("Select \"1\""));
    REQUIRE(byTitle.count("Set spec.ordinals.start: 0 on StatefulSet database"));
    // Two ways out: neither is preferred.
    CHECK(byTitle["Select \"1\""]["isPreferred"] == false);
    const json& select = byTitle["Select \"1\""]["edit"]["changes"];
    REQUIRE(select.contains(serviceUri));
    CHECK(select[serviceUri][0]["newText"] == "\"1\"");
    CHECK(select[serviceUri][0]["range"]["start"] == json({{"line", 6}, {"character", 34}}));
    // The ordinals edit is in the StatefulSet's file.
    const json& ordinals =
        byTitle["Set spec.ordinals.start: 0 on StatefulSet database"]["edit"]["changes"];
    REQUIRE(ordinals.contains(dbUri));
    CHECK(ordinals[dbUri][0]["newText"] == "0");
    CHECK(ordinals[dbUri][0]["range"]["start"] == json({{"line", 6}, {"character", 11}}));

    const json* nothing = lspResponseTo(all, 8);
    REQUIRE(nothing);
    CHECK((*nothing)["result"].is_null());
}

TEST_CASE("lsp: a misspelt field is offered the rename its help names, preferred", "[e2e][lsp]") {
    std::string text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n"
                       "  serviceName: db\n  ordinal: {start: 1}\n"
                       "  selector: {matchLabels: {app: db}}\n  template:\n"
                       "    metadata: {labels: {app: db}}\n"
                       "    spec: {containers: [{name: db, image: postgres}]}\n";
    json action = lspCodeActionParams(kUri, 5, 3);
    std::string input = request(1, "initialize", {{"capabilities", json::object()}}) +
                        notification("textDocument/didOpen", lspOpenParams(kUri, text)) +
                        request(2, "textDocument/codeAction", action) + request(3, "shutdown") +
                        notification("exit");
    std::vector<json> all = lspMessages(runOrdlint({"lsp"}, input).out);
    const json* actions = lspResponseTo(all, 2);
    REQUIRE(actions);
    INFO((*actions).dump());
    REQUIRE((*actions)["result"].size() >= 1);
    const json& rename = (*actions)["result"][0];
    CHECK(rename["title"] == "Rename ordinal to ordinals");
    CHECK(rename["isPreferred"] == true); // the only way out
    const json& edit = rename["edit"]["changes"][kUri][0];
    CHECK(edit["newText"] == "ordinals");
    CHECK(edit["range"]["start"] == json({{"line", 5}, {"character", 2}}));
    CHECK(edit["range"]["end"] == json({{"line", 5}, {"character", 9}}));
}

TEST_CASE("lsp: findings the workspace causes in context files are published there",
          "[e2e][lsp][context]") {
    // The workspace holds the StatefulSet, now at 1 replica; the Service that selects pod 2 is
    // in a hidden folder the workspace does not index, loaded only as context.
    ScratchDir folder("lsp-context");
    folder.write(".ordlint.yaml", "context: [.platform]\n");
    folder.write("kafka.yaml",
                 "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: kafka}\nspec:\n"
                 "  replicas: 1\n  serviceName: kafka\n  selector: {matchLabels: {app: kafka}}\n"
                 "  template:\n    metadata: {labels: {app: kafka}}\n"
                 "    spec: {containers: [{name: kafka, image: 'apache/kafka:3.8.0'}]}\n");
    folder.write(".platform/broker-2.yaml",
                 "apiVersion: v1\nkind: Service\nmetadata: {name: kafka-2}\nspec:\n"
                 "  selector: {app: kafka, apps.kubernetes.io/pod-index: '2'}\n"
                 "  ports: [{port: 9092}]\n");
    // A context finding the workspace does not cause stays unreported.
    folder.write(".platform/dup.yaml", kDuplicateKey);
    std::string root = folder.path().string();
    std::string serviceUri = ordlint::lsp::pathToFileUri(root + "/.platform/broker-2.yaml");
    std::string input =
        request(
            1, "initialize",
            {{"rootUri", ordlint::lsp::pathToFileUri(root)}, {"capabilities", json::object()}}) +
        notification("initialized") +
        // A request that needs the lint's results: the server lints before answering it.
        request(2, "textDocument/documentSymbol",
                {{"textDocument", {{"uri", ordlint::lsp::pathToFileUri(root + "/kafka.yaml")}}}}) +
        request(3, "shutdown") + notification("exit");
    std::vector<json> all = lspMessages(runOrdlint({"lsp"}, input).out);
    std::vector<json> onService = published(all, serviceUri);
    REQUIRE(onService.size() == 1);
    REQUIRE(onService[0].size() == 1);
    const json& diagnostic = onService[0][0];
    CHECK(diagnostic["code"] == "unreachable-pod-index");
    CHECK(diagnostic["range"]["start"]["line"] == 4);
    REQUIRE(diagnostic.contains("relatedInformation"));
    CHECK(diagnostic["relatedInformation"][0]["location"]["uri"] ==
          ordlint::lsp::pathToFileUri(root + "/kafka.yaml"));
    CHECK(published(all, ordlint::lsp::pathToFileUri(root + "/.platform/dup.yaml")).empty());
}

TEST_CASE("lsp: a remedy that raises an autoscaler's maximum edits the autoscaler's file",
          "[e2e][lsp]") {
    ScratchDir folder("autoscaler-remedy");
    folder.write("web.yaml",
                 "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n"
                 "  replicas: 2\n  serviceName: web\n  selector: {matchLabels: {app: web}}\n"
                 "  template:\n    metadata: {labels: {app: web}}\n"
                 "    spec: {containers: [{name: web, image: 'nginx:1.27'}]}\n");
    folder.write("hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
                             "metadata: {name: web}\nspec:\n"
                             "  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: "
                             "web}\n  minReplicas: 2\n  maxReplicas: 6\n");
    const std::string service = "apiVersion: v1\nkind: Service\nmetadata: {name: web-6}\nspec:\n"
                                "  selector:\n    app: web\n    apps.kubernetes.io/pod-index: "
                                "\"6\"\n  ports: [{port: 80}]\n";
    folder.write("service.yaml", service);
    std::string root = folder.path().string();
    std::string hpaUri = ordlint::lsp::pathToFileUri(root + "/hpa.yaml");
    std::string serviceUri = ordlint::lsp::pathToFileUri(root + "/service.yaml");
    std::string input =
        request(
            1, "initialize",
            {{"rootUri", ordlint::lsp::pathToFileUri(root)}, {"capabilities", json::object()}}) +
        notification("initialized") +
        notification("textDocument/didOpen", lspOpenParams(serviceUri, service)) +
        request(2, "textDocument/codeAction", lspCodeActionParams(serviceUri, 6, 4)) +
        request(3, "shutdown") + notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    REQUIRE(run.exitCode == 0);
    std::vector<json> all = lspMessages(run.out);
    const json* actions = lspResponseTo(all, 2);
    REQUIRE(actions);
    INFO(actions->dump());
    std::map<std::string, json> byTitle;
    for (const json& item : (*actions)["result"])
        byTitle[item["title"]] = item;
    const std::string raise = "Set spec.maxReplicas: 7 on HorizontalPodAutoscaler web";
    REQUIRE(byTitle.count(raise));
    REQUIRE(byTitle.count("Select \"5\""));
    // Two ways out (select another pod, or let the autoscaler grow): neither is preferred.
    CHECK(byTitle[raise]["isPreferred"] == false);
    const json& changes = byTitle[raise]["edit"]["changes"];
    REQUIRE(changes.size() == 1);
    REQUIRE(changes.contains(hpaUri));
    CHECK(changes[hpaUri][0]["newText"] == "7");
    CHECK(changes[hpaUri][0]["range"]["start"] == json({{"line", 6}, {"character", 15}}));
}

TEST_CASE("lsp: the README's hover on a key is what the server sends", "[e2e][lsp]") {
    std::string readme = readText(sourcePath("README.md"));
    const std::string intro = "(the markdown the server sends):\n\n```\n";
    std::size_t begin = readme.find(intro);
    REQUIRE(begin != std::string::npos);
    begin += intro.size();
    std::string shown = readme.substr(begin, readme.find("\n```", begin) - begin);
    const std::string manifest =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: database}\nspec:\n"
        "  replicas: 5\n  serviceName: database\n  selector: {matchLabels: {app: database}}\n"
        "  template:\n    metadata: {labels: {app: database}}\n"
        "    spec: {containers: [{name: postgres, image: 'postgres:17'}]}\n";
    std::string input = request(1, "initialize",
                                {{"capabilities", json::object()},
                                 {"initializationOptions", {{"kubeVersion", "1.34"}}}}) +
                        notification("initialized") +
                        notification("textDocument/didOpen", lspOpenParams(kUri, manifest)) +
                        request(2, "textDocument/hover", at(kUri, 5, 4)) + request(3, "shutdown") +
                        notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    std::vector<json> all = lspMessages(run.out);
    const json* hover = lspResponseTo(all, 2);
    REQUIRE(hover);
    REQUIRE((*hover)["result"].is_object());
    CHECK((*hover)["result"]["contents"]["value"].get<std::string>() == shown);
}
