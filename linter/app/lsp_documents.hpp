#pragma once
// The language server's documents: every manifest under the workspace folders (read from
// disk) and every buffer the client has open (whose text wins over the disk), each with its
// parse as of the last lint, the findings in it, and what was last published for it. Also how
// ordlint's byte ranges and findings look in the client's positions.

#include "diagnostic.hpp"
#include "loader.hpp"
#include "lsp_protocol.hpp"
#include "lsp_text.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ordlint::lsp {

struct Document {
    std::string uri;
    // The text not parsed yet (while `stale`); once parsed it lives in the parse only, so a
    // file is held once, not twice. currentText() is the document's text either way.
    std::string text;
    bool tooLarge = false; // on disk larger than --max-file-bytes: not read (text is empty)
    bool open = false;     // between didOpen and didClose the client owns the text
    bool indexed = false;  // a manifest found on disk under a workspace folder
    std::optional<int> version;
    std::shared_ptr<ParsedInput> parsed; // as of the last lint
    bool stale = true;                   // `text` changed since; parsed again at the next lint
    LineIndex lines;                     // of parsed->file->text()
    std::vector<Diagnostic> diagnostics; // of the last lint
    std::string published = "[]";        // the diagnostics last sent, serialized

    const std::string& currentText() const {
        return stale || !parsed ? text : parsed->file->text();
    }
};

// True for a file (absolute path) that the config's `exclude` globs skip when indexing.
using ExcludedPath = std::function<bool(const std::string& path)>;

// A path named like the project's config file (`.ordlint.yaml`).
bool isConfigFile(const std::string& path);
// `path` without `.`/`..` steps and trailing slashes: the key of a document.
std::string normalPath(const std::string& path);

class DocumentStore {
  public:
    // `warn` receives what could not be read (unreadable files and folders).
    explicit DocumentStore(std::function<void(const std::string&)> warn) : warn_(std::move(warn)) {}

    // Workspace folders, as absolute paths.
    void addRoot(const std::string& path) { roots_.push_back(normalPath(path)); }
    void removeRoot(const std::string& path) { std::erase(roots_, normalPath(path)); }
    const std::vector<std::string>& roots() const { return roots_; }
    // The workspace folder holding `path`, if any.
    const std::string* rootOf(const std::string& path) const;
    // The document key of a URI: its normalized path for file URIs, else the URI itself.
    std::string keyOf(const std::string& uri) const;

    // Whether a buffer the client opens is a manifest to lint (not the config file).
    bool lints(const std::string& uri, std::string_view languageId) const;
    // textDocument/didOpen of a buffer that lints() accepts.
    void open(const std::string& uri, int version, std::string text);
    // The open document at `uri`, or null.
    Document* findOpen(const std::string& uri);
    // The document at `uri` (open or indexed), or null.
    Document* find(const std::string& uri);
    // Replaces a document's text; it is parsed again at the next lint if the text differs.
    void setText(Document& document, std::string text, bool tooLarge = false);
    // textDocument/didClose: an indexed manifest goes back to its saved content, any other
    // file leaves the store.
    void close(const std::string& uri);

    // Reads every manifest under the workspace folders that `excluded` does not skip; a file
    // whose text did not change keeps its parse (mark and sweep). Open buffers that `excluded`
    // skips leave the store (their findings are retracted).
    void indexWorkspace(const ExcludedPath& excluded);
    // workspace/didChangeWatchedFiles for one path (not the config file): `type` 1 created,
    // 2 changed, 3 deleted (a file or a whole folder).
    void fileChanged(const std::string& key, int type, const ExcludedPath& excluded);

    // Parses what changed since the last lint: after an edit, the documents it touched; at
    // start, every file, on all cores. A file whose parse throws (out of memory) is left out
    // of this lint, unparsed and stale, to be parsed afresh next time. Returns one
    // "PATH: problem" per such file.
    std::vector<std::string> parseStale(const LoadOptions& loadOptions);
    // Every document's parse, for assembleWorkspace; clears the documents' findings and
    // remembers which file is which document (documentOf).
    std::vector<std::shared_ptr<const ParsedInput>> parsedInputs();
    // The --context files of this lint (after parsedInputs()): they are not linted, but a
    // finding the linted files cause in one (cli-and-output.md, `--context`) is published
    // under its URI. A context file that is also a document of the store is left out.
    void setContextFiles(const std::vector<std::shared_ptr<ParsedInput>>& files);
    std::map<std::string, Document>& contextDocuments() { return contextFiles_; }
    // Gives each finding to the document it is in; findings elsewhere are dropped.
    void assignDiagnostics(std::vector<Diagnostic> diagnostics);
    // The document a file of the last lint came from, or null.
    const Document* documentOf(const SourceFile* file) const;

    std::map<std::string, Document>& documents() { return files_; }
    // URIs whose published findings must be cleared (documents that left the store).
    std::vector<std::string> takeRetracted() { return std::exchange(retracted_, {}); }
    // Something changed since clearChanged(): a lint is due.
    bool changed() const { return changed_; }
    void clearChanged() { changed_ = false; }
    void markChanged() { changed_ = true; }

    // A range of the last lint in the client's positions (empty when its file is unknown).
    LspRange lspRange(const SourceRange& range, PositionEncoding encoding) const;
    // A finding as an LSP Diagnostic: message with its help, rule id and documentation link,
    // related locations in known documents.
    json diagnosticJson(const Diagnostic& diagnostic, PositionEncoding encoding) const;
    // A WorkspaceEdit's `changes` for a fix; edits without a file belong to `owner`.
    json workspaceChanges(const Fix& fix, const Document& owner, PositionEncoding encoding) const;

  private:
    void indexFolder(const std::string& folder, const ExcludedPath& excluded);
    void readFromDisk(const std::string& path, Document& document);
    void forget(std::map<std::string, Document>::iterator document);
    std::string displayPath(const std::string& key) const;

    std::function<void(const std::string&)> warn_;
    std::vector<std::string> roots_;
    std::map<std::string, Document> files_;        // by absolute path (or URI for non-file URIs)
    std::map<std::string, Document> contextFiles_; // --context files, by absolute path
    std::vector<std::string> retracted_;
    std::unordered_map<const SourceFile*, Document*> documentOf_;
    bool changed_ = false;
};

} // namespace ordlint::lsp
