#include "support.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ordlint::test {

std::string shellQuoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

RunResult runCommand(const std::string& command) {
    RunResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 65536> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
    int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string sourcePath(const std::string& relative) {
    return std::string(ORDLINT_SOURCE_DIR) + "/" + relative;
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
    for (const std::string& assignment : env) command += "env " + shellQuoted(assignment) + " ";
    command += shellQuoted(ORDLINT_BINARY);
    for (const std::string& arg : args) command += " " + shellQuoted(arg);
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

} // namespace ordlint::test
