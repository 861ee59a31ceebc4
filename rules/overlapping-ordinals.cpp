#include "k8s_facts.hpp"
#include "pod_model.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <map>
#include <set>

namespace ordlint {

namespace {

// "ordinal 0", "ordinals 1..3"
std::string ordinalsText(const Interval& range) {
    return fmt::format("{} {}", range.lo == range.hi ? "ordinal" : "ordinals", range.describe());
}

// Ranges ignored by the target version (spec.ordinals before kStartOrdinalGate) are
// kube-version-feature's finding, not an overlap.
bool hasKnownRange(const Workload& workload) {
    return workload.kind == WorkloadKind::StatefulSet && !workload.ordinals.empty() &&
           workload.ordinals.hi < kUnbounded && !workload.ordinalsIgnored;
}

std::string_view serviceNameOf(const Workload& workload) {
    const Node* spec = workload.object->spec();
    const Node* name = spec && spec->isMapping() ? spec->get("serviceName") : nullptr;
    return name && name->isScalar() ? std::string_view(name->value()) : std::string_view();
}

struct Overlap {
    const Workload* earlier = nullptr;
    const Workload* later = nullptr;
    const PodSelector* selector = nullptr; // case (b); null for case (a)
};

class OverlappingOrdinalsRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        std::vector<const Workload*> statefulSets;
        for (const Workload& workload : model.workloads())
            if (hasKnownRange(workload)) statefulSets.push_back(&workload);
        std::map<const Workload*, std::ptrdiff_t> positions;
        for (std::size_t i = 0; i < statefulSets.size(); ++i)
            positions[statefulSets[i]] = static_cast<std::ptrdiff_t>(i);
        auto position = [&](const Workload* w) { return positions.at(w); };
        // Each later StatefulSet is reported once, against the earliest one it overlaps: a
        // cluster dump with thousands of slices stays linear in memory and output.
        std::map<std::ptrdiff_t, Overlap> overlaps; // by the later one's position
        auto record = [&](const Workload* a, const Workload* b, const PodSelector* selector) {
            if (position(a) > position(b)) std::swap(a, b);
            if (a->ordinals.intersect(b->ordinals).empty()) return;
            auto [found, inserted] = overlaps.try_emplace(position(b), Overlap{a, b, selector});
            if (!inserted && position(a) < position(found->second.earlier))
                found->second = Overlap{a, b, selector};
        };

        // (a) One StatefulSet sliced across namespaces (KEP-3335 migration): same name, and
        // the slices start at different ordinals, at least one of them set in spec.ordinals.
        // Without spec.ordinals, or with the same start (one chart installed per team), two
        // namespaces running the same StatefulSet are ordinary copies, not slices.
        std::map<std::string_view, std::vector<const Workload*>> byName;
        for (const Workload* workload : statefulSets)
            byName[workload->object->name].push_back(workload);
        for (const auto& [name, group] : byName) {
            // A group whose members all start at one ordinal has no pair of slices: the same
            // chart in every namespace of a cluster dump makes groups of thousands, and their
            // pairs would cost time quadratic in the namespaces.
            std::int64_t firstStart = group.front()->ordinalsStart;
            if (std::all_of(group.begin(), group.end(), [&](const Workload* workload) {
                    return workload->ordinalsStart == firstStart;
                }))
                continue;
            for (std::size_t i = 0; i < group.size(); ++i)
                for (std::size_t j = i + 1; j < group.size(); ++j) {
                    const Workload& a = *group[i];
                    const Workload& b = *group[j];
                    // Both namespaces written down: a namespace-less one goes wherever it is
                    // applied, so it proves no slicing.
                    if (a.object->ns != b.object->ns && !a.object->implicitNamespace &&
                        !b.object->implicitNamespace && a.ordinalsStart != b.ordinalsStart &&
                        (a.ordinalsStartEntry || b.ordinalsStartEntry))
                        record(&a, &b, nullptr);
                }
        }

        // (b) Same namespace, and a selector that (index requirements aside) takes pods of
        // both as one set: a Service (its endpoints and DNS names are the identity space), a
        // selector that addresses pods by index, or any selector when both StatefulSets are
        // governed by the same serviceName. A PDB or NetworkPolicy that groups independent
        // databases by tier does not make them one identity space. A pod-name requirement is
        // kept: it names one StatefulSet. The two must come from one file (one manifest, one
        // rendered chart) unless one of them sets spec.ordinals: folders routinely hold
        // alternatives that are never applied together (the same database for two clusters,
        // one model per test), as duplicate-object assumes.
        auto identitySpace = [](const Requirement& r) {
            return !isIndexKey(r.key) || r.key == kPodNameLabel;
        };
        auto sameGovernor = [](const Workload& a, const Workload& b) {
            std::string_view governor = serviceNameOf(a);
            return !governor.empty() && governor == serviceNameOf(b);
        };
        auto oneIdentitySpace = [&](const Workload& a, const Workload& b, bool joins) {
            return sameNamespace(*a.object, *b.object) && !a.sameIdentity(b) &&
                   (joins || sameGovernor(a, b)) &&
                   (&a.object->file() == &b.object->file() || a.ordinalsStartEntry ||
                    b.ordinalsStartEntry);
        };
        std::set<std::pair<bool, std::vector<const Workload*>>> selectedSets;
        for (const PodSelector& selector : model.selectors()) {
            const auto& requirements = selector.requirements;
            if (std::none_of(requirements.begin(), requirements.end(), identitySpace)) continue;
            bool joins = selector.isService() ||
                         std::any_of(requirements.begin(), requirements.end(),
                                     [](const Requirement& r) { return isIndexKey(r.key); });
            std::vector<const Workload*> selected;
            for (const ClassMatch& match : model.select(selector, identitySpace))
                if (hasKnownRange(*match.pod->workload) &&
                    std::find(selected.begin(), selected.end(), match.pod->workload) ==
                        selected.end())
                    selected.push_back(match.pod->workload);
            // Many selectors (a Service, its PDB, its NetworkPolicy) pick the same set.
            if (selected.size() < 2 || !selectedSets.emplace(joins, selected).second) continue;
            for (std::size_t i = 0; i < selected.size(); ++i)
                for (std::size_t j = i + 1; j < selected.size(); ++j)
                    if (oneIdentitySpace(*selected[i], *selected[j], joins))
                        record(selected[i], selected[j], &selector);
        }

