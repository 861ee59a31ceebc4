#include "k8s_facts.hpp"
#include "pod_model.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

namespace ordlint {

namespace {

// The workloads of some pod classes, each once, in input order.
std::vector<const Workload*> workloadsOf(const std::vector<ClassMatch>& matches) {
    std::vector<const Workload*> workloads;
    for (const ClassMatch& match : matches)
        if (std::find(workloads.begin(), workloads.end(), match.pod->workload) == workloads.end())
            workloads.push_back(match.pod->workload);
    return workloads;
}

std::string shortKey(std::string_view key) {
    auto slash = key.rfind('/');
    return std::string(slash == std::string_view::npos ? key : key.substr(slash + 1));
}

// "StatefulSet database produces 1..5 (ordinals.start: 1)", "Deployment web sets no ... label".
// Only the pod classes that match the selector's other requirements are described.
// A Chaos Mesh annotationSelector is judged on the pods' annotations: a view of the class
// whose "labels" are its annotations lets the descriptions below serve both.
PodClass annotationView(const PodClass& pod) {
    PodClass view = pod;
    view.labels = pod.annotations;
    return view;
}

std::string describeProducer(const Workload& workload, const std::vector<ClassMatch>& candidates,
                             const std::vector<std::string_view>& keys, bool annotations) {
    std::deque<PodClass> views;
    std::vector<const PodClass*> classes;
    // The pods the selector's other requirements leave, when they are one box (a JobSet's
    // Job named by job-name): the values those pods produce, not the whole workload's.
    std::vector<const Box*> boxes;
    bool narrowed = false;
    for (const ClassMatch& match : candidates)
        if (match.pod->workload == &workload) {
            classes.push_back(annotations ? &views.emplace_back(annotationView(*match.pod))
                                          : match.pod);
            boxes.push_back(match.region.size() == 1 ? &match.region.front() : nullptr);
            if (boxes.back() && match.pod->allPods() != match.region) narrowed = true;
        }
    std::vector<std::string> perKey;
    for (std::string_view key : keys) {
        std::vector<std::string> values;
        for (std::size_t i = 0; i < classes.size(); ++i) {
            const PodClass* pod = classes[i];
            if (pod->carriesLabel(key) == Presence::No) continue;
            std::string text = pod->describeValues(key, boxes[i]);
            values.push_back(
                (classes.size() > 1 || workload.kind == WorkloadKind::DisaggregatedSet) &&
                        !pod->role.empty()
                    ? fmt::format("{} ({})", text, pod->role)
                    : text);
        }
        if (values.empty()) {
            perKey.push_back(fmt::format("no {} label", key));
            continue;
        }
        std::string joined = fmt::format("{}", fmt::join(values, ", "));
        perKey.push_back(keys.size() > 1 ? fmt::format("{} {}", shortKey(key), joined) : joined);
    }
    bool none = perKey.size() == 1 && perKey[0].starts_with("no ");
    return fmt::format("{} {} {}{}{}", workload.describe(), none ? "sets" : "produces",
                       fmt::join(perKey, " with "),
                       narrowed && !none ? " on the pods the other requirements select" : "",
                       none ? std::string() : workload.rangeNote());
}

std::string joinProducers(std::vector<std::string> parts) {
    constexpr std::size_t kShown = 3;
    if (parts.size() > kShown + 1) {
        std::size_t more = parts.size() - kShown;
        parts.resize(kShown);
        parts.push_back(fmt::format("{} more workloads", more));
    }
    if (parts.size() <= 1) return parts.empty() ? std::string() : parts[0];
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return text;
}

// Drops leading zeros from every run of digits: "web-03" -> "web-3".
std::string withoutLeadingZeros(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        bool startsRun = digit && (i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9'));
        if (startsRun) {
            std::size_t j = i;
            while (j + 1 < text.size() && text[j] == '0' && text[j + 1] >= '0' &&
                   text[j + 1] <= '9')
                ++j;
            i = j;
        }
        out += text[i];
    }
    return out;
}

// The advice closest to what the selector asked for: the nearest value the workload does
// produce, and how to change the workload so that it produces the requested one.
struct NearestValueAdvice {
    std::int64_t distance = kUnbounded; // from the requested to the nearest produced value
    std::string help;
    std::string select;                 // the value to select instead, when there is one
    std::vector<ordlint::Fix> remedies; // edits of the workload that `help` names
};

// The edit that sets the integer value of `entry` (a workload's spec field) to `value`.
ordlint::Fix setNumber(const MapEntry* entry, std::int64_t value, const std::string& title) {
    return {title, {{entry->value->range, std::to_string(value)}}};
}

// A workload's `spec.<field>` entry with a scalar value, or null.
const MapEntry* specEntry(const Workload& workload, std::string_view field) {
    const Node* spec = workload.object->spec();
    const MapEntry* entry = spec && spec->isMapping() ? spec->entry(field) : nullptr;
    return entry && entry->value && entry->value->isScalar() ? entry : nullptr;
}

// The entry that `path` names under `node`, when its value is a scalar; null otherwise.
const MapEntry* scalarEntryAt(const Node* node, std::initializer_list<std::string_view> path) {
    const MapEntry* entry = nullptr;
    for (std::string_view key : path) {
        entry = node && node->isMapping() ? node->entry(key) : nullptr;
        if (!entry) return nullptr;
        node = entry->value;
    }
    return entry && entry->value && entry->value->isScalar() ? entry : nullptr;
}

// The item of the sequence `list` whose `name` is `name` (a JobSet's replicated job, a
// DisaggregatedSet's role), or null.
const Node* namedItem(const Node* list, std::string_view name) {
    if (!list || !list->isSequence()) return nullptr;
    for (const Node* item : list->items()) {
        const MapEntry* entry = scalarEntryAt(item, {"name"});
        if (entry && entry->value->value() == name) return item;
    }
    return nullptr;
}

// The `key: value` entry a requirement was written as (a matchLabels or Service selector
// entry starts where the requirement's range does), or null.
const MapEntry* entryStartingAt(const Node* node, std::uint32_t begin, int depth = 0) {
    if (!node || depth > 64) return nullptr;
    for (const MapEntry& entry : node->entries()) {
        if (entry.key && entry.key->range.begin == begin) return &entry;
        if (entry.value && entry.value->range.begin <= begin && begin < entry.value->range.end)
            return entryStartingAt(entry.value, begin, depth + 1);
    }
    for (const Node* item : node->items())
        if (item->range.begin <= begin && begin < item->range.end)
            return entryStartingAt(item, begin, depth + 1);
    return nullptr;
}

NearestValueAdvice nearestValueAdvice(const Requirement& requirement, const PodClass& pod,
                                      const Region& candidates, const LintSettings& settings) {
    if (!requirement.pinsOneValue()) return {};
    auto found = pod.labels.find(requirement.key);
    if (found == pod.labels.end()) {
        if (!kPodIndexLabelGate.enabledIn(settings.kubeVersion) &&
            pod.workload->kind == WorkloadKind::StatefulSet && requirement.key == kPodIndexLabel)
            return {kUnbounded - 1,
                    fmt::format("select {} \"{}-{}\" instead, which every version sets",
                                kPodNameLabel, pod.workload->object->name, requirement.values[0]),
                    {},
                    {}};
        return {kUnbounded - 1,
                fmt::format("{} {} never sets {}: select its pods by their template labels",
                            pod.workload->object->kind, pod.workload->object->name,
                            requirement.key),
                {},
                {}};
    }
    const ValuePattern& pattern = found->second;
    int variable = -1;
    for (const ValuePart& part : pattern.parts)
        if (part.variable >= 0) variable = variable < 0 ? part.variable : -2;
    if (variable < 0) return {};
    const std::string& asked = requirement.values[0];
    std::string normalized = withoutLeadingZeros(asked);
    PodClass wide = pod;
    for (PodVariable& v : wide.variables)
        v.range = {-kUnbounded, kUnbounded};
    ValueMatch match = matchValue(pattern, normalized, wide);
    if (match.where.empty()) return {};
    auto v = static_cast<std::size_t>(variable);
    std::int64_t requested = match.where.front()[v].lo;
    // Within the pods the other requirements leave (one Job of a JobSet), when they are one
    // box; else every pod of the class.
    Region all = pod.allPods();
    if (all.empty()) return {};
    Box at = candidates.size() == 1 ? candidates.front() : all.front();
    if (v >= at.size()) return {};
    Interval range = at[v];
    if (range.empty()) return {};
    at[v] = {std::clamp(requested, range.lo, range.hi), std::clamp(requested, range.lo, range.hi)};
    if (normalized != asked && range.contains(requested))
        return {0,
                fmt::format("write \"{}\": controllers write indexes without leading zeros",
                            normalized),
                normalized,
                {}};
    std::string selected = pod.describeValues(requirement.key, &at);
    std::string help = fmt::format("select \"{}\"", selected);
    std::vector<ordlint::Fix> remedies;
    const Workload& workload = *pod.workload;
    const std::string& name = workload.object->name;
    const std::string& kind = workload.object->kind;
    const std::string& variableName = pod.variables[v].name;
    // The edit that sets spec.<field> of the workload, when the field is written.
    auto setSpec = [&](std::string_view field, std::int64_t value) {
        if (const MapEntry* entry = specEntry(workload, field))
            remedies.push_back(setNumber(
                entry, value, fmt::format("Set spec.{}: {} on {} {}", field, value, kind, name)));
    };
    // The edit that raises the maximum of the autoscaler that owns the workload's scale, in
    // the autoscaler's file (an HPA's maxReplicas; a ScaledObject's maxReplicaCount, when
    // written: it defaults to 100).
    auto raiseMaximum = [&](std::int64_t value) {
        const Object& autoscaler = *workload.autoscaler;
        std::string_view field =
            autoscaler.kind == "HorizontalPodAutoscaler" ? "maxReplicas" : "maxReplicaCount";
        std::string maximum =
            fmt::format("the maximum of {} {} to {}", autoscaler.kind, autoscaler.name, value);
        help += ", or raise " + maximum;
        if (const MapEntry* entry = scalarEntryAt(autoscaler.node, {"spec", field}))
            remedies.push_back(setNumber(entry, value,
                                         fmt::format("Set spec.{}: {} on {} {}", field, value,
                                                     autoscaler.kind, autoscaler.name)));
    };
    // The edit of field `path` of the named item of the workload's spec.`list` (a JobSet's
    // replicated job, a DisaggregatedSet's role); `described` names it in the title.
    auto setInItem = [&](std::string_view list, std::string_view item,
                         std::initializer_list<std::string_view> path, std::string_view described,
                         std::int64_t value) {
        const Node* spec = workload.object->spec();
        const Node* owner = namedItem(spec && spec->isMapping() ? spec->get(list) : nullptr, item);
        if (const MapEntry* entry = scalarEntryAt(owner, path))
            remedies.push_back(setNumber(
                entry, value, fmt::format("Set {}: {} on {} {}", described, value, kind, name)));
    };
    // The other requirements narrowed the variable (job-name picks one Job of a JobSet): no
    // edit of the workload's size brings the requested value into those pods.
    bool narrowed = range != pod.variables[v].range;
    if (narrowed) {
        // nothing to add
    } else if (variableName == "ordinal") {
        if (requested < range.lo && requested >= 0) {
            help += fmt::format(", or set spec.ordinals.start: {} on {} {}", requested, kind, name);
            if (workload.ordinalsStartEntry && workload.ordinalsStartEntry->value &&
                workload.ordinalsStartEntry->value->isScalar())
                remedies.push_back(setNumber(
                    workload.ordinalsStartEntry, requested,
                    fmt::format("Set spec.ordinals.start: {} on {} {}", requested, kind, name)));
        } else if (requested > range.hi && workload.autoscaler)
            raiseMaximum(requested - workload.ordinalsStart + 1);
        else if (requested > range.hi) {
            help += fmt::format(", or scale {} {} to replicas: {}", kind, name,
                                requested - workload.ordinalsStart + 1);
            setSpec("replicas", requested - workload.ordinalsStart + 1);
        }
    } else if (requested > range.hi) {
        if (variableName == "completion" && workload.kind == WorkloadKind::JobSet) {
            help += fmt::format(", or raise completions of replicated job {} to {} on {} {}",
                                pod.role, requested + 1, kind, name);
            setInItem("replicatedJobs", pod.role, {"template", "spec", "completions"},
                      fmt::format("completions of replicated job {}", pod.role), requested + 1);
        } else if (variableName == "completion") {
            help += fmt::format(", or raise completions to {} on {} {}", requested + 1, kind, name);
            setSpec("completions", requested + 1);
        } else if (workload.kind == WorkloadKind::DisaggregatedSet && variableName == "slice") {
            help += fmt::format(", or raise spec.slices to {} on {} {}", requested + 1, kind, name);
            setSpec("slices", requested + 1);
        } else if (workload.kind == WorkloadKind::DisaggregatedSet &&
                   (variableName == "group" || variableName == "worker")) {
            // A class's role is "<role> leader" or "<role> worker".
            std::string role = pod.role.substr(0, pod.role.rfind(' '));
            bool groups = variableName == "group";
            help += fmt::format(", or raise {} of role {} to {} on {} {}",
                                groups ? "spec.replicas" : "leaderWorkerTemplate.size", role,
                                requested + 1, kind, name);
            if (groups)
                setInItem("roles", role, {"spec", "replicas"},
                          fmt::format("spec.replicas of role {}", role), requested + 1);
            else
                setInItem("roles", role, {"spec", "leaderWorkerTemplate", "size"},
                          fmt::format("leaderWorkerTemplate.size of role {}", role), requested + 1);
        } else if (variableName == "group" && workload.autoscaler)
            raiseMaximum(requested + 1);
        else if (variableName == "group") {
            help += fmt::format(", or raise replicas to {} on {} {}", requested + 1, kind, name);
            setSpec("replicas", requested + 1);
        } else if (variableName == "worker") {
            help += fmt::format(", or raise leaderWorkerTemplate.size to {} on {} {}",
                                requested + 1, kind, name);
            if (const MapEntry* entry =
                    scalarEntryAt(workload.object->spec(), {"leaderWorkerTemplate", "size"}))
                remedies.push_back(setNumber(entry, requested + 1,
                                             fmt::format("Set spec.leaderWorkerTemplate.size: {} "
                                                         "on {} {}",
                                                         requested + 1, kind, name)));
        } else if (variableName == "job") {
            help += fmt::format(", or raise the replicas of replicated job {} to {} on {} {}",
                                pod.role, requested + 1, kind, name);
            setInItem("replicatedJobs", pod.role, {"replicas"},
                      fmt::format("replicas of replicated job {}", pod.role), requested + 1);
        }
    }
    std::int64_t nearest = at[v].lo;
    return {requested > nearest ? requested - nearest : nearest - requested, help, selected,
            std::move(remedies)};
}

// A selector made only of index requirements has every pod of its namespace as a candidate.
// Only the workloads it can mean are: those that set each of its index keys, and for a
// pod-name, the StatefulSet whose name it starts with. Others belong to workloads that are
// not in the input.
bool couldBeMeant(const PodClass& pod, const std::vector<const Requirement*>& indexRequirements) {
    for (const Requirement* requirement : indexRequirements) {
        auto found = pod.labels.find(requirement->key);
        if (found == pod.labels.end()) {
            if (!pod.openLabels) return false;
            continue;
        }
        if (requirement->key != kPodNameLabel || requirement->op != SelectorOperator::In) continue;
        std::string prefix =
            found->second.parts.empty() ? std::string() : found->second.parts.front().literal;
        bool named =
            std::any_of(requirement->values.begin(), requirement->values.end(),
                        [&](const std::string& value) { return value.starts_with(prefix); });
        if (!named) return false;
    }
    return true;
}

// When the target version lacks the feature the selector relies on (the index labels before
// kPodIndexLabelGate, spec.ordinals before kStartOrdinalGate), kube-version-feature reports it
// instead.
bool missingFeature(const LintSettings& settings, const std::vector<const Workload*>& workloads,
                    const std::vector<ClassMatch>& candidates,
                    const std::vector<const Requirement*>& indexRequirements) {
    if (std::any_of(workloads.begin(), workloads.end(),
                    [](const Workload* w) { return w->ordinalsIgnored; }))
        return true;
    if (kPodIndexLabelGate.enabledIn(settings.kubeVersion)) return false;
    for (const Requirement* requirement : indexRequirements) {
        if (requirement->target == RequirementTarget::Annotation) continue; // every version
        for (const ClassMatch& candidate : candidates) {
            WorkloadKind kind = candidate.pod->workload->kind;
            bool podIndex = requirement->key == kPodIndexLabel &&
                            (kind == WorkloadKind::StatefulSet || isLeaderWorker(kind));
            bool completionIndex =
                requirement->key == kCompletionIndexKey &&
                candidate.pod->carriesAnnotation(requirement->key) == Presence::Yes;
            if (podIndex || completionIndex) return true;
        }
    }
    return false;
}

class UnreachablePodIndexRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        for (const PodSelector& selector : model.selectors()) {
            std::vector<const Requirement*> indexRequirements;
            for (const Requirement& requirement : selector.requirements)
                if (isIndexKey(requirement.key)) indexRequirements.push_back(&requirement);
            if (indexRequirements.empty()) continue;
            auto others =
                model.select(selector, [](const Requirement& r) { return !isIndexKey(r.key); });
            if (indexRequirements.size() == selector.requirements.size())
                std::erase_if(others, [&](const ClassMatch& m) {
                    return !couldBeMeant(*m.pod, indexRequirements);
                });
            if (others.empty()) continue; // dangling-selector, or pods the input does not show
            if (!model.select(selector, [](const Requirement&) { return true; }).empty()) continue;
            // Pods of unknown labels may be there, with any index (spec/rules.md, the pod model).
            if (model.opaqueProducerInScope(selector)) continue;

