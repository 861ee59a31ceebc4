#include "output.hpp"

#include "printable.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace ordlint {

namespace {

// A finding's source line is shown in a window of this many characters, starting this many
// before the finding when the line is longer.
constexpr std::size_t kExcerptColumns = 200;
constexpr std::size_t kExcerptContext = 60;

std::string plural(std::size_t count, std::string_view noun) {
    return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

const char* severityColor(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return "\033[1;31m";
    case Severity::Warning:
        return "\033[1;33m";
    case Severity::Info:
        return "\033[1;36m";
    }
    return "";
}

std::string location(const SourceRange& range) {
    if (!range.file) return "<unknown>";
    Position start = range.file->position(range.begin);
    return fmt::format("{}:{}:{}", printable(range.file->path()), start.line, start.column);
}

bool isContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The source line of a finding, cut to a window around its start (a minified 50 MB line must
// not print 50 MB per finding), with every character a terminal would act on escaped; then
// the caret line under the range, aligned with what was printed.
void writeSnippet(std::ostream& out, const Diagnostic& diagnostic, const TextStyle& style) {
    const SourceRange& range = diagnostic.range;
    if (!range.file) return;
    const SourceFile& file = *range.file;
    Position start = file.position(range.begin);
    Position end = file.position(range.end);
    std::string_view line = file.lineText(start.line);
    auto startColumn = static_cast<std::size_t>(start.column);
    std::size_t endColumn =
        end.line == start.line ? static_cast<std::size_t>(end.column) : SIZE_MAX;
    std::size_t firstColumn = startColumn > kExcerptContext ? startColumn - kExcerptContext : 1;
    std::size_t at =
        file.offsetOf({start.line, static_cast<int>(firstColumn)}) - file.lineStart(start.line);
    std::string shown = firstColumn > 1 ? "\u2026" : "";
    std::string pad = firstColumn > 1 ? " " : "";
    std::size_t carets = 0;
    std::size_t column = firstColumn;
    for (; at < line.size() && column < firstColumn + kExcerptColumns; ++column) {
        std::size_t next = at + 1;
        while (next < line.size() && isContinuationByte(line[next]))
            ++next;
        std::string piece = printable(line.substr(at, next - at));
        std::size_t width = codePointCount(piece);
        if (column < startColumn)
            pad += piece == "\t" ? piece : std::string(width, ' '); // keep tabs: carets line up
        else if (column < endColumn)
            carets += width;
        shown += piece;
        at = next;
    }
    if (at < line.size()) shown += "\u2026";
    out << fmt::format("{:>5} | ", start.line) << shown << '\n';
    std::string underline(std::max<std::size_t>(carets, 1), '^');
    out << "      | " << pad;
    if (style.color)
        out << severityColor(diagnostic.severity) << underline << "\033[0m\n";
    else
        out << underline << '\n';
}

nlohmann::ordered_json positionJson(const SourceRange& range) {
    nlohmann::ordered_json json;
    Position start = range.file->position(range.begin);
    Position end = range.file->position(range.end);
    json["line"] = start.line;
    json["column"] = start.column;
    json["endLine"] = end.line;
    json["endColumn"] = end.column;
    return json;
}

} // namespace

std::string summaryLine(const std::vector<Diagnostic>& diagnostics, const RunSummary& summary) {
    std::size_t counts[3] = {0, 0, 0};
    for (const Diagnostic& d : diagnostics)
        ++counts[static_cast<int>(d.severity)];
    std::string line = plural(counts[2], "error") + ", " + plural(counts[1], "warning");
    if (counts[0]) line += ", " + plural(counts[0], "info");
    // A run over the wrong folder (or only Helm sources) must not look like a clean one.
    if (summary.objects == 0)
        return line +
               fmt::format(" in {}: no Kubernetes objects found", plural(summary.files, "file"));
    return line + fmt::format(" in {} ({})", plural(summary.files, "file"),
                              plural(summary.objects, "object"));
}

void writeText(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
               const RunSummary& summary, const TextStyle& style) {
    const char* bold = style.color ? "\033[1m" : "";
    const char* reset = style.color ? "\033[0m" : "";
    for (const Diagnostic& d : diagnostics) {
        out << bold << location(d.range) << ':' << reset << ' '
            << (style.color ? severityColor(d.severity) : "") << severityName(d.severity) << ':'
            << reset << ' ' << bold << printable(d.message) << reset << " [" << d.rule << "]\n";
        writeSnippet(out, d, style);
        if (!d.help.empty()) out << "  help: " << printable(d.help) << '\n';
        for (const RelatedLocation& related : d.related)
            out << "  note: " << location(related.range) << ": " << printable(related.message)
                << '\n';
        if (d.fix) out << "  fix: " << printable(d.fix->title) << " (run with --fix)\n";
    }
    if (style.quiet && diagnostics.empty()) return;
    out << summaryLine(diagnostics, summary) << '\n';
}

void writeJson(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
               const RunSummary& summary) {
    using Json = nlohmann::ordered_json;
    Json report;
    report["version"] = 1;
    report["tool"] = {{"name", "ordlint"}, {"version", kOrdlintVersion}};
    Json list = Json::array();
    std::size_t counts[3] = {0, 0, 0};
    for (const Diagnostic& d : diagnostics) {
        ++counts[static_cast<int>(d.severity)];
        Json item;
        item["rule"] = d.rule;
        item["severity"] = severityName(d.severity);
        item["message"] = d.message;
        item["file"] = d.range.file ? d.range.file->path() : "";
        if (d.range.file) item.update(positionJson(d.range));
        if (d.object)
            item["object"] = {{"apiVersion", d.object->apiVersion},
                              {"kind", d.object->kind},
                              {"namespace", d.object->ns},
                              {"name", d.object->name}};
        else
            item["object"] = nullptr;
        item["help"] = d.help.empty() ? Json(nullptr) : Json(d.help);
        Json related = Json::array();
        for (const RelatedLocation& r : d.related) {
            Json entry;
            entry["file"] = r.range.file ? r.range.file->path() : "";
            if (r.range.file) {
                Position start = r.range.file->position(r.range.begin);
                entry["line"] = start.line;
                entry["column"] = start.column;
            }
            entry["message"] = r.message;
            related.push_back(std::move(entry));
        }
        item["related"] = std::move(related);
        if (d.fix) {
            Json edits = Json::array();
            for (const TextEdit& edit : d.fix->edits) {
                Json e = positionJson(edit.range);
                e["newText"] = edit.newText;
                edits.push_back(std::move(e));
            }
            item["fix"] = {{"title", d.fix->title}, {"edits", std::move(edits)}};
        } else {
            item["fix"] = nullptr;
        }
        list.push_back(std::move(item));
    }
    report["diagnostics"] = std::move(list);
    report["summary"] = {{"files", summary.files},
                         {"objects", summary.objects},
                         {"errors", counts[2]},
                         {"warnings", counts[1]},
                         {"infos", counts[0]}};
    out << report.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace ordlint
