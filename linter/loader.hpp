#pragma once
// files -> documents -> objects. The only place that reads files or calls the YAML parser.

#include "model.hpp"

#include <string>
#include <vector>

namespace ordlint {

struct LoadOptions {
    std::string defaultNamespace = "default";
    LoadLimits limits;
    unsigned jobs = 0; // 0 = one per core
};

struct InputText {
    std::string displayPath;
    std::string text;
    bool reportable = true;
};

// Expands files and folders (recursively: *.yaml, *.yml, *.json; hidden folders skipped) and
// reads them; "-" reads standard input. Unreadable paths are appended to `errors`.
std::vector<InputText> readInputs(const std::vector<std::string>& paths, bool reportable,
                                  std::vector<std::string>& errors);

// Parses every input (in parallel, with results in input order) and builds the objects.
Workspace loadWorkspace(std::vector<InputText> inputs, const LoadOptions& options);

} // namespace ordlint
