#include "output_ci.hpp"

#include "printable.hpp"
#include "rule_contract.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

namespace ordlint {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// --- SARIF ---------------------------------------------------------------------------------

struct ArtifactUri {
    std::string uri;
    bool underRoot = true;
};

ArtifactUri artifactUri(const std::string& path, const fs::path& root) {
    if (path == "-") return {"-", true};
    std::error_code error;
    fs::path absolute = fs::absolute(path, error).lexically_normal();
    fs::path relative = absolute.lexically_relative(root);
    if (!relative.empty() && *relative.begin() != "..")
        return {percentEncodedPath(relative.generic_string()), true};
    return {"file://" + percentEncodedPath(absolute.generic_string()), false};
}

Json artifactLocation(const std::string& path, const fs::path& root) {
    ArtifactUri artifact = artifactUri(path, root);
    Json location{{"uri", artifact.uri}};
    if (artifact.underRoot) location["uriBaseId"] = "%SRCROOT%";
    return location;
}

Json region(const SourceRange& range) {
    Position start = range.file->position(range.begin);
    Position end = range.file->position(range.end);
    if (end.line < start.line || (end.line == start.line && end.column < start.column)) end = start;
    return {{"startLine", start.line},
            {"startColumn", start.column},
            {"endLine", end.line},
            {"endColumn", end.column}};
}

Json physicalLocation(const SourceRange& range, const fs::path& root) {
    return {{"artifactLocation", artifactLocation(range.file->path(), root)},
            {"region", region(range)}};
}

const char* sarifLevel(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "note";
    }
    return "none";
}

// "unused-ignore" -> "UnusedIgnore", the rule's friendly name in SARIF.
std::string pascalCase(std::string_view id) {
    std::string name;
    bool upper = true;
    for (char c : id) {
        if (c == '-') {
            upper = true;
            continue;
        }
        name += upper ? asciiUpper(c) : c;
        upper = false;
    }
    // SARIF1001: a rule's name must differ from its id, also in case ("schema" / "Schema").
    if (id.find('-') == std::string_view::npos) name += "Rule";
    return name;
}

// The first paragraph under "## Why is this bad?", joined into one line.
std::string whyParagraph(std::string_view doc) {
    std::size_t at = doc.find("## Why is this bad?");
    if (at == std::string_view::npos) return {};
    std::size_t begin = doc.find_first_not_of('\n', doc.find('\n', at));
    if (begin == std::string_view::npos) return {};
    std::size_t end = doc.find("\n\n", begin);
    std::string paragraph(doc.substr(begin, end == std::string_view::npos ? end : end - begin));
    for (char& c : paragraph)
        if (c == '\n') c = ' ';
    return paragraph;
}

Json ruleDescriptor(const RuleEntry& rule) {
    std::string_view doc = rule.documentation;
    std::string summary = ruleSummary(rule);
    std::string full = whyParagraph(doc);
    return {{"id", std::string(rule.id)},
            {"name", pascalCase(rule.id)},
            {"shortDescription", {{"text", summary}}},
            {"fullDescription", {{"text", full.empty() ? summary : full}}},
            {"helpUri", ruleDocsUrl(rule.id)},
            {"help", {{"text", std::string(doc)}, {"markdown", std::string(doc)}}},
            {"defaultConfiguration", {{"level", sarifLevel(rule.defaultSeverity)}}},
            {"properties", {{"tags", {"kubernetes", "ordlint"}}}}};
}

// 64-bit FNV-1a: a fingerprint must be identical on every platform and in every run.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ull) {
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

// Stable across edits elsewhere in the file: built from the rule, the file, the object and
// the offending line's text, never from line numbers or the message (which may cite lines).
std::string fingerprint(const Diagnostic& d, const std::string& uri,
                        std::map<std::uint64_t, int>& occurrences) {
    std::string key = d.rule + '\0' + uri + '\0';
    if (d.object) key += d.object->kind + '/' + d.object->ns + '/' + d.object->name;
    key += '\0';
    if (d.range.file)
        key += trimBlanks(d.range.file->lineText(d.range.file->position(d.range.begin).line));
    std::uint64_t hash = fnv1a(key);
    return fmt::format("{:016x}:{}", hash, ++occurrences[hash]);
}

