#include "printable.hpp"

#include "source.hpp"

#include <fmt/format.h>

namespace ordlint {

namespace {

bool isBidiControl(char32_t c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

} // namespace

std::string printableCodePoint(std::string_view text, std::size_t at, std::size_t& length) {
    length = utf8SequenceLength(text, at);
    if (length == 0) {
        length = 1;
        return fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at]));
    }
    char32_t c = decodeUtf8(text, at, length);
    if ((c < 0x20 && c != '\t') || c == 0x7F)
        return fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    if ((c >= 0x80 && c <= 0x9F) || isBidiControl(c))
        return fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    return std::string(text.substr(at, length));
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        auto byte = static_cast<unsigned char>(text[at]);
        if (byte >= 0x20 && byte < 0x7F) { // the common case
            out += text[at++];
            continue;
        }
        std::size_t length = 1;
        out += printableCodePoint(text, at, length);
        at += length;
    }
    return out;
}

} // namespace ordlint
