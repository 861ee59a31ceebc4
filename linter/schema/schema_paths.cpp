#include "schema_paths.hpp"

#include "schema_json.hpp"
#include "schema_sources.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ordlint {

using nlohmann::json;

std::string displayPath(const SchemaPath& path, const Node* root) {
    std::string text;
    const Node* node = root;
    for (const std::string& step : path) {
        if (node && node->isSequence()) {
            text += "[" + step + "]";
            std::size_t index = std::strtoul(step.c_str(), nullptr, 10);
            node = index < node->items().size() ? node->items()[index] : nullptr;
        } else {
            if (!text.empty()) text += ".";
            text += step;
            node = node && node->isMapping() ? node->get(step) : nullptr;
        }
    }
    return text;
}

Located locate(const Node* root, const SchemaPath& path) {
    Located located{root, nullptr, nullptr, true};
    for (const std::string& step : path) {
        const Node* node = located.node;
        if (node->isMapping()) {
            const MapEntry* entry = node->entry(step);
            if (!entry) return located.complete = false, located;
            located = {entry->value, entry, node, true};
        } else if (node->isSequence()) {
            char* end = nullptr;
            std::size_t index = std::strtoul(step.c_str(), &end, 10);
            if (*end != '\0' || index >= node->items().size())
                return located.complete = false, located;
            located = {node->items()[index], nullptr, nullptr, true};
        } else {
            return located.complete = false, located;
        }
    }
    return located;
}

const json* resolveRef(const json& document, const json* schema) {
    for (int hops = 0; schema && schema->is_object() && schema->contains("$ref") && hops < 32;
         ++hops) {
        std::string target = (*schema)["$ref"].get<std::string>();
        if (target.rfind(kDefinitionsRef, 0) != 0) return nullptr;
        auto definitions = document.find("definitions");
        if (definitions == document.end()) return nullptr;
        auto found = definitions->find(target.substr(kDefinitionsRef.size()));
        schema = found == definitions->end() ? nullptr : &*found;
    }
    return schema;
}

const json* schemaAt(const json& document, const SchemaPath& path, std::size_t length) {
    const json* schema = resolveRef(document, &document);
    for (std::size_t i = 0; i < length && schema; ++i) {
        const std::string& step = path[i];
        const json* next = nullptr;
        auto items = schema->find("items");
        auto properties = schema->find("properties");
        if (items != schema->end() && items->is_object() && !step.empty() &&
            std::all_of(step.begin(), step.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            next = &*items;
        } else if (properties != schema->end() && properties->contains(step)) {
            next = &(*properties)[step];
        } else {
            auto additional = schema->find("additionalProperties");
            if (additional != schema->end() && additional->is_object() &&
                !additional->contains(kUnknownFieldMarker))
                next = &*additional;
        }
        schema = resolveRef(document, next);
    }
    return schema;
}

} // namespace ordlint