Json sarifFix(const Fix& fix, const fs::path& root) {
    std::map<const SourceFile*, Json> changes;
    for (const TextEdit& edit : fix.edits) {
        if (!edit.range.file) continue;
        Json& change = changes[edit.range.file];
        if (change.is_null())
            change = {{"artifactLocation", artifactLocation(edit.range.file->path(), root)},
                      {"replacements", Json::array()}};
        change["replacements"].push_back(
            {{"deletedRegion", region(edit.range)}, {"insertedContent", {{"text", edit.newText}}}});
    }
    Json artifactChanges = Json::array();
    for (auto& [file, change] : changes)
        artifactChanges.push_back(std::move(change));
    return {{"description", {{"text", fix.title}}},
            {"artifactChanges", std::move(artifactChanges)}};
}

// --- GitHub workflow commands ---------------------------------------------------------------

const char* githubCommand(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "notice";
    }
    return "notice";
}

// --- JUnit -----------------------------------------------------------------------------------

// XML 1.0 text: the five entities escaped, and what XML cannot hold at all (even escaped)
// replaced by U+FFFD: control characters, bytes that are not UTF-8, U+FFFE and U+FFFF.
std::string xmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size(); ++at) {
        char c = text[at];
        if (static_cast<unsigned char>(c) >= 0x80) {
            std::size_t length = utf8SequenceLength(text, at);
            char32_t code = length ? decodeUtf8(text, at, length) : 0;
            if (length == 0 || code == 0xFFFE || code == 0xFFFF) {
                out += "\xEF\xBF\xBD";
            } else {
                out.append(text.substr(at, length));
                at += length - 1;
            }
            continue;
        }
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        case '\n':
            out += "&#10;";
            break;
        case '\r':
            out += "&#13;";
            break;
        case '\t':
            out += "&#9;";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += "\xEF\xBF\xBD";
            else
                out += c;
        }
    }
    return out;
}

std::string locationText(const SourceRange& range) {
    if (!range.file) return "<unknown>";
    Position at = range.file->position(range.begin);
    return fmt::format("{}:{}:{}", range.file->path(), at.line, at.column);
}

// What a person reads in the job log: the location and messages with control characters
// escaped, as in text output.
std::string printableLocation(const SourceRange& range) {
    return printable(locationText(range));
}

} // namespace

