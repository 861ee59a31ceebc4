// unknown-field: a field the object's schema does not have, usually a typo or a field at the
// wrong level. Found by the schema validation (linter/schema_validation.*).
#include "rule_contract.hpp"
#include "schema_validation.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

namespace ordlint {

namespace {

class UnknownFieldRule : public Rule {
  public:
    bool readsSchemaReport() const override { return true; }
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const SchemaFinding& finding : schemaReport(context).findings) {
            if (!finding.unknownField) continue;
            Diagnostic& diagnostic =
                reporter.report(*finding.object, finding.range, finding.message);
            if (!finding.help.empty()) diagnostic.help = finding.help;
            // "did you mean \"ordinals\"?": the key renamed, when the finding is on the key.
            std::string suggested;
            static const RE2 nearSpelling(R"re(did you mean "([^".]+)"\?)re");
            const SourceFile* file = finding.range.file;
            if (file && RE2::FullMatch(finding.help, nearSpelling, &suggested) &&
                finding.range.end > finding.range.begin) {
                std::string_view written(file->text().data() + finding.range.begin,
                                         finding.range.end - finding.range.begin);
                if (written.find_first_of(":\n") == std::string_view::npos)
                    diagnostic.remedies.push_back(
                        {fmt::format("Rename {} to {}", written, suggested),
                         {{finding.range, suggested}}});
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeUnknownFieldRule() {
    return std::make_unique<UnknownFieldRule>();
}

} // namespace ordlint
