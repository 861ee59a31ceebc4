#pragma once
// textDocument/codeAction: for each finding at the requested range, the rule's safe fix
// (preferred), the remedies its help names (Diagnostic::remedies: preferred when there is just
// one; their edits may be in another file, the Service or the StatefulSet) and the ignore
// comments that silence it (suppressions.hpp builds those edits).

#include "lsp_documents.hpp"

namespace ordlint::lsp {

// The quick fixes for `document`'s findings that overlap the requested range or that the
// client names in `context.diagnostics`; empty when the client asks only for other kinds.
json codeActions(const DocumentStore& documents, const Document& document, const json& params,
                 PositionEncoding encoding);

} // namespace ordlint::lsp
