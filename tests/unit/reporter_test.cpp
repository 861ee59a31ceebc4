// The rule contract as a rule sees it: a diagnostic a rule holds on to stays valid while it
// reports more (a vector behind Reporter would move it on growth).
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;

namespace {

// Reports one finding per object, filling each in only after all of them were reported.
class ReportsThenFillsIn : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        std::vector<Diagnostic*> held;
        for (const Object& object : context.workspace.objects)
            held.push_back(&reporter.report(object, {}, "object " + object.name));
        for (Diagnostic* diagnostic : held)
            diagnostic->help = "help for " + diagnostic->message;
    }
};

std::unique_ptr<Rule> makeReportsThenFillsIn() {
    return std::make_unique<ReportsThenFillsIn>();
}

} // namespace

TEST_CASE("a reported diagnostic stays valid while the rule reports more", "[engine]") {
    std::string text;
    for (int i = 0; i < 100; ++i)
        text +=
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + std::to_string(i) + "}\n";
    Workspace workspace = loadWorkspace({{"many.yaml", text}}, LoadOptions{});
    REQUIRE(workspace.objects.size() == 100);
    RuleRegistry registry({{"fills-in-late", Severity::Warning, makeReportsThenFillsIn, ""}});
    std::vector<Diagnostic> found = runRules(workspace, LintSettings{}, RuleSelection{}, registry);
    REQUIRE(found.size() == 100);
    for (const Diagnostic& diagnostic : found) {
        CHECK(diagnostic.rule == "fills-in-late");
        CHECK(diagnostic.help == "help for " + diagnostic.message);
    }
}
