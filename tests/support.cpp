#include "support.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace ordlint::test {

std::string shellQuoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

RunResult runCommand(const std::string& command) {
    RunResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 65536> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.out.append(buffer.data(), n);
    int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string sourcePath(const std::string& relative) {
    return std::string(ORDLINT_SOURCE_DIR) + "/" + relative;
}

std::vector<std::string> corpusRepositories() {
    std::filesystem::path corpus = sourcePath("../shared/corpus");
    std::vector<std::string> repositories;
    if (!std::filesystem::is_directory(corpus)) {
        std::cout << "SKIPPED: " << corpus.string()
                  << " not found (it sits beside the project in CI)\n";
        return repositories;
    }
    for (const auto& entry : std::filesystem::directory_iterator(corpus))
        if (entry.is_directory()) repositories.push_back(entry.path().string());
    std::sort(repositories.begin(), repositories.end());
    return repositories;
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

RunResult runOrdlint(const std::vector<std::string>& args, const std::string& input,
                     const std::vector<std::string>& env) {
    char inputPath[] = "/tmp/ordlint-test-in-XXXXXX";
    char errPath[] = "/tmp/ordlint-test-err-XXXXXX";
    int inFd = mkstemp(inputPath);
    int errFd = mkstemp(errPath);
    if (inFd >= 0) {
        ssize_t written = write(inFd, input.data(), input.size());
        (void)written;
        close(inFd);
    }
    if (errFd >= 0) close(errFd);
    std::string command;
    for (const std::string& assignment : env)
        command += "env " + shellQuoted(assignment) + " ";
    command += shellQuoted(ORDLINT_BINARY);
    for (const std::string& arg : args)
        command += " " + shellQuoted(arg);
    command += " <" + shellQuoted(inputPath) + " 2>" + shellQuoted(errPath);
    RunResult result = runCommand(command);
    result.err = readText(errPath);
    unlink(inputPath);
    unlink(errPath);
    return result;
}

InProcess lintText(const std::string& text, const std::string& path, LintSettings settings) {
    InProcess result;
    result.workspace = loadWorkspace({{path, text, true}}, LoadOptions{});
    result.diagnostics = runRules(result.workspace, settings, RuleSelection{}, builtinRules());
    return result;
}

std::string lspFrameText(std::string_view body) {
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::string lspFrame(const nlohmann::json& message) {
    return lspFrameText(message.dump());
}

std::vector<nlohmann::json> lspMessages(std::string_view stream) {
    constexpr std::string_view kHeader = "Content-Length: ";
    std::vector<nlohmann::json> messages;
    std::size_t pos = 0;
    while (pos < stream.size()) {
        std::size_t headerEnd = stream.find("\r\n\r\n", pos);
        std::string_view header = stream.substr(pos, headerEnd - pos);
        if (headerEnd == std::string_view::npos || !header.starts_with(kHeader))
            throw std::runtime_error("not an LSP header at byte " + std::to_string(pos) + ": " +
                                     std::string(header.substr(0, 80)));
        std::size_t length = std::stoul(std::string(header.substr(kHeader.size())));
        std::size_t bodyBegin = headerEnd + 4;
        if (length > stream.size() - bodyBegin)
            throw std::runtime_error("LSP message at byte " + std::to_string(pos) +
                                     " is cut short");
        messages.push_back(nlohmann::json::parse(stream.substr(bodyBegin, length)));
        pos = bodyBegin + length;
    }
    return messages;
}

nlohmann::json lspRequest(int id, const std::string& method, const nlohmann::json& params) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

nlohmann::json lspNotification(const std::string& method, const nlohmann::json& params) {
    return {{"jsonrpc", "2.0"}, {"method", method}, {"params", params}};
}

const nlohmann::json* lspResponseTo(const std::vector<nlohmann::json>& messages, int id) {
    for (const nlohmann::json& message : messages)
        if (message.contains("id") && message["id"] == id && !message.contains("method"))
            return &message;
    return nullptr;
}

nlohmann::json lspOpenParams(const std::string& uri, const std::string& text) {
    return {
        {"textDocument", {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", text}}}};
}

nlohmann::json lspCodeActionParams(const std::string& uri, int line, int character,
                                   int endCharacter) {
    auto position = [&](int at) { return nlohmann::json{{"line", line}, {"character", at}}; };
    return {{"textDocument", {{"uri", uri}}},
            {"range",
             {{"start", position(character)},
              {"end", position(endCharacter < 0 ? character : endCharacter)}}},
            {"context", {{"diagnostics", nlohmann::json::array()}}}};
}

PodSelector selectorOf(std::string ns, std::vector<std::pair<std::string, std::string>> labels) {
    PodSelector selector;
    selector.namespaces = {std::move(ns)};
    for (auto& [key, value] : labels) {
        Requirement requirement;
        requirement.key = key;
        requirement.values = {value};
        selector.requirements.push_back(requirement);
    }
    return selector;
}

} // namespace ordlint::test
