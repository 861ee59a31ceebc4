#pragma once
// JSON shapes of the Language Server Protocol that every part of the server reads or writes:
// error codes, message types, positions and ranges, and lenient member lookup.

#include "lsp_text.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string_view>

namespace ordlint::lsp {

using json = nlohmann::json;

// JSON-RPC 2.0 and LSP 3.17 error codes.
enum ErrorCode {
    kParseError = -32700,
    kInvalidRequest = -32600,
    kMethodNotFound = -32601,
    kInvalidParams = -32602,
    kInternalError = -32603,
    kServerNotInitialized = -32002,
};

// window/logMessage and window/showMessage types.
enum class MessageType { Error = 1, Warning = 2, Info = 3, Log = 4 };

// Parameters are read leniently: a missing optional member is absent (nullptr), not an error;
// a missing required member is read with json::at, which throws json::exception, answered as
// InvalidParams.
const json* member(const json& object, std::initializer_list<std::string_view> path);

json positionJson(LspPosition position);
json rangeJson(const LspRange& range);
LspPosition parsePosition(const json& position);
LspRange parseRange(const json& range);

} // namespace ordlint::lsp
