#pragma once

#include "diagnostic.hpp"
#include "model.hpp"
#include "rule_contract.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ordlint {

struct RuleSelection {
    std::set<std::string> disabled;
    std::map<std::string, Severity> severities;
    // Rules `--disable` named one by one: `--enable all` leaves them off, as a named rule is
    // more specific than `all` (`--enable all --disable X` runs every rule but X).
    std::set<std::string> disabledByName;

    bool enabled(std::string_view id) const { return disabled.count(std::string(id)) == 0; }
    Severity severityOf(const RuleEntry& rule) const;
};

// Applies `--disable` then `--enable` lists ("all" allowed; a rule named in one list wins over
// `all` in the other). Returns the unknown ids.
std::vector<std::string> applyRuleToggles(const RuleRegistry& registry, RuleSelection& selection,
                                          const std::vector<std::string>& disable,
                                          const std::vector<std::string>& enable);

// Runs every enabled rule of `registry` over the workspace; the result is sorted and holds no
// finding in a context-only file.
std::vector<Diagnostic> runRules(const Workspace& workspace, const LintSettings& settings,
                                 const RuleSelection& selection, const RuleRegistry& registry);

} // namespace ordlint
