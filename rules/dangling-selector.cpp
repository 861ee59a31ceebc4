#include "edit_distance.hpp"
#include "pod_model.hpp"
#include "rule_contract.hpp"
#include "schema_partial.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ordlint {

namespace {

std::string scopeText(const PodSelector& selector) {
    if (selector.allNamespaces) return "any namespace";
    if (selector.namespaces.size() == 1)
        return fmt::format("namespace \"{}\"", selector.namespaces[0]);
    return fmt::format("namespaces {}", fmt::join(selector.namespaces, ", "));
}

bool hasExplicitNamespace(const Object& object) {
    const Node* metadata = object.metadata();
    return metadata && metadata->isMapping() && metadata->get("namespace");
}

bool isService(const Object& object) {
    return object.group.empty() && object.kind == "Service";
}

// A key that no pod in scope carries, nor one within two edits of it (a typo), is most
// likely set at run time by something the manifests do not show: an init container that
// labels its own pod, an operator, a mutating webhook. Only a wrong value of a key the pods
// do carry, or a misspelt key, is a defect ordlint can stand behind.
bool knownKeyOrTypo(std::string_view key, const std::vector<const PodClass*>& classes) {
    for (const PodClass* pod : classes)
        for (const auto& [carried, pattern] : pod->labels)
            if (carried == key || editDistance(carried, key, 2) <= 2) return true;
    return false;
}

// Is `pod`'s workload plausibly the one the selector meant (spec: `help` names a workload
// only then)? It satisfies every non-index requirement but one while the selector has two
// or more, or its name, or its own value of a failing key, is close to a selected value. A
// workload that merely carries the same key (`app: cassandra` for `app: zookeeper`) is not.
bool plausiblyMeant(const PodSelector& selector, const PodClass& pod,
                    const std::vector<const Requirement*>& failures) {
    auto nonIndex = std::count_if(selector.requirements.begin(), selector.requirements.end(),
                                  [](const Requirement& r) { return !isIndexKey(r.key); });
    if (failures.size() == 1 && nonIndex >= 2) return true;
    auto close = [](std::string_view a, std::string_view b) {
        if (a.empty() || b.empty()) return false;
        std::size_t limit = std::min(a.size(), b.size()) < 5 ? 1 : 2;
        return editDistance(a, b, limit, LetterCase::Ignored, Swaps::OneEdit) <= limit;
    };
    const std::string& name = pod.workload->object->name;
    for (const Requirement* failure : failures) {
        if (failure->op != SelectorOperator::In) continue;
        auto own = pod.labels.find(failure->key);
        for (const std::string& value : failure->values) {
            if (close(name, value)) return true;
            if (own != pod.labels.end() && own->second.isExact() &&
                close(own->second.exactValue(), value))
                return true;
        }
    }
    return false;
}

class DanglingSelectorRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        // A kustomize patch of a PodDisruptionBudget takes its selector from the budget it is
        // merged into.
        std::set<std::string> patches = kustomizePatchFiles(context.workspace);
        for (const SelectorlessBudget& budget : budgetsWithoutSelector(context.workspace)) {
            if (isPartialObject(*budget.object, patches)) continue;
            Diagnostic& d = reporter.report(
                *budget.object, budget.range,
                fmt::format("PodDisruptionBudget {} has no spec.selector, so it protects no pod: "
                            "every pod can be evicted during a drain",
                            budget.object->name));
            d.help = "add spec.selector with the pod template labels of the workload to protect "
                     "(`selector: {}` protects every pod of the namespace)";
        }
        auto nonIndex = [](const Requirement& r) { return !isIndexKey(r.key); };
        for (const PodSelector& selector : model.selectors()) {
            if (selector.requirements.empty()) continue; // `{}` selects every pod there is
            // Only index requirements (a Chaos Mesh list of pod names): unreachable-pod-index's.
            if (std::none_of(selector.requirements.begin(), selector.requirements.end(), nonIndex))
                continue;
            if (!model.select(selector, nonIndex).empty()) continue;
            if (model.unknownProducerInScope(selector)) continue;

            PodSelector everywhere = selector;
            everywhere.allNamespaces = true;
            auto elsewhere = model.select(everywhere, nonIndex);
            // A workload in another namespace proves a mistake only when both namespaces are
            // written down: an object without metadata.namespace goes wherever `-n` says.
            if (!hasExplicitNamespace(*selector.owner)) elsewhere.clear();
            std::erase_if(elsewhere, [](const ClassMatch& m) {
                return m.pod->workload->unknownProducer ||
                       !hasExplicitNamespace(*m.pod->workload->object);
            });
            std::vector<const PodClass*> inScope = model.classesInScope(selector);
            // No workload in these namespaces: the input does not describe these pods (they are
            // deployed from somewhere else), even when a workload elsewhere fits.
            if (inScope.empty()) continue;

            // The pod class that fails the fewest requirements is what the selector meant.
            const PodClass* nearest = nullptr;
            std::vector<const Requirement*> nearestFailures;
            for (const PodClass* pod : inScope) {
                if (pod->allPods().empty()) continue;
                std::vector<const Requirement*> failures;
                for (const Requirement& requirement : selector.requirements)
                    if (!isIndexKey(requirement.key) && satisfying(*pod, {&requirement}).empty())
                        failures.push_back(&requirement);
                if (failures.empty()) continue; // matches each alone, not all together
                if (!nearest || failures.size() < nearestFailures.size()) {
                    nearest = pod;
                    nearestFailures = failures;
                }
            }
            const Requirement* failing = nearest ? nullptr : &selector.requirements.front();
            for (const Requirement* failure : nearestFailures)
                if (!failing && knownKeyOrTypo(failure->key, inScope)) failing = failure;
            // Only keys that no pod in scope carries are missing: they are set at run time (an
            // operator, a webhook), or these pods are deployed from elsewhere. The spec reports
            // nothing then, even when a workload in another namespace matches.
            if (!failing) continue;

            const Object& owner = *selector.owner;
            if (!elsewhere.empty()) {
                const Workload& workload = *elsewhere.front().pod->workload;
                auto labelRequirement = std::find_if(selector.requirements.begin(),
                                                     selector.requirements.end(), nonIndex);
                Diagnostic& d = reporter.report(
                    owner,
                    (labelRequirement != selector.requirements.end()
                         ? *labelRequirement
                         : selector.requirements.front())
                        .range,
                    fmt::format("selects no pod: {} has no matching workload, but {} in namespace "
                                "\"{}\" matches; "
                                "{} {} only selects pods of {}",
                                scopeText(selector), workload.describe(), workload.object->ns,
                                owner.kind, owner.name, scopeText(selector)));
                d.help =
                    fmt::format("put {} {} in namespace \"{}\", or the workload in {}", owner.kind,
                                owner.name, workload.object->ns, scopeText(selector));
                d.related.push_back({workload.object->anchorRange(),
                                     fmt::format("{} is defined here", workload.describe(true))});
                continue;
            }

            const Requirement& at = *failing;
            std::string message = fmt::format("selects {}, but no pod in {} matches",
                                              describeRequirement(at), scopeText(selector));
            if (isService(owner)) message += ": the Service has no endpoints";
            Diagnostic& d = reporter.report(owner, at.range, std::move(message));
            if (nearest && plausiblyMeant(selector, *nearest, nearestFailures)) {
                const Workload& workload = *nearest->workload;
                Presence has = nearest->carriesLabel(at.key);
                d.help =
                    has == Presence::Yes && at.op == SelectorOperator::In
                        ? fmt::format(
                              "{} {} has {} {}; select that value, or fix the pod template labels",
                              workload.object->kind, workload.object->name, at.key,
                              nearest->describeValues(at.key))
                        : fmt::format("match the pod template labels of the workload you mean "
                                      "(closest: {})",
                                      workload.describe());
                const Node* labels = nearest->templateNode
                                         ? nearest->templateNode->at({"metadata", "labels"})
                                         : nullptr;
                d.related.push_back({labels ? labels->range : workload.object->anchorRange(),
                                     fmt::format("pod labels of {}", workload.describe())});
            } else {
                d.help = "match the pod template labels of the workload you mean";
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeDanglingSelectorRule() {
    return std::make_unique<DanglingSelectorRule>();
}

} // namespace ordlint
