#pragma once
// A file's text and the mapping from byte offsets to the 1-based line/column positions that
// every output format reports (columns count Unicode code points, not bytes). A UTF-8 byte
// order mark is not part of the first line: editors do not show it, so line 1 starts after it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

struct Position {
    int line = 1;   // 1-based
    int column = 1; // 1-based, in code points
};

class SourceFile {
  public:
    SourceFile(std::string displayPath, std::string text, bool reportable = true,
               std::string stream = {});

    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }
    // False for files loaded only as context (--context): their findings are not reported.
    bool reportable() const { return reportable_; }
    // The input this file was read from: path() itself, or "-" for one template's documents
    // split out of a rendered Helm stream (they were applied together with the others).
    const std::string& stream() const { return stream_.empty() ? path_ : stream_; }
    // The folder the file is in, absolute, when path() is not relative to the working
    // directory (the language server shows paths relative to a workspace root); empty: the
    // folder of path().
    const std::string& folder() const { return folder_; }
    void setFolder(std::string folder) { folder_ = std::move(folder); }

    Position position(std::size_t offset) const;
    std::size_t offsetOf(Position position) const;
    std::size_t lineCount() const { return lineStarts_.size(); }
    // The text of a 1-based line, without its line break.
    std::string_view lineText(int line) const;
    std::size_t lineStart(int line) const {
        return lineStarts_[static_cast<std::size_t>(line - 1)];
    }
    // 3 when the text starts with a UTF-8 byte order mark, else 0.
    std::size_t byteOrderMarkLength() const { return lineStarts_.front(); }

  private:
    std::string path_;
    std::string text_;
    bool reportable_;
    std::string stream_;
    std::string folder_;
    // 32 bits, as in SourceRange: a cluster dump has millions of lines.
    std::vector<std::uint32_t> lineStarts_;
    // In lines longer than kCheckpointSpacing bytes, every so many bytes: (offset, code points
    // from the line's start to it). Columns on a 50 MB minified line cost no 50 MB scan each.
    std::vector<std::pair<std::size_t, std::size_t>> checkpoints_;
    // The checkpoint nearest before `offset` on the line starting at `lineStart`, or the line
    // start itself (column count 0).
    std::pair<std::size_t, std::size_t> checkpointBefore(std::size_t lineStart,
                                                         std::size_t offset) const;
};

// A half-open byte range [begin, end) in one file.
struct SourceRange {
    const SourceFile* file = nullptr;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    bool valid() const { return file != nullptr; }
};

// Number of code points in a UTF-8 string (invalid bytes count one each).
std::size_t codePointCount(std::string_view text);

inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// The length (1 to 4) of the well-formed UTF-8 sequence at `text[at]`, or 0 when the bytes
// there are not one: a stray continuation byte, a truncated sequence, an overlong form
// (`C0 AF`), a UTF-16 surrogate (`ED A0 80`) or a code point past U+10FFFF (`F5 80 80 80`).
// kubectl's decoder refuses all of these.
std::size_t utf8SequenceLength(std::string_view text, std::size_t at);
// The code point of the well-formed sequence of `length` bytes at `text[at]`.
char32_t decodeUtf8(std::string_view text, std::size_t at, std::size_t length);

} // namespace ordlint
