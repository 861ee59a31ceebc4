#pragma once
// The command line's side of the settings table: one CLI11 option per setting that has a flag,
// read into SettingValues and applied with applySetting().

#include "run_settings.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ordlint {

class SettingFlags {
  public:
    // Adds an option to `app` for every setting that has a flag.
    void addTo(CLI::App& app);
    // Applies the flags given on the command line on top of `settings` (the config file's), in
    // the table's order. Returns the first problem, naming the flag.
    std::optional<std::string> applyTo(RunSettings& settings) const;

  private:
    struct Parsed {
        CLI::Option* option = nullptr;
        std::string text;
        std::vector<std::string> items;
        bool on = false;
    };
    std::map<const SettingKey*, Parsed> parsed_; // CLI11 writes into these (stable addresses)
};

} // namespace ordlint
