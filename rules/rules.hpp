#pragma once
// Factories of the rules in rules/<id>.cpp, registered in rules/all-rules.cpp.

#include "rule.hpp"

#include <memory>

namespace ordlint {

std::unique_ptr<Rule> makeYamlSyntaxRule();
std::unique_ptr<Rule> makeDuplicateKeyRule();
std::unique_ptr<Rule> makeDuplicateObjectRule();
std::unique_ptr<Rule> makeUnreachablePodIndexRule();
std::unique_ptr<Rule> makeDanglingSelectorRule();
std::unique_ptr<Rule> makeAmbiguousPodIndexRule();
std::unique_ptr<Rule> makeOverlappingOrdinalsRule();
std::unique_ptr<Rule> makeInvalidFieldPathRule();
std::unique_ptr<Rule> makeFieldPathLabelUnsetRule();
std::unique_ptr<Rule> makeInvalidResourceFieldRefRule();
std::unique_ptr<Rule> makeShellInEnvRule();
std::unique_ptr<Rule> makeEnvRefOrderRule();
std::unique_ptr<Rule> makeSchemaRule();
std::unique_ptr<Rule> makeUnknownFieldRule();
std::unique_ptr<Rule> makeZoneFragileScaleInRule();
std::unique_ptr<Rule> makePdbBlocksDrainRule();
std::unique_ptr<Rule> makeKubeVersionFeatureRule();
std::unique_ptr<Rule> makeUnusedIgnoreRule();

} // namespace ordlint
