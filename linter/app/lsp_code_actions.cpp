#include "lsp_code_actions.hpp"

#include "suppressions.hpp"

#include <algorithm>

namespace ordlint::lsp {

json codeActions(const DocumentStore& documents, const Document& document, const json& params,
                 PositionEncoding encoding) {
    json actions = json::array();
    if (const json* only = member(params, {"context", "only"}); only && only->is_array()) {
        bool wantsQuickFix = std::any_of(only->begin(), only->end(), [](const json& kind) {
            return kind == "quickfix" || kind == "";
        });
        if (!wantsQuickFix) return actions;
    }
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
    for (const Diagnostic& diagnostic : document.diagnostics) {
        LspRange range = documents.lspRange(diagnostic.range, encoding);
        bool overlaps = !(requested.end < range.start || range.end < requested.start);
        bool isNamed =
            std::find(named.begin(), named.end(), std::pair{diagnostic.rule, range}) != named.end();
        if (!overlaps && !isNamed) continue;
        json diagnosticLsp = documents.diagnosticJson(diagnostic, encoding);
        if (diagnostic.fix && !diagnostic.fix->edits.empty()) {
            actions.push_back(
                {{"title", diagnostic.fix->title},
                 {"kind", "quickfix"},
                 {"diagnostics", json::array({diagnosticLsp})},
                 {"isPreferred", true},
                 {"edit",
                  {{"changes", documents.workspaceChanges(*diagnostic.fix, document, encoding)}}}});
        }
        // The remedies its help names; the only way out is preferred, a choice is not.
        bool unambiguous = !diagnostic.fix && diagnostic.remedies.size() == 1;
        for (const Fix& remedy : diagnostic.remedies) {
            if (remedy.edits.empty()) continue;
            actions.push_back(
                {{"title", remedy.title},
                 {"kind", "quickfix"},
                 {"diagnostics", json::array({diagnosticLsp})},
                 {"isPreferred", unambiguous},
                 {"edit", {{"changes", documents.workspaceChanges(remedy, document, encoding)}}}});
        }
        if (diagnostic.rule == "yaml-syntax")
            continue; // text that does not parse cannot be ignored
        for (Suppression::Scope scope : {Suppression::Scope::Line, Suppression::Scope::File}) {
            std::optional<Fix> ignore = ignoreFix(diagnostic, scope);
            if (!ignore) continue;
            json action = {
                {"title", ignore->title},
                {"kind", "quickfix"},
                {"diagnostics", json::array({diagnosticLsp})},
                {"edit", {{"changes", documents.workspaceChanges(*ignore, document, encoding)}}}};
            // Two findings of one rule on one line need one comment, offered once.
            if (std::none_of(ignores.begin(), ignores.end(),
                             [&](const json& other) { return other["edit"] == action["edit"]; }))
                ignores.push_back(std::move(action));
        }
    }
    // Fixes first: editors offer the first quick fix as the default.
    for (json& action : ignores)
        actions.push_back(std::move(action));
    return actions;
}

} // namespace ordlint::lsp
