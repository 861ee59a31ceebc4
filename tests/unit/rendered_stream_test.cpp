#include "loader.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;

namespace {
const char* const kHelmOutput = "---\n"
                                "# Source: web/templates/service.yaml\n"
                                "apiVersion: v1\n"
                                "kind: Service\n"
                                "metadata:\n"
                                "  name: web\n"
                                "---\n"
                                "# Source: web/templates/sts.yaml\n"
                                "apiVersion: apps/v1\n"
                                "kind: StatefulSet\n"
                                "metadata:\n"
                                "  name: web\n"
                                "---\n"
                                "# Source: web/templates/sts.yaml\n"
                                "apiVersion: v1\n"
                                "kind: ConfigMap\n"
                                "metadata: {name: web}\n";
} // namespace

TEST_CASE("a helm template stream is split into its templates", "[loader][helm]") {
    std::vector<InputText> parts = splitRenderedStream({"-", kHelmOutput});
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].displayPath == "web/templates/service.yaml");
    CHECK(parts[0].text == "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
    CHECK(parts[0].stream == "-");
    CHECK(parts[1].displayPath == "web/templates/sts.yaml");
    CHECK(parts[2].displayPath == "web/templates/sts.yaml");
    CHECK(parts[2].text == "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n");
}

TEST_CASE("a stream without # Source: comments is left whole", "[loader][helm]") {
    std::string text = "apiVersion: v1\nkind: ConfigMap\n---\n# Sources: many\nkind: Secret\n";
    std::vector<InputText> parts = splitRenderedStream({"-", text});
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].displayPath == "-");
    CHECK(parts[0].text == text);
    CHECK(parts[0].stream.empty());
}

TEST_CASE("documents of a stream without # Source: keep their stream lines", "[loader][helm]") {
    std::string text = std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n") +
                       kHelmOutput + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: last}\n";
    std::vector<InputText> parts = splitRenderedStream({"-", text});
    REQUIRE(parts.size() == 4);
    CHECK(parts[0].displayPath == "-");
    SourceFile rest(parts[0].displayPath, parts[0].text);
    CHECK(rest.lineText(1) == "apiVersion: v1");
    CHECK(rest.lineText(23) == "kind: Secret"); // line 23 of the original stream
    Workspace ws = loadWorkspace(std::move(parts), LoadOptions{});
    CHECK(ws.objects.size() == 5);
}

TEST_CASE("findings in a helm stream point at the template and the line inside it",
          "[loader][helm]") {
    std::string text = "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n"
                       "metadata: {name: web}\ndata:\n  a: '1'\n  a: '2'\n"
                       "---\n# Source: web/templates/cm2.yaml\napiVersion: v1\nkind: ConfigMap\n"
                       "metadata: {name: web}\n";
    Workspace ws = loadWorkspace(splitRenderedStream({"-", text}), LoadOptions{});
    std::vector<Diagnostic> found = runRules(ws, LintSettings{}, RuleSelection{}, builtinRules());
    REQUIRE(found.size() == 2);
    CHECK(found[0].rule == "duplicate-key");
    CHECK(found[0].range.file->path() == "web/templates/cm.yaml");
    CHECK(found[0].range.file->position(found[0].range.begin).line == 6);
    // The two templates were one stream: applying it keeps only one ConfigMap web.
    CHECK(found[1].rule == "duplicate-object");
    CHECK(found[1].range.file->path() == "web/templates/cm2.yaml");
    CHECK(found[1].range.file->position(found[1].range.begin).line == 3);
}
