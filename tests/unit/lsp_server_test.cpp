// The language server in-process: the config seam that `.ordlint.yaml` support plugs into,
// excluded paths, and a config change on disk re-linting the workspace.
#include "config.hpp"
#include "lsp.hpp"
#include "lsp_text.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace ordlint;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<json> serve(const std::string& input, const LanguageServerOptions& options,
                        int& exitCode) {
    std::istringstream in(input);
    std::ostringstream out;
    exitCode = runLanguageServer(in, out, options);
    return test::lspMessages(out.str());
}

struct TempFolder {
    fs::path path = fs::temp_directory_path() / ("ordlint-lsp-" + std::to_string(::getpid()));
    TempFolder() { fs::create_directories(path); }
    ~TempFolder() { fs::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
    }
    std::string uri(const std::string& name) const {
        return lsp::pathToFileUri((path / name).string());
    }
};

const std::string kDuplicateKey =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1', x: '2'}\n";

} // namespace

TEST_CASE("lsp: the config seam sets rules and excludes, and a config change re-lints", "[lsp]") {
    TempFolder folder;
    folder.write("app/a.yaml", kDuplicateKey);
    folder.write("vendor/b.yaml", kDuplicateKey);
    folder.write(".ordlint.yaml", "rules: {duplicate-key: warning}\n");

    int calls = 0;
    std::string seenFolder;
    LanguageServerOptions options;
    options.loadConfigFile = [&](const std::string& root, RunSettings& settings,
                                 std::string& error) {
        ++calls;
        seenFolder = root;
        if (calls == 2) {
            error = ".ordlint.yaml: unknown key \"rulez\"";
            return false;
        }
        settings.selection.severities["duplicate-key"] = Severity::Warning;
        settings.exclude = {"vendor/**"};
        settings.excludeBase = root;
        return true;
    };
    json init = {{"jsonrpc", "2.0"},
                 {"id", 1},
                 {"method", "initialize"},
                 {"params",
                  {{"rootUri", lsp::pathToFileUri(folder.path.string())},
                   {"capabilities", json::object()}}}};
    json configChanged = {
        {"jsonrpc", "2.0"},
        {"method", "workspace/didChangeWatchedFiles"},
        {"params", {{"changes", {{{"uri", folder.uri(".ordlint.yaml")}, {"type", 2}}}}}}};
    json action = {
        {"jsonrpc", "2.0"},
        {"id", 2},
        {"method", "textDocument/codeAction"},
        {"params",
         {{"textDocument", {{"uri", folder.uri("app/a.yaml")}}},
          {"range",
           {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
          {"context", {{"diagnostics", json::array()}}}}}};
    std::string input =
        test::lspFrame(init) +
        test::lspFrame(
            {{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}}) +
        test::lspFrame(action) + test::lspFrame(configChanged) + test::lspFrame(action) +
        test::lspFrame({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}}) +
        test::lspFrame({{"jsonrpc", "2.0"}, {"method", "exit"}});
    int exitCode = -1;
    std::vector<json> messages = serve(input, options, exitCode);
    CHECK(exitCode == 0);
    CHECK(calls == 2);
    CHECK(seenFolder == fs::path(folder.path).lexically_normal().generic_string());

    std::vector<json> appStates;
    bool vendorPublished = false, errorShown = false;
    for (const json& message : messages) {
        std::string method = message.value("method", "");
        if (method == "textDocument/publishDiagnostics") {
            if (message["params"]["uri"] == folder.uri("app/a.yaml"))
                appStates.push_back(message["params"]["diagnostics"]);
            if (message["params"]["uri"] == folder.uri("vendor/b.yaml")) vendorPublished = true;
        }
        if (method == "window/showMessage")
            errorShown = errorShown || message["params"]["message"].get<std::string>().find(
                                           "rulez") != std::string::npos;
    }
    // First the seam's config (warning; vendor/ excluded), then, after the config turned
    // invalid, the defaults: an error, and vendor/ back in the workspace.
    REQUIRE(appStates.size() == 2);
    REQUIRE(appStates[0].size() == 1);
    CHECK(appStates[0][0]["severity"] == 2);
    REQUIRE(appStates[1].size() == 1);
    CHECK(appStates[1][0]["severity"] == 1);
    CHECK(vendorPublished);
    CHECK(errorShown);
}

TEST_CASE("lsp: a rule's fix becomes the preferred quick fix, with edits in any file", "[lsp]") {
    // A stand-in rule with a machine-applicable fix (the env rules' kind): replace the value of
    // `mode`, and add a line to another open file.
    LanguageServerOptions options;
    options.lint = [](const Workspace& workspace, const LintSettings&, const RuleSelection&) {
        std::vector<Diagnostic> found;
        const Object* config = nullptr;
        const Object* other = nullptr;
        for (const Object& object : workspace.objects)
            (object.name == "config" ? config : other) = &object;
        if (!config || !other) return found;
        const Node* mode = config->node->at({"data", "mode"});
        Diagnostic& d = found.emplace_back();
        d.rule = "duplicate-key";
        d.range = mode->range;
        d.message = "mode is not primary";
        d.fix = Fix{"Set mode to \"primary\"", {{mode->range, "primary"}}};
        d.fix->edits.push_back({{&other->file(), 0, 0}, "# touched\n"});
        return found;
    };
    std::string config = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config}\n"
                         "data: {\"ü\": x, mode: replica}\n";
    std::string other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n";
    auto open = [](const std::string& uri, const std::string& text) {
        return test::lspFrame(
            {{"jsonrpc", "2.0"},
             {"method", "textDocument/didOpen"},
             {"params",
              {{"textDocument",
                {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", text}}}}}});
    };
    json action = {{"jsonrpc", "2.0"},
                   {"id", 2},
                   {"method", "textDocument/codeAction"},
                   {"params",
                    {{"textDocument", {{"uri", "untitled:config"}}},
                     {"range",
                      {{"start", {{"line", 3}, {"character", 22}}},
                       {"end", {{"line", 3}, {"character", 22}}}}},
                     {"context", {{"diagnostics", json::array()}}}}}};
    std::string input = test::lspFrame({{"jsonrpc", "2.0"},
                                        {"id", 1},
                                        {"method", "initialize"},
                                        {"params", {{"capabilities", json::object()}}}}) +
                        open("untitled:config", config) + open("untitled:other", other) +
                        test::lspFrame(action) +
                        test::lspFrame({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}}) +
                        test::lspFrame({{"jsonrpc", "2.0"}, {"method", "exit"}});
    int exitCode = -1;
    std::vector<json> messages = serve(input, options, exitCode);
    const json* actions = nullptr;
    for (const json& message : messages)
        if (message.value("id", json()) == 2) actions = &message["result"];
    REQUIRE(actions);
    REQUIRE(actions->size() >= 1);
    const json& fix = (*actions)[0];
    CHECK(fix["title"] == "Set mode to \"primary\"");
    CHECK(fix["isPreferred"] == true);
    CHECK(fix["kind"] == "quickfix");
    // UTF-16: `data: {"ü": x, mode: replica}` has the value at code unit 21..28.
    const json& edit = fix["edit"]["changes"]["untitled:config"][0];
    CHECK(edit["newText"] == "primary");
    CHECK(edit["range"] == json({{"start", {{"line", 3}, {"character", 21}}},
                                 {"end", {{"line", 3}, {"character", 28}}}}));
    CHECK(fix["edit"]["changes"]["untitled:other"][0]["newText"] == "# touched\n");
    CHECK(fix["diagnostics"][0]["code"] == "duplicate-key");
}

TEST_CASE("lsp: strict from .ordlint.yaml or the editor's settings makes unknown fields errors",
          "[lsp][settings]") {
    TempFolder folder;
    folder.write("app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndatta: {}\n");
    // The severity the server publishes for the unknown field, given a config file's text
    // (empty: none) and the client's initializationOptions.
    auto severity = [&](const std::string& configText, const json& clientSettings) {
        fs::remove(folder.path / ".ordlint.yaml");
        if (!configText.empty()) folder.write(".ordlint.yaml", configText);
        LanguageServerOptions options;
        options.loadConfigFile = applyProjectConfig; // what `ordlint lsp` uses
        json init = {{"jsonrpc", "2.0"},
                     {"id", 1},
                     {"method", "initialize"},
                     {"params",
                      {{"rootUri", lsp::pathToFileUri(folder.path.string())},
                       {"capabilities", json::object()},
                       {"initializationOptions", clientSettings}}}};
        // A code action request makes the server lint before it answers.
        json action = {{"jsonrpc", "2.0"},
                       {"id", 2},
                       {"method", "textDocument/codeAction"},
                       {"params",
                        {{"textDocument", {{"uri", folder.uri("app/a.yaml")}}},
                         {"range",
                          {{"start", {{"line", 0}, {"character", 0}}},
                           {"end", {{"line", 0}, {"character", 0}}}}},
                         {"context", {{"diagnostics", json::array()}}}}}};
        std::string input =
            test::lspFrame(init) + test::lspFrame(action) +
            test::lspFrame({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}}) +
            test::lspFrame({{"jsonrpc", "2.0"}, {"method", "exit"}});
        int exitCode = -1;
        json found;
        for (const json& message : serve(input, options, exitCode))
            if (message.value("method", "") == "textDocument/publishDiagnostics")
                for (const json& diagnostic : message["params"]["diagnostics"])
                    if (diagnostic["code"] == "unknown-field") found = diagnostic["severity"];
        return found;
    };
    CHECK(severity("", json::object()) == 2);
    CHECK(severity("strict: true\n", json::object()) == 1);
    CHECK(severity("", {{"strict", true}}) == 1);
    // An explicit severity still wins, from either source.
    CHECK(severity("strict: true\nrules: {unknown-field: info}\n", json::object()) == 3);
    CHECK(severity("strict: true\n", {{"rules", {{"unknown-field", "warning"}}}}) == 2);
}
