// pdb-blocks-drain: a PodDisruptionBudget that allows no voluntary eviction of the pods it
// selects, so `kubectl drain`, node upgrades and cluster-autoscaler scale-down wait forever.
#include "rule_contract.hpp"

#include "pod_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace ordlint {
namespace {

// An int-or-percent field: `2`, `"50%"`.
struct IntOrPercent {
    std::int64_t value = 0;
    bool percent = false;
};

std::optional<IntOrPercent> intOrPercent(const Node* node) {
    if (!node || !node->isScalar()) return std::nullopt;
    if (node->scalarType() == ScalarType::Int) {
        auto value = node->integer();
        if (!value || *value < 0) return std::nullopt;
        return IntOrPercent{*value, false};
    }
    auto text = node->string();
    if (!text || text->size() < 2 || text->back() != '%') return std::nullopt;
    std::int64_t value = 0;
    auto digits = text->substr(0, text->size() - 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size() || value > 100)
        return std::nullopt; // the schema rule reports it
    return IntOrPercent{value, true};
}

// Pods per replica: the workloads whose scale the disruption controller can read and whose
// replica count is a pod count.
bool countsPods(const Workload& workload) {
    switch (workload.kind) {
    case WorkloadKind::StatefulSet:
    case WorkloadKind::Deployment:
    case WorkloadKind::ReplicaSet:
    case WorkloadKind::ReplicationController:
        return workload.replicas.has_value();
    default:
        return false;
    }
}

std::string describeWorkloads(const std::vector<const Workload*>& workloads) {
    std::vector<std::string> parts;
    for (const Workload* workload : workloads) {
        std::string part = workload->describe();
        if (workload->autoscaler)
            part += fmt::format(" ({} {} scales it {})", workload->autoscaler->kind,
                                workload->autoscaler->name, workload->replicas->describe());
        else if (workload->replicas)
            part += fmt::format(" ({} {})", workload->replicas->lo,
                                workload->replicas->lo == 1 ? "replica" : "replicas");
        parts.push_back(std::move(part));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

class PdbBlocksDrainRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        for (const PodSelector& selector : model.selectors()) {
            const Object& pdb = *selector.owner;
            if (pdb.kind != "PodDisruptionBudget" || pdb.group != "policy") continue;
            const Node* spec = pdb.spec();
            if (!spec || !spec->isMapping()) continue;
            const MapEntry* minEntry = spec->entry("minAvailable");
            const MapEntry* maxEntry = spec->entry("maxUnavailable");
            if (!minEntry == !maxEntry) continue; // neither, or both (rejected by the server)
            const MapEntry& entry = minEntry ? *minEntry : *maxEntry;
            auto budget = intOrPercent(entry.value);
            if (!budget) continue;

            std::vector<const Workload*> workloads;
            for (const ClassMatch& match :
                 model.select(selector, [](const Requirement&) { return true; })) {
                const Workload* workload = match.pod->workload;
                if (workload->unknownProducer) continue;
                if (std::find(workloads.begin(), workloads.end(), workload) == workloads.end())
                    workloads.push_back(workload);
            }
            if (workloads.empty()) continue;

            std::string written =
                fmt::format("{}: {}{}", minEntry ? "minAvailable" : "maxUnavailable", budget->value,
                            budget->percent ? "%" : "");
            std::string message;
            if (maxEntry && budget->value == 0) {
                message = fmt::format("{} allows no voluntary eviction of the pods of {}: "
                                      "every drain and node upgrade waits forever",
                                      written, describeWorkloads(workloads));
            } else if (minEntry && budget->percent && budget->value == 100) {
                message = fmt::format("{} keeps every pod of {} available, so none may be "
                                      "evicted: every drain and node upgrade waits forever",
                                      written, describeWorkloads(workloads));
            } else if (minEntry) {
                // Counting needs every selected pod's replica count; pods of kinds ordlint
                // cannot see into could add to it.
                if (model.unknownProducerInScope(selector)) continue;
                if (!std::all_of(workloads.begin(), workloads.end(),
                                 [](const Workload* w) { return countsPods(*w); }))
                    continue;
                std::int64_t fewest = 0;
                bool bounded = true;
                for (const Workload* workload : workloads) {
                    if (!workload->autoscaler && workload->replicas->hi == kUnbounded)
                        bounded = false; // replicas not a literal number
                    fewest += workload->replicas->lo;
                }
                if (!bounded || fewest == 0) continue;
                // The disruption controller rounds a percentage up
                // (GetScaledValueFromIntOrPercent).
                std::int64_t required =
                    budget->percent ? (budget->value * fewest + 99) / 100 : budget->value;
                if (required < fewest) continue;
                bool scaled = std::any_of(workloads.begin(), workloads.end(),
                                          [](const Workload* w) { return w->autoscaler; });
                message = fmt::format(
                    "{} requires {} of the {} {} of {} to stay available{}, so none may be "
                    "evicted: every drain and node upgrade waits forever",
                    written, required, fewest, fewest == 1 ? "pod" : "pods",
                    describeWorkloads(workloads), scaled ? " at the autoscaler's minimum" : "");
            } else {
                continue;
            }
            Diagnostic& d = reporter.report(pdb, entryRange(entry), std::move(message));
            d.help = "use maxUnavailable: 1, which allows one eviction at a time at any scale";
            // The edit the help names, where the budget is a written value.
            if (entry.value && entry.value->isScalar() &&
                entry.value->range.file == entry.key->range.file)
                d.remedies.push_back(
                    {"Use maxUnavailable: 1", {{entryRange(entry), "maxUnavailable: 1"}}});
            for (const Workload* workload : workloads)
                d.related.push_back({workload->autoscaler ? workload->autoscaler->anchorRange()
                                                          : workload->rangeSource(),
                                     fmt::format("pods of {} are selected", workload->describe())});
        }
    }
};

} // namespace

std::unique_ptr<Rule> makePdbBlocksDrainRule() {
    return std::make_unique<PdbBlocksDrainRule>();
}

} // namespace ordlint
