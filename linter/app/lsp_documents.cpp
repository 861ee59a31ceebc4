#include "lsp_documents.hpp"

#include "parallel.hpp"
#include "project_identity.hpp"

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>

namespace ordlint::lsp {

namespace fs = std::filesystem;

namespace {

bool isUnder(const std::string& path, const std::string& folder) {
    return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
           (path[folder.size()] == '/' || folder == "/");
}

// `path` relative to `folder`, which holds it (isUnder).
std::string relativeTo(const std::string& path, const std::string& folder) {
    return path.substr(folder == "/" ? 1 : folder.size() + 1);
}

} // namespace

bool isConfigFile(const std::string& path) {
    return fs::path(path).filename() == kConfigFileName;
}

std::string normalPath(const std::string& path) {
    std::string normal = fs::path(path).lexically_normal().generic_string();
    while (normal.size() > 1 && normal.back() == '/')
        normal.pop_back();
    return normal;
}

const std::string* DocumentStore::rootOf(const std::string& path) const {
    for (const std::string& root : roots_)
        if (isUnder(path, root)) return &root;
    return nullptr;
}

std::string DocumentStore::keyOf(const std::string& uri) const {
    if (auto path = fileUriToPath(uri)) return normalPath(*path);
    return uri;
}

std::string DocumentStore::displayPath(const std::string& key) const {
    if (const std::string* root = rootOf(key)) return relativeTo(key, *root);
    return key;
}

// ---------------------------------------------------------------------------------------------
// Editor buffers

bool DocumentStore::lints(const std::string& uri, std::string_view languageId) const {
    std::string key = keyOf(uri);
    bool manifest = languageId == "yaml" || languageId == "json" || languageId == "jsonc" ||
                    hasManifestExtension(key);
    // A Helm template ({{ ... }}) is not YAML until `helm template` renders it.
    return manifest && !isConfigFile(key) && !inHelmChartTemplates(key);
}

void DocumentStore::open(const std::string& uri, int version, std::string text) {
    Document& document = files_[keyOf(uri)];
    if (!document.uri.empty() && document.uri != uri && document.published != "[]") {
        retracted_.push_back(document.uri);
        document.published = "[]";
    }
    document.uri = uri;
    document.open = true;
    document.version = version;
    setText(document, std::move(text));
    changed_ = true;
}

Document* DocumentStore::findOpen(const std::string& uri) {
    Document* document = find(uri);
    return document && document->open ? document : nullptr;
}

Document* DocumentStore::find(const std::string& uri) {
    auto found = files_.find(keyOf(uri));
    return found == files_.end() ? nullptr : &found->second;
}

void DocumentStore::setText(Document& document, std::string text, bool tooLarge) {
    if (document.tooLarge == tooLarge && document.currentText() == text) return;
    document.text = std::move(text);
    document.tooLarge = tooLarge;
    document.stale = true;
    changed_ = true;
}

void DocumentStore::close(const std::string& uri) {
    auto found = files_.find(keyOf(uri));
    if (found == files_.end()) return;
    Document& document = found->second;
    document.open = false;
    document.version.reset();
    std::error_code error;
    if (document.indexed && fs::is_regular_file(found->first, error))
        readFromDisk(found->first, document);
    else
        forget(found);
}

// ---------------------------------------------------------------------------------------------
// Files on disk

void DocumentStore::readFromDisk(const std::string& path, Document& document) {
    std::vector<std::string> errors;
    std::vector<InputText> inputs = readInputs({path}, true, errors);
    for (const std::string& error : errors)
        warn_(error);
    if (!inputs.empty()) setText(document, std::move(inputs.front().text), inputs.front().tooLarge);
}

void DocumentStore::forget(std::map<std::string, Document>::iterator document) {
    if (document->second.published != "[]") retracted_.push_back(document->second.uri);
    files_.erase(document);
    changed_ = true;
}

void DocumentStore::indexFolder(const std::string& folder, const ExcludedPath& excluded) {
    std::vector<std::string> errors;
    for (InputText& input : readInputs({folder}, true, errors)) {
        std::string path = normalPath(input.displayPath);
        if (excluded && excluded(path)) continue;
        auto [it, added] = files_.try_emplace(path);
        Document& document = it->second;
        if (added) document.uri = pathToFileUri(path);
        document.indexed = true;
        if (!document.open) setText(document, std::move(input.text), input.tooLarge);
    }
    for (const std::string& error : errors)
        warn_(error);
}

void DocumentStore::indexWorkspace(const ExcludedPath& excluded) {
    for (auto& [path, document] : files_)
        document.indexed = false;
    for (const std::string& root : roots_)
        indexFolder(root, excluded);
    for (auto it = files_.begin(); it != files_.end();) {
        auto current = it++;
        // An open buffer of a file the settings now exclude goes too: no diagnostics for it.
        bool nowExcluded = excluded && current->second.open && excluded(current->first);
        if ((!current->second.open && !current->second.indexed) || nowExcluded) forget(current);
    }
    changed_ = true;
}

void DocumentStore::fileChanged(const std::string& key, int type, const ExcludedPath& excluded) {
    std::error_code error;
    if (type == 3 /* deleted: a file or a whole folder */) {
        for (auto it = files_.begin(); it != files_.end();) {
            auto current = it++;
            if (current->first != key && !isUnder(current->first, key)) continue;
            current->second.indexed = false;
            if (!current->second.open) forget(current);
        }
    } else if (!rootOf(key)) {
        return;
    } else if (fs::is_directory(key, error)) {
        indexFolder(key, excluded);
    } else if (hasManifestExtension(key)) {
        // The files `ordlint FOLDER` reads: none in hidden folders, none excluded.
        std::string relative = relativeTo(key, *rootOf(key));
        std::string folders = relative.substr(0, relative.rfind('/') + 1);
        if (folders.starts_with('.') || folders.find("/.") != std::string::npos) return;
        if (excluded && excluded(key)) return;
        auto [it, added] = files_.try_emplace(key);
        if (added) it->second.uri = pathToFileUri(key);
        it->second.indexed = true;
        if (!it->second.open) readFromDisk(key, it->second);
    }
}

// ---------------------------------------------------------------------------------------------
// Linting

std::vector<std::string> DocumentStore::parseStale(const LoadOptions& loadOptions) {
    std::vector<std::pair<const std::string*, Document*>> stale;
    for (auto& [key, document] : files_)
        if (document.stale) stale.emplace_back(&key, &document);
    std::atomic<std::size_t> next{0};
    std::vector<std::string> failures;
    std::mutex failuresMutex;
    auto worker = [&] {
        for (std::size_t i = next++; i < stale.size(); i = next++) {
            auto [key, document] = stale[i];
            try {
                InputText input{displayPath(*key), document->text, true};
                input.folder = std::filesystem::path(*key).parent_path().string();
                input.tooLarge = document->tooLarge;
                std::shared_ptr<ParsedInput> previous = std::move(document->parsed);
                document->parsed = std::make_shared<ParsedInput>(
                    previous ? reparseInput(std::move(input), std::move(*previous), loadOptions)
                             : parseInput(std::move(input), loadOptions));
                document->stale = false;
                std::string().swap(document->text); // the parse holds it now
                document->lines = LineIndex(document->parsed->file->text());
            } catch (const std::exception& error) {
                std::lock_guard lock(failuresMutex);
                failures.push_back(*key + ": " + error.what());
            }
        }
    };
    runOnThreads(threadCount(0, stale.size()), worker);
    return failures;
}

std::vector<std::shared_ptr<const ParsedInput>> DocumentStore::parsedInputs() {
    std::vector<std::shared_ptr<const ParsedInput>> inputs;
    documentOf_.clear();
    for (auto& [key, document] : files_) {
        document.diagnostics.clear();
        if (!document.parsed) continue;
        inputs.push_back(document.parsed);
        documentOf_[document.parsed->file.get()] = &document;
    }
    return inputs;
}

void DocumentStore::setContextFiles(const std::vector<std::shared_ptr<ParsedInput>>& files) {
    std::set<std::string> current;
    for (const auto& parsed : files) {
        std::string key = normalPath(std::filesystem::absolute(parsed->file->path()).string());
        if (files_.count(key) || !current.insert(key).second) continue;
        auto [it, added] = contextFiles_.try_emplace(key);
        Document& document = it->second;
        if (added) document.uri = pathToFileUri(key);
        if (document.parsed != parsed) {
            document.parsed = parsed;
            document.lines = LineIndex(parsed->file->text());
        }
        document.stale = false;
        document.diagnostics.clear();
        documentOf_[parsed->file.get()] = &document;
    }
    for (auto it = contextFiles_.begin(); it != contextFiles_.end();) {
        if (current.count(it->first)) {
            ++it;
            continue;
        }
        if (it->second.published != "[]") retracted_.push_back(it->second.uri);
        it = contextFiles_.erase(it);
    }
}

void DocumentStore::assignDiagnostics(std::vector<Diagnostic> diagnostics) {
    for (Diagnostic& diagnostic : diagnostics) {
        auto owner = documentOf_.find(diagnostic.range.file);
        if (owner != documentOf_.end()) owner->second->diagnostics.push_back(std::move(diagnostic));
    }
}

const Document* DocumentStore::documentOf(const SourceFile* file) const {
    auto found = documentOf_.find(file);
    return found == documentOf_.end() ? nullptr : found->second;
}

// ---------------------------------------------------------------------------------------------
// Client positions

LspRange DocumentStore::lspRange(const SourceRange& range, PositionEncoding encoding) const {
    const Document* owner = documentOf(range.file);
    if (!owner) return {};
    const std::string& text = range.file->text();
    return {owner->lines.position(text, range.begin, encoding),
            owner->lines.position(text, range.end, encoding)};
}

json DocumentStore::diagnosticJson(const Diagnostic& diagnostic, PositionEncoding encoding) const {
    int severity = diagnostic.severity == Severity::Error     ? 1
                   : diagnostic.severity == Severity::Warning ? 2
                                                              : 3;
    std::string message = diagnostic.message;
    if (!diagnostic.help.empty()) message += "\nhelp: " + diagnostic.help;
    json result = {{"range", rangeJson(lspRange(diagnostic.range, encoding))},
                   {"severity", severity},
                   {"code", diagnostic.rule},
                   {"codeDescription", {{"href", ruleDocsUrl(diagnostic.rule)}}},
                   {"source", "ordlint"},
                   {"message", message}};
    json related = json::array();
    for (const RelatedLocation& location : diagnostic.related) {
        const Document* owner = documentOf(location.range.file);
        if (!owner) continue;
        related.push_back(
            {{"location",
              {{"uri", owner->uri}, {"range", rangeJson(lspRange(location.range, encoding))}}},
             {"message", location.message}});
    }
    if (!related.empty()) result["relatedInformation"] = std::move(related);
    return result;
}

json DocumentStore::workspaceChanges(const Fix& fix, const Document& owner,
                                     PositionEncoding encoding) const {
    json changes = json::object();
    for (const TextEdit& edit : fix.edits) {
        SourceRange range = edit.range;
        if (!range.file) range.file = owner.parsed->file.get();
        const Document* document = documentOf(range.file);
        if (!document) continue;
        changes[document->uri].push_back(
            {{"range", rangeJson(lspRange(range, encoding))}, {"newText", edit.newText}});
    }
    return changes;
}

} // namespace ordlint::lsp
