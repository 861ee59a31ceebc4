#pragma once
// What the language server tells about a manifest besides its findings:
// textDocument/documentSymbol (the outline: each YAML document, and in it one symbol per
// Kubernetes object, `Kind/name` with its namespace) and textDocument/hover (on a finding, the
// rule and its documentation; on a key, the field's type in the kind's bundled schema; on an
// index label value of a selector or a StatefulSet's serviceName, what the pod model knows).

#include "lsp_documents.hpp"
#include "pod_model.hpp"

#include <functional>

namespace ordlint::lsp {

// The DocumentSymbol[] of `document` as of the last lint (`workspace`).
json documentSymbols(const DocumentStore& documents, const Document& document,
                     const Workspace& workspace, PositionEncoding encoding);

// The Hover at `position` in `document` (null when there is nothing to say). `podModel` builds
// (or returns the cached) pod model of `workspace`, only when the position needs it; a key's
// type is read from the bundled schemas of `kubeVersion`'s release.
json hover(const DocumentStore& documents, const Document& document, const Workspace& workspace,
           const std::function<const PodModel&()>& podModel, KubeVersion kubeVersion,
           LspPosition position, PositionEncoding encoding);

} // namespace ordlint::lsp
