#include "support.hpp"
#include "yaml_tree.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;

namespace {
struct Parsed {
    SourceFile file;
    ParsedFile result;
    explicit Parsed(std::string text, LoadLimits limits = {})
        : file("t.yaml", std::move(text)), result(parseYaml(file, limits)) {}
    const Node& root(std::size_t document = 0) const {
        return *result.documents.at(document)->root;
    }
    std::string textOf(const SourceRange& range) const {
        return file.text().substr(range.begin, range.end - range.begin);
    }
};
} // namespace

TEST_CASE("scalar ranges cover exactly the scalar text", "[yaml]") {
    Parsed p("a: plain value  # comment\n"
             "b: \"double \\\" quoted\"\n"
             "c: 'single '' quoted'\n"
             "d: |\n"
             "  line one\n"
             "  line two\n"
             "e: &anchor tagged\n"
             "f:\n"
             "g: [x, {h: i}]\n");
    const Node& root = p.root();
    CHECK(p.textOf(root.get("a")->range) == "plain value");
    CHECK(p.textOf(root.get("b")->range) == "\"double \\\" quoted\"");
    CHECK(p.textOf(root.get("c")->range) == "'single '' quoted'");
    CHECK(p.textOf(root.get("d")->range) == "|\n  line one\n  line two");
    CHECK(p.textOf(root.get("e")->range) == "tagged");
    CHECK(root.get("f")->isNull());
    CHECK(p.textOf(root.get("g")->range) == "[x, {h: i}]");
    CHECK(p.textOf(root.get("g")->items()[1]->range) == "{h: i}");
    CHECK(p.textOf(entryRange(*root.entry("b"))) == "b: \"double \\\" quoted\"");
    CHECK(root.get("b")->style == ScalarStyle::Quoted);
    CHECK(root.get("d")->style == ScalarStyle::Literal);
}

TEST_CASE("positions are 1-based and count code points", "[yaml]") {
    Parsed p("k: \"é\"\nname: ünïcode: x\n");
    REQUIRE(p.result.problems.size() == 1);
    Position at = p.file.position(p.result.problems[0].range.begin);
    CHECK(at.line == 2);
    CHECK(at.column == 14); // the second ':' after "name: ünïcode", counted in characters
    Parsed ok("k: \"é\" \nv: éé x\n");
    Position v = ok.file.position(ok.root().get("v")->range.end);
    CHECK(v.line == 2);
    CHECK(v.column == 8); // exclusive end, after "éé x"
}

TEST_CASE("a broken document does not stop the documents after it", "[yaml]") {
    Parsed p("a: 1\n---\nb: [1, 2\nc: d\n---\ne: 3\n");
    REQUIRE(p.result.documents.size() == 2);
    CHECK(p.root(0).get("a")->value() == "1");
    CHECK(p.root(1).get("e")->value() == "3");
    REQUIRE(p.result.problems.size() == 1);
    CHECK(p.file.position(p.result.problems[0].range.begin).line == 4);
    CHECK(p.result.documents[1]->index == 2);
}

TEST_CASE("unterminated quotes are syntax errors, not documents that swallow the file", "[yaml]") {
    Parsed p("a: \"open\n---\nb: 2\n");
    REQUIRE(p.result.problems.size() == 1);
    CHECK(p.result.problems[0].message == "missing closing double quote");
    REQUIRE(p.result.documents.size() == 1);
    CHECK(p.root(0).get("b")->value() == "2");
}

TEST_CASE("duplicate keys are kept in the tree", "[yaml]") {
    Parsed p("a: 1\na: 2\n");
    REQUIRE(p.root().entries().size() == 2);
    CHECK(p.root().get("a")->value() == "1");
}

TEST_CASE("scalars resolve like the API server's YAML decoder", "[yaml]") {
    Parsed p(
        "s: \"0\"\ni: 0\nh: 0x1F\no: 0755\nb: yes\nf: 1.5\nn: ~\nt: !!str 12\nw: web-0\nv: 1.34\n");
    const Node& r = p.root();
    CHECK(r.get("s")->scalarType() == ScalarType::String);
    CHECK(r.get("s")->string() == "0");
    CHECK(r.get("i")->integer() == 0);
    CHECK(r.get("h")->integer() == 31);
    CHECK(r.get("o")->integer() == 493);
    CHECK(r.get("b")->scalarType() == ScalarType::Bool);
    CHECK(r.get("f")->scalarType() == ScalarType::Float);
    CHECK(r.get("n")->scalarType() == ScalarType::Null);
    CHECK(r.get("t")->scalarType() == ScalarType::String);
    CHECK(r.get("w")->scalarType() == ScalarType::String);
    CHECK(r.get("v")->scalarType() == ScalarType::Float);
    CHECK_FALSE(r.get("s")->integer());
}

