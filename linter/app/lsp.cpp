// The language server: the protocol's lifecycle and notifications, settings, linting and
// publishing. The parts it is made of: lsp_transport (framing, the reader thread),
// lsp_documents (open buffers and workspace files), lsp_code_actions (quick fixes).
#include "lsp.hpp"

#include "lsp_code_actions.hpp"
#include "lsp_documents.hpp"
#include "lsp_protocol.hpp"
#include "lsp_transport.hpp"
#include "output.hpp"

#include <algorithm>
#include <memory>
#include <thread>

namespace ordlint {

namespace {

using lsp::json;
using lsp::member;
using lsp::MessageType;
using lsp::PositionEncoding;

// Applies the client's settings (initializationOptions, or the `ordlint` section of
// workspace/didChangeConfiguration) on top of `config`; returns what it could not use.
std::vector<std::string> applyClientSettings(LintConfig& config, const json& settings) {
    std::vector<std::string> problems;
    if (!settings.is_object()) return problems;
    if (const json* value = member(settings, {"kubeVersion"})) {
        auto version =
            value->is_string() ? parseKubeVersion(value->get<std::string>()) : std::nullopt;
        if (version)
            config.settings.kubeVersion = *version;
        else
            problems.push_back("kubeVersion must look like \"1.34\"");
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

    void lintAll();
    void loadConfig();
    void reloadConfigAndIndex() {
        loadConfig();
        documents_.indexWorkspace(config_.excluded);
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
    LintConfig config_;
    lsp::DocumentStore documents_;
    Workspace workspace_; // of the last lint; diagnostics point into it
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
        else
            respondError(*id, lsp::kMethodNotFound, "unsupported method " + method);
        return;
    }
    if (method == "initialized") {
        initialized();
    } else if (method == "textDocument/didOpen") {
        const json& document = params.at("textDocument");
        std::string uri = document.at("uri").get<std::string>();
        // Not a Kubernetes manifest: nothing to say.
        if (documents_.lints(uri, document.value("languageId", "")))
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
        {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
    };
    return {{"capabilities", capabilities},
            {"serverInfo", {{"name", "ordlint"}, {"version", kOrdlintVersion}}}};
}

void Server::initialized() {
    if (!watchRegistration_) return;
    json watchers = json::array(
        {{{"globPattern", "**/*.{yaml,yml,json}"}}, {{"globPattern", "**/.ordlint.yaml"}}});
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
    if (options_.loadConfigFile && !documents_.roots().empty()) {
        std::string error;
        if (!options_.loadConfigFile(documents_.roots().front(), config, error))
            show(MessageType::Error, "ordlint: " + error);
    }
    for (const json* settings : {&initializationOptions_, &clientSettings_})
        for (const std::string& problem : applyClientSettings(config, *settings))
            show(MessageType::Warning, "ordlint settings: " + problem);
    config_ = std::move(config);
    settingsChanged_ = true;
}

void Server::didChange(const json& params) {
    const json& textDocument = params.at("textDocument");
    lsp::Document* document = documents_.findOpen(textDocument.at("uri").get<std::string>());
    if (!document) return; // not a document we lint
    std::string text = document->text;
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
            documents_.fileChanged(key, change.value("type", 2), config_.excluded);
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

json Server::codeActions(const json& params) {
    if (lintPending()) lintAndPublish();
    const lsp::Document* document =
        documents_.find(params.at("textDocument").at("uri").get<std::string>());
    if (!document || !document->parsed) return json::array();
    return lsp::codeActions(documents_, *document, params, encoding_);
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
    loadOptions.defaultNamespace = config_.defaultNamespace;
    for (const std::string& failure : documents_.parseStale(loadOptions))
        log(MessageType::Error, "ordlint: cannot parse " + failure);
    workspace_ = assembleWorkspace(documents_.parsedInputs(), loadOptions);
    documents_.assignDiagnostics(options_.lint(workspace_, config_.settings, config_.selection));

    for (const std::string& uri : documents_.takeRetracted())
        notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
    for (auto& [key, document] : documents_.documents()) {
        json list = json::array();
        for (const Diagnostic& diagnostic : document.diagnostics)
            list.push_back(documents_.diagnosticJson(diagnostic, encoding_));
        std::string serialized = list.dump(-1, ' ', false, json::error_handler_t::replace);
        if (serialized == document.published) continue;
        document.published = std::move(serialized);
        json params = {{"uri", document.uri}, {"diagnostics", std::move(list)}};
        if (document.open && document.version) params["version"] = *document.version;
        notify("textDocument/publishDiagnostics", std::move(params));
    }
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
