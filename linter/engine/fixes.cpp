#include "fixes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace ordlint {

namespace {

bool safeAsPlain(std::string_view value, bool inFlowCollection) {
    if (value.empty() || value.front() == ' ' || value.back() == ' ' || value.back() == ':')
        return false;
    if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(value.front()) != std::string_view::npos)
        return false;
    if (value.find(": ") != std::string_view::npos || value.find(" #") != std::string_view::npos ||
        value.find('\n') != std::string_view::npos)
        return false;
    if (inFlowCollection && value.find_first_of(",[]{}") != std::string_view::npos) return false;
    return plainScalarType(value) == ScalarType::String;
}

std::string singleQuoted(std::string_view value) {
    std::string text = "'";
    for (char c : value)
        text += c == '\'' ? std::string("''") : std::string(1, c);
    return text + "'";
}

// A double-quoted YAML scalar holding `value` exactly: control characters are written as
// escapes, since a raw line break inside the quotes would be folded into a space.
std::string doubleQuoted(std::string_view value) {
    std::string text = "\"";
    for (char c : value) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            text += '\\';
            text += c;
        } else if (c == '\n') {
            text += "\\n";
        } else if (c == '\t') {
            text += "\\t";
        } else if (byte < 0x20 || byte == 0x7F) {
            text += fmt::format("\\x{:02x}", byte);
        } else {
            text += c;
        }
    }
    return text + "\"";
}

bool hasControlCharacter(std::string_view value) {
    return std::any_of(value.begin(), value.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// True when the text's lines end with CRLF (judged by its first line break).
bool usesCrlf(std::string_view text) {
    std::size_t newline = text.find('\n');
    return newline != std::string_view::npos && newline > 0 && text[newline - 1] == '\r';
}

// `text` with its bare LF line breaks written as CRLF.
std::string withCrlf(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
        out += text[i];
    }
    return out;
}

bool overlaps(const TextEdit& a, const TextEdit& b) {
    if (a.range.begin == b.range.begin) return true; // two inserts (or replacements) at one point
    return a.range.begin < b.range.end && b.range.begin < a.range.end;
}

bool sameEdit(const TextEdit& a, const TextEdit& b) {
    return a.range.begin == b.range.begin && a.range.end == b.range.end && a.newText == b.newText;
}

} // namespace

std::optional<TextEdit> replaceScalar(const Node& scalar, std::string_view newValue,
                                      bool inFlowCollection) {
    if (!scalar.isScalar() || scalar.style == ScalarStyle::Literal || !scalar.range.valid())
        return std::nullopt;
    const std::string& text = scalar.range.file->text();
    char opening = scalar.range.begin < text.size() ? text[scalar.range.begin] : '\0';
    std::string written;
    if (scalar.style == ScalarStyle::Quoted && opening == '\'' && !hasControlCharacter(newValue))
        written = singleQuoted(newValue);
    else if (scalar.style == ScalarStyle::Quoted)
        written = doubleQuoted(newValue);
    else if (safeAsPlain(newValue, inFlowCollection) && !hasControlCharacter(newValue))
        written = std::string(newValue);
    else
        written = newValue.find('\'') == std::string_view::npos && !hasControlCharacter(newValue)
                      ? singleQuoted(newValue)
                      : doubleQuoted(newValue);
    return TextEdit{scalar.range, std::move(written)};
}

