#include "output.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace ordlint {

namespace {

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
    return fmt::format("{}:{}:{}", range.file->path(), start.line, start.column);
}

void writeSnippet(std::ostream& out, const Diagnostic& diagnostic, const TextStyle& style) {
    const SourceRange& range = diagnostic.range;
    if (!range.file) return;
    Position start = range.file->position(range.begin);
    Position end = range.file->position(range.end);
    std::string_view line = range.file->lineText(start.line);
    std::size_t lineWidth = codePointCount(line);
    std::size_t underlineEnd =
        end.line == start.line ? static_cast<std::size_t>(end.column) : lineWidth + 1;
    std::size_t width =
        std::max<std::size_t>(1, underlineEnd > static_cast<std::size_t>(start.column)
                                     ? underlineEnd - static_cast<std::size_t>(start.column)
                                     : 1);
    std::string gutter = fmt::format("{:>5} | ", start.line);
    out << gutter << line << '\n';
    std::string pad(static_cast<std::size_t>(start.column - 1), ' ');
    // Keep tabs so the caret lines up under tab-indented text.
    for (std::size_t i = 0, column = 0; i < line.size() && column < pad.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
        if (line[i] == '\t') pad[column] = '\t';
        ++column;
    }
    std::string carets(width, '^');
    out << "      | " << pad;
    if (style.color)
        out << severityColor(diagnostic.severity) << carets << "\033[0m\n";
    else
        out << carets << '\n';
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
            << reset << ' ' << bold << d.message << reset << " [" << d.rule << "]\n";
        writeSnippet(out, d, style);
        if (!d.help.empty()) out << "  help: " << d.help << '\n';
        for (const RelatedLocation& related : d.related)
            out << "  note: " << location(related.range) << ": " << related.message << '\n';
        if (d.fix) out << "  fix: " << d.fix->title << " (run with --fix)\n";
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
