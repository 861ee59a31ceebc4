#pragma once
// Helpers shared by the tests: running the real binary, loading text in-process.

#include "engine.hpp"
#include "registry.hpp"
#include "loader.hpp"

#include <nlohmann/json.hpp>

#include <string>
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
std::string readText(const std::string& path);

// Loads `text` as a file named `path` and runs every rule.
struct InProcess {
    Workspace workspace;
    std::vector<Diagnostic> diagnostics;
};
InProcess lintText(const std::string& text, const std::string& path = "test.yaml",
                   LintSettings settings = {});

} // namespace ordlint::test
