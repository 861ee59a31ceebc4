// End-to-end: `ordlint lsp` fed raw, framed bytes, the way a buggy or vanishing client would
// send them. The real-client tests (tests/lsp/) cover the happy paths.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace ordlint::test;
using nlohmann::json;

namespace {

std::string request(int id, const std::string& method, const json& params = json::object()) {
    return lspFrame({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
}

std::string notification(const std::string& method, const json& params = json::object()) {
    return lspFrame({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

const json* responseTo(const std::vector<json>& all, int id) {
    for (const json& message : all)
        if (message.contains("id") && message["id"] == id && !message.contains("method"))
            return &message;
    return nullptr;
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

json openParams(const std::string& uri, const std::string& text) {
    return {
        {"textDocument", {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", text}}}};
}

} // namespace

TEST_CASE("lsp: garbage, early requests and unknown methods get error responses", "[e2e][lsp]") {
    std::string input =
        lspFrameText("{not json") + request(1, "textDocument/codeAction") +
        notification("textDocument/didOpen", openParams(kUri, kDuplicateKey)) +
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
    REQUIRE(responseTo(all, 1));
    CHECK((*responseTo(all, 1))["error"]["code"] == -32002); // before initialize
    REQUIRE(responseTo(all, 2));
    CHECK((*responseTo(all, 2))["result"]["capabilities"]["positionEncoding"] == "utf-16");
    CHECK((*responseTo(all, 3))["error"]["code"] == -32600); // initialize twice
    CHECK((*responseTo(all, 4))["error"]["code"] == -32601);
    CHECK((*responseTo(all, 5))["error"]["code"] == -32602); // malformed params
    CHECK((*responseTo(all, 6))["result"].is_null());
    CHECK((*responseTo(all, 7))["error"]["code"] == -32600); // after shutdown
    // The didOpen before initialize was dropped, as the protocol says.
    CHECK(published(all, kUri).empty());
}

TEST_CASE("lsp: a client that disappears ends the server with exit code 1", "[e2e][lsp]") {
    std::string input = request(1, "initialize", {{"capabilities", json::object()}}) +
                        notification("initialized") +
                        notification("textDocument/didOpen", openParams(kUri, kDuplicateKey)) +
                        "Content-Length: 500\r\n\r\n{\"jsonrpc\":"; // cut mid-message
    RunResult run = runOrdlint({"lsp"}, input);
    CHECK(run.exitCode == 1);
    CHECK(responseTo(lspMessages(run.out), 1));
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
    json actionParams = {
        {"textDocument", {{"uri", kUri}}},
        {"range",
         {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
        {"context", {{"diagnostics", json::array()}}}};
    std::string input = request(1, "initialize", {{"capabilities", json::object()}}) +
                        notification("initialized") +
                        notification("textDocument/didOpen", openParams(kUri, kDuplicateKey)) +
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

TEST_CASE("lsp: initializationOptions select rules and severities; fixes become quick fixes",
          "[e2e][lsp]") {
    json init = {{"capabilities", {{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}}},
                 // The ignore comment below suppresses nothing: unused-ignore would report it.
                 {"initializationOptions",
                  {{"rules", {{"duplicate-key", "warning"}, {"unused-ignore", "off"}}}}}};
    json actionParams = {
        {"textDocument", {{"uri", kUri}}},
        {"range",
         {{"start", {{"line", 3}, {"character", 15}}}, {"end", {{"line", 3}, {"character", 15}}}}},
        {"context", {{"diagnostics", json::array()}}}};
    std::string text = "# ordlint-ignore duplicate-object -- reviewed\n" + kDuplicateKey;
    actionParams["range"]["start"]["line"] = 4;
    actionParams["range"]["end"]["line"] = 4;
    std::string input = request(1, "initialize", init) + notification("initialized") +
                        notification("textDocument/didOpen", openParams(kUri, text)) +
                        request(2, "textDocument/codeAction", actionParams) +
                        request(3, "shutdown") + notification("exit");
    RunResult run = runOrdlint({"lsp"}, input);
    std::vector<json> all = lspMessages(run.out);
    CHECK((*responseTo(all, 1))["result"]["capabilities"]["positionEncoding"] == "utf-8");
    std::vector<json> states = published(all, kUri);
    REQUIRE(states.size() == 1);
    REQUIRE(states[0].size() == 1);
    CHECK(states[0][0]["severity"] == 2);
    // utf-8: the second "x" of `data: {x: '1', x: '2'}` is at byte 15.
    CHECK(states[0][0]["range"]["start"] == json({{"line", 4}, {"character", 15}}));
    const json* actions = responseTo(all, 2);
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
    json actionParams = {
        {"textDocument", {{"uri", kUri}}},
        {"range",
         {{"start", {{"line", 4}, {"character", 0}}}, {"end", {{"line", 4}, {"character", 22}}}}},
        {"context", {{"diagnostics", json::array()}}}};
    std::string input = request(1, "initialize", {{"capabilities", json::object()}}) +
                        notification("textDocument/didOpen", openParams(kUri, text)) +
                        request(2, "textDocument/codeAction", actionParams) +
                        request(3, "shutdown") + notification("exit");
    std::vector<json> all = lspMessages(runOrdlint({"lsp"}, input).out);
    const json* actions = responseTo(all, 2);
    REQUIRE(actions);
    REQUIRE((*actions)["result"].size() >= 1);
    const json& edit = (*actions)["result"][0]["edit"]["changes"][kUri][0];
    CHECK(edit["newText"] == ",duplicate-key");
    CHECK(edit["range"]["start"] == json({{"line", 3}, {"character", 33}}));
}