            // The requirement that alone rules out every candidate; else the combination does.
            const Requirement* offending = nullptr;
            for (const Requirement* candidate : indexRequirements) {
                auto with = model.select(selector, [&](const Requirement& r) {
                    return !isIndexKey(r.key) || &r == candidate;
                });
                if (with.empty()) {
                    offending = candidate;
                    break;
                }
            }
            std::vector<const Workload*> workloads = workloadsOf(others);
            if (missingFeature(context.settings, workloads, others, indexRequirements)) continue;
            std::vector<std::string_view> keys;
            std::string asked;
            if (offending) {
                keys.push_back(offending->key);
                asked = describeRequirement(*offending);
            } else {
                std::vector<std::string> parts;
                for (const Requirement* requirement : indexRequirements) {
                    if (std::find(keys.begin(), keys.end(), requirement->key) == keys.end())
                        keys.push_back(requirement->key);
                    parts.push_back(describeRequirement(*requirement));
                }
                asked = fmt::format("{}, which no single pod carries,", fmt::join(parts, " and "));
            }
            std::vector<std::string> producers;
            for (const Workload* workload : workloads)
                producers.push_back(describeProducer(
                    *workload, others, keys,
                    offending && offending->target == RequirementTarget::Annotation));
            const Requirement& at = offending ? *offending : *indexRequirements.back();
            Diagnostic& d =
                reporter.report(*selector.owner, at.range,
                                fmt::format("selects {} but {}", asked, joinProducers(producers)));
            if (offending) {
                NearestValueAdvice best;
                for (const ClassMatch& candidate : others) {
                    NearestValueAdvice advice =
                        offending->target == RequirementTarget::Annotation
                            ? nearestValueAdvice(*offending, annotationView(*candidate.pod),
                                                 candidate.region, context.settings)
                            : nearestValueAdvice(*offending, *candidate.pod, candidate.region,
                                                 context.settings);
                    if (!advice.help.empty() &&
                        (best.help.empty() || advice.distance < best.distance))
                        best = advice;
                }
                d.help = best.help;
                // The edits the help names: the selector's value (in the selector's file),
                // then the workload's field (in the workload's file).
                const MapEntry* entry =
                    offending->fromMatchLabels || selector.isService()
                        ? entryStartingAt(selector.owner->node, offending->range.begin)
                        : nullptr;
                if (!best.select.empty() && entry && entry->value && entry->value->isScalar())
                    d.remedies.push_back({fmt::format("Select \"{}\"", best.select),
                                          {{entry->value->range, "\"" + best.select + "\""}}});
                for (ordlint::Fix& remedy : best.remedies)
                    d.remedies.push_back(std::move(remedy));
            }
            if (d.help.empty())
                d.help = offending ? "select one of the values the workload produces"
                                   : "keep one index requirement: they name different pods";
            for (std::size_t i = 0; i < workloads.size(); ++i)
                d.related.push_back(
                    {workloads[i]->rangeSource(),
                     workloads[i]->ordinalsStartEntry
                         ? fmt::format("ordinal range of {} starts here", workloads[i]->describe())
                         : producers[i]});
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeUnreachablePodIndexRule() {
    return std::make_unique<UnreachablePodIndexRule>();
}

} // namespace ordlint
