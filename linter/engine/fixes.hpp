#pragma once
// Machine-applicable fixes: building edits that keep the file's formatting, and applying the
// fixes of a run to the original text (what `ordlint --fix` writes, and what the language
// server offers as code actions).

#include "diagnostic.hpp"
#include "yaml_tree.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// An edit replacing `scalar`'s text with `newValue`, written in the scalar's own style (plain
// stays plain when it can, quotes stay the same quotes). `inFlowCollection` says whether the
// scalar sits in a `{...}`/`[...]` collection, where `[`, `]` and `,` need quotes. Nullopt for
// block scalars (`|`, `>`), whose text is not edited.
std::optional<TextEdit> replaceScalar(const Node& scalar, std::string_view newValue,
                                      bool inFlowCollection);

// The fix "replace with NEWVALUE" made of replaceScalar's edit; nullopt where it has none.
std::optional<Fix> replacementFix(const Node& scalar, std::string_view newValue,
                                  bool inFlowCollection);

// Where the part [offset, offset + length) of `scalar`'s value is in the source text, when the
// source spells that part literally (no escapes or line folding inside it); nullopt otherwise.
std::optional<SourceRange> locateInScalar(const Node& scalar, std::size_t offset,
                                          std::size_t length);

struct FixedFile {
    const SourceFile* file = nullptr;
    std::string text;                       // the file's text with the fixes applied
    std::vector<const Diagnostic*> applied; // in file order
};

// Applies every fix it can, per file: a fix is all of its edits or none, and a fix whose edits
// overlap an earlier fix's is left for a later round. Edits are applied back to front on the
// original text; the line breaks they insert are the file's own (CRLF in a CRLF file). Files
// without an applicable fix are not returned. `ordlint --fix` writes the result with
// replaceFileContent (file_access.hpp).
std::vector<FixedFile> applyFixes(const std::vector<Diagnostic>& diagnostics);

// "deploy/db.yaml:12:20: fixed: replace with metadata.labels['app'] [invalid-fieldpath]"
std::string describeAppliedFix(const Diagnostic& diagnostic);

} // namespace ordlint
