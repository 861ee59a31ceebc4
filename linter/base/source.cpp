#include "source.hpp"

#include <algorithm>
#include <cstring>

namespace ordlint {

namespace {
bool isContinuationByte(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}
constexpr std::size_t kCheckpointSpacing = 65536;
} // namespace

std::size_t codePointCount(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return !isContinuationByte(static_cast<unsigned char>(c));
    }));
}

SourceFile::SourceFile(std::string displayPath, std::string text, bool reportable,
                       std::string stream)
    : path_(std::move(displayPath)), text_(std::move(text)), reportable_(reportable),
      stream_(std::move(stream)) {
    // Counted first: a growing vector would hold up to twice the lines it needs.
    lineStarts_.reserve(static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1);
    lineStarts_.push_back(text_.starts_with(kUtf8ByteOrderMark)
                              ? static_cast<std::uint32_t>(kUtf8ByteOrderMark.size())
                              : 0);
    const char* begin = text_.data();
    const char* end = begin + text_.size();
    for (const char* at = begin;
         (at = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at))));
         ++at)
        lineStarts_.push_back(static_cast<std::uint32_t>(at - begin) + 1);
    for (std::size_t i = 0; i < lineStarts_.size(); ++i) {
        std::size_t lineEnd = i + 1 < lineStarts_.size() ? lineStarts_[i + 1] : text_.size();
        std::size_t at = lineStarts_[i];
        std::size_t column = 0;
        while (lineEnd - at > kCheckpointSpacing) {
            std::size_t next = at + kCheckpointSpacing;
            while (next < lineEnd && isContinuationByte(static_cast<unsigned char>(text_[next])))
                ++next;
            column += codePointCount(std::string_view(text_).substr(at, next - at));
            checkpoints_.emplace_back(next, column);
            at = next;
        }
    }
}

std::pair<std::size_t, std::size_t> SourceFile::checkpointBefore(std::size_t lineStart,
                                                                 std::size_t offset) const {
    auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(),
                                  std::pair<std::size_t, std::size_t>(offset, SIZE_MAX));
    if (after == checkpoints_.begin() || std::prev(after)->first < lineStart) return {lineStart, 0};
    return *std::prev(after);
}

Position SourceFile::position(std::size_t offset) const {
    offset = std::clamp(offset, std::size_t{lineStarts_.front()}, text_.size());
    auto next =
        std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset,
                         [](std::size_t value, std::uint32_t start) { return value < start; });
    std::size_t lineIndex = static_cast<std::size_t>(next - lineStarts_.begin()) - 1;
    auto [from, counted] = checkpointBefore(lineStarts_[lineIndex], offset);
    std::string_view prefix(text_.data() + from, offset - from);
    return {static_cast<int>(lineIndex + 1),
            static_cast<int>(counted + codePointCount(prefix) + 1)};
}

std::size_t SourceFile::offsetOf(Position position) const {
    if (position.line < 1) return lineStarts_.front();
    if (static_cast<std::size_t>(position.line) > lineStarts_.size()) return text_.size();
    std::size_t lineStart = lineStarts_[static_cast<std::size_t>(position.line - 1)];
    std::size_t offset = lineStart;
    int column = 1;
    // Start from the last checkpoint of the line before the column.
    auto first = std::lower_bound(checkpoints_.begin(), checkpoints_.end(),
                                  std::pair<std::size_t, std::size_t>(lineStart, 0));
    for (auto it = first; it != checkpoints_.end(); ++it) {
        bool sameLine = static_cast<std::size_t>(position.line) >= lineStarts_.size() ||
                        it->first < lineStarts_[static_cast<std::size_t>(position.line)];
        if (!sameLine || static_cast<std::size_t>(position.column) < it->second + 1) break;
        offset = it->first;
        column = static_cast<int>(it->second) + 1;
    }
    for (; column < position.column && offset < text_.size() && text_[offset] != '\n'; ++column) {
        ++offset;
        while (offset < text_.size() &&
               isContinuationByte(static_cast<unsigned char>(text_[offset])))
            ++offset;
    }
    return offset;
}

std::string_view SourceFile::lineText(int line) const {
    if (line < 1 || static_cast<std::size_t>(line) > lineStarts_.size()) return {};
    std::size_t begin = lineStarts_[static_cast<std::size_t>(line - 1)];
    std::size_t end = static_cast<std::size_t>(line) < lineStarts_.size()
                          ? lineStarts_[static_cast<std::size_t>(line)] - 1
                          : text_.size();
    if (end > begin && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(begin, end - begin);
}

std::size_t utf8SequenceLength(std::string_view text, std::size_t at) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
    unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    // The second byte's range depends on the lead byte (Unicode 15, table 3-7): this is what
    // rules out overlong forms, surrogates and code points past U+10FFFF.
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (!isContinuationByte(byte(k))) return 0;
    return length;
}

char32_t decodeUtf8(std::string_view text, std::size_t at, std::size_t length) {
    auto lead = static_cast<unsigned char>(text[at]);
    if (length <= 1) return lead;
    char32_t value = lead & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k)
        value = (value << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
    return value;
}

} // namespace ordlint
