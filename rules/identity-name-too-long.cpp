// identity-name-too-long: names a controller derives from a workload's name must fit the 63
// characters of a DNS label and of a label value, or the controller's create calls fail.
// Each limit and its source is in rules/identity-name-too-long.md.
#include "k8s_facts.hpp"
#include "pod_model.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

namespace ordlint {

namespace {

constexpr std::size_t kLimit = 63;        // a DNS-1123/1035 label, a label value
constexpr std::size_t kRevisionHash = 10; // rand.SafeEncodeString(fmt.Sprint(fnv32)): up to 10

std::size_t digits(std::int64_t value) {
    return std::to_string(std::max<std::int64_t>(value, 0)).size();
}

bool bounded(const Interval& range) {
    return !range.empty() && range.hi < kUnbounded / 2;
}

std::string hashPlaceholder() {
    return std::string("<hash>");
}

// One name the controller derives, too long for its place.
struct Derived {
    std::string what;                // "pod label controller-revision-hash"
    std::string name;                // "<name>-<hash>", with placeholders for the parts not known
    std::size_t length;              // of the real name
    std::size_t longestWorkloadName; // the longest workload name for which it fits
};

class Collector {
  public:
    explicit Collector(std::size_t nameLength) : nameLength_(nameLength) {}

    // `fixed` is the length of the derived name apart from the workload's name.
    void check(std::string what, std::string shown, std::size_t fixed) {
        std::size_t length = nameLength_ + fixed;
        std::size_t room = fixed >= kLimit ? 0 : kLimit - fixed;
        longest_ = std::min(longest_, room);
        if (length > kLimit) derived_.push_back({std::move(what), std::move(shown), length, room});
    }
    const std::vector<Derived>& derived() const { return derived_; }
    std::size_t longestName() const { return longest_; }

