#pragma once

#include "model.hpp"
#include "source.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

enum class Severity { Info = 0, Warning = 1, Error = 2 };

std::string_view severityName(Severity severity);
std::optional<Severity> parseSeverity(std::string_view name);

struct RelatedLocation {
    SourceRange range;
    std::string message;
};

struct TextEdit {
    SourceRange range; // replaced text, in the original file
    std::string newText;
};

struct Fix {
    std::string title;
    std::vector<TextEdit> edits;
};

struct Diagnostic {
    std::string rule;
    Severity severity = Severity::Error;
    std::string message;
    SourceRange range;
    std::optional<ObjectRef> object; // absent for findings on a file (yaml-syntax)
    std::string help;                // empty when there is none
    std::vector<RelatedLocation> related;
    std::optional<Fix> fix; // safe: `--fix` applies it, the editor offers it as preferred
    // The concrete edits `help` names (select "1", set spec.ordinals.start: 0 on the
    // StatefulSet, ...): each changes what the manifests mean, so only the editor offers them,
    // as code actions, and `--fix` never applies them. Edits may be in another file.
    std::vector<Fix> remedies;
};

// A value quoted for a message: "value", or `value` when it contains a double quote.
std::string quotedForMessage(std::string_view value);

// Orders by file, line, column, rule, then message: the order of every output format.
bool diagnosticLess(const Diagnostic& a, const Diagnostic& b);

} // namespace ordlint
