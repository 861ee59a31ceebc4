#pragma once
// `.ordlint.yaml`: project settings that command-line flags override. Read with ordlint's own
// YAML tree, so that every error names the file, line and key.

#include "diagnostic.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ordlint {

inline constexpr const char* kConfigFileName = ".ordlint.yaml";

struct Config {
    std::string path;                  // the file, as found or given
    std::filesystem::path folder;      // its folder: `exclude` globs are relative to it
    std::optional<std::string> kubeVersion;
    std::optional<std::string> ns;
    std::optional<int> zones;
    std::optional<std::string> failOn; // error|warning|info|never
    std::optional<bool> strict;
    std::optional<bool> fix;
    std::vector<std::string> exclude;
    // In file order; no severity means `off`.
    std::vector<std::pair<std::string, std::optional<Severity>>> rules;
};

// A config file that cannot be used; what() is "FILE:LINE:COLUMN: problem".
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The nearest `.ordlint.yaml` in `start` or a folder above it.
std::optional<std::filesystem::path> findConfigFile(const std::filesystem::path& start);

// Reads and validates a config file; throws ConfigError.
Config loadConfig(const std::string& path);
// Validates config text (the file's contents); throws ConfigError.
Config parseConfig(const std::string& path, std::string text);

// What `ordlint init` writes: every key, commented, with its default.
std::string_view defaultConfigText();

} // namespace ordlint
