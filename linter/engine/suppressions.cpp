#include "suppressions.hpp"

#include "pod_templates.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace ordlint {

namespace {

// Splits "a, b,c" into the rule ids with their byte offsets in `text` (relative to `base`).
void addRules(std::string_view list, std::size_t base, Suppression prototype,
              const SourceFile& file, std::vector<Suppression>& out) {
    std::size_t pos = 0;
    while (pos <= list.size()) {
        std::size_t comma = list.find(',', pos);
        if (comma == std::string_view::npos) comma = list.size();
        std::size_t begin = pos, end = comma;
        while (begin < end && isBlank(list[begin]))
            ++begin;
        while (end > begin && isBlank(list[end - 1]))
            --end;
        if (end > begin) {
            Suppression s = prototype;
            s.rule = std::string(list.substr(begin, end - begin));
            s.range = {&file, static_cast<std::uint32_t>(base + begin),
                       static_cast<std::uint32_t>(base + end)};
            out.push_back(std::move(s));
        }
        pos = comma + 1;
    }
}

// The quoted and block scalars of a file, by start: a `#` inside one is text, not a comment
// (a plain scalar cannot contain " #").
class ScalarSpans {
  public:
    ScalarSpans(const std::vector<const Document*>& documents, const SourceFile& file) {
        for (const Document* document : documents) {
            forEachNode(*document, [&](const Node& node) {
                if (node.isScalar() && node.style != ScalarStyle::Plain && node.range.file == &file)
                    spans_.emplace_back(node.range.begin, node.range.end);
            });
        }
        std::sort(spans_.begin(), spans_.end());
        // Keep each span's end as the furthest end so far, so one lookup answers containment.
        for (std::size_t i = 1; i < spans_.size(); ++i)
            spans_[i].second = std::max(spans_[i].second, spans_[i - 1].second);
    }

    bool contains(std::size_t offset) const {
        auto after = std::upper_bound(spans_.begin(), spans_.end(),
                                      std::pair<std::uint32_t, std::uint32_t>(
                                          static_cast<std::uint32_t>(offset), UINT32_MAX));
        return after != spans_.begin() && std::prev(after)->second > offset;
    }

  private:
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans_;
};

// The line an own-line ignore comment covers: the next one that is neither blank nor a comment.
int coveredLine(const SourceFile& file, int commentLine) {
    for (int line = commentLine + 1; line <= static_cast<int>(file.lineCount()); ++line) {
        std::string_view text = file.lineText(line);
        std::size_t start = text.find_first_not_of(" \t");
        if (start != std::string_view::npos && text[start] != '#') return line;
    }
    return commentLine + 1;
}

void scanComments(const std::vector<const Document*>& documents, const SourceFile& file,
                  std::vector<Suppression>& out) {
    auto quoted = [](std::string_view text) {
        return RE2::QuoteMeta(re2::StringPiece(text.data(), text.size()));
    };
    static const RE2 directive(fmt::format(R"(#\s*({}|{})(?:\s+([^#]*?))?\s*(?:(?:--|#).*)?)",
                                           quoted(kIgnoreFileComment), quoted(kIgnoreComment)));
    const std::string& text = file.text();
    if (text.find(kIgnoreComment) == std::string::npos) return;
    ScalarSpans scalars(documents, file);
    for (int line = 1; line <= static_cast<int>(file.lineCount()); ++line) {
        std::string_view lineText = file.lineText(line);
        std::size_t hash = lineText.find('#');
        while (hash != std::string_view::npos && hash > 0 && !isBlank(lineText[hash - 1]))
            hash = lineText.find('#', hash + 1);
        if (hash == std::string_view::npos ||
            lineText.find(kIgnoreComment, hash) == std::string_view::npos)
            continue;
        std::size_t lineStart = file.lineStart(line);
        if (scalars.contains(lineStart + hash)) continue;
        re2::StringPiece comment(lineText.data() + hash, lineText.size() - hash);
        re2::StringPiece directiveName, rules;
        if (!RE2::FullMatch(comment, directive, &directiveName, &rules) || rules.empty()) continue;
        Suppression prototype;
        if (std::string_view(directiveName.data(), directiveName.size()) == kIgnoreFileComment) {
            prototype.scope = Suppression::Scope::File;
        } else {
            bool ownLine = lineText.find_first_not_of(" \t") == hash;
            prototype.line = ownLine ? coveredLine(file, line) : line;
        }
        std::size_t base = static_cast<std::size_t>(rules.data() - text.data());
        addRules(std::string_view(rules.data(), rules.size()), base, prototype, file, out);
    }
}

// The ignore annotation in `metadata` (an object's or a pod template's), if any.
const Node* ignoreAnnotation(const Node* metadata) {
    const Node* annotations =
        metadata && metadata->isMapping() ? metadata->get("annotations") : nullptr;
    return annotations && annotations->isMapping() ? annotations->get(kIgnoreAnnotation) : nullptr;
}

void scanAnnotation(const Object& object, const Node* value, std::vector<Suppression>& out) {
    if (!value || !value->isScalar() || !value->range.file) return;
    Suppression prototype;
    prototype.scope = Suppression::Scope::Object;
    prototype.object = &object;
    const SourceFile& file = *value->range.file;
    std::string_view written(file.text().data() + value->range.begin,
                             value->range.end - value->range.begin);
    // Point at the rule id in the source when the scalar is written as it reads (plain or
    // simply quoted); otherwise at the whole value.
    std::size_t inner = written.find(value->value());
    if (inner != std::string_view::npos) {
        addRules(value->value(), value->range.begin + inner, prototype, file, out);
    } else {
        std::size_t before = out.size();
        addRules(value->value(), 0, prototype, file, out);
        for (std::size_t i = before; i < out.size(); ++i)
            out[i].range = value->range;
    }
}

bool sameObject(const ObjectRef& a, const Object& b) {
    return a.kind == b.kind && a.name == b.name && a.ns == b.ns && a.apiVersion == b.apiVersion;
}

} // namespace

