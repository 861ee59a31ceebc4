// The language server: the protocol's lifecycle and notifications, settings, linting and
// publishing. The parts it is made of: lsp_transport (framing, the reader thread),
// lsp_documents (open buffers and workspace files), lsp_code_actions (quick fixes).
#include "lsp.hpp"

#include "lsp_code_actions.hpp"
#include "lsp_documents.hpp"
#include "lsp_navigation.hpp"
#include "lsp_protocol.hpp"
#include "lsp_transport.hpp"
#include "path_filter.hpp"
#include "project_identity.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <thread>

namespace ordlint {

namespace {

using lsp::json;
using lsp::member;
using lsp::MessageType;
using lsp::PositionEncoding;

class Server {
  public:
    Server(std::ostream& out, const LanguageServerOptions& options)
        : out_(out), options_(options),
          documents_([this](const std::string& problem) { log(MessageType::Warning, problem); }) {}

    void handle(const std::string& body);
    bool lintPending() const { return settingsChanged_ || documents_.changed(); }
    // Lints the whole workspace and publishes every file whose diagnostics changed.
    void lintAndPublish();
    bool exitRequested() const { return exitRequested_; }
    int exitCode() const { return shutdownRequested_ ? 0 : 1; }

  private:
    void send(const json& message) { lsp::writeMessage(out_, message); }
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
    void didChange(const json& params);
    void didSave(const json& params);
    void didChangeWatchedFiles(const json& params);
    void didChangeWorkspaceFolders(const json& params);
    json codeActions(const json& params);
    json hover(const json& params);
    json documentSymbols(const json& params);
    // The document a request names, as of an up-to-date lint; null when it is not linted.
    const lsp::Document* requestedDocument(const json& params);

    void lintAll();
    void loadConfig();
    void reloadConfigAndIndex() {
        loadConfig();
        documents_.indexWorkspace(excluded_);
    }

