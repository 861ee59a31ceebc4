// The one table of rules. Order is documentation order (`ordlint rules`).
#include "rule.hpp"

#include "rules.hpp"

namespace ordlint {

const std::vector<RuleEntry>& ruleRegistry() {
    static const std::vector<RuleEntry> rules{
        {"yaml-syntax", Severity::Error, makeYamlSyntaxRule},
        {"duplicate-key", Severity::Error, makeDuplicateKeyRule},
        {"schema", Severity::Error, makeSchemaRule},
        {"unknown-field", Severity::Warning, makeUnknownFieldRule},
        {"duplicate-object", Severity::Error, makeDuplicateObjectRule},
        {"unreachable-pod-index", Severity::Error, makeUnreachablePodIndexRule},
        {"dangling-selector", Severity::Warning, makeDanglingSelectorRule},
        {"ambiguous-pod-index", Severity::Warning, makeAmbiguousPodIndexRule},
        {"overlapping-ordinals", Severity::Error, makeOverlappingOrdinalsRule},
        {"invalid-fieldpath", Severity::Error, makeInvalidFieldPathRule},
        {"fieldpath-label-unset", Severity::Warning, makeFieldPathLabelUnsetRule},
        {"invalid-resource-fieldref", Severity::Error, makeInvalidResourceFieldRefRule},
        {"shell-in-env", Severity::Warning, makeShellInEnvRule},
        {"env-ref-order", Severity::Warning, makeEnvRefOrderRule},
        {"zone-fragile-scale-in", Severity::Warning, makeZoneFragileScaleInRule},
        {"pdb-blocks-drain", Severity::Warning, makePdbBlocksDrainRule},
        {"kube-version-feature", Severity::Warning, makeKubeVersionFeatureRule},
        {"unused-ignore", Severity::Info, makeUnusedIgnoreRule},
    };
    return rules;
}

} // namespace ordlint
