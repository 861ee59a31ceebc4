#pragma once
// files -> documents -> objects. The only place that reads files or calls the YAML parser.

#include "model.hpp"

#include <memory>
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

// One file parsed on its own, kept by a caller that re-lints often (the language server) so
// that only changed files are parsed again.
struct ParsedInput {
    std::shared_ptr<SourceFile> file;
    std::vector<std::shared_ptr<Document>> documents;
    std::vector<SyntaxProblem> problems;
};
ParsedInput parseInput(InputText input, const LoadOptions& options);

// Builds a workspace (objects, scopes, namespaces) from files parsed earlier, sharing them;
// the same result as loadWorkspace on the same texts.
Workspace assembleWorkspace(const std::vector<std::shared_ptr<const ParsedInput>>& inputs,
                            const LoadOptions& options);

} // namespace ordlint