    std::ostream& out_;
    const LanguageServerOptions& options_;
    bool initializeReceived_ = false;
    bool shutdownRequested_ = false;
    bool exitRequested_ = false;
    bool settingsChanged_ = false;
    bool watchRegistration_ = false;
    PositionEncoding encoding_ = PositionEncoding::Utf16;
    json initializationOptions_;
    json clientSettings_;
    RunSettings settings_;       // defaults, .ordlint.yaml, then the client's settings
    lsp::ExcludedPath excluded_; // settings_.exclude; unset when there is none
    lsp::DocumentStore documents_;
    // settings_.context: manifests loaded for cross-object rules only, read when the settings
    // change (a file that is also a workspace document is linted as that document).
    std::vector<std::shared_ptr<ParsedInput>> context_;
    Workspace workspace_;              // of the last lint; diagnostics point into it
    std::optional<PodModel> podModel_; // of workspace_, built at the first hover that needs it
    int nextRequestId_ = 1;
};

void Server::handle(const std::string& body) {
    json message = json::parse(body, nullptr, false);
    if (message.is_discarded()) {
        respondError(nullptr, lsp::kParseError, "the message is not valid JSON");
        return;
    }
    if (!message.is_object()) {
        respondError(nullptr, lsp::kInvalidRequest, "a message must be a JSON object");
        return;
    }
    const json* id = member(message, {"id"});
    if (id && !id->is_string() && !id->is_number_integer()) {
        respondError(nullptr, lsp::kInvalidRequest, "id must be a string or an integer");
        return;
    }
    const json* method = member(message, {"method"});
    if (!method || !method->is_string()) {
        // A response to one of our requests (client/registerCapability) needs no answer.
        if (id && (message.contains("result") || message.contains("error"))) return;
        respondError(id ? *id : json(nullptr), lsp::kInvalidRequest, "a request needs a method");
        return;
    }
    static const json noParams = json::object();
    const json* params = member(message, {"params"});
    if (params && !params->is_object() && !params->is_array()) {
        if (id) respondError(*id, lsp::kInvalidParams, "params must be an object or an array");
        return;
    }
    try {
        dispatch(method->get<std::string>(), id, params ? *params : noParams);
    } catch (const json::exception& error) {
        if (id)
            respondError(*id, lsp::kInvalidParams, error.what());
        else
            log(MessageType::Error, method->get<std::string>() + ": " + error.what());
    } catch (const std::exception& error) {
        if (id)
            respondError(*id, lsp::kInternalError, error.what());
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
            respondError(*id, lsp::kServerNotInitialized, "the server has not been initialized");
        }
        return; // notifications before initialize are dropped (LSP 3.17)
    }
    if (shutdownRequested_) {
        if (id) respondError(*id, lsp::kInvalidRequest, "the server is shutting down");
        return;
    }
    if (id) {
        if (method == "initialize")
            respondError(*id, lsp::kInvalidRequest, "initialize was already received");
        else if (method == "shutdown") {
            shutdownRequested_ = true;
            respond(*id, nullptr);
        } else if (method == "textDocument/codeAction")
            respond(*id, codeActions(params));
        else if (method == "textDocument/hover")
            respond(*id, hover(params));
        else if (method == "textDocument/documentSymbol")
            respond(*id, documentSymbols(params));
        else
            respondError(*id, lsp::kMethodNotFound, "unsupported method " + method);
        return;
    }
    if (method == "initialized") {
        initialized();
    } else if (method == "textDocument/didOpen") {
        const json& document = params.at("textDocument");
        std::string uri = document.at("uri").get<std::string>();
        // Not a Kubernetes manifest, or a file the config's `exclude` skips: nothing to say.
        if (documents_.lints(uri, document.value("languageId", "")) &&
            !(excluded_ && excluded_(documents_.keyOf(uri))))
            documents_.open(uri, document.value("version", 0),
                            document.at("text").get<std::string>());
    } else if (method == "textDocument/didChange") {
        didChange(params);
    } else if (method == "textDocument/didClose") {
        documents_.close(params.at("textDocument").at("uri").get<std::string>());
    } else if (method == "textDocument/didSave") {
        didSave(params);
    } else if (method == "workspace/didChangeWatchedFiles") {
        didChangeWatchedFiles(params);
    } else if (method == "workspace/didChangeWorkspaceFolders") {
        didChangeWorkspaceFolders(params);
    } else if (method == "workspace/didChangeConfiguration") {
        const json* settings = member(params, {"settings", "ordlint"});
        clientSettings_ = settings ? *settings : json();
        reloadConfigAndIndex();
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
        if (auto path = lsp::fileUriToPath(uri.get<std::string>())) documents_.addRoot(*path);
    };
    if (const json* folders = member(params, {"workspaceFolders"});
        folders && folders->is_array()) {
        for (const json& folder : *folders)
            if (const json* uri = member(folder, {"uri"})) addRoot(*uri);
    } else if (const json* rootUri = member(params, {"rootUri"}); rootUri && rootUri->is_string()) {
        addRoot(*rootUri);
    } else if (const json* rootPath = member(params, {"rootPath"});
               rootPath && rootPath->is_string()) {
        documents_.addRoot(rootPath->get<std::string>());
    }
    const json* watch = member(
        params, {"capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration"});
    watchRegistration_ = watch && watch->is_boolean() && watch->get<bool>();
    if (const json* options = member(params, {"initializationOptions"}))
        initializationOptions_ = *options;

    reloadConfigAndIndex();

