// Unit tests of the pieces behind the downward-API and env rules: field path splitting, label
// key validation, quantity canonicalisation, `$(VAR)` scanning, and fix application.
#include "downward_api.hpp"
#include "env_vars.hpp"
#include "fixes.hpp"
#include "quantity.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;
using namespace ordlint::test;

TEST_CASE("subscripted field paths split as the API server splits them", "[downward-api]") {
    auto split = splitSubscriptedPath("metadata.labels['app.kubernetes.io/name']");
    REQUIRE(split);
    CHECK(split->path == "metadata.labels");
    CHECK(split->key == "app.kubernetes.io/name");
    CHECK(splitSubscriptedPath("metadata.labels['']")->key.empty());
    CHECK(splitSubscriptedPath("metadata.labels['a[b]c']")->key == "a[b]c");
    CHECK_FALSE(splitSubscriptedPath("metadata.labels[\"app\"]"));
    CHECK_FALSE(splitSubscriptedPath("metadata.labels[ 'app' ]"));
    CHECK_FALSE(splitSubscriptedPath("['app']"));
    CHECK_FALSE(splitSubscriptedPath("metadata.labels"));
}

TEST_CASE("label keys are validated as qualified names", "[downward-api]") {
    for (const char* valid :
         {"app", "App.Name_1", "example.com/MyName", "apps.kubernetes.io/pod-index", "a"})
        CHECK(qualifiedNameProblem(valid).empty());
    CHECK(qualifiedNameProblem("") == "name part must be non-empty");
    CHECK(qualifiedNameProblem("/app") == "prefix part must be non-empty");
    CHECK(qualifiedNameProblem("example.com/") == "name part must be non-empty");
    CHECK_THAT(qualifiedNameProblem("Example.com/app"),
               Catch::StartsWith("prefix part a lowercase RFC 1123"));
    CHECK_THAT(qualifiedNameProblem("a/b/c"), Catch::StartsWith("a valid label key"));
    CHECK_THAT(qualifiedNameProblem("-app"), Catch::StartsWith("name part must consist"));
    CHECK_THAT(qualifiedNameProblem("app name"), Catch::StartsWith("name part must consist"));
    CHECK(qualifiedNameProblem(std::string(64, 'a')) == "name part must be no more than 63 bytes");
    CHECK(qualifiedNameProblem(std::string(63, 'a')).empty());
}

TEST_CASE("quantities compare by their canonical form", "[quantity]") {
    auto canonical = [](const char* text) {
        return canonicalUnitForm(*parseQuantity(text)).value_or("-");
    };
    CHECK(canonical("1") == "1");
    CHECK(canonical("1000m") == "1");
    CHECK(canonical("0.001") == "1m");
    CHECK(canonical("1000000u") == "1");
    CHECK(canonical("1000") == "1k");
    CHECK(canonical("1e0") == "1");
    CHECK(canonical("1e3") == "-"); // canonically "1e3"
    CHECK(canonical("1024Ki") == "1Mi");
    CHECK(canonical("1Ei") == "1Ei");
    CHECK(canonical("1024") == "-");    // "1024": no suffix means decimal
    CHECK(canonical("1000Ki") == "-");  // "1000Ki"
    CHECK(canonical("0.5Ki") == "-");   // "512"
    CHECK(canonical("1048576") == "-"); // "1048576"
    CHECK(canonical("2") == "-");
    CHECK(canonical("-1") == "-");
    CHECK(parseQuantity("0Mi")->zero);
    for (const char* bad : {"", "Mi", "1MB", "1.2.3", "1e", "1 Mi", "abc"})
        CHECK_FALSE(parseQuantity(bad));
    CHECK(unitWithSameValue(*parseQuantity("1024")) == "1Ki");
    CHECK(unitWithSameValue(*parseQuantity("1e3")) == "1k");
    CHECK_FALSE(unitWithSameValue(*parseQuantity("3")));
}

TEST_CASE("$(VAR) is scanned like the kubelet's expansion", "[env]") {
    ExpansionScan scan = scanExpansion("a $(X) $$(Y) $(Z $(W) ${V} $");
    REQUIRE(scan.references.size() == 2);
    CHECK(scan.references[0].name == "X");
    CHECK(scan.references[1].name == "Z $(W"); // everything up to the first ')'
    CHECK(scanExpansion("$(A").unclosed == std::vector<std::size_t>{0});
    CHECK(scanExpansion("$$$(A)").references.size() == 1);
    CHECK(isVariableName("POD_NAME"));
    CHECK(isVariableName("my.var-1"));
    CHECK_FALSE(isVariableName("echo hi"));
    CHECK_FALSE(isVariableName("1ABC"));
}

TEST_CASE("fixes apply back to front and skip overlapping edits", "[fix]") {
    SourceFile file("f.yaml", "a: one\nb: two\n");
    auto at = [&](std::uint32_t begin, std::uint32_t end) {
        return SourceRange{&file, begin, end};
    };
    std::vector<Diagnostic> diagnostics(3);
    diagnostics[0].fix = Fix{"first", {{at(3, 6), "1"}}};
    diagnostics[1].fix = Fix{"overlapping", {{at(4, 5), "x"}}};
    diagnostics[2].fix = Fix{"second", {{at(10, 13), "2"}, {at(7, 8), "B"}}};
    std::vector<FixedFile> fixed = applyFixes(diagnostics);
    REQUIRE(fixed.size() == 1);
    CHECK(fixed[0].text == "a: 1\nB: 2\n");
    CHECK(fixed[0].applied.size() == 2);
}

TEST_CASE("scalar replacements keep the scalar's quoting style", "[fix]") {
    InProcess r = lintText("a: metadata.labels.x\nb: \"v\"\nc: 'v'\nd: {e: f}\n");
    const Node* root = r.workspace.documents.front()->root;
    CHECK(replaceScalar(*root->get("a"), "metadata.labels['x']", false)->newText ==
          "metadata.labels['x']");
    CHECK(replaceScalar(*root->get("b"), "it's", false)->newText == "\"it's\"");
    CHECK(replaceScalar(*root->get("c"), "it's", false)->newText == "'it''s'");
    CHECK(replaceScalar(*root->get("d")->get("e"), "x['y']", true)->newText == "\"x['y']\"");
    CHECK(replaceScalar(*root->get("a"), "true", false)->newText == "'true'");
}
