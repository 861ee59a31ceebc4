#pragma once
// `ordlint lsp`: a Language Server Protocol 3.17 server on stdin/stdout. It keeps the whole
// workspace loaded (every manifest under the workspace folders, with open buffers winning
// over disk), re-lints it after each batch of edits, and re-publishes the diagnostics of every
// file whose findings changed, so fixing a StatefulSet in one file clears the finding it
// caused on a Service in another.

#include "engine.hpp"
#include "registry.hpp"

#include <functional>
#include <istream>
#include <ostream>
#include <string>

namespace ordlint {

// What the server lints with: defaults, then the workspace's `.ordlint.yaml` (through
// LanguageServerOptions::loadConfigFile), then the client's initializationOptions.
struct LintConfig {
    LintSettings settings;
    RuleSelection selection;
    std::string defaultNamespace = "default";
    // True for a file (absolute path) that the config's `exclude` globs skip when indexing the
    // workspace; unset means nothing is excluded. Open documents are linted regardless.
    std::function<bool(const std::string& path)> excluded;
};

struct LanguageServerOptions {
    // Runs the rules over the workspace: ordlint's rules unless a test substitutes its own.
    std::function<std::vector<Diagnostic>(const Workspace&, const LintSettings&,
                                          const RuleSelection&)>
        lint = [](const Workspace& workspace, const LintSettings& settings, const RuleSelection& selection) {
            return runRules(workspace, settings, selection, builtinRules());
        };
    // Reads the `.ordlint.yaml` that applies to a workspace folder into `config`: the seam
    // through which the config-file loader plugs in. Called with the first workspace folder at
    // initialize and whenever a `.ordlint.yaml` changes; returns false with `error` set for an
    // invalid file, and leaves `config` alone when there is none. Unset: no config file.
    std::function<bool(const std::string& folder, LintConfig& config, std::string& error)>
        loadConfigFile;
};

// Serves one client until `exit` or end of input. Returns the process exit code the
// protocol asks for: 0 after shutdown + exit, 1 otherwise.
int runLanguageServer(std::istream& in, std::ostream& out, const LanguageServerOptions& options);

} // namespace ordlint
