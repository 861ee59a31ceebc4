#include "source.hpp"

#include <algorithm>
#include <cstring>

namespace ordlint {

namespace {
bool isContinuationByte(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}
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
    lineStarts_.push_back(0);
    const char* begin = text_.data();
    const char* end = begin + text_.size();
    for (const char* at = begin;
         (at = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at))));
         ++at)
        lineStarts_.push_back(static_cast<std::size_t>(at - begin) + 1);
}

Position SourceFile::position(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    auto next = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
    std::size_t lineIndex = static_cast<std::size_t>(next - lineStarts_.begin()) - 1;
    std::string_view prefix(text_.data() + lineStarts_[lineIndex], offset - lineStarts_[lineIndex]);
    return {static_cast<int>(lineIndex + 1), static_cast<int>(codePointCount(prefix) + 1)};
}

std::size_t SourceFile::offsetOf(Position position) const {
    if (position.line < 1) return 0;
    if (static_cast<std::size_t>(position.line) > lineStarts_.size()) return text_.size();
    std::size_t offset = lineStarts_[static_cast<std::size_t>(position.line - 1)];
    for (int column = 1; column < position.column && offset < text_.size() && text_[offset] != '\n';
         ++column) {
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

} // namespace ordlint
