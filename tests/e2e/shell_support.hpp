#pragma once
// For the integration tests: scratch folders and shell commands run in them.

#include "support.hpp" // shellQuoted, runCommand

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

// Manifests the integration tests lint with the tools around ordlint.
inline const std::string kBroken =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken}\ndata:\n  x: '1'\n  x: '2'\n";
inline const std::string kClean = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: clean}\n";
inline const std::string kStatefulSet =
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: database}\nspec:\n"
    "  replicas: 5\n  ordinals: {start: 1}\n  serviceName: database\n"
    "  selector: {matchLabels: {app: database}}\n  template:\n"
    "    metadata: {labels: {app: database}}\n"
    "    spec: {containers: [{name: postgres, image: 'postgres:17'}]}\n";
// Selects pod-index "0" of the StatefulSet above, which starts at ordinal 1.
inline const std::string kPrimaryService =
    "apiVersion: v1\nkind: Service\nmetadata: {name: database-primary}\nspec:\n"
    "  selector: {app: database, apps.kubernetes.io/pod-index: '0'}\n"
    "  ports: [{port: 5432}]\n";

// A tool the README's set-up installs; fails the test, naming the set-up command, when absent.
std::filesystem::path requiredTool(const std::filesystem::path& path);

} // namespace ordlint::test
