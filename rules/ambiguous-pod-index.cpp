#include "k8s_facts.hpp"
#include "pod_model.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ordlint {

namespace {

// "StatefulSet trainer-worker (trainer-worker-0)": the workload and the pods it would select.
std::string describeMatch(const ClassMatch& match, bool withNamespace) {
    const PodClass& pod = *match.pod;
    std::vector<std::string> names;
    for (const Box& box : match.region) {
        if (pod.carriesLabel(kPodNameLabel) == Presence::Yes)
            names.push_back(pod.describeValues(kPodNameLabel, &box));
        else if (pod.workload->kind == WorkloadKind::JobSet)
            names.push_back("pods of Job " + pod.describeValues(kLegacyJobNameLabel, &box));
        if (names.size() == 3) break;
    }
    std::string text = pod.workload->describe(withNamespace);
    if (!names.empty()) text += fmt::format(" ({})", fmt::join(names, ", "));
    return text;
}

class AmbiguousPodIndexRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        for (const PodSelector& selector : model.selectors()) {
            const Requirement* first = nullptr;
            bool pinned = true;
            for (const Requirement& requirement : selector.requirements) {
                if (!isIndexKey(requirement.key)) continue;
                if (!first) first = &requirement;
                pinned = pinned && requirement.pinsOneValue();
            }
            if (!first || !pinned) continue;
            // One match per workload; variants of one object (same identity, other file) and
            // workloads ordlint cannot see into do not count.
            std::vector<ClassMatch> distinct;
            for (ClassMatch& match :
                 model.select(selector, [](const Requirement&) { return true; })) {
                const Workload& workload = *match.pod->workload;
                if (workload.unknownProducer) continue;
                bool seen =
                    std::any_of(distinct.begin(), distinct.end(), [&](const ClassMatch& other) {
                        return other.pod->workload->sameIdentity(workload);
                    });
                if (!seen) distinct.push_back(std::move(match));
            }
            if (distinct.size() < 2) continue;
            // Workloads of one kind and name (in two namespaces) are told apart by namespace.
            std::set<std::string> names;
            for (const ClassMatch& match : distinct)
                names.insert(match.pod->workload->describe());
            bool withNamespace = names.size() < distinct.size();
            std::vector<std::string> described;
            for (const ClassMatch& match : distinct)
                described.push_back(describeMatch(match, withNamespace));
            std::vector<std::string> pinnedValues;
            for (const Requirement& requirement : selector.requirements)
                if (isIndexKey(requirement.key))
                    pinnedValues.push_back(describeRequirement(requirement));
            Diagnostic& d =
                reporter.report(*selector.owner, first->range,
                                fmt::format("selects {}, which pods of {} workloads carry: {}; the "
                                            "selector means one pod but gets {}",
                                            fmt::join(pinnedValues, " and "), distinct.size(),
                                            fmt::join(described, " and "), distinct.size()));
            bool statefulSets =
                std::all_of(distinct.begin(), distinct.end(), [](const ClassMatch& m) {
                    return m.pod->workload->kind == WorkloadKind::StatefulSet;
                });
            d.help = statefulSets
                         ? "give the StatefulSets disjoint ordinal ranges with "
                           "spec.ordinals.start, or add a "
                           "label that only one of them carries to the selector"
                         : "add a label that only one of the workloads carries to the selector";
            for (const ClassMatch& match : distinct)
                d.related.push_back(
                    {match.pod->workload->rangeSource(),
                     fmt::format("{} produces {}", match.pod->workload->describe(withNamespace),
                                 match.pod->describeValues(first->key, &match.region.front()))});
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeAmbiguousPodIndexRule() {
    return std::make_unique<AmbiguousPodIndexRule>();
}

} // namespace ordlint
