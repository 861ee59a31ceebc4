#include "lsp_protocol.hpp"

namespace ordlint::lsp {

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

} // namespace ordlint::lsp
