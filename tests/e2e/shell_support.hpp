#pragma once
// For the integration tests: scratch folders and shell commands run in them.

#include <filesystem>
#include <string>

namespace ordlint::test {

// A fresh folder under the system temp folder, removed with everything in it at the end.
class ScratchDir {
  public:
    explicit ScratchDir(const std::string& name);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Writes `text` to `relative` (creating folders); returns the full path.
    std::filesystem::path write(const std::string& relative, const std::string& text) const;

  private:
    std::filesystem::path path_;
};

struct ShellResult {
    int exitCode = -1;
    std::string out; // stdout and stderr, in order
};

// Runs `command` with bash in `cwd`; stdin is empty.
ShellResult runShell(const std::string& command, const std::filesystem::path& cwd);
std::string shellQuoted(const std::string& text);

// A tool the README's set-up installs; fails the test, naming the set-up command, when absent.
std::filesystem::path requiredTool(const std::filesystem::path& path);

} // namespace ordlint::test
