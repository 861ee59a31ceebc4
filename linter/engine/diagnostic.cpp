#include "diagnostic.hpp"

#include <tuple>

namespace ordlint {

std::string_view severityName(Severity severity) {
    switch (severity) {
    case Severity::Info:
        return "info";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "error";
}

std::optional<Severity> parseSeverity(std::string_view name) {
    if (name == "info") return Severity::Info;
    if (name == "warning") return Severity::Warning;
    if (name == "error") return Severity::Error;
    return std::nullopt;
}

bool diagnosticLess(const Diagnostic& a, const Diagnostic& b) {
    const std::string& fileA = a.range.file ? a.range.file->path() : std::string();
    const std::string& fileB = b.range.file ? b.range.file->path() : std::string();
    if (fileA != fileB) return fileA < fileB;
    // Offsets order like (line, column) within one file.
    return std::tie(a.range.begin, a.range.end, a.rule, a.message) <
           std::tie(b.range.begin, b.range.end, b.rule, b.message);
}

std::string quotedForMessage(std::string_view value) {
    char quote = value.find('"') == std::string_view::npos ? '"' : '`';
    return quote + std::string(value) + quote;
}

} // namespace ordlint
