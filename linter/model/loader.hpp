#pragma once
// files -> documents -> objects: the only place that reads manifests (files, folders, standard
// input) and parses them. (The configuration file and --schema-dir are read by the layers that
// own them: app/config.cpp and schema/.)

#include "model.hpp"
#include "path_filter.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ordlint {

struct LoadOptions {
    std::string defaultNamespace = "default";
    // The user gave the namespace (--namespace, `namespace:` in the config): every object
    // without one is in it. Otherwise such objects are in `default` of their folder.
    bool namespaceGiven = false;
    LoadLimits limits;
    unsigned jobs = 0; // 0 = one per core
};

struct InputText {
    InputText() = default;
    InputText(std::string path, std::string content, bool isReportable = true,
              std::string from = {})
        : displayPath(std::move(path)), text(std::move(content)), reportable(isReportable),
          stream(std::move(from)) {}

    std::string displayPath;
    std::string text;
    bool reportable = true;
    std::string stream; // set on the parts of a split rendered stream (see splitRenderedStream)
    // Longer than --max-file-bytes: reading stopped there, and `text` is empty. The loader
    // reports it as not linted.
    bool tooLarge = false;
    // The absolute folder of the file when `displayPath` is not relative to the working
    // directory (SourceFile::folder()); empty: the folder of displayPath.
    std::string folder;
};

// *.yaml, *.yml or *.json, case-insensitively: what a folder search picks up.
bool hasManifestExtension(const std::filesystem::path& path);

// Whether a file lies in a Helm chart's `templates/` folder (a Chart.yaml beside that folder):
// a Go template, not YAML, which folder walks skip and the language server does not lint.
bool inHelmChartTemplates(const std::filesystem::path& file);

struct ReadOptions {
    PathFilter exclude; // files and folders skipped, also when named
    unsigned jobs = 0;  // threads reading files (0: one per core)
    std::size_t maxFileBytes = LoadLimits{}.maxFileBytes;
    // Called once every file to read is known and before any is read, with their paths
    // (`--fix` locks their folders there).
    std::function<void(const std::vector<std::filesystem::path>&)> beforeReading;
    // Where a folder walk notes what it skipped (Helm templates, files without apiVersion or
    // kind), for --verbose; null: not noted.
    std::vector<std::string>* skipped = nullptr;
};

// Expands files and folders (recursively: *.yaml, *.yml, *.json; hidden folders skipped) and
// reads them; "-" reads standard input (split by splitRenderedStream). Each file is read once,
// however many times it is named or reached. Unreadable paths are appended to `errors`, each
// under its own name: a folder that cannot be listed, and in a folder search a manifest that
// is a dangling symbolic link, a link loop, a link to a file outside the folder searched, or
// not a regular file (a FIFO). A file named explicitly is read whatever it is (a FIFO without
// a writer reads as empty). Reading stops at `maxFileBytes` (the input is then `tooLarge`).
// A folder walk also skips a Helm chart's `templates/` folder (Chart.yaml beside it) and files
// with neither an `apiVersion` nor a `kind` key; a file named explicitly is always read. What
// was skipped that way is appended to `options.skipped` (for --verbose), one "PATH: skipped:
// why" each. The result keeps the order of `paths`.
std::vector<InputText> readInputs(const std::vector<std::string>& paths, bool reportable,
                                  std::vector<std::string>& errors, const ReadOptions& options);
std::vector<InputText> readInputs(const std::vector<std::string>& paths, bool reportable,
                                  std::vector<std::string>& errors,
                                  const PathFilter& exclude = PathFilter(), unsigned jobs = 0,
                                  std::vector<std::string>* skipped = nullptr);

// Rendered Helm output (`helm template`): every document that starts with a
// `# Source: chart/templates/x.yaml` line becomes an input of its own named by that path, with
// lines counted from the line after the comment, so findings point into the template. The
// rest of the stream stays one input under its own name, with its lines where they were.
// A stream without such comments is returned as it is.
std::vector<InputText> splitRenderedStream(InputText stream);

// `--context` inputs, minus the files that are also among the reported inputs (a file given
// both ways is loaded once, as reported).
std::vector<InputText> withContext(std::vector<InputText> reported, std::vector<InputText> context);

// Parses every input (in parallel, with results in input order) and builds the objects.
Workspace loadWorkspace(std::vector<InputText> inputs, const LoadOptions& options);

// One file parsed on its own, kept by a caller that re-lints often (the language server) so
// that only changed files are parsed again.
struct ParsedInput {
    std::shared_ptr<SourceFile> file;
    std::vector<std::shared_ptr<Document>> documents;
    std::vector<SyntaxProblem> problems;
    // The `---` chunks the file was parsed in (none when it was refused as a whole), and how
    // many documents, problems and document indexes each produced, in order.
    struct Chunk {
        std::size_t begin = 0;
        std::size_t end = 0;
        std::size_t documents = 0;
        std::size_t problems = 0;
        int indexes = 0;
    };
    std::vector<Chunk> chunks;
};
ParsedInput parseInput(InputText input, const LoadOptions& options);
// Parses a new version of a file, taking over the documents of `previous` whose chunk text
// did not change (moved to their new offsets) instead of parsing them again: an edit costs the
// parse of the documents it touched. `previous` is consumed: its documents now belong to the
// result, and the workspaces built from it must no longer be used.
ParsedInput reparseInput(InputText input, ParsedInput previous, const LoadOptions& options);

// Builds a workspace (objects, scopes, namespaces) from files parsed earlier, sharing them;
// the same result as loadWorkspace on the same texts.
Workspace assembleWorkspace(const std::vector<std::shared_ptr<const ParsedInput>>& inputs,
                            const LoadOptions& options);

} // namespace ordlint
