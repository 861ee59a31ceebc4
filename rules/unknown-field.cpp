// unknown-field: a field the object's schema does not have, usually a typo or a field at the
// wrong level. Found by the schema validation (linter/schema_validation.*).
#include "rule_contract.hpp"
#include "schema_validation.hpp"

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
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeUnknownFieldRule() {
    return std::make_unique<UnknownFieldRule>();
}

} // namespace ordlint
