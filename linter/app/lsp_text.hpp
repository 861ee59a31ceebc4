#pragma once
// Text as the Language Server Protocol addresses it: 0-based lines ended by \n, \r\n or a lone
// \r, and characters counted in the negotiated position encoding (UTF-16 code units by
// default, UTF-8 bytes, or UTF-32 code points). ordlint itself works on byte offsets, so every
// conversion goes through the text of the line.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint::lsp {

enum class PositionEncoding { Utf8, Utf16, Utf32 };

std::string_view encodingName(PositionEncoding encoding);
std::optional<PositionEncoding> parseEncoding(std::string_view name);

struct LspPosition {
    int line = 0;
    int character = 0;
    bool operator==(const LspPosition&) const = default;
    bool operator<(const LspPosition& other) const {
        return line < other.line || (line == other.line && character < other.character);
    }
    bool operator<=(const LspPosition& other) const { return !(other < *this); }
};

struct LspRange {
    LspPosition start;
    LspPosition end;
    bool operator==(const LspRange&) const = default;
};

// The line table of one text; the text itself is passed to each call so that the index can
// live beside the text it was built from.
class LineIndex {
  public:
    LineIndex() : starts_{0} {}
    explicit LineIndex(std::string_view text);

    std::size_t lineCount() const { return starts_.size(); }
    // The line's content, without its line break.
    std::string_view lineText(std::string_view text, int line) const;
    // The line break ending the line ("" on the last line).
    std::string_view lineBreak(std::string_view text, int line) const;

    LspPosition position(std::string_view text, std::size_t offset,
                         PositionEncoding encoding) const;
    // Positions past the end of a line clamp to its end, lines past the end to the end of the
    // text (LSP 3.17, Position); a position inside a multi-unit character snaps to its start.
    std::size_t offset(std::string_view text, LspPosition position,
                       PositionEncoding encoding) const;

  private:
    std::vector<std::size_t> starts_;
};

// Applies one `TextDocumentContentChangeEvent`: the whole text when `range` is absent.
void applyChange(std::string& text, const std::optional<LspRange>& range, std::string_view newText,
                 PositionEncoding encoding);

// file:///a%20b/c.yaml <-> /a b/c.yaml. Returns nullopt for a URI that is not a local file.
std::optional<std::string> fileUriToPath(std::string_view uri);
std::string pathToFileUri(std::string_view absolutePath);

} // namespace ordlint::lsp