  private:
    std::size_t nameLength_;
    std::size_t longest_ = SIZE_MAX;
    std::vector<Derived> derived_;
};

std::optional<std::int64_t> integerAt(const Node* mapping, std::string_view key,
                                      std::int64_t fallback) {
    const Node* value = mapping && mapping->isMapping() ? mapping->get(key) : nullptr;
    if (!value || value->isNull()) return fallback;
    return value->integer();
}

const PodVariable* variableOf(const PodClass& pod, std::string_view name) {
    for (const PodVariable& variable : pod.variables)
        if (variable.name == name) return &variable;
    return nullptr;
}

void statefulSet(const Workload& workload, Collector& names) {
    const std::string& name = workload.object->name;
    // The controller labels every pod controller-revision-hash: <ControllerRevision name>,
    // which is ControllerRevisionName(<sts>, hash) = "<sts>-<hash>".
    names.check(fmt::format("pod label {}", kControllerRevisionHashLabel),
                fmt::format("{}-{}", name, hashPlaceholder()), 1 + kRevisionHash);
    // Pod name = hostname = statefulset.kubernetes.io/pod-name label: "<sts>-<ordinal>".
    if (bounded(workload.ordinals))
        names.check(fmt::format("pod name (hostname, label {}) at ordinal {}", kPodNameLabel,
                                workload.ordinals.hi),
                    fmt::format("{}-{}", name, workload.ordinals.hi),
                    1 + digits(workload.ordinals.hi));
}

void job(const Workload& workload, Collector& names) {
    const std::string& name = workload.object->name;
    // generateSelector copies the name into the template's job-name labels (not with
    // manualSelector: true).
    if (scalarAt(workload.object->spec(), "manualSelector") != "true")
        names.check(fmt::format("pod label {}", kJobNameLabel), name, 0);
    if (workload.pods.empty()) return;
    const PodVariable* completion = variableOf(workload.pods.front(), "completion");
    if (completion && bounded(completion->range))
        names.check(fmt::format("Indexed pod hostname at index {}", completion->range.hi),
                    fmt::format("{}-{}", name, completion->range.hi),
                    1 + digits(completion->range.hi));
}

void cronJob(const Workload& workload, Collector& names) {
    // Each Job is named "<cronjob>-<scheduled time in minutes>": an 11-character suffix.
    names.check("Job name", fmt::format("{}-<time>", workload.object->name), 11);
}

void leaderWorkerSet(const Workload& workload, Collector& names) {
    const std::string& name = workload.object->name;
    names.check("leader StatefulSet's pod label controller-revision-hash",
                fmt::format("{}-{}", name, hashPlaceholder()), 1 + kRevisionHash);
    const PodVariable* group = nullptr;
    const PodVariable* worker = nullptr;
    for (const PodClass& pod : workload.pods) {
        if (!group) group = variableOf(pod, "group");
        if (!worker) worker = variableOf(pod, "worker");
    }
    if (!group || !bounded(group->range)) return;
    std::int64_t g = group->range.hi;
    names.check(fmt::format("leader pod name at group {}", g), fmt::format("{}-{}", name, g),
                1 + digits(g));
    if (!worker) return; // size 1: no worker StatefulSets
    // Worker StatefulSet "<lws>-<group>": its pods carry "<lws>-<group>-<hash>"
    // (kubernetes-sigs/lws#410).
    names.check(
        fmt::format("worker StatefulSet {}-{}'s pod label controller-revision-hash", name, g),
        fmt::format("{}-{}-{}", name, g, hashPlaceholder()), 2 + digits(g) + kRevisionHash);
    if (bounded(worker->range))
        names.check(fmt::format("worker pod name at group {}, worker {}", g, worker->range.hi),
                    fmt::format("{}-{}-{}", name, g, worker->range.hi),
                    2 + digits(g) + digits(worker->range.hi));
}

void jobSet(const Workload& workload, Collector& names) {
    const std::string& name = workload.object->name;
    for (const PodClass& pod : workload.pods) {
        const PodVariable* job = variableOf(pod, "job");
        if (!job || !bounded(job->range)) continue;
        std::int64_t j = job->range.hi;
        std::size_t fixed = 2 + pod.role.size() + digits(j);
        // The JobSet webhook's checks (validateCreate): the longest Job name, and for an Indexed
        // Job with completions the longest pod name plus the 5 random characters.
        names.check(fmt::format("Job name of replicated job {}", pod.role),
                    fmt::format("{}-{}-{}", name, pod.role, j), fixed);
        const PodVariable* completion = variableOf(pod, "completion");
        if (completion && bounded(completion->range))
            names.check(
                fmt::format("pod name of replicated job {}", pod.role),
                fmt::format("{}-{}-{}-{}-<5 random>", name, pod.role, j, completion->range.hi),
                fixed + 1 + digits(completion->range.hi) + 6);
    }
}

// DisaggregatedSet: one LeaderWorkerSet per slice and role, "<ds>-<slice>-<revision>-<role>"
// (8 hex characters of revision), its Service "<lws>-prv", and the worker StatefulSets'
// revision label "<lws>-<group>-<hash>"; the DisaggregatedSet webhook rejects names that do
// not fit (validateGeneratedNames).
void disaggregatedSet(const Object& object, Collector& names) {
    const Node* spec = object.spec();
    auto slices = integerAt(spec, "slices", 1);
    const Node* roles = spec && spec->isMapping() ? spec->get("roles") : nullptr;
    if (!slices || !roles || !roles->isSequence()) return;
    std::size_t sliceDigits = digits(*slices - 1);
    for (const Node* role : roles->items()) {
        std::string roleName = scalarAt(role, "name");
        if (roleName.empty()) continue;
        const Node* roleSpec = role->isMapping() ? role->get("spec") : nullptr;
        auto replicas = integerAt(roleSpec, "replicas", 1);
        std::size_t groupDigits = replicas && *replicas > 0 ? digits(*replicas - 1) : 1;
        std::size_t lws = 3 + sliceDigits + 8 + roleName.size();
        std::string lwsName =
            fmt::format("{}-{}-<revision>-{}", object.name, *slices - 1, roleName);
        names.check(fmt::format("Service of role {}", roleName), lwsName + "-prv", lws + 4);
        names.check(fmt::format("role {}'s worker StatefulSet pod label controller-revision-hash",
                                roleName),
                    fmt::format("{}-{}-{}", lwsName,
                                replicas ? std::max<std::int64_t>(*replicas - 1, 0) : 0,
                                hashPlaceholder()),
                    lws + 1 + groupDigits + 1 + kRevisionHash);
    }
}

std::string consequence(std::string_view kind) {
    if (kind == "StatefulSet" || kind == "LeaderWorkerSet")
        return "the StatefulSet controller's pod creations fail (FailedCreate events), so these "
               "pods "
               "never run";
    if (kind == "Job" || kind == "CronJob") return "the API server rejects it";
    return fmt::format("the {} webhook rejects it", kind);
}

bool templated(std::string_view name) {
    return name.find("{{") != std::string_view::npos || name.find('$') != std::string_view::npos;
}

class IdentityNameTooLongRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const Workload& workload : context.pods->workloads()) {
            const Object& object = *workload.object;
            if (object.name.empty() || templated(object.name) || isWorkloadPatch(object)) continue;
            Collector names(object.name.size());
            switch (workload.kind) {
            case WorkloadKind::StatefulSet:
                statefulSet(workload, names);
                break;
            case WorkloadKind::Job:
                job(workload, names);
                break;
            case WorkloadKind::CronJob:
                cronJob(workload, names);
                break;
            case WorkloadKind::LeaderWorkerSet:
                leaderWorkerSet(workload, names);
                break;
            case WorkloadKind::JobSet:
                jobSet(workload, names);
                break;
            default:
                if (object.group == "disaggregatedset.x-k8s.io" &&
                    object.kind == "DisaggregatedSet")
                    disaggregatedSet(object, names);
                break;
            }
            if (names.derived().empty()) continue;
            report(object, workload, names, reporter);
        }
    }

  private:
    static void report(const Object& object, const Workload& workload, const Collector& names,
                       Reporter& reporter) {
        std::vector<std::string> items;
        for (const Derived& derived : names.derived())
            items.push_back(fmt::format("{} \"{}\" ({} characters)", derived.what, derived.name,
                                        derived.length));
        Diagnostic& d = reporter.report(
            object, object.anchorRange(),
            fmt::format("{} {} ({} characters) derives {} longer than {} characters: {}; {}",
                        object.kind, object.name, object.name.size(),
                        items.size() == 1 ? "a name" : "names", kLimit, fmt::join(items, ", "),
                        consequence(object.kind)));
        std::string shorten =
            fmt::format("shorten metadata.name to at most {} characters", names.longestName());
        if (workload.kind == WorkloadKind::JobSet)
            shorten += " (or shorten the replicated job names)";
        else if (object.kind == "DisaggregatedSet")
            shorten += " (or shorten the role names)";
        else if (workload.autoscaler || workload.ordinalsStartEntry)
            shorten +=
                workload.rangeNote().empty() ? "" : " at its largest scale" + workload.rangeNote();
        d.help = shorten;
    }
};

} // namespace

std::unique_ptr<Rule> makeIdentityNameTooLongRule() {
    return std::make_unique<IdentityNameTooLongRule>();
}

} // namespace ordlint
