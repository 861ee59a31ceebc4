#include "lsp.hpp"

#include "parallel.hpp"

#include "api_catalog.hpp"
#include "loader.hpp"
#include "lsp_text.hpp"
#include "output.hpp"
#include "schema_store.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace ordlint {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
using lsp::LineIndex;
using lsp::LspPosition;
using lsp::LspRange;
using lsp::PositionEncoding;

// Where `codeDescription.href` of a diagnostic points: the rule's documentation, the same text
// as `ordlint explain RULE` (and the same address as a SARIF rule's helpUri).
constexpr std::string_view kRuleDocsUrl = "https://github.com/ordlint/ordlint/blob/main/rules/";
constexpr std::string_view kProjectConfigName = ".ordlint.yaml";
constexpr std::size_t kMaxMessageBytes = std::size_t{256} << 20;

// JSON-RPC 2.0 and LSP 3.17 error codes.
enum ErrorCode {
    kParseError = -32700,
    kInvalidRequest = -32600,
    kMethodNotFound = -32601,
    kInvalidParams = -32602,
    kInternalError = -32603,
    kServerNotInitialized = -32002,
};

enum class MessageType { Error = 1, Warning = 2, Info = 3, Log = 4 };

// ---------------------------------------------------------------------------------------------
// Transport: a reader thread splits stdin into message bodies; the server thread handles them
// and lints only when no message is waiting, so a burst of keystrokes costs one lint.