TEST_CASE("JSON parses as YAML with ranges", "[yaml]") {
    Parsed p(
        "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"spec\": {\"a\": [1, 2]}\n}\n");
    const Node& r = p.root();
    CHECK(r.get("kind")->value() == "Pod");
    CHECK(p.textOf(r.get("spec")->range) == "{\"a\": [1, 2]}");
    CHECK(p.file.position(r.get("kind")->range.begin).line == 3);
}

TEST_CASE("aliases share nodes and alias bombs are refused", "[yaml][limits]") {
    Parsed shared("base: &b {x: 1}\ncopy: *b\n");
    CHECK(shared.root().get("copy") == shared.root().get("base"));

    std::string bomb =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        std::string prev(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + std::string(1, c) + " [*" + prev;
        for (int i = 0; i < 8; ++i)
            bomb += ",*" + prev;
        bomb += "]\n";
    }
    Parsed p(bomb);
    CHECK(p.result.documents.empty());
    REQUIRE(p.result.problems.size() == 1);
    CHECK_THAT(p.result.problems[0].message, Catch::Contains("alias bomb"));
}

TEST_CASE("deep nesting is refused with a location", "[yaml][limits]") {
    Parsed p(std::string(100000, '[') + std::string(100000, ']') + "\n");
    CHECK(p.result.documents.empty());
    REQUIRE(p.result.problems.size() == 1);
    CHECK_THAT(p.result.problems[0].message, Catch::Contains("nesting deeper than 200"));
    CHECK(p.file.position(p.result.problems[0].range.begin).column == 201);
}

TEST_CASE("binary and non-UTF-8 files are refused", "[yaml][limits]") {
    Parsed binary(std::string("apiVersion: v1\n\x00\x01\x02", 18));
    CHECK(binary.result.documents.empty());
    REQUIRE(binary.result.problems.size() == 1);
    CHECK(binary.file.position(binary.result.problems[0].range.begin).line == 2);
    Parsed latin1("name: caf\xe9\n");
    REQUIRE(latin1.result.problems.size() == 1);
    CHECK_THAT(latin1.result.problems[0].message, Catch::Contains("not UTF-8"));
    // After long ASCII runs (checked a word at a time), and after valid multi-byte characters.
    Parsed late("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \xff}\n");
    REQUIRE(late.result.problems.size() == 1);
    CHECK(late.file.position(late.result.problems[0].range.begin).line == 3);
    CHECK(late.file.position(late.result.problems[0].range.begin).column == 18);
    Parsed nul(std::string("apiVersion: v1\nkind: Config\0Map\n", 32));
    REQUIRE(nul.result.problems.size() == 1);
    CHECK(nul.result.problems[0].range.begin == 27);
    Parsed valid(
        "a: \"\xc3\xa9t\xc3\xa9\"\nb: \xe2\x82\xac\xe2\x82\xac\xe2\x82\xac and more ASCII text\n");
    CHECK(valid.result.problems.empty());
}

TEST_CASE("oversized files are refused", "[yaml][limits]") {
    LoadLimits limits;
    limits.maxFileBytes = 10;
    Parsed p("a: 123456789012\n", limits);
    CHECK(p.result.documents.empty());
    REQUIRE(p.result.problems.size() == 1);
}

TEST_CASE("merge keys resolve with go-yaml v2 precedence", "[yaml][merge]") {
    Parsed p("base: &base {app: web, tier: front, zone: a}\n"
             "extra: &extra {tier: back, team: shop, zone: b}\n"
             "one:\n"
             "  <<: *base\n"
             "  tier: written\n"
             "list:\n"
             "  <<: [*extra, *base]\n"
             "inline: {<<: {x: 1}, y: 2}\n"
             "quoted: {\"<<\": *base}\n"
             "nested:\n"
             "  <<: {<<: *base, app: api}\n");
    const Node& root = p.root();
    const Node& one = *root.get("one");
    // Written keys win; the `<<` entry itself is gone.
    CHECK(one.get("<<") == nullptr);
    CHECK(one.get("tier")->value() == "written");
    CHECK(one.get("app")->value() == "web");
    // The merged value's range is where it is written: in the anchored mapping, line 1.
    CHECK(p.file.position(one.get("app")->range.begin).line == 1);
    CHECK(p.textOf(one.entry("zone")->key->range) == "zone");
    REQUIRE(one.entries().size() == 3);
    CHECK(one.entries()[0].key->value() == "tier"); // written first, then merged in order
    // Earlier merged mappings win over later ones.
    const Node& list = *root.get("list");
    CHECK(list.get("tier")->value() == "back");
    CHECK(list.get("zone")->value() == "b");
    CHECK(list.get("app")->value() == "web");
    CHECK(list.get("team")->value() == "shop");
    CHECK(list.entries().size() == 4);
    CHECK(root.get("inline")->get("x")->value() == "1");
    CHECK(root.get("inline")->entries().size() == 2);
    // A quoted "<<" is an ordinary key.
    CHECK(root.get("quoted")->get("<<") != nullptr);
    CHECK(root.get("quoted")->get("app") == nullptr);
    // A merged mapping's own merge keys are resolved first.
    CHECK(root.get("nested")->get("app")->value() == "api");
    CHECK(root.get("nested")->get("zone")->value() == "a");
}