    json capabilities = {
        {"positionEncoding", lsp::encodingName(encoding_)},
        {"textDocumentSync",
         {{"openClose", true},
          {"change", 2 /* incremental */},
          {"save", {{"includeText", false}}}}},
        {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}},
        {"hoverProvider", true},
        {"documentSymbolProvider", true},
        {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
    };
    return {{"capabilities", capabilities},
            {"serverInfo", {{"name", "ordlint"}, {"version", kOrdlintVersion}}}};
}

void Server::initialized() {
    if (!watchRegistration_) return;
    json watchers = json::array({{{"globPattern", "**/*.{yaml,yml,json}"}},
                                 {{"globPattern", "**/" + std::string(kConfigFileName)}}});
    json registration = {{"id", "ordlint-watch-manifests"},
                         {"method", "workspace/didChangeWatchedFiles"},
                         {"registerOptions", {{"watchers", watchers}}}};
    send({{"jsonrpc", "2.0"},
          {"id", "ordlint-" + std::to_string(nextRequestId_++)},
          {"method", "client/registerCapability"},
          {"params", {{"registrations", json::array({registration})}}}});
}

void Server::loadConfig() {
    RunSettings settings;
    // One configuration for the whole workspace: the first folder's (multi-root workspaces
    // with one config per folder would need one lint per folder).
    std::string folder = documents_.roots().empty() ? std::string() : documents_.roots().front();
    if (options_.loadConfigFile && !folder.empty()) {
        std::string error;
        if (!options_.loadConfigFile(folder, settings, error))
            show(MessageType::Error, "ordlint: " + error);
    }
    for (const json* client : {&initializationOptions_, &clientSettings_})
        for (const std::string& problem : applyClientSettings(settings, *client, folder))
            show(MessageType::Warning, "ordlint settings: " + problem);
    settings_ = std::move(settings);
    excluded_ = nullptr;
    if (!settings_.exclude.empty())
        excluded_ = [filter = PathFilter(settings_.exclude, settings_.excludeBase)](
                        const std::string& path) { return filter.excludes(path); };
    context_.clear();
    if (!settings_.context.empty()) {
        std::vector<std::string> errors;
        PathFilter exclude = settings_.exclude.empty()
                                 ? PathFilter()
                                 : PathFilter(settings_.exclude, settings_.excludeBase);
        LoadOptions loadOptions;
        loadOptions.defaultNamespace = settings_.defaultNamespace;
        loadOptions.namespaceGiven = settings_.namespaceGiven;
        for (InputText& input : readInputs(settings_.context, false, errors, exclude))
            context_.push_back(
                std::make_shared<ParsedInput>(parseInput(std::move(input), loadOptions)));
        for (const std::string& error : errors)
            show(MessageType::Warning, "ordlint settings: context: " + error);
    }
    settingsChanged_ = true;
}

void Server::didChange(const json& params) {
    const json& textDocument = params.at("textDocument");
    lsp::Document* document = documents_.findOpen(textDocument.at("uri").get<std::string>());
    if (!document) return; // not a document we lint
    std::string text = document->currentText();
    for (const json& change : params.at("contentChanges")) {
        std::optional<lsp::LspRange> range;
        if (const json* value = member(change, {"range"})) range = lsp::parseRange(*value);
        lsp::applyChange(text, range, change.at("text").get<std::string>(), encoding_);
    }
    if (const json* version = member(textDocument, {"version"});
        version && version->is_number_integer())
        document->version = version->get<int>();
    documents_.setText(*document, std::move(text));
}

void Server::didSave(const json& params) {
    std::string key = documents_.keyOf(params.at("textDocument").at("uri").get<std::string>());
    if (lsp::isConfigFile(key) && documents_.rootOf(key)) reloadConfigAndIndex();
}

void Server::didChangeWatchedFiles(const json& params) {
    bool configChanged = false;
    for (const json& change : params.at("changes")) {
        auto path = lsp::fileUriToPath(change.at("uri").get<std::string>());
        if (!path) continue;
        std::string key = lsp::normalPath(*path);
        if (lsp::isConfigFile(key))
            configChanged = true;
        else
            documents_.fileChanged(key, change.value("type", 2), excluded_);
    }
    if (configChanged) reloadConfigAndIndex();
}

void Server::didChangeWorkspaceFolders(const json& params) {
    const json& event = params.at("event");
    for (const json& folder : event.value("removed", json::array())) {
        auto path = lsp::fileUriToPath(folder.at("uri").get<std::string>());
        if (path) documents_.removeRoot(*path);
    }
    for (const json& folder : event.value("added", json::array())) {
        auto path = lsp::fileUriToPath(folder.at("uri").get<std::string>());
        if (path) documents_.addRoot(*path);
    }
    reloadConfigAndIndex();
}

const lsp::Document* Server::requestedDocument(const json& params) {
    if (lintPending()) lintAndPublish();
    const lsp::Document* document =
        documents_.find(params.at("textDocument").at("uri").get<std::string>());
    return document && document->parsed ? document : nullptr;
}

json Server::codeActions(const json& params) {
    const lsp::Document* document = requestedDocument(params);
    if (!document) return json::array();
    return lsp::codeActions(documents_, *document, params, encoding_);
}

json Server::hover(const json& params) {
    const lsp::Document* document = requestedDocument(params);
    if (!document) return nullptr;
    auto podModel = [this]() -> const PodModel& {
        if (!podModel_) podModel_.emplace(PodModel::build(workspace_, settings_.lint));
        return *podModel_;
    };
    return lsp::hover(documents_, *document, workspace_, podModel, settings_.lint.kubeVersion,
                      lsp::parsePosition(params.at("position")), encoding_);
}

json Server::documentSymbols(const json& params) {
    const lsp::Document* document = requestedDocument(params);
    if (!document) return json::array();
    return lsp::documentSymbols(documents_, *document, workspace_, encoding_);
}

// ---------------------------------------------------------------------------------------------
// Linting and publishing

void Server::lintAndPublish() {
    settingsChanged_ = false;
    documents_.clearChanged();
    try {
        lintAll();
    } catch (const std::exception& error) {
        // Keep serving: the next edit may well lint again.
        log(MessageType::Error, std::string("ordlint: lint failed: ") + error.what());
    }
}

void Server::lintAll() {
    LoadOptions loadOptions;
    loadOptions.defaultNamespace = settings_.defaultNamespace;
    loadOptions.namespaceGiven = settings_.namespaceGiven;
    loadOptions.limits = settings_.limits;
    for (const std::string& failure : documents_.parseStale(loadOptions))
        log(MessageType::Error, "ordlint: cannot parse " + failure);
    std::vector<std::shared_ptr<const ParsedInput>> inputs = documents_.parsedInputs();
    for (const auto& context : context_)
        if (!documents_.documents().count(
                lsp::normalPath(std::filesystem::absolute(context->file->path()).string())))
            inputs.push_back(context);
    documents_.setContextFiles(context_);
    podModel_.reset(); // it points into the workspace it was built from
    workspace_ = assembleWorkspace(inputs, loadOptions);
    documents_.assignDiagnostics(
        options_.lint(workspace_, settings_.lint, settings_.ruleSelection()));

    for (const std::string& uri : documents_.takeRetracted())
        notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
    auto publish = [&](lsp::Document& document) {
        json list = json::array();
        for (const Diagnostic& diagnostic : document.diagnostics)
            list.push_back(documents_.diagnosticJson(diagnostic, encoding_));
        std::string serialized = list.dump(-1, ' ', false, json::error_handler_t::replace);
        if (serialized == document.published) return;
        document.published = std::move(serialized);
        json params = {{"uri", document.uri}, {"diagnostics", std::move(list)}};
        if (document.open && document.version) params["version"] = *document.version;
        notify("textDocument/publishDiagnostics", std::move(params));
    };
    for (auto& [key, document] : documents_.documents())
        publish(document);
    // Findings the workspace causes in --context files (a Service there that a shrunk
    // StatefulSet here breaks).
    for (auto& [key, document] : documents_.contextDocuments())
        publish(document);
}

} // namespace

int runLanguageServer(std::istream& in, std::ostream& out, const LanguageServerOptions& options) {
    // std::cin is tied to std::cout: every read would flush the output from the reader thread,
    // racing with the server thread's writes (and duplicating messages).
    in.tie(nullptr);
    auto inbox = std::make_shared<lsp::Inbox>();
    std::thread reader([&in, inbox] { lsp::readMessages(in, *inbox); });
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