void writeSarif(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                const RuleRegistry& registry, const SarifOptions& options) {
    std::error_code error;
    fs::path root =
        fs::absolute(options.root.empty() ? fs::path(".") : fs::path(options.root), error)
            .lexically_normal();
    std::string rootUri = "file://" + percentEncodedPath(root.generic_string());
    if (rootUri.back() != '/') rootUri += '/';

    Json rules = Json::array();
    std::map<std::string_view, std::size_t> ruleIndex;
    for (const RuleEntry& rule : registry) {
        ruleIndex[rule.id] = rules.size();
        rules.push_back(ruleDescriptor(rule));
    }

    Json results = Json::array();
    std::map<std::uint64_t, int> occurrences;
    for (const Diagnostic& d : diagnostics) {
        Json result;
        result["ruleId"] = d.rule;
        if (auto found = ruleIndex.find(d.rule); found != ruleIndex.end())
            result["ruleIndex"] = found->second;
        result["level"] = sarifLevel(d.severity);
        std::string text = d.message;
        if (!d.help.empty()) text += "\nhelp: " + d.help;
        result["message"] = {{"text", text}};
        if (!d.range.file) {
            results.push_back(std::move(result));
            continue;
        }
        result["locations"] =
            Json::array({{{"physicalLocation", physicalLocation(d.range, root)}}});
        if (!d.related.empty()) {
            Json related = Json::array();
            int id = 0;
            for (const RelatedLocation& r : d.related) {
                if (!r.range.file) continue;
                related.push_back({{"id", ++id},
                                   {"physicalLocation", physicalLocation(r.range, root)},
                                   {"message", {{"text", r.message}}}});
            }
            result["relatedLocations"] = std::move(related);
        }
        result["partialFingerprints"] = {
            {"ordlint/v1",
             fingerprint(d, artifactUri(d.range.file->path(), root).uri, occurrences)}};
        if (d.fix) result["fixes"] = Json::array({sarifFix(*d.fix, root)});
        results.push_back(std::move(result));
    }

    Json run;
    run["tool"] = {{"driver",
                    {{"name", "ordlint"},
                     {"version", kOrdlintVersion},
                     {"semanticVersion", kOrdlintVersion},
                     {"informationUri", kOrdlintHomepage},
                     {"rules", std::move(rules)}}}};
    run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", rootUri}}}};
    run["invocations"] = Json::array({{{"executionSuccessful", true}}});
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = std::move(results);

    Json log;
    log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    log["version"] = "2.1.0";
    log["runs"] = Json::array({std::move(run)});
    out << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

std::string escapeGithubData(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '%':
            out += "%25";
            break;
        case '\r':
            out += "%0D";
            break;
        case '\n':
            out += "%0A";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string escapeGithubProperty(std::string_view text) {
    std::string out;
    for (char c : escapeGithubData(text)) {
        switch (c) {
        case ':':
            out += "%3A";
            break;
        case ',':
            out += "%2C";
            break;
        default:
            out += c;
        }
    }
    return out;
}

void writeGithub(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                 const RunSummary& summary) {
    for (const Diagnostic& d : diagnostics) {
        std::vector<std::string> properties;
        if (d.range.file) {
            Position start = d.range.file->position(d.range.begin);
            Position end = d.range.file->position(d.range.end);
            properties.push_back("file=" + escapeGithubProperty(d.range.file->path()));
            properties.push_back(fmt::format("line={}", start.line));
            // GitHub takes columns only for a range on one line.
            if (end.line == start.line) properties.push_back(fmt::format("col={}", start.column));
            properties.push_back(fmt::format("endLine={}", std::max(end.line, start.line)));
            if (end.line == start.line)
                properties.push_back(
                    fmt::format("endColumn={}", std::max(end.column, start.column)));
        }
        properties.push_back("title=" + escapeGithubProperty(d.rule));
        // Each part made printable, then the parts joined by the line breaks GitHub shows
        // (escaped as %0A by escapeGithubData, so no part can start a line of its own).
        std::string message = printable(d.message);
        if (!d.help.empty()) message += "\nhelp: " + printable(d.help);
        for (const RelatedLocation& related : d.related)
            message +=
                "\nnote: " + printableLocation(related.range) + ": " + printable(related.message);
        std::string joined;
        for (const std::string& property : properties)
            joined += (joined.empty() ? "" : ",") + property;
        out << "::" << githubCommand(d.severity) << ' ' << joined
            << "::" << escapeGithubData(message) << '\n';
    }
    out << summaryLine(diagnostics, summary) << '\n';
}

void writeJunit(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                const std::vector<std::string>& files, std::optional<Severity> failOn) {
    std::map<std::string, std::vector<const Diagnostic*>> byFile;
    std::vector<std::string> order = files;
    std::set<std::string> known(files.begin(), files.end());
    for (const Diagnostic& d : diagnostics) {
        std::string path = d.range.file ? d.range.file->path() : "<unknown>";
        if (known.insert(path).second) order.push_back(path);
        byFile[path].push_back(&d);
    }
    auto fails = [&](const Diagnostic& d) { return failOn && d.severity >= *failOn; };
    std::size_t tests = 0, failures = 0;
    for (const std::string& path : order) {
        tests += std::max<std::size_t>(1, byFile[path].size());
        for (const Diagnostic* d : byFile[path])
            if (fails(*d)) ++failures;
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << fmt::format("<testsuites name=\"ordlint\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                       tests, failures);
    for (const std::string& path : order) {
        const auto& found = byFile[path];
        std::size_t fileFailures = 0;
        for (const Diagnostic* d : found)
            if (fails(*d)) ++fileFailures;
        out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                           xmlEscape(path), std::max<std::size_t>(1, found.size()), fileFailures);
        if (found.empty())
            out << fmt::format("    <testcase classname=\"{0}\" name=\"ordlint\" file=\"{0}\"/>\n",
                               xmlEscape(path));
        for (const Diagnostic* d : found) {
            Position at = d->range.file ? d->range.file->position(d->range.begin) : Position{};
            out << fmt::format("    <testcase classname=\"{0}\" name=\"{1} {0}:{2}:{3}\" "
                               "file=\"{0}\" line=\"{2}\">\n",
                               xmlEscape(path), xmlEscape(d->rule), at.line, at.column);
            std::string details = fmt::format("{}: {}: {} [{}]", locationText(d->range),
                                              severityName(d->severity), d->message, d->rule);
            if (!d->help.empty()) details += "\nhelp: " + d->help;
            for (const RelatedLocation& related : d->related)
                details += "\nnote: " + locationText(related.range) + ": " + related.message;
            if (fails(*d))
                out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                                   xmlEscape(d->rule), xmlEscape(d->message), xmlEscape(details));
            else
                out << fmt::format("      <system-out>{}</system-out>\n", xmlEscape(details));
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

} // namespace ordlint
