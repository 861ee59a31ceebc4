#pragma once
// ordlint's own rules: the registry the CLI and the language server hand to the engine.

#include "rule_contract.hpp"

#include <string_view>

namespace ordlint {

// Every rule of rules/rule_list.inc, in documentation order (`ordlint rules`).
const RuleRegistry& builtinRules();

// rules/<id>.md, embedded at build time (cmake/embed-docs.cmake); empty if there is none.
std::string_view embeddedRuleDocumentation(std::string_view id);

} // namespace ordlint