        for (const auto& [key, overlap] : overlaps)
            report(context, reporter, overlap);
    }

  private:
    static void report(const LintContext& context, Reporter& reporter, const Overlap& overlap) {
        const Workload& a = *overlap.earlier;
        const Workload& b = *overlap.later;
        Interval shared = a.ordinals.intersect(b.ordinals);
        bool podIndex = kPodIndexLabelGate.enabledIn(context.settings.kubeVersion);
        std::string message;
        if (overlap.selector) {
            const Object& owner = *overlap.selector->owner;
            message = fmt::format(
                "{} of {} overlap {} of {}{} at {}, and {} {} selects pods of both: {}",
                ordinalsText(b.ordinals), b.describe(), ordinalsText(a.ordinals), a.describe(),
                a.rangeNote(), shared.describe(), owner.kind, owner.name,
                podIndex ? fmt::format("{} {} names two pods", kPodIndexLabel, shared.lo)
                         : fmt::format("ordinal {} belongs to two pods", shared.lo));
        } else {
            message = fmt::format(
                "{} of {} overlap {} of {}{} at {}: two pods named {}-{} would claim one "
                "identity (and its volumes) while the StatefulSet is split across namespaces",
                ordinalsText(b.ordinals), b.describe(true), ordinalsText(a.ordinals),
                a.describe(true), a.rangeNote(), shared.describe(), b.object->name, shared.lo);
        }
        SourceRange at =
            b.ordinalsStartEntry ? entryRange(*b.ordinalsStartEntry) : b.object->anchorRange();
        Diagnostic& d = reporter.report(*b.object, at, std::move(message));
        std::int64_t fits = b.ordinals.lo - a.ordinals.lo; // replicas of a that stay clear of b
        if (b.ordinals.lo > a.ordinals.lo && a.autoscaler)
            d.help = fmt::format("set spec.ordinals.start: {} on {}, or lower {} of {} {} to {}, "
                                 "so that the ranges are disjoint",
                                 a.ordinals.hi + 1, b.describe(),
                                 a.autoscaler->kind == "ScaledObject" ? "maxReplicaCount"
                                                                      : "maxReplicas",
                                 a.autoscaler->kind, a.autoscaler->name, fits);
        else if (b.ordinals.lo > a.ordinals.lo)
            d.help = fmt::format("set spec.ordinals.start: {} on {}, or scale {} down to {} "
                                 "{}, so that the ranges are disjoint",
                                 a.ordinals.hi + 1, b.describe(), a.describe(!overlap.selector),
                                 fits, fits == 1 ? "replica" : "replicas");
        else
            d.help =
                fmt::format("set spec.ordinals.start: {} on {} so that the ranges are disjoint",
                            a.ordinals.hi + 1, b.describe());
        // The edits the help names, where the values are written: b's start (in b's file),
        // a's replicas (in a's file, unless an autoscaler owns them).
        const MapEntry* start = b.ordinalsStartEntry;
        if (start && start->value && start->value->isScalar())
            d.remedies.push_back(
                {fmt::format("Set spec.ordinals.start: {} on {}", a.ordinals.hi + 1, b.describe()),
                 {{start->value->range, std::to_string(a.ordinals.hi + 1)}}});
        const Node* spec = a.object->spec();
        const MapEntry* replicas = spec && spec->isMapping() ? spec->entry("replicas") : nullptr;
        if (b.ordinals.lo > a.ordinals.lo && !a.autoscaler && replicas && replicas->value &&
            replicas->value->isScalar())
            d.remedies.push_back(
                {fmt::format("Set spec.replicas: {} on {}", b.ordinals.lo - a.ordinals.lo,
                             a.describe()),
                 {{replicas->value->range, std::to_string(b.ordinals.lo - a.ordinals.lo)}}});
        d.related.push_back(
            {a.rangeSource(), fmt::format("{} of {}", ordinalsText(a.ordinals), a.describe(true))});
    }
};

} // namespace

std::unique_ptr<Rule> makeOverlappingOrdinalsRule() {
    return std::make_unique<OverlappingOrdinalsRule>();
}

} // namespace ordlint
