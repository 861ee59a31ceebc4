// Builds the registry from rules/rule_list.inc, the one list of rules.
#include "registry.hpp"

namespace ordlint {

#define ORDLINT_RULE(id, severity, factory) std::unique_ptr<Rule> factory();
#include "rule_list.inc"
#undef ORDLINT_RULE

const RuleRegistry& builtinRules() {
    static const RuleRegistry registry{{
#define ORDLINT_RULE(id, severity, factory)                                                        \
    {id, Severity::severity, factory, embeddedRuleDocumentation(id)},
#include "rule_list.inc"
#undef ORDLINT_RULE
    }};
    return registry;
}

} // namespace ordlint
