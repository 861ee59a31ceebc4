#include "rule_contract.hpp"
#include "suppressions.hpp"

#include <fmt/format.h>

namespace ordlint {

namespace {

constexpr std::string_view kId = "unused-ignore";

std::string whereWritten(Suppression::Scope scope) {
    switch (scope) {
    case Suppression::Scope::Line:
        return fmt::format("{} comment", kIgnoreComment);
    case Suppression::Scope::File:
        return fmt::format("{} comment", kIgnoreFileComment);
    case Suppression::Scope::Object:
        return fmt::format("{} annotation", kIgnoreAnnotation);
    }
    return "";
}

// Runs in the engine's second pass: it needs to know which suppressions the findings of
// every other rule used.
class UnusedIgnoreRule : public Rule {
  public:
    bool afterSuppressions() const override { return true; }

    void check(const LintContext& context, Reporter& reporter) const override {
        if (!context.suppressions || !context.rulesRun) return;
        for (const Suppression& s : context.suppressions->suppressions()) {
            if (s.used || s.rule == kId) continue;
            std::string message;
            std::string help;
            if (!context.rules.find(s.rule)) {
                message = fmt::format("{} names \"{}\", which is not an ordlint rule, so it "
                                      "suppresses nothing",
                                      whereWritten(s.scope), s.rule);
                help = "correct the rule id (see `ordlint rules`) or remove it";
            } else if (context.rulesRun->count(s.rule) == 0) {
                continue; // the rule did not run, so whether the ignore is needed is unknown
            } else {
                message = fmt::format("{} for {} suppresses nothing: {} reports no finding {}",
                                      whereWritten(s.scope), s.rule, s.rule,
                                      s.scope == Suppression::Scope::Line ? "on the line it covers"
                                      : s.scope == Suppression::Scope::File ? "in this file"
                                                                            : "on this object");
                help = fmt::format("remove \"{}\" from the {}; a stale ignore would hide a "
                                   "future finding of the same rule",
                                   s.rule, whereWritten(s.scope));
            }
            Diagnostic& d = s.object ? reporter.report(*s.object, s.range, std::move(message))
                                     : reporter.reportInFile(s.range, std::move(message));
            d.help = std::move(help);
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeUnusedIgnoreRule() {
    return std::make_unique<UnusedIgnoreRule>();
}

} // namespace ordlint