SuppressionIndex::SuppressionIndex(const Workspace& workspace) {
    std::unordered_map<const SourceFile*, std::vector<const Document*>> documentsOf;
    for (const auto& document : workspace.documents)
        documentsOf[document->file].push_back(document.get());
    // A refused file (binary, too large) was not read as YAML: text in it is no comment.
    std::unordered_set<const SourceFile*> refused;
    for (const SyntaxProblem& problem : workspace.problems)
        if (problem.wholeFile) refused.insert(problem.range.file);
    for (const auto& file : workspace.files)
        if (!refused.count(file.get())) scanComments(documentsOf[file.get()], *file, suppressions_);
    for (const Object& object : workspace.objects) {
        // On the object, or on its pod template, where it covers the workload (and the
        // template, which is part of it).
        scanAnnotation(object, ignoreAnnotation(object.metadata()), suppressions_);
        // Charts often expose the pod template's annotations (podAnnotations) but not the
        // workload's own. A Pod is its own template: its annotation is read once.
        if (!object.node->get("spec")) continue;
        for (const PodTemplate& podTemplate : podTemplatesOf(object))
            if (podTemplate.metadata && podTemplate.metadata != object.metadata())
                scanAnnotation(object, ignoreAnnotation(podTemplate.metadata), suppressions_);
    }
    for (std::size_t i = 0; i < suppressions_.size(); ++i) {
        const Suppression& s = suppressions_[i];
        int line = s.scope == Suppression::Scope::Line   ? s.line
                   : s.scope == Suppression::Scope::File ? 0
                                                         : -1;
        index_[Key{s.range.file, line, s.rule}].push_back(i);
    }
}

bool SuppressionIndex::suppresses(const Diagnostic& diagnostic) {
    const SourceFile* file = diagnostic.range.file;
    if (!file || suppressions_.empty()) return false;
    bool suppressed = false;
    auto mark = [&](int line, auto&& covers) {
        auto found = index_.find(KeyLess::View{file, line, diagnostic.rule});
        if (found == index_.end()) return;
        for (std::size_t i : found->second) {
            if (!covers(suppressions_[i])) continue;
            suppressions_[i].used = true;
            suppressed = true;
        }
    };
    auto always = [](const Suppression&) { return true; };
    mark(0, always);
    mark(file->position(diagnostic.range.begin).line, always);
    if (diagnostic.object)
        mark(-1, [&](const Suppression& s) { return sameObject(*diagnostic.object, *s.object); });
    return suppressed;
}

} // namespace ordlint
