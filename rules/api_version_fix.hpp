// The apiVersion rewrite that removed-api and deprecated-api offer: only where the replacement
// serves the same kind and reads every field alike (the lifecycle table's sameReading).
#pragma once

#include "api_catalog.hpp"
#include "fixes.hpp"
#include "model.hpp"

#include <fmt/format.h>

#include <optional>

namespace ordlint {

inline std::optional<Fix> apiVersionFix(const Object& object, const ApiLifecycle& line,
                                        const std::optional<ApiReplacement>& replacement) {
    const Node* apiVersionNode = object.node->get("apiVersion");
    if (!replacement || !line.sameReading || replacement->kind != object.kind || !apiVersionNode)
        return std::nullopt;
    std::optional<Fix> fix =
        replacementFix(*apiVersionNode, replacement->apiVersion, object.node->flowStyle);
    if (fix)
        fix->title = fmt::format("replace apiVersion {} with {}", object.apiVersion,
                                 replacement->apiVersion);
    return fix;
}

} // namespace ordlint
