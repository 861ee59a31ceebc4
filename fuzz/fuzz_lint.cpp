// libFuzzer target. Every input is tried four ways:
//  1. as standard input: arbitrary bytes through the loader, every rule and every output
//     format (a Helm stream with `# Source:` comments is split into its templates);
//  2. `--fix` round trip: the fixes of those findings are applied, and the result must not be
//     corrupted text: it loads with no new syntax problem, the same objects, the same line
//     breaks (CRLF stays CRLF), and lints again;
//  3. CRD-schema mode: the input is the openAPIV3Schema of a CustomResourceDefinition (the part
//     before a `---` line) and the spec of an object of that kind (the part after), so that
//     hostile schemas reach schema compilation: a broken one must be a finding, never a crash.
//  4. the stream splitter: the input parsed in parallel batches of its `---` chunks must give
//     what the ordinary parse gives (documents, their numbers and nodes, problems).
// Built by `-DORDLINT_SANITIZE=ON` with clang (see fuzz/README.md).
#include "engine.hpp"
#include "fixes.hpp"
#include "loader.hpp"
#include "output.hpp"
#include "output_ci.hpp"
#include "registry.hpp"
#include "yaml_tree.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>

namespace {

using namespace ordlint;

// Stops the fuzzer with the input saved: an invariant of the round trip does not hold.
[[noreturn]] void corrupted(const char* what) {
    std::fprintf(stderr, "fuzz: --fix round trip: %s\n", what);
    __builtin_trap();
}

bool everyLineBreakIsCrlf(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return false;
    return text.find('\n') != std::string::npos;
}

// Which objects a file holds, by kind and name: a fix may move an object to another
// apiVersion (removed-api and deprecated-api rewrite it to the version, or group, that serves
// the same resource), never add, drop or rename one.
std::multimap<std::string, std::string> identities(const Workspace& workspace) {
    std::multimap<std::string, std::string> result;
    for (const Object& object : workspace.objects)
        result.emplace(object.kind, object.name);
    return result;
}

void lintAndWriteEverything(const Workspace& workspace, std::vector<Diagnostic>& diagnostics) {
    diagnostics = runRules(workspace, LintSettings{}, RuleSelection{}, builtinRules());
    RunSummary summary{workspace.files.size(), workspace.objects.size()};
    std::ostringstream sink;
    writeText(sink, diagnostics, summary, TextStyle{true, false});
    writeJson(sink, diagnostics, summary);
    writeSarif(sink, diagnostics, builtinRules());
    writeGithub(sink, diagnostics, summary);
    writeJunit(sink, diagnostics, {"-"}, Severity::Error);
}

void fixRoundTrip(const std::vector<Diagnostic>& diagnostics, const LoadOptions& options) {
    for (FixedFile& fixed : applyFixes(diagnostics)) {
        const SourceFile& original = *fixed.file;
        Workspace before = loadWorkspace({{"fuzz.yaml", original.text(), true}}, options);
        Workspace after = loadWorkspace({{"fuzz.yaml", fixed.text, true}}, options);
        if (after.problems.size() > before.problems.size())
            corrupted("a fix made the YAML invalid");
        if (identities(after) != identities(before))
            corrupted("a fix changed which objects there are");
        if (everyLineBreakIsCrlf(original.text()) && !everyLineBreakIsCrlf(fixed.text))
            corrupted("a fix wrote a bare LF into a CRLF file");
        runRules(after, LintSettings{}, RuleSelection{}, builtinRules());
    }
}

std::string indented(std::string_view text, std::string_view indent) {
    std::string out(indent);
    for (char c : text) {
        out += c;
        if (c == '\n') out += indent;
    }
    return out;
}

void crdSchemaMode(std::string_view text, const LoadOptions& options) {
    std::size_t separator = text.find("\n---\n");
    std::string_view schema = text.substr(0, separator);
    std::string_view spec = separator == std::string_view::npos ? std::string_view("a: 1\n")
                                                                : text.substr(separator + 5);
    std::string stream =
        "apiVersion: apiextensions.k8s.io/v1\n"
        "kind: CustomResourceDefinition\n"
        "metadata: {name: fuzzes.fuzz.example}\n"
        "spec:\n"
        "  group: fuzz.example\n"
        "  names: {kind: Fuzz, plural: fuzzes}\n"
        "  scope: Namespaced\n"
        "  versions:\n"
        "    - name: v1\n"
        "      served: true\n"
        "      storage: true\n"
        "      schema:\n"
        "        openAPIV3Schema:\n" +
        indented(schema, "          ") +
        "\n---\napiVersion: fuzz.example/v1\nkind: Fuzz\nmetadata: {name: f}\nspec:\n" +
        indented(spec, "  ") + "\n";
    Workspace workspace = loadWorkspace({{"crd.yaml", std::move(stream), true}}, options);
    std::vector<Diagnostic> diagnostics;
    lintAndWriteEverything(workspace, diagnostics);
}

// Every document's number, range and node ranges, every problem, the node count.
std::string describe(const ParsedFile& parsed) {
    std::ostringstream out;
    for (const auto& document : parsed.documents) {
        out << document->index << " " << document->range.begin << "-" << document->range.end;
        forEachNode(*document, [&](const Node& node) {
            out << " " << int(node.kind) << ":" << node.range.begin << "-" << node.range.end << "="
                << node.value();
        });
        out << "\n";
    }
    for (const SyntaxProblem& problem : parsed.problems)
        out << problem.range.begin << "-" << problem.range.end << " " << problem.message << "\n";
    out << parsed.nodes << (parsed.stopped ? " stopped" : "");
    return out.str();
}

void splitterMode(const std::string& text) {
    SourceFile file("split.yaml", text);
    LoadLimits limits;
    limits.maxDocuments = 50; // small limits, so that batches reach them too
    limits.maxNodes = 500;
    if (describe(parseYaml(file, limits)) != describe(parseYamlInParallel(file, limits, 3, 16))) {
        std::fprintf(stderr, "fuzz: the parallel parse of a stream differs from parseYaml\n");
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    LoadOptions options;
    options.jobs = 1;
    Workspace workspace = loadWorkspace(splitRenderedStream({"-", text, true}), options);
    std::vector<Diagnostic> diagnostics;
    lintAndWriteEverything(workspace, diagnostics);
    fixRoundTrip(diagnostics, options);
    crdSchemaMode(text, options);
    splitterMode(text);
    return 0;
}
