#pragma once
// `ordlint lsp`: a Language Server Protocol 3.17 server on stdin/stdout. It keeps the whole
// workspace loaded (every manifest under the workspace folders, with open buffers winning
// over disk), re-lints it after each batch of edits, and re-publishes the diagnostics of every
// file whose findings changed, so fixing a StatefulSet in one file clears the finding it
// caused on a Service in another.

#include "engine.hpp"
#include "registry.hpp"
#include "run_settings.hpp"

#include <functional>
#include <istream>
#include <ostream>
#include <string>

namespace ordlint {

struct LanguageServerOptions {
    // Runs the rules over the workspace: ordlint's rules unless a test substitutes its own.
    std::function<std::vector<Diagnostic>(const Workspace&, const LintSettings&,
                                          const RuleSelection&)>
        lint = [](const Workspace& workspace, const LintSettings& settings,
                  const RuleSelection& selection) {
            return runRules(workspace, settings, selection, builtinRules());
        };
    // Applies the `.ordlint.yaml` of a workspace folder to `settings` (applyProjectConfig in
    // config.hpp, unless a test substitutes its own). Called with the first workspace folder at
    // initialize and whenever a `.ordlint.yaml` changes; returns false with `error` set for an
    // invalid file, and leaves `settings` alone when there is none. Unset: no config file.
    // The editor's settings (applyClientSettings) are applied on top.
    std::function<bool(const std::string& folder, RunSettings& settings, std::string& error)>
        loadConfigFile;
};

// Serves one client until `exit` or end of input. Returns the process exit code the
// protocol asks for: 0 after shutdown + exit, 1 otherwise.
int runLanguageServer(std::istream& in, std::ostream& out, const LanguageServerOptions& options);

} // namespace ordlint
