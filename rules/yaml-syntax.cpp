#include "rule_contract.hpp"

namespace ordlint {

namespace {

class YamlSyntaxRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const SyntaxProblem& problem : context.workspace.problems) {
            Diagnostic& d = reporter.reportInFile(problem.range, problem.message);
            d.help = problem.wholeFile
                         ? "this file is not linted; the other files still are"
                         : "this document is skipped; the other documents of the file and other "
                           "files are still linted";
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeYamlSyntaxRule() {
    return std::make_unique<YamlSyntaxRule>();
}

} // namespace ordlint
