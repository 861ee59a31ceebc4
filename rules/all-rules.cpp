// The one table of rules. Order is documentation order (`ordlint rules`).
#include "rule.hpp"

#include "rules.hpp"

namespace ordlint {

const std::vector<RuleEntry>& ruleRegistry() {
    static const std::vector<RuleEntry> rules{
        {"yaml-syntax", Severity::Error, makeYamlSyntaxRule},
        {"duplicate-key", Severity::Error, makeDuplicateKeyRule},
        {"duplicate-object", Severity::Error, makeDuplicateObjectRule},
    };
    return rules;
}

} // namespace ordlint
