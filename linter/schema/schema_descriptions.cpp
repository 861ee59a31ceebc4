#include "schema_descriptions.hpp"

#include <nlohmann/json.hpp>

namespace ordlint {

namespace {

using nlohmann::json;

const json& descriptionData() {
    static const json data = json::parse(embeddedSchemaDescriptions());
    return data;
}

// The node of `definition`'s tree as `release` has it: the variant of the newest release not
// above it, or the CRD's (release ""); null when there is none.
const json* rootOf(std::string_view definition, KubeVersion release) {
    const json& data = descriptionData();
    const json& definitions = data.at("definitions");
    auto variants = definitions.find(std::string(definition));
    if (variants == definitions.end()) return nullptr;
    const json* chosen = nullptr;
    for (const json& variant : *variants) {
        std::string from = variant.at(0).get<std::string>();
        auto version = parseKubeVersion(from);
        if (from.empty() || (version && *version <= release))
            chosen = &data.at("nodes").at(variant.at(1).get<std::size_t>());
    }
    return chosen;
}

const json* childNode(const json& node, const char* key) {
    auto child = node.find(key);
    if (child == node.end()) return nullptr;
    return &descriptionData().at("nodes").at(child->get<std::size_t>());
}

// The child of `node` that `step` names: an item ("[]"), a field, or an additional property.
const json* stepInto(const json& node, const std::string& step) {
    if (step == "[]") return childNode(node, "i");
    if (auto properties = node.find("p"); properties != node.end()) {
        auto field = properties->find(step);
        if (field != properties->end())
            return &descriptionData().at("nodes").at(field->get<std::size_t>());
    }
    return childNode(node, "a");
}

} // namespace

std::optional<std::string> bundledFieldDescription(std::string_view definition,
                                                   const std::vector<std::string>& steps,
                                                   KubeVersion release) {
    const json* node = rootOf(definition, release);
    for (const std::string& step : steps) {
        const json* next = nullptr;
        // A field that refers to a definition has that definition's fields (a CRD's metadata
        // may list some itself). Bounded: a definition never refers to itself without a field
        // between.
        for (int depth = 0; node && !next && depth < 8; ++depth) {
            next = stepInto(*node, step);
            auto ref = node->find("r");
            node = ref == node->end() ? nullptr : rootOf(ref->get<std::string>(), release);
        }
        node = next;
        if (!node) return std::nullopt;
    }
    if (!node) return std::nullopt;
    auto text = node->find("d");
    if (text == node->end()) return std::nullopt;
    return descriptionData().at("texts").at(text->get<std::size_t>()).get<std::string>();
}

} // namespace ordlint
