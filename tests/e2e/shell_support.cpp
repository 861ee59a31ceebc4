#include "shell_support.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace ordlint::test {

ScratchDir::ScratchDir(const std::string& name) {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("ordlint-" + name + "-" + std::to_string(random()));
    fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

fs::path ScratchDir::write(const std::string& relative, const std::string& text) const {
    fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

std::string shellQuoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

ShellResult runShell(const std::string& command, const fs::path& cwd) {
    std::string full = "cd " + shellQuoted(cwd.string()) + " && { " + command + "\n} </dev/null 2>&1";
    ShellResult result;
    FILE* pipe = popen(("bash -c " + shellQuoted(full)).c_str(), "r");
    if (!pipe) return result;
    std::array<char, 65536> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
    int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

fs::path requiredTool(const fs::path& path) {
    INFO(path.string() << " is missing: run `scripts/install-deps.sh` (the README's set-up) first");
    REQUIRE(fs::exists(path));
    return path;
}

} // namespace ordlint::test