TEST_CASE("a merge key whose value is not a mapping is a syntax problem", "[yaml][merge]") {
    Parsed p("a:\n  <<: scalar\n  b: 1\n---\nc: {<<: [1, 2]}\n---\nd: 1\n");
    REQUIRE(p.result.problems.size() == 2);
    CHECK_THAT(p.result.problems[0].message, Catch::Contains("map merge"));
    CHECK(p.file.position(p.result.problems[0].range.begin).line == 2);
    // The document after them is read.
    CHECK(
        std::any_of(p.result.documents.begin(), p.result.documents.end(), [](const auto& document) {
            return document->root && document->root->get("d");
        }));
}

namespace {
// What parseYaml's result says, in text: every document's number, range and nodes (kind and
// range, in parse order), every problem, the node count and whether the file stopped.
std::string describe(const ParsedFile& parsed) {
    std::string out;
    for (const auto& document : parsed.documents) {
        out += "document " + std::to_string(document->index) + " [" +
               std::to_string(document->range.begin) + "," + std::to_string(document->range.end) +
               ") root [" + std::to_string(document->root->range.begin) + "," +
               std::to_string(document->root->range.end) + ")";
        forEachNode(*document, [&](const Node& node) {
            out += " " + std::to_string(static_cast<int>(node.kind)) + ":" +
                   std::to_string(node.range.begin) + "-" + std::to_string(node.range.end) + ":";
            out += node.value();
        });
        out += "\n";
    }
    for (const SyntaxProblem& problem : parsed.problems)
        out += "problem [" + std::to_string(problem.range.begin) + "," +
               std::to_string(problem.range.end) + ") " + problem.message +
               (problem.wholeFile ? " (whole file)" : "") + "\n";
    return out + "nodes " + std::to_string(parsed.nodes) + (parsed.stopped ? " stopped" : "") +
           "\n";
}
} // namespace

TEST_CASE("a stream parsed in parallel batches gives parseYaml's documents, numbers and problems",
          "[yaml][parallel]") {
    // Empty documents, broken ones, `---` inside a block scalar (indented: content; at column
    // 0: a document marker, as in YAML), `...` ends, flow collections over several lines.
    std::string stream = "# head comment\n---\n---\na: 1\n---\nb: [1,\n  2]\n"
                         "---\nscript: |\n  echo start\n  ---\n  echo end\n"
                         "---\nbroken: [\n---\nc: {d: e,\n  f: g}\n...\n"
                         "---\nliteral: |\n  text\n---\nafter: marker\n"
                         "---\n- x\n- &a y\n- *a\n---\n\"quoted\": \"x\"\n";
    std::string text;
    for (int i = 0; i < 6; ++i)
        text += stream;
    SourceFile file("t.yaml", text);
    std::string sequential = describe(parseYaml(file, LoadLimits{}));
    CHECK(sequential.find("problem") != std::string::npos);
    for (std::size_t batchBytes : {std::size_t(1), std::size_t(40), std::size_t(200)})
        for (unsigned threads : {1u, 2u, 4u}) {
            INFO("batch bytes " << batchBytes << ", threads " << threads);
            CHECK(describe(parseYamlInParallel(file, LoadLimits{}, threads, batchBytes)) ==
                  sequential);
        }

    SECTION("per-file limits stop where parseYaml stops") {
        for (std::size_t maxDocuments : {std::size_t(1), std::size_t(7), std::size_t(40)})
            for (std::size_t maxNodes : {std::size_t(5), std::size_t(60), std::size_t(10000)}) {
                LoadLimits limits;
                limits.maxDocuments = maxDocuments;
                limits.maxNodes = maxNodes;
                INFO("max documents " << maxDocuments << ", max nodes " << maxNodes);
                std::string reference = describe(parseYaml(file, limits));
                CHECK(describe(parseYamlInParallel(file, limits, 3, 30)) == reference);
            }
    }
    SECTION("a refused file is refused the same way") {
        SourceFile binary("b.yaml", std::string("a: 1\n---\nb: \0\n", 14));
        CHECK(describe(parseYamlInParallel(binary, LoadLimits{}, 2, 1)) ==
              describe(parseYaml(binary, LoadLimits{})));
    }
}
