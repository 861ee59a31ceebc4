#pragma once
// Helpers shared by the tests: running the real binary, loading text in-process.

#include "engine.hpp"
#include "loader.hpp"
#include "registry.hpp"
#include "selectors.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordlint::test {

struct RunResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs build/ordlint with `args` (shell-quoted here), feeding `input` on stdin, with the
// environment assignments `env` (e.g. "LC_ALL=C") added.
RunResult runOrdlint(const std::vector<std::string>& args, const std::string& input = "",
                     const std::vector<std::string>& env = {});

// Runs `command` with /bin/sh; returns its exit code and what it wrote to stdout.
RunResult runCommand(const std::string& command);
// `text` in single quotes for a POSIX shell.
std::string shellQuoted(const std::string& text);

std::string sourcePath(const std::string& relative);

// The corpus's repository folders (../shared/corpus beside the project), sorted; empty, after
// printing a SKIPPED line, when the corpus is not there (a user's clone has no ../shared).
std::vector<std::string> corpusRepositories();
std::string readText(const std::string& path);

// A selector of pods in namespace `ns` with these label values (matchLabels).
PodSelector selectorOf(std::string ns, std::vector<std::pair<std::string, std::string>> labels);

// Loads `text` as a file named `path` and runs every rule.
struct InProcess {
    Workspace workspace;
    std::vector<Diagnostic> diagnostics;
};
InProcess lintText(const std::string& text, const std::string& path = "test.yaml",
                   LintSettings settings = {});

// The language server's framing (a Content-Length header, a blank line, the JSON-RPC body):
// `message` framed, and a raw `body` framed as it is (for tests that send broken JSON).
std::string lspFrame(const nlohmann::json& message);
std::string lspFrameText(std::string_view body);
// The messages of a framed stream, such as what the server wrote; throws std::runtime_error
// (failing the test) when a header is not Content-Length or a body is cut short.
std::vector<nlohmann::json> lspMessages(std::string_view stream);

// JSON-RPC messages of the language server protocol, unframed (lspFrame frames them).
nlohmann::json lspRequest(int id, const std::string& method,
                          const nlohmann::json& params = nlohmann::json::object());
nlohmann::json lspNotification(const std::string& method,
                               const nlohmann::json& params = nlohmann::json::object());
// The response to request `id` among `messages`, or null.
const nlohmann::json* lspResponseTo(const std::vector<nlohmann::json>& messages, int id);
// textDocument/didOpen's params: `text` as version 1 of the YAML document `uri`.
nlohmann::json lspOpenParams(const std::string& uri, const std::string& text);
// textDocument/codeAction's params for `line`, from `character` to `endCharacter` (default:
// the same position). A code action makes the server lint what it has before it answers.
nlohmann::json lspCodeActionParams(const std::string& uri, int line = 0, int character = 0,
                                   int endCharacter = -1);

} // namespace ordlint::test
