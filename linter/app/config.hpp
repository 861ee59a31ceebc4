#pragma once
// `.ordlint.yaml`: project settings that command-line flags and the editor's settings override.
// Read with ordlint's own YAML tree, so that every error names the file, line and key; each key
// is a setting of the one settings table (run_settings.hpp).

#include "project_identity.hpp"
#include "run_settings.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ordlint {

struct Config {
    std::string path;             // the file, as found or given
    std::filesystem::path folder; // its folder: relative paths in it (exclude) start there
    // The settings the file makes, in file order; each was checked with applySetting.
    std::vector<std::pair<const SettingKey*, SettingValue>> values;

    // The file's settings applied on top of `settings`.
    void applyTo(RunSettings& settings) const;
};

// A config file that cannot be used; what() is "FILE:LINE:COLUMN: problem".
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The nearest `.ordlint.yaml` in `start` or a folder above it. Throws ConfigError when the
// nearest one is not a readable file (a folder, a dangling symbolic link, a link loop):
// looking further up would silently use another project's settings.
std::optional<std::filesystem::path> findConfigFile(const std::filesystem::path& start);

// Reads and validates a config file; throws ConfigError (also for a folder, a dangling link,
// a link loop, or a file larger than 1 MiB).
Config loadConfig(const std::string& path);
// Validates config text (the file's contents); throws ConfigError.
Config parseConfig(const std::string& path, std::string text);

// Applies the `.ordlint.yaml` nearest to `folder` (if any) to `settings`: what the language
// server lints a workspace folder with. False, with `error` set, for an invalid file.
bool applyProjectConfig(const std::filesystem::path& folder, RunSettings& settings,
                        std::string& error);

} // namespace ordlint
