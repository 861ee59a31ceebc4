#pragma once
// A file's text and the mapping from byte offsets to the 1-based line/column positions that
// every output format reports (columns count Unicode code points, not bytes).

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

    Position position(std::size_t offset) const;
    std::size_t offsetOf(Position position) const;
    std::size_t lineCount() const { return lineStarts_.size(); }
    // The text of a 1-based line, without its line break.
    std::string_view lineText(int line) const;
    std::size_t lineStart(int line) const {
        return lineStarts_[static_cast<std::size_t>(line - 1)];
    }

  private:
    std::string path_;
    std::string text_;
    bool reportable_;
    std::string stream_;
    std::vector<std::size_t> lineStarts_;
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

} // namespace ordlint
