#include "lsp_text.hpp"

#include <catch2/catch.hpp>

using namespace ordlint::lsp;

TEST_CASE("LSP positions count the negotiated encoding", "[lsp]") {
    // "é" is 2 bytes / 1 UTF-16 unit, "😀" is 4 bytes / 2 UTF-16 units / 1 code point.
    std::string text = "a: 1\nb: \"é😀x\"\n";
    LineIndex lines(text);
    std::size_t x = text.find('x');
    CHECK(lines.position(text, x, PositionEncoding::Utf8) == LspPosition{1, 10});
    CHECK(lines.position(text, x, PositionEncoding::Utf16) == LspPosition{1, 7});
    CHECK(lines.position(text, x, PositionEncoding::Utf32) == LspPosition{1, 6});
    for (auto encoding : {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32})
        CHECK(lines.offset(text, lines.position(text, x, encoding), encoding) == x);
    // Past the end of a line clamps to its end; past the last line, to the end of the text.
    CHECK(lines.offset(text, {0, 99}, PositionEncoding::Utf16) == 4);
    CHECK(lines.offset(text, {9, 0}, PositionEncoding::Utf16) == text.size());
    // Inside a surrogate pair snaps to the start of the character.
    std::size_t emoji = text.find("😀");
    CHECK(lines.offset(text, {1, 6}, PositionEncoding::Utf16) == emoji);
}

TEST_CASE("LSP lines end at LF, CRLF and a lone CR", "[lsp]") {
    std::string text = "a\r\nb\rc\nd";
    LineIndex lines(text);
    CHECK(lines.lineCount() == 4);
    CHECK(lines.lineText(text, 0) == "a");
    CHECK(lines.lineBreak(text, 0) == "\r\n");
    CHECK(lines.lineText(text, 1) == "b");
    CHECK(lines.lineBreak(text, 1) == "\r");
    CHECK(lines.lineText(text, 3) == "d");
    CHECK(lines.lineBreak(text, 3).empty());
    CHECK(lines.position(text, text.find('c'), PositionEncoding::Utf16) == LspPosition{2, 0});
    // The end of the text is a position too.
    CHECK(lines.position(text, text.size(), PositionEncoding::Utf16) == LspPosition{3, 1});
}

TEST_CASE("incremental changes apply in order, and a change without range replaces all", "[lsp]") {
    std::string text = "kind: Service\nmetadata:\n  name: db\n";
    applyChange(text, LspRange{{2, 8}, {2, 10}}, "database", PositionEncoding::Utf16);
    CHECK(text == "kind: Service\nmetadata:\n  name: database\n");
    applyChange(text, LspRange{{0, 6}, {1, 0}}, "Pod\n", PositionEncoding::Utf16);
    CHECK(text == "kind: Pod\nmetadata:\n  name: database\n");
    applyChange(text, LspRange{{3, 0}, {3, 0}}, "---\n", PositionEncoding::Utf16);
    CHECK(text == "kind: Pod\nmetadata:\n  name: database\n---\n");
    applyChange(text, std::nullopt, "new", PositionEncoding::Utf16);
    CHECK(text == "new");
}

TEST_CASE("file URIs map to paths and back", "[lsp]") {
    CHECK(fileUriToPath("file:///home/me/my%20app/db.yaml") == "/home/me/my app/db.yaml");
    CHECK(fileUriToPath("file://localhost/x.yaml") == "/x.yaml");
    CHECK(fileUriToPath("FILE:///x.yaml") == "/x.yaml");
    CHECK_FALSE(fileUriToPath("untitled:Untitled-1"));
    CHECK_FALSE(fileUriToPath("file://server/share/x.yaml"));
    CHECK(pathToFileUri("/home/me/my app/db#1.yaml") == "file:///home/me/my%20app/db%231.yaml");
    CHECK(fileUriToPath(pathToFileUri("/a b/ü.yaml")) == "/a b/ü.yaml");
}