std::optional<SourceRange> locateInScalar(const Node& scalar, std::size_t offset,
                                          std::size_t length) {
    if (!scalar.isScalar() || !scalar.range.valid() || offset + length > scalar.value().size() ||
        length == 0)
        return std::nullopt;
    std::string_view value = scalar.value();
    std::string_view snippet = value.substr(offset, length);
    std::string_view source =
        std::string_view(scalar.range.file->text())
            .substr(scalar.range.begin, scalar.range.end - scalar.range.begin);
    auto occurrences = [&](std::string_view text, std::size_t limit) {
        std::vector<std::size_t> found;
        for (std::size_t at = text.find(snippet); at != std::string_view::npos && at < limit;
             at = text.find(snippet, at + 1))
            found.push_back(at);
        return found;
    };
    std::size_t ordinal = occurrences(value, offset).size();
    std::vector<std::size_t> inSource = occurrences(source, source.size());
    if (inSource.size() != occurrences(value, value.size()).size() || ordinal >= inSource.size())
        return std::nullopt;
    SourceRange range = scalar.range;
    range.begin = static_cast<std::uint32_t>(scalar.range.begin + inSource[ordinal]);
    range.end = static_cast<std::uint32_t>(range.begin + length);
    return range;
}

std::vector<FixedFile> applyFixes(const std::vector<Diagnostic>& diagnostics) {
    std::map<const SourceFile*, std::vector<const Diagnostic*>> byFile;
    for (const Diagnostic& diagnostic : diagnostics) {
        if (!diagnostic.fix || diagnostic.fix->edits.empty()) continue;
        const SourceFile* file = diagnostic.fix->edits.front().range.file;
        bool oneFile = std::all_of(diagnostic.fix->edits.begin(), diagnostic.fix->edits.end(),
                                   [&](const TextEdit& edit) { return edit.range.file == file; });
        if (file && oneFile) byFile[file].push_back(&diagnostic);
    }
    std::vector<FixedFile> fixed;
    for (auto& [file, candidates] : byFile) {
        FixedFile result;
        result.file = file;
        std::vector<TextEdit> accepted;
        for (const Diagnostic* diagnostic : candidates) {
            std::vector<TextEdit> fresh;
            bool conflict = false;
            for (const TextEdit& edit : diagnostic->fix->edits) {
                // Two findings on one node (an aliased template) may propose the same edit.
                if (std::any_of(accepted.begin(), accepted.end(),
                                [&](const TextEdit& a) { return sameEdit(a, edit); }))
                    continue;
                if (std::any_of(accepted.begin(), accepted.end(),
                                [&](const TextEdit& a) { return overlaps(a, edit); }) ||
                    std::any_of(fresh.begin(), fresh.end(),
                                [&](const TextEdit& a) { return overlaps(a, edit); }))
                    conflict = true;
                fresh.push_back(edit);
            }
            if (conflict) continue;
            accepted.insert(accepted.end(), fresh.begin(), fresh.end());
            result.applied.push_back(diagnostic);
        }
        if (result.applied.empty()) continue;
        std::sort(accepted.begin(), accepted.end(), [](const TextEdit& a, const TextEdit& b) {
            return a.range.begin > b.range.begin;
        });
        result.text = file->text();
        // A fix that inserts lines writes them with the file's own line breaks.
        bool crlf = usesCrlf(file->text());
        for (const TextEdit& edit : accepted)
            result.text.replace(edit.range.begin, edit.range.end - edit.range.begin,
                                crlf ? withCrlf(edit.newText) : edit.newText);
        fixed.push_back(std::move(result));
    }
    std::sort(fixed.begin(), fixed.end(), [](const FixedFile& a, const FixedFile& b) {
        return a.file->path() < b.file->path();
    });
    return fixed;
}

std::string describeAppliedFix(const Diagnostic& diagnostic) {
    Position at = diagnostic.range.file->position(diagnostic.range.begin);
    return fmt::format("{}:{}:{}: fixed: {} [{}]", diagnostic.range.file->path(), at.line,
                       at.column, diagnostic.fix->title, diagnostic.rule);
}

std::optional<Fix> replacementFix(const Node& scalar, std::string_view newValue,
                                  bool inFlowCollection) {
    auto edit = replaceScalar(scalar, newValue, inFlowCollection);
    if (!edit) return std::nullopt;
    return Fix{"replace with " + std::string(newValue), {*edit}};
}

} // namespace ordlint
