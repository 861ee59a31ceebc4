#include "suppressions.hpp"

#include "text.hpp"

namespace ordlint {

namespace {

bool listNames(std::string_view list, std::string_view rule) {
    for (std::size_t pos = 0; pos <= list.size();) {
        std::size_t comma = std::min(list.find(',', pos), list.size());
        if (list.substr(pos, comma - pos) == rule) return true;
        pos = comma + 1;
    }
    return false;
}

} // namespace

std::optional<Fix> ignoreFix(const Diagnostic& diagnostic, Suppression::Scope scope) {
    if (!diagnostic.range.file || scope == Suppression::Scope::Object) return std::nullopt;
    const SourceFile& file = *diagnostic.range.file;
    std::string_view text = file.text();
    bool wholeFile = scope == Suppression::Scope::File;
    int line = wholeFile ? 1 : file.position(diagnostic.range.begin).line;
    std::string marker = "# " + std::string(wholeFile ? kIgnoreFileComment : kIgnoreComment) + " ";
    std::string_view above = wholeFile  ? file.lineText(1)
                             : line > 1 ? file.lineText(line - 1)
                                        : std::string_view();
    std::string_view aboveTrimmed = trimBlanks(above);
    TextEdit edit;
    edit.range.file = &file;
    if (aboveTrimmed.substr(0, marker.size()) == marker) {
        std::size_t listBegin =
            static_cast<std::size_t>(aboveTrimmed.data() - above.data()) + marker.size();
        std::size_t listEnd = above.find_first_of(" \t", listBegin);
        if (listEnd == std::string_view::npos) listEnd = above.size();
        if (listNames(above.substr(listBegin, listEnd - listBegin), diagnostic.rule))
            return std::nullopt;
        std::size_t offset = static_cast<std::size_t>(above.data() - text.data()) + listEnd;
        edit.range.begin = edit.range.end = static_cast<std::uint32_t>(offset);
        edit.newText = "," + diagnostic.rule;
    } else {
        std::string_view content = file.lineText(line);
        std::size_t indentEnd = content.find_first_not_of(" \t");
        std::string_view indent =
            wholeFile ? std::string_view()
                      : content.substr(0, indentEnd == std::string_view::npos ? content.size()
                                                                              : indentEnd);
        // The new line ends like the line it goes above.
        std::size_t contentEnd =
            static_cast<std::size_t>(content.data() - text.data()) + content.size();
        std::size_t nextLine = static_cast<std::size_t>(line) < file.lineCount()
                                   ? file.lineStart(line + 1)
                                   : text.size();
        std::string_view lineBreak = text.substr(contentEnd, nextLine - contentEnd);
        std::size_t offset = file.lineStart(line);
        edit.range.begin = edit.range.end = static_cast<std::uint32_t>(offset);
        edit.newText = std::string(indent) + marker + diagnostic.rule +
                       std::string(lineBreak.empty() ? "\n" : lineBreak);
    }
    Fix fix;
    fix.title = wholeFile
                    ? "Ignore " + diagnostic.rule + " in this file"
                    : "Ignore " + diagnostic.rule + " here (# " + std::string(kIgnoreComment) + ")";
    fix.edits.push_back(std::move(edit));
    return fix;
}

} // namespace ordlint
