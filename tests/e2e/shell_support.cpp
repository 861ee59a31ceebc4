#include "shell_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <random>

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

ShellResult runShell(const std::string& command, const fs::path& cwd) {
    std::string full =
        "cd " + shellQuoted(cwd.string()) + " && { " + command + "\n} </dev/null 2>&1";
    RunResult run = runCommand("bash -c " + shellQuoted(full));
    return {run.exitCode, std::move(run.out)};
}

fs::path requiredTool(const fs::path& path) {
    INFO(path.string() << " is missing: run `scripts/install-deps.sh` (the README's set-up) first");
    REQUIRE(fs::exists(path));
    return path;
}

} // namespace ordlint::test
