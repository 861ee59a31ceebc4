// reparseInput (the language server's incremental parse) must give exactly what a fresh parse
// of the new text gives: same documents, indexes, problems, and every node at its new offset.
#include "engine.hpp"
#include "loader.hpp"
#include "registry.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace ordlint;

namespace {

void dumpNode(std::ostream& out, const Node* node, const SourceFile& file, int depth) {
    if (!node) return;
    out << std::string(static_cast<std::size_t>(depth), ' ') << static_cast<int>(node->kind) << ' '
        << node->value() << " [" << node->range.begin << ',' << node->range.end << ')'
        << (node->range.file == &file ? "" : " FOREIGN FILE") << '\n';
    for (const Node* item : node->items())
        dumpNode(out, item, file, depth + 1);
    for (const MapEntry& entry : node->entries()) {
        dumpNode(out, entry.key, file, depth + 1);
        dumpNode(out, entry.value, file, depth + 2);
    }
}

std::string dump(const ParsedInput& parsed) {
    std::ostringstream out;
    for (const auto& document : parsed.documents) {
        out << "document " << document->index << " [" << document->range.begin << ','
            << document->range.end << ')'
            << (document->file == parsed.file.get() ? "" : " FOREIGN FILE") << '\n';
        dumpNode(out, document->root, *parsed.file, 1);
    }
    for (const SyntaxProblem& problem : parsed.problems)
        out << "problem [" << problem.range.begin << ',' << problem.range.end << ") "
            << problem.message << (problem.range.file == parsed.file.get() ? "" : " FOREIGN FILE")
            << '\n';
    return out.str();
}

const std::string kService = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n"
                             "  selector: {app: db, \"apps.kubernetes.io/pod-index\": \"0\"}\n";
const std::string kStatefulSet = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n"
                                 "spec:\n  ordinals: {start: 1}\n  template:\n    metadata:\n"
                                 "      labels: &labels {app: db}\n  selector:\n"
                                 "    matchLabels: *labels\n";
const std::string kBroken = "apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n";

} // namespace

TEST_CASE("reparseInput equals a fresh parse after edits anywhere", "[loader][lsp]") {
    std::vector<std::pair<std::string, std::string>> edits = {
        // before -> after
        {kService + "---\n" + kStatefulSet,
         "# new first line\n" + kService + "---\n" + kStatefulSet},
        {kService + "---\n" + kStatefulSet, kService + "---\n" + kBroken + "---\n" + kStatefulSet},
        {kService + "---\n" + kBroken + "---\n" + kStatefulSet, kService + "---\n" + kStatefulSet},
        {kStatefulSet + "---\n" + kService, kService + "---\n" + kStatefulSet}, // swapped
        {kService + "---\n" + kService, kService + "---\n" + kService + "---\n" + kService},
        {kService, "%YAML 1.2\n---\n" + kService + "...\n"},
        {kService, std::string("bin\0ary", 7)},
        {std::string("bin\0ary", 7), kService},
        {kService + "---\n" + kStatefulSet, ""},
    };
    for (const auto& [before, after] : edits) {
        INFO("before:\n" << before << "\nafter:\n" << after);
        ParsedInput previous = parseInput({"f.yaml", before, true}, {});
        ParsedInput incremental = reparseInput({"f.yaml", after, true}, std::move(previous), {});
        ParsedInput fresh = parseInput({"f.yaml", after, true}, {});
        CHECK(dump(incremental) == dump(fresh));
    }
}

TEST_CASE("a reparsed file lints like a freshly loaded one", "[loader][lsp]") {
    std::string before =
        kStatefulSet + "---\n" + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    std::string after =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: \"1\", a: \"2\"}\n---\n" +
        before;
    auto previous = std::make_shared<ParsedInput>(parseInput({"f.yaml", before, true}, {}));
    auto incremental = std::make_shared<const ParsedInput>(
        reparseInput({"f.yaml", after, true}, std::move(*previous), {}));
    Workspace reused = assembleWorkspace({incremental}, {});
    Workspace loaded = loadWorkspace({{"f.yaml", after, true}}, {});
    auto a = runRules(reused, {}, {}, builtinRules());
    auto b = runRules(loaded, {}, {}, builtinRules());
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    CHECK(a[0].rule == b[0].rule);
    CHECK(a[0].range.begin == b[0].range.begin);
    CHECK(a[0].range.end == b[0].range.end);
    REQUIRE(reused.objects.size() == loaded.objects.size());
    for (std::size_t i = 0; i < reused.objects.size(); ++i) {
        CHECK(reused.objects[i].document->index == loaded.objects[i].document->index);
        CHECK(reused.objects[i].anchorRange().begin == loaded.objects[i].anchorRange().begin);
    }
}
