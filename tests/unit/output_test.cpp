#include "output.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace ordlint;

namespace {
std::vector<Diagnostic> sample(const SourceFile& file) {
    Diagnostic d;
    d.rule = "duplicate-key";
    d.severity = Severity::Error;
    d.message = "key \"app\" repeats";
    std::size_t begin = file.text().find("app: b");
    d.range = {&file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + 6)};
    d.object = ObjectRef{"v1", "Service", "default", "web"};
    d.help = "remove one";
    d.related.push_back({{&file, 30, 33}, "first definition"});
    return {d};
}
} // namespace

TEST_CASE("text output is compiler style with a caret underline", "[output]") {
    SourceFile file("svc.yaml", "kind: Service\nspec:\n  selector:\n    app: a\n    app: b\n");
    std::ostringstream out;
    writeText(out, sample(file), RunSummary{1, 1}, TextStyle{});
    CHECK(out.str() == "svc.yaml:5:5: error: key \"app\" repeats [duplicate-key]\n"
                       "    5 |     app: b\n"
                       "      |     ^^^^^^\n"
                       "  help: remove one\n"
                       "  note: svc.yaml:3:11: first definition\n"
                       "1 error, 0 warnings in 1 file (1 object)\n");
}

TEST_CASE("quiet text output prints nothing without findings", "[output]") {
    std::ostringstream quiet, normal;
    writeText(quiet, {}, RunSummary{2, 5}, TextStyle{false, true});
    writeText(normal, {}, RunSummary{2, 5}, TextStyle{});
    CHECK(quiet.str().empty());
    CHECK(normal.str() == "0 errors, 0 warnings in 2 files (5 objects)\n");
}

TEST_CASE("JSON output has the documented fields in order", "[output]") {
    SourceFile file("svc.yaml", "kind: Service\nspec:\n  selector:\n    app: a\n    app: b\n");
    std::ostringstream out;
    writeJson(out, sample(file), RunSummary{1, 1});
    auto json = nlohmann::ordered_json::parse(out.str());
    std::vector<std::string> keys;
    for (auto& [key, value] : json.items())
        keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"version", "tool", "diagnostics", "summary"});
    auto& d = json["diagnostics"][0];
    std::vector<std::string> fields;
    for (auto& [key, value] : d.items())
        fields.push_back(key);
    CHECK(fields == std::vector<std::string>{"rule", "severity", "message", "file", "line",
                                             "column", "endLine", "endColumn", "object", "help",
                                             "related", "fix"});
    CHECK(d["line"] == 5);
    CHECK(d["column"] == 5);
    CHECK(d["endColumn"] == 11);
    CHECK(d["object"]["namespace"] == "default");
    CHECK(d["related"][0]["line"] == 3);
    CHECK(d["fix"].is_null());
    CHECK(json["summary"]["errors"] == 1);
    CHECK(json["summary"]["infos"] == 0);
}

TEST_CASE("summary line pluralises", "[output]") {
    std::vector<Diagnostic> diagnostics(3);
    diagnostics[0].severity = Severity::Error;
    diagnostics[1].severity = Severity::Warning;
    diagnostics[2].severity = Severity::Info;
    CHECK(summaryLine(diagnostics, RunSummary{1, 41}) ==
          "1 error, 1 warning, 1 info in 1 file (41 objects)");
}
