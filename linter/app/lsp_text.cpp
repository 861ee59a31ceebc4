#include "lsp_text.hpp"

#include "text.hpp"

#include <algorithm>

namespace ordlint::lsp {

namespace {

// Length in bytes of the UTF-8 sequence starting at `text[i]`, and the number of UTF-16 code
// units it takes; an invalid or truncated sequence counts as one byte and one unit.
struct CodePoint {
    std::size_t bytes = 1;
    int utf16Units = 1;
};

CodePoint codePointAt(std::string_view text, std::size_t i) {
    auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80           ? 1
                         : (byte >> 5) == 0x6  ? 2
                         : (byte >> 4) == 0xE  ? 3
                         : (byte >> 3) == 0x1E ? 4
                                               : 1;
    if (i + length > text.size()) return {};
    for (std::size_t k = 1; k < length; ++k)
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return {};
    return {length, length == 4 ? 2 : 1};
}

int unitsOf(const CodePoint& point, PositionEncoding encoding) {
    switch (encoding) {
    case PositionEncoding::Utf8:
        return static_cast<int>(point.bytes);
    case PositionEncoding::Utf16:
        return point.utf16Units;
    case PositionEncoding::Utf32:
        return 1;
    }
    return 1;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        int high = text[i] == '%' && i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
        int low = high >= 0 ? hexValue(text[i + 2]) : -1;
        if (low >= 0) {
            decoded += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            decoded += text[i];
        }
    }
    return decoded;
}

} // namespace

std::string_view encodingName(PositionEncoding encoding) {
    switch (encoding) {
    case PositionEncoding::Utf8:
        return "utf-8";
    case PositionEncoding::Utf16:
        return "utf-16";
    case PositionEncoding::Utf32:
        return "utf-32";
    }
    return "utf-16";
}

std::optional<PositionEncoding> parseEncoding(std::string_view name) {
    if (name == "utf-8") return PositionEncoding::Utf8;
    if (name == "utf-16") return PositionEncoding::Utf16;
    if (name == "utf-32") return PositionEncoding::Utf32;
    return std::nullopt;
}

LineIndex::LineIndex(std::string_view text) : starts_{0} {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            starts_.push_back(i + 1);
        } else if (text[i] == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
            starts_.push_back(i + 1);
        }
    }
}

std::string_view LineIndex::lineText(std::string_view text, int line) const {
    if (line < 0 || static_cast<std::size_t>(line) >= starts_.size()) return {};
    std::size_t begin = starts_[static_cast<std::size_t>(line)];
    std::size_t end = static_cast<std::size_t>(line) + 1 < starts_.size()
                          ? starts_[static_cast<std::size_t>(line) + 1]
                          : text.size();
    end = std::min(end, text.size());
    while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r') &&
           static_cast<std::size_t>(line) + 1 < starts_.size())
        --end;
    return text.substr(begin, end - begin);
}

std::string_view LineIndex::lineBreak(std::string_view text, int line) const {
    std::string_view content = lineText(text, line);
    if (content.data() == nullptr) return {};
    std::size_t end = static_cast<std::size_t>(content.data() - text.data()) + content.size();
    std::size_t next = static_cast<std::size_t>(line) + 1 < starts_.size()
                           ? starts_[static_cast<std::size_t>(line) + 1]
                           : end;
    return text.substr(end, next - end);
}

LspPosition LineIndex::position(std::string_view text, std::size_t offset,
                                PositionEncoding encoding) const {
    offset = std::min(offset, text.size());
    auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
    int line = static_cast<int>(next - starts_.begin()) - 1;
    std::string_view content = lineText(text, line);
    std::size_t begin = starts_[static_cast<std::size_t>(line)];
    std::size_t stop = std::min(offset - begin, content.size());
    int character = 0;
    for (std::size_t i = 0; i < stop;) {
        CodePoint point = codePointAt(content, i);
        character += unitsOf(point, encoding);
        i += point.bytes;
    }
    return {line, character};
}

std::size_t LineIndex::offset(std::string_view text, LspPosition position,
                              PositionEncoding encoding) const {
    if (position.line < 0) return 0;
    if (static_cast<std::size_t>(position.line) >= starts_.size()) return text.size();
    std::string_view content = lineText(text, position.line);
    std::size_t begin = starts_[static_cast<std::size_t>(position.line)];
    std::size_t i = 0;
    int character = 0;
    while (i < content.size()) {
        CodePoint point = codePointAt(content, i);
        int units = unitsOf(point, encoding);
        if (character + units > position.character) break;
        character += units;
        i += point.bytes;
    }
    return begin + i;
}

void applyChange(std::string& text, const std::optional<LspRange>& range, std::string_view newText,
                 PositionEncoding encoding) {
    if (!range) {
        text.assign(newText);
        return;
    }
    LineIndex lines(text);
    std::size_t begin = lines.offset(text, range->start, encoding);
    std::size_t end = lines.offset(text, range->end, encoding);
    if (end < begin) std::swap(begin, end);
    text.replace(begin, end - begin, newText);
}

std::optional<std::string> fileUriToPath(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (!startsWithIgnoringAsciiCase(uri, scheme)) return std::nullopt;
    std::string_view rest = uri.substr(scheme.size());
    // file://localhost/x and file:///x name the same local file; another host is not local.
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    std::string_view host = rest.substr(0, slash);
    if (!host.empty() && host != "localhost") return std::nullopt;
    rest = rest.substr(slash);
    rest = rest.substr(0, rest.find_first_of("?#"));
    return percentDecode(rest);
}

std::string pathToFileUri(std::string_view absolutePath) {
    return "file://" + percentEncodedPath(absolutePath);
}

} // namespace ordlint::lsp