class Inbox {
  public:
    void push(std::string body) {
        std::lock_guard lock(mutex_);
        bodies_.push_back(std::move(body));
        ready_.notify_one();
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        ready_.notify_all();
    }
    // The next body, or nullopt once input has ended and every body was taken.
    std::optional<std::string> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !bodies_.empty() || closed_; });
        if (bodies_.empty()) return std::nullopt;
        std::string body = std::move(bodies_.front());
        bodies_.pop_front();
        return body;
    }
    bool empty() {
        std::lock_guard lock(mutex_);
        return bodies_.empty();
    }
    bool waitClosed(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return ready_.wait_for(lock, timeout, [&] { return closed_; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::string> bodies_;
    bool closed_ = false;
};

std::string_view trim(std::string_view text) {
    std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    std::size_t end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

std::optional<std::size_t> contentLength(std::string_view header) {
    std::size_t colon = header.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string name(trim(header.substr(0, colon)));
    for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "content-length") return std::nullopt;
    std::string_view value = trim(header.substr(colon + 1));
    std::size_t length = 0;
    if (value.empty()) return std::nullopt;
    for (char c : value) {
        // Past 2^40 the number is nonsense rather than a message to skip.
        if (c < '0' || c > '9' || length > (std::size_t{1} << 40)) return std::nullopt;
        length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    return length;
}

// Reads `Content-Length`-framed messages until end of input. A header block without a valid
// length, or an oversized message (skipped), is passed on as an empty body so that the server
// answers with a parse error.
void readMessages(std::istream& in, Inbox& inbox) {
    std::string line;
    while (true) {
        std::optional<std::size_t> length;
        bool sawHeader = false;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) {
                if (sawHeader) break;
                continue;
            }
            sawHeader = true;
            if (auto value = contentLength(line)) length = value;
        }
        if (!in) break;
        if (!length) {
            inbox.push(std::string());
            continue;
        }
        if (*length > kMaxMessageBytes) { // skipped unread, and answered with a parse error
            in.ignore(static_cast<std::streamsize>(*length));
            if (static_cast<std::size_t>(in.gcount()) != *length) break;
            inbox.push(std::string());
            continue;
        }
        std::string body(*length, '\0');
        in.read(body.data(), static_cast<std::streamsize>(*length));
        if (static_cast<std::size_t>(in.gcount()) != *length) break;
        inbox.push(std::move(body));
    }
    inbox.close();
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers: parameters are read leniently (a missing optional member is absent, not
// an error); a missing required member throws json::exception, answered as InvalidParams.

const json* member(const json& object, std::initializer_list<std::string_view> path) {
    const json* current = &object;
    for (std::string_view key : path) {
        if (!current->is_object()) return nullptr;
        auto found = current->find(key);
        if (found == current->end()) return nullptr;
        current = &*found;
    }
    return current;
}

json positionJson(LspPosition position) {
    return {{"line", position.line}, {"character", position.character}};
}

json rangeJson(const LspRange& range) {
    return {{"start", positionJson(range.start)}, {"end", positionJson(range.end)}};
}

LspPosition parsePosition(const json& position) {
    return {position.at("line").get<int>(), position.at("character").get<int>()};
}

LspRange parseRange(const json& range) {
    return {parsePosition(range.at("start")), parsePosition(range.at("end"))};
}

// Applies the client's settings (initializationOptions, or the `ordlint` section of
// workspace/didChangeConfiguration) on top of `config`; returns what it could not use.
std::vector<std::string> applyClientSettings(LintConfig& config, const json& settings) {
    std::vector<std::string> problems;
    if (!settings.is_object()) return problems;
    if (const json* value = member(settings, {"kubeVersion"})) {
        auto version =
            value->is_string() ? parseKubeVersion(value->get<std::string>()) : std::nullopt;
        const ApiCatalog& catalog = ApiCatalog::bundled();
        if (version && catalog.accepts(*version))
            config.settings.kubeVersion = *version;
        else
            problems.push_back(
                fmt::format("kubeVersion must be a Kubernetes release from {} to {}, like \"{}\"",
                            releaseName(catalog.oldestAccepted()),
                            releaseName(catalog.newestAccepted()), releaseName(KubeVersion{})));
    }
    if (const json* value = member(settings, {"namespace"})) {
        if (value->is_string() && !value->get<std::string>().empty())
            config.defaultNamespace = value->get<std::string>();
        else
            problems.push_back("namespace must be a non-empty string");
    }
    if (const json* value = member(settings, {"zones"})) {
        if (value->is_number_integer() && value->get<int>() > 0)
            config.settings.zones = value->get<int>();
        else
            problems.push_back("zones must be a positive integer");
    }
    if (const json* value = member(settings, {"strict"})) {
        if (value->is_boolean())
            config.settings.strict = value->get<bool>();
        else
            problems.push_back("strict must be true or false");
    }
    auto stringList = [&](const char* key) {
        std::vector<std::string> ids;
        if (const json* value = member(settings, {key})) {
            if (!value->is_array())
                problems.push_back(std::string(key) + " must be a list of rule ids");
            else
                for (const json& id : *value)
                    if (id.is_string()) ids.push_back(id.get<std::string>());
        }
        return ids;
    };
    std::vector<std::string> disable = stringList("disable");
    std::vector<std::string> enable = stringList("enable");
    for (const std::string& id :
         applyRuleToggles(builtinRules(), config.selection, disable, enable))
        problems.push_back("unknown rule \"" + id + "\"");
    if (const json* rules = member(settings, {"rules"}); rules && rules->is_object()) {
        for (const auto& [id, value] : rules->items()) {
            std::string level = value.is_string() ? value.get<std::string>() : "";
            auto severity = parseSeverity(level);
            if (!builtinRules().find(id)) {
                problems.push_back("unknown rule \"" + id + "\"");
            } else if (level == "off") {
                config.selection.disabled.insert(id);
            } else if (severity) {
                config.selection.disabled.erase(id);
                config.selection.severities[id] = *severity;
            } else {
                problems.push_back("rules." + id + " must be off, error, warning or info");
            }
        }
    }
    return problems;
}

bool isConfigFile(const std::string& path) {
    return fs::path(path).filename() == kProjectConfigName;
}

std::string normalPath(const std::string& path) {
    std::string normal = fs::path(path).lexically_normal().generic_string();
    while (normal.size() > 1 && normal.back() == '/')
        normal.pop_back();
    return normal;
}

bool isUnder(const std::string& path, const std::string& folder) {
    return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
           (path[folder.size()] == '/' || folder == "/");
}

// `path` relative to `folder`, which holds it (isUnder).
std::string relativeTo(const std::string& path, const std::string& folder) {
    return path.substr(folder == "/" ? 1 : folder.size() + 1);
}

// ---------------------------------------------------------------------------------------------

struct FileEntry {
    std::string uri;
    std::string text;
    bool open = false;    // between didOpen and didClose the client owns the text
    bool indexed = false; // a manifest found on disk under a workspace folder
    std::optional<int> version;
    std::shared_ptr<ParsedInput> parsed; // as of the last lint
    bool stale = true;                   // `text` changed since; parsed again at the next lint
    LineIndex lines;                     // of parsed->file->text()
    std::vector<Diagnostic> diagnostics; // of the last lint
    std::string published = "[]";        // the diagnostics last sent, serialized
};

class Server {
  public:
    Server(std::ostream& out, const LanguageServerOptions& options)
        : out_(out), options_(options) {}

    void handle(const std::string& body);
    bool lintPending() const { return lintPending_; }
    // Lints the whole workspace and publishes every file whose diagnostics changed.
    void lintAndPublish();
    bool exitRequested() const { return exitRequested_; }
    int exitCode() const { return shutdownRequested_ ? 0 : 1; }

  private:
    void send(const json& message);
    void respond(const json& id, json result) {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
    }
    void respondError(const json& id, int code, const std::string& message) {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
    }
    void notify(const std::string& method, json params) {
        send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
    }
    void log(MessageType type, const std::string& message) {
        notify("window/logMessage", {{"type", static_cast<int>(type)}, {"message", message}});
    }
    void show(MessageType type, const std::string& message) {
        notify("window/showMessage", {{"type", static_cast<int>(type)}, {"message", message}});
    }

    void dispatch(const std::string& method, const json* id, const json& params);
    json initialize(const json& params);
    void initialized();
    void didOpen(const json& params);
    void didChange(const json& params);
    void didClose(const json& params);
    void didSave(const json& params);
    void didChangeWatchedFiles(const json& params);
    void didChangeWorkspaceFolders(const json& params);
    json codeActions(const json& params);

    void lintAll();
    void parseStale(const LoadOptions& loadOptions);
    void loadConfig();
    void indexWorkspace();
    void indexFolder(const std::string& folder);
    void readFromDisk(const std::string& path, FileEntry& entry);
    void forget(std::map<std::string, FileEntry>::iterator entry);
    const std::string* rootOf(const std::string& path) const;
    std::string keyOf(const std::string& uri) const;
    std::string displayPath(const std::string& key) const;
    void setText(FileEntry& entry, std::string text);

    LspRange lspRange(const SourceRange& range) const;
    json diagnosticJson(const Diagnostic& diagnostic) const;
    json editsJson(const Fix& fix, const FileEntry& owner) const;
    std::optional<json> ignoreAction(const FileEntry& entry, const Diagnostic& diagnostic,
                                     const json& diagnosticLsp, bool wholeFile) const;

    std::ostream& out_;
    const LanguageServerOptions& options_;
    bool initializeReceived_ = false;
    bool shutdownRequested_ = false;
    bool exitRequested_ = false;
    bool lintPending_ = false;
    bool watchRegistration_ = false;
    PositionEncoding encoding_ = PositionEncoding::Utf16;
    std::vector<std::string> roots_;
    json initializationOptions_;
    json clientSettings_;
    LintConfig config_;
    std::map<std::string, FileEntry> files_; // by absolute path (or URI for non-file URIs)
    std::vector<std::string> retracted_;     // URIs whose diagnostics must be cleared
    Workspace workspace_;                    // of the last lint; diagnostics point into it
    std::unordered_map<const SourceFile*, const FileEntry*> entryOf_;
    int nextRequestId_ = 1;
};

void Server::send(const json& message) {
    // Manifests need not be UTF-8; replace invalid bytes instead of failing to serialize.
    std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
    out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out_.flush();
}

void Server::handle(const std::string& body) {
    json message = json::parse(body, nullptr, false);
    if (message.is_discarded()) {
        respondError(nullptr, kParseError, "the message is not valid JSON");
        return;
    }
    if (!message.is_object()) {
        respondError(nullptr, kInvalidRequest, "a message must be a JSON object");
        return;
    }
    const json* id = member(message, {"id"});
    if (id && !id->is_string() && !id->is_number_integer()) {
        respondError(nullptr, kInvalidRequest, "id must be a string or an integer");
        return;
    }
    const json* method = member(message, {"method"});
    if (!method || !method->is_string()) {
        // A response to one of our requests (client/registerCapability) needs no answer.
        if (id && (message.contains("result") || message.contains("error"))) return;
        respondError(id ? *id : json(nullptr), kInvalidRequest, "a request needs a method");
        return;
    }
    static const json noParams = json::object();
    const json* params = member(message, {"params"});
    if (params && !params->is_object() && !params->is_array()) {
        if (id) respondError(*id, kInvalidParams, "params must be an object or an array");
        return;
    }
    try {
        dispatch(method->get<std::string>(), id, params ? *params : noParams);
    } catch (const json::exception& error) {
        if (id)
            respondError(*id, kInvalidParams, error.what());
        else
            log(MessageType::Error, method->get<std::string>() + ": " + error.what());
    } catch (const std::exception& error) {
        if (id)
            respondError(*id, kInternalError, error.what());
        else
            log(MessageType::Error, method->get<std::string>() + ": " + error.what());
    }
}

void Server::dispatch(const std::string& method, const json* id, const json& params) {
    if (method == "exit") {
        exitRequested_ = true;
        return;
    }
    if (!initializeReceived_) {
        if (method == "initialize" && id) {
            respond(*id, initialize(params));
            initializeReceived_ = true;
        } else if (id) {
            respondError(*id, kServerNotInitialized, "the server has not been initialized");
        }
        return; // notifications before initialize are dropped (LSP 3.17)
    }
    if (shutdownRequested_) {
        if (id) respondError(*id, kInvalidRequest, "the server is shutting down");
        return;
    }
    if (id) {
        if (method == "initialize")
            respondError(*id, kInvalidRequest, "initialize was already received");
        else if (method == "shutdown") {
            shutdownRequested_ = true;
            respond(*id, nullptr);
        } else if (method == "textDocument/codeAction")
            respond(*id, codeActions(params));
        else
            respondError(*id, kMethodNotFound, "unsupported method " + method);
        return;
    }
    if (method == "initialized")
        initialized();
    else if (method == "textDocument/didOpen")
        didOpen(params);
    else if (method == "textDocument/didChange")
        didChange(params);
    else if (method == "textDocument/didClose")
        didClose(params);
    else if (method == "textDocument/didSave")
        didSave(params);
    else if (method == "workspace/didChangeWatchedFiles")
        didChangeWatchedFiles(params);
    else if (method == "workspace/didChangeWorkspaceFolders")
        didChangeWorkspaceFolders(params);
    else if (method == "workspace/didChangeConfiguration") {
        const json* settings = member(params, {"settings", "ordlint"});
        clientSettings_ = settings ? *settings : json();
        loadConfig();
        indexWorkspace();
    }
    // Other notifications ($/cancelRequest, $/setTrace, ...) need nothing.
}

json Server::initialize(const json& params) {
    if (const json* encodings = member(params, {"capabilities", "general", "positionEncodings"});
        encodings && encodings->is_array()) {
        // ordlint works on bytes: UTF-8 needs no conversion; UTF-16 is the mandatory fallback.
        for (PositionEncoding preferred : {PositionEncoding::Utf8, PositionEncoding::Utf32}) {
            if (std::find(encodings->begin(), encodings->end(), lsp::encodingName(preferred)) !=
                encodings->end()) {
                encoding_ = preferred;
                break;
            }
        }
    }
    auto addRoot = [&](const json& uri) {
        if (!uri.is_string()) return;
        if (auto path = lsp::fileUriToPath(uri.get<std::string>()))
            roots_.push_back(normalPath(*path));
    };
    if (const json* folders = member(params, {"workspaceFolders"});
        folders && folders->is_array()) {
        for (const json& folder : *folders)
            if (const json* uri = member(folder, {"uri"})) addRoot(*uri);
    } else if (const json* rootUri = member(params, {"rootUri"}); rootUri && rootUri->is_string()) {
        addRoot(*rootUri);
    } else if (const json* rootPath = member(params, {"rootPath"});
               rootPath && rootPath->is_string()) {
        roots_.push_back(normalPath(rootPath->get<std::string>()));
    }
    const json* watch = member(
        params, {"capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration"});
    watchRegistration_ = watch && watch->is_boolean() && watch->get<bool>();
    if (const json* options = member(params, {"initializationOptions"}))
        initializationOptions_ = *options;

    loadConfig();
    indexWorkspace();

    json capabilities = {
        {"positionEncoding", lsp::encodingName(encoding_)},
        {"textDocumentSync",
         {{"openClose", true},
          {"change", 2 /* incremental */},
          {"save", {{"includeText", false}}}}},
        {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}},
        {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
    };
    return {{"capabilities", capabilities},
            {"serverInfo", {{"name", "ordlint"}, {"version", kOrdlintVersion}}}};
}

void Server::initialized() {
    if (!watchRegistration_) return;
    json watchers = json::array({{{"globPattern", "**/*.{yaml,yml,json}"}},
                                 {{"globPattern", "**/" + std::string(kProjectConfigName)}}});
    json registration = {{"id", "ordlint-watch-manifests"},
                         {"method", "workspace/didChangeWatchedFiles"},
                         {"registerOptions", {{"watchers", watchers}}}};
    send({{"jsonrpc", "2.0"},
          {"id", "ordlint-" + std::to_string(nextRequestId_++)},
          {"method", "client/registerCapability"},
          {"params", {{"registrations", json::array({registration})}}}});
}

void Server::loadConfig() {
    LintConfig config;
    // One configuration for the whole workspace: the first folder's (multi-root workspaces
    // with one config per folder would need one lint per folder).
    if (options_.loadConfigFile && !roots_.empty()) {
        std::string error;
        if (!options_.loadConfigFile(roots_.front(), config, error))
            show(MessageType::Error, "ordlint: " + error);
    }
    for (const json* settings : {&initializationOptions_, &clientSettings_})
        for (const std::string& problem : applyClientSettings(config, *settings))
            show(MessageType::Warning, "ordlint settings: " + problem);
    config_ = std::move(config);
    lintPending_ = true;
}

const std::string* Server::rootOf(const std::string& path) const {
    for (const std::string& root : roots_)
        if (isUnder(path, root)) return &root;
    return nullptr;
}

std::string Server::keyOf(const std::string& uri) const {
    if (auto path = lsp::fileUriToPath(uri)) return normalPath(*path);
    return uri;
}

std::string Server::displayPath(const std::string& key) const {
    if (const std::string* root = rootOf(key)) return relativeTo(key, *root);
    return key;
}

void Server::setText(FileEntry& entry, std::string text) {
    if (entry.text == text) return;
    entry.text = std::move(text);
    entry.stale = true;
    lintPending_ = true;
}

void Server::readFromDisk(const std::string& path, FileEntry& entry) {
    std::vector<std::string> errors;
    std::vector<InputText> inputs = readInputs({path}, true, errors);
    for (const std::string& error : errors)
        log(MessageType::Warning, error);
    if (!inputs.empty()) setText(entry, std::move(inputs.front().text));
}

void Server::forget(std::map<std::string, FileEntry>::iterator entry) {
    if (entry->second.published != "[]") retracted_.push_back(entry->second.uri);
    files_.erase(entry);
    lintPending_ = true;
}

void Server::indexFolder(const std::string& folder) {
    std::vector<std::string> errors;
    for (InputText& input : readInputs({folder}, true, errors)) {
        std::string path = normalPath(input.displayPath);
        if (config_.excluded && config_.excluded(path)) continue;
        auto [it, added] = files_.try_emplace(path);
        FileEntry& entry = it->second;
        if (added) entry.uri = lsp::pathToFileUri(path);
        entry.indexed = true;
        if (!entry.open) setText(entry, std::move(input.text));
    }
    for (const std::string& error : errors)
        log(MessageType::Warning, error);
}

// Mark and sweep, so that files whose text did not change keep their parse.
void Server::indexWorkspace() {
    for (auto& [path, entry] : files_)
        entry.indexed = false;
    for (const std::string& root : roots_)
        indexFolder(root);
    for (auto it = files_.begin(); it != files_.end();) {
        auto current = it++;
        if (!current->second.open && !current->second.indexed) forget(current);
    }
    lintPending_ = true;
}

void Server::didOpen(const json& params) {
    const json& document = params.at("textDocument");
    std::string uri = document.at("uri").get<std::string>();
    std::string key = keyOf(uri);
    std::string languageId = document.value("languageId", "");
    bool manifest = languageId == "yaml" || languageId == "json" || languageId == "jsonc" ||
                    hasManifestExtension(key);
    if (!manifest || isConfigFile(key)) return; // not a Kubernetes manifest: nothing to say
    FileEntry& entry = files_[key];
    if (!entry.uri.empty() && entry.uri != uri && entry.published != "[]") {
        retracted_.push_back(entry.uri);
        entry.published = "[]";
    }
    entry.uri = uri;
    entry.open = true;
    entry.version = document.value("version", 0);
    setText(entry, document.at("text").get<std::string>());
    lintPending_ = true;
}

void Server::didChange(const json& params) {
    const json& document = params.at("textDocument");
    auto found = files_.find(keyOf(document.at("uri").get<std::string>()));
    if (found == files_.end() || !found->second.open) return; // not a document we lint
    FileEntry& entry = found->second;
    std::string text = entry.text;
    for (const json& change : params.at("contentChanges")) {
        std::optional<LspRange> range;
        if (const json* value = member(change, {"range"})) range = parseRange(*value);
        lsp::applyChange(text, range, change.at("text").get<std::string>(), encoding_);
    }
    if (const json* version = member(document, {"version"});
        version && version->is_number_integer())
        entry.version = version->get<int>();
    setText(entry, std::move(text));
}

void Server::didClose(const json& params) {
    auto found = files_.find(keyOf(params.at("textDocument").at("uri").get<std::string>()));
    if (found == files_.end()) return;
    FileEntry& entry = found->second;
    entry.open = false;
    entry.version.reset();
    // A workspace manifest goes back to its saved content; any other file leaves the model.
    std::error_code error;
    if (entry.indexed && fs::is_regular_file(found->first, error))
        readFromDisk(found->first, entry);
    else
        forget(found);
}

void Server::didSave(const json& params) {
    std::string key = keyOf(params.at("textDocument").at("uri").get<std::string>());
    if (isConfigFile(key) && rootOf(key)) {
        loadConfig();
        indexWorkspace();
    }
}

void Server::didChangeWatchedFiles(const json& params) {
    bool configChanged = false;
    for (const json& change : params.at("changes")) {
        auto path = lsp::fileUriToPath(change.at("uri").get<std::string>());
        if (!path) continue;
        std::string key = normalPath(*path);
        if (isConfigFile(key)) {
            configChanged = true;
            continue;
        }
        int type = change.value("type", 2);
        std::error_code error;
        if (type == 3 /* deleted: a file or a whole folder */) {
            for (auto it = files_.begin(); it != files_.end();) {
                auto current = it++;
                if (current->first != key && !isUnder(current->first, key)) continue;
                current->second.indexed = false;
                if (!current->second.open) forget(current);
            }
        } else if (!rootOf(key)) {
            continue;
        } else if (fs::is_directory(key, error)) {
            indexFolder(key);
        } else if (hasManifestExtension(key)) {
            // The files `ordlint FOLDER` reads: none in hidden folders, none excluded.
            std::string relative = relativeTo(key, *rootOf(key));
            if (relative[0] == '.' || relative.find("/.") != std::string::npos) continue;
            if (config_.excluded && config_.excluded(key)) continue;
            auto [it, added] = files_.try_emplace(key);
            if (added) it->second.uri = lsp::pathToFileUri(key);
            it->second.indexed = true;
            if (!it->second.open) readFromDisk(key, it->second);
        }
    }
    if (configChanged) {
        loadConfig();
        indexWorkspace();
    }
}

void Server::didChangeWorkspaceFolders(const json& params) {
    const json& event = params.at("event");
    for (const json& folder : event.value("removed", json::array())) {
        auto path = lsp::fileUriToPath(folder.at("uri").get<std::string>());
        if (path) std::erase(roots_, normalPath(*path));
    }
    for (const json& folder : event.value("added", json::array())) {
        auto path = lsp::fileUriToPath(folder.at("uri").get<std::string>());
        if (path) roots_.push_back(normalPath(*path));
    }
    loadConfig();
    indexWorkspace();
}

// ---------------------------------------------------------------------------------------------
// Linting and publishing

void Server::lintAndPublish() {
    lintPending_ = false;
    try {
        lintAll();
    } catch (const std::exception& error) {
        // Keep serving: the next edit may well lint again.
        log(MessageType::Error, std::string("ordlint: lint failed: ") + error.what());
    }
}

// Parses what changed since the last lint: after an edit, the documents it touched; at
// start, every file, on all cores. A file whose parse throws (out of memory) is left out of
// this lint, unparsed and stale, to be parsed afresh next time.
void Server::parseStale(const LoadOptions& loadOptions) {
    std::vector<std::pair<const std::string*, FileEntry*>> stale;
    for (auto& [key, entry] : files_)
        if (entry.stale) stale.emplace_back(&key, &entry);
    std::atomic<std::size_t> next{0};
    std::vector<std::string> failures;
    std::mutex failuresMutex;
    auto worker = [&] {
        for (std::size_t i = next++; i < stale.size(); i = next++) {
            auto [key, entry] = stale[i];
            try {
                InputText input{displayPath(*key), entry->text, true};
                std::shared_ptr<ParsedInput> previous = std::move(entry->parsed);
                entry->parsed = std::make_shared<ParsedInput>(
                    previous ? reparseInput(std::move(input), std::move(*previous), loadOptions)
                             : parseInput(std::move(input), loadOptions));
                entry->stale = false;
                entry->lines = LineIndex(entry->parsed->file->text());
            } catch (const std::exception& error) {
                std::lock_guard lock(failuresMutex);
                failures.push_back(*key + ": " + error.what());
            }
        }
    };
    runOnThreads(threadCount(0, stale.size()), worker);
    for (const std::string& failure : failures)
        log(MessageType::Error, "ordlint: cannot parse " + failure);
}

void Server::lintAll() {
    LoadOptions loadOptions;
    loadOptions.defaultNamespace = config_.defaultNamespace;
    parseStale(loadOptions);
    std::vector<std::shared_ptr<const ParsedInput>> inputs;
    std::unordered_map<const SourceFile*, FileEntry*> entries;
    for (auto& [key, entry] : files_) {
        entry.diagnostics.clear();
        if (!entry.parsed) continue;
        inputs.push_back(entry.parsed);
        entries[entry.parsed->file.get()] = &entry;
    }
    workspace_ = assembleWorkspace(inputs, loadOptions);
    entryOf_.clear();
    for (const auto& [file, entry] : entries)
        entryOf_[file] = entry;
    for (Diagnostic& diagnostic : options_.lint(workspace_, config_.settings, config_.selection)) {
        auto owner = entries.find(diagnostic.range.file);
        if (owner != entries.end()) owner->second->diagnostics.push_back(std::move(diagnostic));
    }

    for (const std::string& uri : retracted_)
        notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
    retracted_.clear();
    for (auto& [key, entry] : files_) {
        json list = json::array();
        for (const Diagnostic& diagnostic : entry.diagnostics)
            list.push_back(diagnosticJson(diagnostic));
        std::string serialized = list.dump(-1, ' ', false, json::error_handler_t::replace);
        if (serialized == entry.published) continue;
        entry.published = std::move(serialized);
        json params = {{"uri", entry.uri}, {"diagnostics", std::move(list)}};
        if (entry.open && entry.version) params["version"] = *entry.version;
        notify("textDocument/publishDiagnostics", std::move(params));
    }
}

LspRange Server::lspRange(const SourceRange& range) const {
    auto owner = entryOf_.find(range.file);
    if (owner == entryOf_.end()) return {};
    const std::string& text = range.file->text();
    return {owner->second->lines.position(text, range.begin, encoding_),
            owner->second->lines.position(text, range.end, encoding_)};
}

json Server::diagnosticJson(const Diagnostic& diagnostic) const {
    int severity = diagnostic.severity == Severity::Error     ? 1
                   : diagnostic.severity == Severity::Warning ? 2
                                                              : 3;
    std::string message = diagnostic.message;
    if (!diagnostic.help.empty()) message += "\nhelp: " + diagnostic.help;
    json result = {
        {"range", rangeJson(lspRange(diagnostic.range))},
        {"severity", severity},
        {"code", diagnostic.rule},
        {"codeDescription", {{"href", std::string(kRuleDocsUrl) + diagnostic.rule + ".md"}}},
        {"source", "ordlint"},
        {"message", message}};
    json related = json::array();
    for (const RelatedLocation& location : diagnostic.related) {
        auto owner = entryOf_.find(location.range.file);
        if (owner == entryOf_.end()) continue;
        related.push_back(
            {{"location",
              {{"uri", owner->second->uri}, {"range", rangeJson(lspRange(location.range))}}},
             {"message", location.message}});
    }
    if (!related.empty()) result["relatedInformation"] = std::move(related);
    return result;
}

// A WorkspaceEdit's `changes` for a rule's fix; edits without a file belong to `owner`.
json Server::editsJson(const Fix& fix, const FileEntry& owner) const {
    json changes = json::object();
    for (const TextEdit& edit : fix.edits) {
        SourceRange range = edit.range;
        if (!range.file) range.file = owner.parsed->file.get();
        auto file = entryOf_.find(range.file);
        if (file == entryOf_.end()) continue;
        changes[file->second->uri].push_back(
            {{"range", rangeJson(lspRange(range))}, {"newText", edit.newText}});
    }
    return changes;
}

// "Ignore RULE here": `# ordlint-ignore RULE` on its own line above the finding (joined to an
// ignore comment already there), or `# ordlint-ignore-file RULE` at the top of the file.
std::optional<json> Server::ignoreAction(const FileEntry& entry, const Diagnostic& diagnostic,
                                         const json& diagnosticLsp, bool wholeFile) const {
    std::string_view text = entry.parsed->file->text();
    int line = wholeFile ? 0 : entry.lines.position(text, diagnostic.range.begin, encoding_).line;
    std::string marker = wholeFile ? "# ordlint-ignore-file " : "# ordlint-ignore ";
    LspPosition insertAt{line, 0};
    std::string newText;
    std::string_view above = wholeFile  ? entry.lines.lineText(text, 0)
                             : line > 0 ? entry.lines.lineText(text, line - 1)
                                        : std::string_view();
    std::string_view aboveTrimmed = trim(above);
    if (aboveTrimmed.substr(0, marker.size()) == marker) {
        // Extend the existing list: "# ordlint-ignore a,b -- reason" -> "... a,b,RULE -- reason".
        std::size_t listBegin =
            static_cast<std::size_t>(aboveTrimmed.data() - above.data()) + marker.size();
        std::size_t listEnd = above.find_first_of(" \t", listBegin);
        if (listEnd == std::string_view::npos) listEnd = above.size();
        std::string_view list = above.substr(listBegin, listEnd - listBegin);
        for (std::size_t pos = 0; pos <= list.size();) {
            std::size_t comma = std::min(list.find(',', pos), list.size());
            if (list.substr(pos, comma - pos) == diagnostic.rule) return std::nullopt;
            pos = comma + 1;
        }
        int aboveLine = wholeFile ? 0 : line - 1;
        std::size_t offset = static_cast<std::size_t>(above.data() - text.data()) + listEnd;
        insertAt = entry.lines.position(text, offset, encoding_);
        insertAt.line = aboveLine;
        newText = "," + diagnostic.rule;
    } else {
        std::string_view content = entry.lines.lineText(text, line);
        std::string_view indent =
            wholeFile ? std::string_view()
                      : content.substr(0, content.find_first_not_of(" \t") == std::string_view::npos
                                              ? content.size()
                                              : content.find_first_not_of(" \t"));
        std::string_view lineBreak = entry.lines.lineBreak(text, line);
        newText = std::string(indent) + marker + diagnostic.rule +
                  std::string(lineBreak.empty() ? "\n" : lineBreak);
    }
    json edit = {{"range", rangeJson({insertAt, insertAt})}, {"newText", newText}};
    std::string title = wholeFile ? "Ignore " + diagnostic.rule + " in this file"
                                  : "Ignore " + diagnostic.rule + " here (# ordlint-ignore)";
    return json{{"title", title},
                {"kind", "quickfix"},
                {"diagnostics", json::array({diagnosticLsp})},
                {"edit", {{"changes", {{entry.uri, json::array({edit})}}}}}};
}

json Server::codeActions(const json& params) {
    if (lintPending_) lintAndPublish();
    json actions = json::array();
    auto found = files_.find(keyOf(params.at("textDocument").at("uri").get<std::string>()));
    if (found == files_.end() || !found->second.parsed) return actions;
    if (const json* only = member(params, {"context", "only"}); only && only->is_array()) {
        bool wantsQuickFix = std::any_of(only->begin(), only->end(), [](const json& kind) {
            return kind == "quickfix" || kind == "";
        });
        if (!wantsQuickFix) return actions;
    }
    const FileEntry& entry = found->second;
    LspRange requested = parseRange(params.at("range"));
    // The client names the diagnostics it shows at the cursor; a finding counts when it is one
    // of those or when it overlaps the requested range.
    std::vector<std::pair<std::string, LspRange>> named;
    if (const json* listed = member(params, {"context", "diagnostics"});
        listed && listed->is_array())
        for (const json& item : *listed)
            if (item.is_object() && item.value("source", "") == "ordlint" && item.contains("range"))
                named.emplace_back(item.value("code", ""), parseRange(item.at("range")));
    std::vector<json> ignores;
    for (const Diagnostic& diagnostic : entry.diagnostics) {
        LspRange range = lspRange(diagnostic.range);
        bool overlaps = !(requested.end < range.start || range.end < requested.start);
        bool isNamed =
            std::find(named.begin(), named.end(), std::pair{diagnostic.rule, range}) != named.end();
        if (!overlaps && !isNamed) continue;
        json diagnosticLsp = diagnosticJson(diagnostic);
        if (diagnostic.fix && !diagnostic.fix->edits.empty()) {
            actions.push_back({{"title", diagnostic.fix->title},
                               {"kind", "quickfix"},
                               {"diagnostics", json::array({diagnosticLsp})},
                               {"isPreferred", true},
                               {"edit", {{"changes", editsJson(*diagnostic.fix, entry)}}}});
        }
        if (diagnostic.rule == "yaml-syntax")
            continue; // text that does not parse cannot be ignored
        for (bool wholeFile : {false, true}) {
            auto action = ignoreAction(entry, diagnostic, diagnosticLsp, wholeFile);
            // Two findings of one rule on one line need one comment, offered once.
            if (action && std::none_of(ignores.begin(), ignores.end(), [&](const json& other) {
                    return other["edit"] == (*action)["edit"];
                }))
                ignores.push_back(std::move(*action));
        }
    }
    // Fixes first: editors offer the first quick fix as the default.
    for (json& action : ignores)
        actions.push_back(std::move(action));
    return actions;
}

} // namespace

int runLanguageServer(std::istream& in, std::ostream& out, const LanguageServerOptions& options) {
    // std::cin is tied to std::cout: every read would flush the output from the reader thread,
    // racing with the server thread's writes (and duplicating messages).
    in.tie(nullptr);
    auto inbox = std::make_shared<Inbox>();
    std::thread reader([&in, inbox] { readMessages(in, *inbox); });
    Server server(out, options);
    while (!server.exitRequested()) {
        std::optional<std::string> body = inbox->pop();
        if (!body) break; // the client went away
        server.handle(*body);
        if (!out) break; // the client went away
        if (!server.exitRequested() && server.lintPending() && inbox->empty())
            server.lintAndPublish();
    }
    // After `exit` the client normally closes our input; if it keeps it open, do not wait.
    if (inbox->waitClosed(std::chrono::milliseconds(200)))
        reader.join();
    else
        reader.detach();
    return server.exitCode();
}

} // namespace ordlint
