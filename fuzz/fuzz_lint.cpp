// libFuzzer target: arbitrary bytes, read as stdin is, through the loader, every rule and
// every output format, then the fixes it proposes. Built by `-DORDLINT_SANITIZE=ON` with
// clang (see fuzz/README.md).
#include "engine.hpp"
#include "registry.hpp"
#include "fixes.hpp"
#include "loader.hpp"
#include "output.hpp"
#include "output_ci.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ordlint;
    std::string text(reinterpret_cast<const char*>(data), size);
    LoadOptions options;
    options.jobs = 1;
    // Read as stdin is: a Helm stream with `# Source:` comments is split into its templates.
    Workspace workspace = loadWorkspace(splitRenderedStream({"-", std::move(text), true}), options);
    LintSettings settings;
    std::vector<Diagnostic> diagnostics = runRules(workspace, settings, RuleSelection{}, builtinRules());
    RunSummary summary{workspace.files.size(), workspace.objects.size()};
    std::ostringstream sink;
    writeText(sink, diagnostics, summary, TextStyle{true, false});
    writeJson(sink, diagnostics, summary);
    writeSarif(sink, diagnostics, builtinRules());
    writeGithub(sink, diagnostics, summary);
    writeJunit(sink, diagnostics, {"-"}, Severity::Error);
    // The fixes of the findings must apply, and their result must load and lint again.
    for (FixedFile& fixed : applyFixes(diagnostics)) {
        Workspace again = loadWorkspace({{"fuzz.yaml", std::move(fixed.text), true}}, options);
        runRules(again, settings, RuleSelection{}, builtinRules());
    }
    return 0;
}
