// How removed-api and deprecated-api report an apiVersion: on its node, with the help that
// names its replacement, and the apiVersion rewrite they offer only where the replacement
// serves the same kind and reads every field alike (the lifecycle table's sameReading).
#pragma once

#include "api_catalog.hpp"
#include "fixes.hpp"
#include "model.hpp"
#include "rule_contract.hpp"
#include "schema_store.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <utility>

namespace ordlint {

// "use apps/v1 (served since 1.9)", with the lifecycle table's advice or the note that the
// replacement reads the object alike; the advice alone without a served replacement; empty
// when there is nothing to say.
inline std::string replacementHelp(const Object& object, const ApiLifecycle& line,
                                   const std::optional<ApiReplacement>& replacement) {
    if (!replacement) return std::string(line.advice);
    std::string help =
        fmt::format("use {} (served since {})",
                    replacement->kind == object.kind
                        ? replacement->apiVersion
                        : fmt::format("{} {}", replacement->apiVersion, replacement->kind),
                    releaseName(replacement->since));
    if (!line.advice.empty())
        help += fmt::format("; note: {}", line.advice);
    else if (line.sameReading)
        help += ", which reads this object the same way";
    return help;
}

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

// Reports `message` on the object's apiVersion, with the replacement served at `target` as its
// help and, where it reads the object alike, its fix.
inline void reportApiVersion(Reporter& reporter, const Object& object, const ApiLifecycle& line,
                             KubeVersion target, std::string message) {
    const Node* apiVersionNode = object.node->get("apiVersion");
    Diagnostic& d = reporter.report(
        object, apiVersionNode ? apiVersionNode->range : object.anchorRange(), std::move(message));
    std::optional<ApiReplacement> replacement =
        ApiCatalog::bundled().servedReplacement(line, target);
    d.help = replacementHelp(object, line, replacement);
    d.fix = apiVersionFix(object, line, replacement);
}

} // namespace ordlint
