// selector-template-mismatch: a workload's spec.selector must select its own pod template's
// labels, and must not be empty where the API server requires one (k8s-facts.md §3.1, §4, §5):
// - apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet (pkg/apis/apps/validation):
//   "empty selector is invalid for <kind>", "`selector` does not match template `labels`";
// - ReplicationController: an empty selector is defaulted to the template labels
//   (SetDefaults_ReplicationController), a non-empty one must match them;
// - Job with manualSelector: true: the selector is not generated, so it is required and must
//   match (ValidateJobSpec).
#include "fixes.hpp"
#include "k8s_facts.hpp"
#include "rule_contract.hpp"
#include "schema_partial.hpp"
#include "selectors.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace ordlint {

namespace {

using Labels = std::map<std::string, std::string, std::less<>>;

bool templated(std::string_view text) {
    return text.find("{{") != std::string_view::npos || text.find("${") != std::string_view::npos;
}

bool holds(const Requirement& requirement, const Labels& labels) {
    auto found = labels.find(requirement.key);
    bool in = found != labels.end() &&
              std::find(requirement.values.begin(), requirement.values.end(), found->second) !=
                  requirement.values.end();
    switch (requirement.op) {
    case SelectorOperator::In:
        return in;
    case SelectorOperator::NotIn:
        return !in;
    case SelectorOperator::Exists:
        return found != labels.end();
    case SelectorOperator::DoesNotExist:
        return found == labels.end();
    }
    return true;
}

// A label value written so that YAML reads it back as the same string.
std::string yamlValue(std::string_view value) {
    static constexpr std::string_view words[] = {"true", "false", "yes", "no", "on",
                                                 "off",  "null",  "y",   "n",  "~"};
    std::string lower = asciiLowercase(value);
    bool word = std::find(std::begin(words), std::end(words), lower) != std::end(words);
    bool plain = !value.empty() && !word && isAsciiLetter(value[0]);
    return plain ? std::string(value) : fmt::format("\"{}\"", value);
}

// Adds `additions` as new entries after the last entry of a block-style labels mapping, with
// its indentation; nullopt when the mapping is written in flow style or the line of its last
// entry goes on after the value (a comment).
std::optional<Fix> addLabelsFix(const Node& labels,
                                const std::vector<std::pair<std::string, std::string>>& additions) {
    if (labels.flowStyle || labels.entries().empty() || !labels.range.valid()) return std::nullopt;
    const MapEntry& last = labels.entries().back();
    if (!last.value->isScalar() || last.value->style == ScalarStyle::Literal) return std::nullopt;
    const SourceFile& file = *labels.range.file;
    const std::string& text = file.text();
    std::size_t end = last.value->range.end;
    std::size_t lineEnd = text.find('\n', end);
    std::string_view rest = std::string_view(text).substr(
        end, lineEnd == std::string::npos ? std::string::npos : lineEnd - end);
    if (!trimBlanks(rest).empty()) return std::nullopt;
    std::size_t keyStart = last.key->range.begin;
    std::size_t lineStart = text.rfind('\n', keyStart);
    lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
    std::string_view indent = std::string_view(text).substr(lineStart, keyStart - lineStart);
    if (indent.find_first_not_of(' ') != std::string_view::npos) return std::nullopt;
    std::string inserted;
    std::vector<std::string> shown;
    for (const auto& [key, value] : additions) {
        inserted += fmt::format("\n{}{}: {}", indent, key, yamlValue(value));
        shown.push_back(fmt::format("{}: {}", key, yamlValue(value)));
    }
    Fix fix;
    fix.title = fmt::format("add {} to the template labels", fmt::join(shown, ", "));
    fix.edits.push_back({SourceRange{labels.range.file, static_cast<std::uint32_t>(end),
                                     static_cast<std::uint32_t>(end)},
                         inserted});
    return fix;
}

// Labels a controller adds to pods after the API server validated the template: a selector
// that requires one can never match the template.
bool controllerLabel(std::string_view key) {
    static constexpr std::string_view keys[] = {kPodNameLabel,
                                                kPodIndexLabel,
                                                kControllerRevisionHashLabel,
                                                kPodTemplateHashLabel,
                                                kPodTemplateGenerationLabel,
                                                kLegacyJobNameLabel,
                                                kLegacyControllerUidLabel};
    return std::find(std::begin(keys), std::end(keys), key) != std::end(keys) ||
           key.starts_with(kJobKeyPrefix);
}

std::string labelsText(const Labels& labels) {
    if (labels.empty()) return "no labels";
    std::vector<std::string> parts;
    for (const auto& [key, value] : labels)
        parts.push_back(fmt::format("{}={}", key, value));
    return fmt::format("{}", fmt::join(parts, ", "));
}

class SelectorTemplateMismatchRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        // Kustomize patches are merged into their base, and a kustomization's commonLabels
        // (or labels with includeSelectors) write the selector a base may leave empty.
        Kustomized kustomized{kustomizePatchFiles(context.workspace),
                              kustomizeSelectorLabelled(context.workspace)};
        for (const Object& object : context.workspace.objects)
            checkObject(object, kustomized, reporter);
    }

  private:
    enum class Selector { LabelSelector, EqualityMap };

    struct Kustomized {
        std::set<std::string> patches;
        std::set<std::string> selectorLabelled;
    };

    static void checkObject(const Object& object, const Kustomized& kustomized,
                            Reporter& reporter) {
        bool apps = object.apiVersion == "apps/v1" &&
                    (object.kind == "Deployment" || object.kind == "ReplicaSet" ||
                     object.kind == "StatefulSet" || object.kind == "DaemonSet");
        bool controller = object.apiVersion == "v1" && object.kind == "ReplicationController";
        bool job = object.group == "batch" && object.kind == "Job";
        // A patch is merged into its base: not a whole workload (asked only of workloads, as
        // it walks the object's tree).
        if ((!apps && !controller && !job) || isPartialObject(object, kustomized.patches)) return;
        const Node* spec = object.spec();
        if (!spec || !spec->isMapping()) return;
        const MapEntry* selectorEntry = spec->entry("selector");
        const Node* selector = selectorEntry ? selectorEntry->value : nullptr;
        if (job) {
            const MapEntry* manual = spec->entry("manualSelector");
            if (!manual || !manual->value->isScalar() || manual->value->value() != "true") return;
            if (!selector || selector->isNull()) {
                Diagnostic& d = reporter.report(
                    object, entryRange(*manual),
                    fmt::format("Job {} sets manualSelector: true but has no spec.selector: the "
                                "API server rejects it (spec.selector: Required value), as it "
                                "generates a selector only without manualSelector",
                                object.name));
                d.help = "remove manualSelector, or write a spec.selector that matches the "
                         "template labels";
                return;
            }
        }
        if (!selector || selector->isNull()) return; // apps/v1: the schema rule reports it
        std::optional<std::vector<Requirement>> requirements =
            controller ? equalityRequirements(selector) : labelSelectorRequirements(selector);
        if (!requirements) return; // malformed: the schema rule's finding
        const Node* templateNode = spec->get("template");
        const Node* metadata =
            templateNode && templateNode->isMapping() ? templateNode->get("metadata") : nullptr;
        const Node* labelsNode =
            metadata && metadata->isMapping() ? metadata->get("labels") : nullptr;
        if (requirements->empty()) {
            // A ReplicationController's empty selector defaults to its template labels; a Job's
            // empty selector matches everything.
            if (!apps || inFiles(object, kustomized.selectorLabelled)) return;
            std::string kind = asciiLowercase(object.kind);
            Diagnostic& d = reporter.report(
                object, entryRange(*selectorEntry),
                fmt::format("spec.selector of {} {} is empty: the API server rejects it (empty "
                            "selector is invalid for {}), since it would adopt every pod of the "
                            "namespace",
                            object.kind, object.name, kind));
            d.help = "select the template's labels in spec.selector.matchLabels";
            if (labelsNode && labelsNode->isMapping() && !labelsNode->entries().empty())
                d.related.push_back({labelsNode->range, "the template labels"});
            return;
        }
        Labels labels;
        if (labelsNode && labelsNode->isMapping()) {
            for (const MapEntry& entry : labelsNode->entries()) {
                if (!entry.key->isScalar() || !(entry.value->isScalar() || entry.value->isNull()))
                    return; // not a label map: the schema rule's finding
                labels.emplace(entry.key->value(), entry.value->value());
            }
        } else if (labelsNode && !labelsNode->isNull()) {
            return;
        }
        for (const auto& [key, value] : labels)
            if (templated(key) || templated(value)) return;
        std::vector<const Requirement*> failing;
        for (const Requirement& requirement : *requirements) {
            if (templated(requirement.key) ||
                std::any_of(requirement.values.begin(), requirement.values.end(),
                            [](const std::string& v) { return templated(v); }))
                return;
            if (!holds(requirement, labels)) failing.push_back(&requirement);
        }
        if (failing.empty()) return;

        std::vector<std::string> asked;
        for (const Requirement* requirement : failing)
            asked.push_back(describeRequirement(*requirement));
        Diagnostic& d = reporter.report(
            object, entryRange(*selectorEntry),
            fmt::format("spec.selector of {} {} requires {}, but the pod template has {}: the API "
                        "server rejects it (`selector` does not match template `labels`), so no "
                        "pod is ever created",
                        object.kind, object.name, fmt::join(asked, " and "), labelsText(labels)));
        d.related.push_back({labelsNode && labelsNode->range.valid() ? labelsNode->range
                             : templateNode                          ? templateNode->range
                                                                     : object.anchorRange(),
                             "the pod template's labels"});
        std::vector<std::string> help;
        std::vector<std::pair<std::string, std::string>> additions;
        bool onlyMissing = true;
        for (const Requirement* requirement : failing) {
            auto present = labels.find(requirement->key);
            if (controllerLabel(requirement->key)) {
                help.push_back(
                    fmt::format("drop the {} requirement: the controller sets that label on "
                                "each pod after the template is validated, so the selector "
                                "can only require template labels",
                                requirement->key));
                onlyMissing = false;
                continue;
            }
            switch (requirement->op) {
            case SelectorOperator::In:
                if (present == labels.end() && requirement->values.size() == 1) {
                    help.push_back(fmt::format("add {}: {} to spec.template.metadata.labels",
                                               requirement->key, requirement->values[0]));
                    additions.emplace_back(requirement->key, requirement->values[0]);
                    continue;
                }
                if (present != labels.end() && requirement->values.size() == 1)
                    help.push_back(fmt::format(
                        "make the template's {} label \"{}\" (the selector of a created {} "
                        "cannot change), or select \"{}\"",
                        requirement->key, requirement->values[0], object.kind, present->second));
                else
                    help.push_back(fmt::format("give the template a {} label with one of {}",
                                               requirement->key,
                                               fmt::join(requirement->values, ", ")));
                break;
            case SelectorOperator::Exists:
                help.push_back(fmt::format("add a {} label to the template", requirement->key));
                break;
            case SelectorOperator::NotIn:
            case SelectorOperator::DoesNotExist:
                help.push_back(
                    fmt::format("drop the {} requirement, or change the template's {} label",
                                requirement->key, requirement->key));
                break;
            }
            onlyMissing = false;
        }
        d.help = fmt::format("{}", fmt::join(help, "; "));
        if (onlyMissing && labelsNode && labelsNode->isMapping())
            d.fix = addLabelsFix(*labelsNode, additions);
    }
};

} // namespace

std::unique_ptr<Rule> makeSelectorTemplateMismatchRule() {
    return std::make_unique<SelectorTemplateMismatchRule>();
}

} // namespace ordlint
