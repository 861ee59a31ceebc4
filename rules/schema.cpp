// schema: the object violates its Kubernetes or CRD schema (wrong type, missing required
// field, value outside an enum, malformed quantity). Validation itself lives in
// linter/schema_validation.*, shared with unknown-field.
#include "rule_contract.hpp"
#include "schema_validation.hpp"

namespace ordlint {

namespace {

class SchemaRule : public Rule {
  public:
    bool readsSchemaReport() const override { return true; }
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const SchemaFinding& finding : schemaReport(context).findings) {
            if (finding.unknownField) continue;
            Diagnostic& diagnostic =
                reporter.report(*finding.object, finding.range, finding.message);
            if (!finding.help.empty()) diagnostic.help = finding.help;
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeSchemaRule() {
    return std::make_unique<SchemaRule>();
}

} // namespace ordlint
