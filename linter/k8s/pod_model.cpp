#include "pod_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace ordlint {

namespace {

constexpr std::string_view kPodIndex = "apps.kubernetes.io/pod-index";
constexpr std::string_view kPodName = "statefulset.kubernetes.io/pod-name";
constexpr std::string_view kCompletionIndex = "batch.kubernetes.io/job-completion-index";

bool unbounded(std::int64_t value) {
    return value >= kUnbounded / 2;
}

// The largest scale is unknown when the replica count is not a literal number, or 0: a
// workload scaled to zero is scaled up some day, to a size the manifest does not say.
bool unboundedScale(const Interval& replicas) {
    return unbounded(replicas.hi) || replicas.hi == 0;
}

// An integer field with a default; nullopt when it is written but not a literal integer
// (an unrendered template, a string): the caller treats the value as unknown.
std::optional<std::int64_t> integerField(const Node* mapping, std::string_view key,
                                         std::int64_t fallback) {
    const Node* value = mapping && mapping->isMapping() ? mapping->get(key) : nullptr;
    if (!value || value->isNull()) return fallback;
    auto number = value->integer();
    if (!number || *number < 0) return std::nullopt;
    return std::min(*number, kUnbounded);
}

std::string scalarText(const Node* mapping, std::string_view key) {
    const Node* value = mapping && mapping->isMapping() ? mapping->get(key) : nullptr;
    return value && value->isScalar() ? value->value : std::string();
}

std::string countText(std::int64_t count) {
    return std::to_string(count);
}

} // namespace

std::string Interval::describe() const {
    if (empty()) return "nothing";
    if (lo == hi) return std::to_string(lo);
    if (unbounded(hi)) return fmt::format("{} and up", lo);
    return fmt::format("{}..{}", lo, hi);
}

ValuePattern ValuePattern::exact(std::string value) {
    ValuePattern pattern;
    pattern.parts.push_back({std::move(value), -1, 0});
    return pattern;
}

ValuePattern ValuePattern::anyWithPrefix(std::string prefix) {
    ValuePattern pattern;
    if (!prefix.empty()) pattern.parts.push_back({std::move(prefix), -1, 0});
    pattern.anySuffix = true;
    return pattern;
}

ValuePattern ValuePattern::number(std::string prefix, int variable, std::int64_t offset) {
    ValuePattern pattern;
    if (!prefix.empty()) pattern.parts.push_back({std::move(prefix), -1, 0});
    pattern.parts.push_back({{}, variable, offset});
    return pattern;
}

bool ValuePattern::isExact() const {
    return !anySuffix && std::all_of(parts.begin(), parts.end(),
                                     [](const ValuePart& p) { return p.variable < 0; });
}

std::string ValuePattern::exactValue() const {
    std::string text;
    for (const ValuePart& part : parts)
        if (part.variable < 0) text += part.literal;
    return text;
}

// ---------------------------------------------------------------------------------------
// Regions

namespace {

bool boxEmpty(const Box& box) {
    return std::any_of(box.begin(), box.end(), [](const Interval& i) { return i.empty(); });
}

} // namespace

Region intersect(const Region& a, const Region& b) {
    Region result;
    for (const Box& x : a) {
        for (const Box& y : b) {
            Box box(x.size());
            for (std::size_t d = 0; d < x.size(); ++d)
                box[d] = x[d].intersect(y[d]);
            if (!boxEmpty(box)) result.push_back(std::move(box));
        }
    }
    return result;
}

Region subtract(const Region& region, const Box& cut) {
    Region result;
    for (const Box& box : region) {
        Box overlap(box.size());
        for (std::size_t d = 0; d < box.size(); ++d)
            overlap[d] = box[d].intersect(cut[d]);
        if (boxEmpty(overlap)) {
            result.push_back(box);
            continue;
        }
        // Peel off, dimension by dimension, what lies below and above the cut.
        Box rest = box;
        for (std::size_t d = 0; d < box.size(); ++d) {
            if (rest[d].lo < overlap[d].lo) {
                Box below = rest;
                below[d] = {rest[d].lo, overlap[d].lo - 1};
                result.push_back(std::move(below));
            }
            if (rest[d].hi > overlap[d].hi) {
                Box above = rest;
                above[d] = {overlap[d].hi + 1, rest[d].hi};
                result.push_back(std::move(above));
            }
            rest[d] = overlap[d];
        }
    }
    return result;
}

// ---------------------------------------------------------------------------------------
// Matching values and requirements

namespace {

void matchParts(const ValuePattern& pattern, std::string_view text, std::size_t part,
                std::size_t pos, Box& current, Region& out) {
    if (part == pattern.parts.size()) {
        if (pos == text.size()) out.push_back(current);
        return;
    }
    const ValuePart& piece = pattern.parts[part];
    if (piece.variable < 0) {
        if (text.substr(pos).starts_with(piece.literal))
            matchParts(pattern, text, part + 1, pos + piece.literal.size(), current, out);
        return;
    }
    // A decimal without leading zeros: "0", or a non-zero digit followed by digits.
    std::size_t end = pos;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9')
        ++end;
    if (end == pos) return;
    std::size_t longest = text[pos] == '0' ? 1 : std::min<std::size_t>(end - pos, 18);
    std::int64_t number = 0;
    for (std::size_t length = 1; length <= longest; ++length) {
        number = number * 10 + (text[pos + length - 1] - '0');
        Interval saved = current[static_cast<std::size_t>(piece.variable)];
        std::int64_t value = number - piece.offset;
        Interval narrowed = saved.intersect({value, value});
        if (narrowed.empty()) continue;
        current[static_cast<std::size_t>(piece.variable)] = narrowed;
        matchParts(pattern, text, part + 1, pos + length, current, out);
        current[static_cast<std::size_t>(piece.variable)] = saved;
    }
}

} // namespace

ValueMatch matchValue(const ValuePattern& pattern, std::string_view text, const PodClass& pod) {
    ValueMatch match;
    if (pattern.anySuffix) {
        match.possible = text.starts_with(pattern.exactValue());
        return match;
    }
    if (pattern.isExact()) {
        match.every = text == pattern.exactValue();
        return match;
    }
    Region all = pod.allPods();
    for (Box& box : all)
        matchParts(pattern, text, 0, 0, box, match.where);
    return match;
}

Region satisfying(const PodClass& pod, const std::vector<const Requirement*>& requirements) {
    Region region = pod.allPods();
    for (const Requirement* requirement : requirements) {
        if (region.empty()) break;
        auto found = pod.labels.find(requirement->key);
        if (found == pod.labels.end()) {
            if (pod.openLabels) continue;
            if (requirement->op == SelectorOperator::In ||
                requirement->op == SelectorOperator::Exists)
                return {};
            continue;
        }
        const ValuePattern& pattern = found->second;
        switch (requirement->op) {
        case SelectorOperator::Exists:
            break;
        case SelectorOperator::DoesNotExist:
            return {};
        case SelectorOperator::In: {
            Region allowed;
            bool unconstrained = false;
            for (const std::string& value : requirement->values) {
                ValueMatch match = matchValue(pattern, value, pod);
                if (match.every || match.possible) {
                    unconstrained = true;
                    break;
                }
                allowed.insert(allowed.end(), match.where.begin(), match.where.end());
            }
            if (!unconstrained) region = intersect(region, allowed);
            break;
        }
        case SelectorOperator::NotIn:
            for (const std::string& value : requirement->values) {
                ValueMatch match = matchValue(pattern, value, pod);
                if (match.every) return {};
                for (const Box& box : match.where)
                    region = subtract(region, box);
            }
            break;
        }
    }
    return region;
}

// ---------------------------------------------------------------------------------------
// PodClass and Workload

Presence PodClass::carriesLabel(std::string_view key) const {
    if (labels.count(key)) return Presence::Yes;
    return openLabels ? Presence::Unknown : Presence::No;
}

Presence PodClass::carriesAnnotation(std::string_view key) const {
    if (annotations.count(key)) return Presence::Yes;
    return openLabels ? Presence::Unknown : Presence::No;
}

Region PodClass::allPods() const {
    Box box;
    for (const PodVariable& variable : variables) {
        if (variable.range.empty()) return {};
        box.push_back(variable.range);
    }
    return {box};
}

std::string PodClass::describeValues(std::string_view key, const Box* box) const {
    auto found = labels.find(key);
    if (found == labels.end()) return openLabels ? "any value" : fmt::format("no {} label", key);
    const ValuePattern& pattern = found->second;
    if (pattern.anySuffix)
        return pattern.parts.empty() ? "any value" : fmt::format("\"{}...\"", pattern.exactValue());
    if (pattern.isExact()) return fmt::format("\"{}\"", pattern.exactValue());
    auto rangeOf = [&](int variable) {
        auto v = static_cast<std::size_t>(variable);
        return box && v < box->size() ? (*box)[v] : variables[v].range;
    };
    std::vector<const ValuePart*> variableParts;
    for (const ValuePart& part : pattern.parts)
        if (part.variable >= 0) variableParts.push_back(&part);
    auto render = [&](auto valueOf) {
        std::string text;
        for (const ValuePart& part : pattern.parts)
            text += part.variable < 0 ? part.literal : valueOf(part);
        return text;
    };
    if (variableParts.size() == 1) {
        const ValuePart& part = *variableParts[0];
        Interval range = rangeOf(part.variable);
        if (range.empty()) return "no pods";
        std::string first =
            render([&](const ValuePart& p) { return std::to_string(range.lo + p.offset); });
        if (range.lo == range.hi) return first;
        if (unbounded(range.hi)) return first + " and up";
        return first + ".." +
               render([&](const ValuePart& p) { return std::to_string(range.hi + p.offset); });
    }
    return render([&](const ValuePart& p) {
        Interval range = rangeOf(p.variable);
        Interval shifted{range.lo + p.offset, unbounded(range.hi) ? range.hi : range.hi + p.offset};
        return shifted.lo == shifted.hi ? shifted.describe() : "{" + shifted.describe() + "}";
    });
}

std::string Workload::describe(bool withNamespace) const {
    if (withNamespace && !object->ns.empty())
        return fmt::format("{} {} in namespace \"{}\"", object->kind, object->name, object->ns);
    return fmt::format("{} {}", object->kind, object->name);
}

std::string Workload::rangeNote() const {
    std::vector<std::string> notes;
    if (ordinalsStartEntry && !ordinalsIgnored)
        notes.push_back(fmt::format("ordinals.start: {}", ordinalsStart));
    if (ordinalsIgnored) notes.push_back("spec.ordinals is ignored before Kubernetes 1.27");
    if (autoscaler && replicas)
        notes.push_back(fmt::format("{} {} scales it to {} replicas", autoscaler->kind,
                                    autoscaler->name, replicas->describe()));
    return notes.empty() ? std::string() : fmt::format(" ({})", fmt::join(notes, "; "));
}

SourceRange Workload::rangeSource() const {
    if (ordinalsStartEntry) return entryRange(*ordinalsStartEntry);
    const Node* spec = object->spec();
    if (spec && spec->isMapping()) {
        if (const MapEntry* replicas = spec->entry("replicas")) return entryRange(*replicas);
        if (const MapEntry* completions = spec->entry("completions"))
            return entryRange(*completions);
    }
    return object->anchorRange();
}

bool Workload::sameIdentity(const Workload& other) const {
    return object->group == other.object->group && object->kind == other.object->kind &&
           object->ns == other.object->ns && object->name == other.object->name;
}

// ---------------------------------------------------------------------------------------
// Building the model

namespace {

struct AutoscalerKey {
    std::string ns, kind, name;
    bool operator<(const AutoscalerKey& o) const {
        return std::tie(ns, kind, name) < std::tie(o.ns, o.kind, o.name);
    }
};

struct Autoscaling {
    Interval replicas;
    const Object* object = nullptr;
};

// HPAs and KEDA ScaledObjects own their target's replica count: it ranges over min..max.
std::map<AutoscalerKey, Autoscaling> autoscalersOf(const Workspace& workspace) {
    std::map<AutoscalerKey, Autoscaling> found;
    for (const Object& object : workspace.objects) {
        const Node* spec = object.spec();
        bool hpa = object.group == "autoscaling" && object.kind == "HorizontalPodAutoscaler";
        bool keda = object.group == "keda.sh" && object.kind == "ScaledObject";
        if (!spec || (!hpa && !keda)) continue;
        const Node* target = spec->get("scaleTargetRef");
        std::string name = scalarText(target, "name");
        std::string kind = scalarText(target, "kind");
        if (keda && kind.empty()) kind = "Deployment";
        if (name.empty() || kind.empty()) continue;
        auto min = integerField(spec, hpa ? "minReplicas" : "minReplicaCount", hpa ? 1 : 0);
        auto max =
            integerField(spec, hpa ? "maxReplicas" : "maxReplicaCount", hpa ? kUnbounded : 100);
        Interval replicas{min.value_or(0), max.value_or(kUnbounded)};
        if (replicas.empty()) replicas = {replicas.hi, replicas.lo}; // reported by the schema rule
        found[{object.ns, kind, name}] = {replicas, &object};
    }
    return found;
}

// Custom kinds known to create no pods; every other custom kind might (an operator's
// database, a Ray cluster, a training job), so ordlint treats it as an unknown producer.
bool createsNoPods(std::string_view group, std::string_view kind) {
    auto endsWith = [&](std::string_view suffix) {
        return group == suffix.substr(1) || group.ends_with(suffix);
    };
    if (group == "monitoring.coreos.com")
        return kind != "Prometheus" && kind != "Alertmanager" && kind != "ThanosRuler" &&
               kind != "PrometheusAgent";
    if (group == "keda.sh") return kind != "ScaledJob";
    static constexpr std::string_view quiet[] = {
        ".chaos-mesh.org",
        ".istio.io",
        ".cert-manager.io",
        ".kueue.x-k8s.io",
        ".scheduling.x-k8s.io",
        ".inference.networking.x-k8s.io",
        ".gateway.networking.x-k8s.io",
        ".external-secrets.io",
        ".cilium.io",
        ".projectcalico.org",
        ".traefik.io",
        ".traefik.containo.us",
        ".gatekeeper.sh",
        ".kyverno.io",
        ".volcano.sh",
        ".trust-manager.io",
        ".objectbucket.io",
    };
    return std::any_of(std::begin(quiet), std::end(quiet), endsWith);
}

bool isBuiltinGroup(std::string_view group) {
    if (group.find('.') == std::string_view::npos) return true;
    return group.ends_with(".k8s.io") && !group.ends_with(".x-k8s.io");
}

class Builder {
  public:
    Builder(const Workspace& workspace, const LintSettings& settings,
            const std::map<const Object*, WorkloadKind>& modelledAs)
        : settings_(settings), modelledAs_(modelledAs), autoscalers_(autoscalersOf(workspace)) {}

    void add(const Object& object, std::deque<Workload>& out) {
        auto meant = modelledAs_.find(&object);
        std::vector<PodTemplate> templates = meant != modelledAs_.end()
                                                 ? podTemplatesOf(object, meant->second)
                                                 : podTemplatesOf(object);
        if (templates.empty()) {
            if (!isBuiltinGroup(object.group) && !createsNoPods(object.group, object.kind)) {
                Workload& opaque = out.emplace_back();
                opaque.object = &object;
                opaque.unknownProducer = true;
            }
            return;
        }
        WorkloadKind kind = templates.front().kind;
        if (kind == WorkloadKind::PodTemplate) return; // a template, not a producer
        Workload& workload = out.emplace_back();
        workload.object = &object;
        workload.kind = kind;
        switch (kind) {
        case WorkloadKind::StatefulSet:
            statefulSet(workload, templates.front());
            break;
        case WorkloadKind::Deployment:
        case WorkloadKind::ReplicaSet:
        case WorkloadKind::ReplicationController: {
            workload.replicas = replicasOf(object, object.kind);
            workload.autoscaler = autoscalerOf(object);
            PodClass& pod = addClass(workload, templates.front());
            if (kind == WorkloadKind::Deployment)
                pod.labels["pod-template-hash"] = ValuePattern::any();
            break;
        }
        case WorkloadKind::DaemonSet: {
            PodClass& pod = addClass(workload, templates.front());
            pod.labels["controller-revision-hash"] = ValuePattern::any();
            pod.labels["pod-template-generation"] = ValuePattern::any();
            break;
        }
        case WorkloadKind::Pod:
            addClass(workload, templates.front());
            break;
        case WorkloadKind::Job: {
            PodClass& pod = addClass(workload, templates.front());
            job(pod, object.name.empty() ? ValuePattern::any() : ValuePattern::exact(object.name),
                templates.front().jobSpec, false);
            break;
        }
        case WorkloadKind::CronJob: {
            PodClass& pod = addClass(workload, templates.front());
            job(pod, ValuePattern::anyWithPrefix(object.name + "-"), templates.front().jobSpec,
                false);
            break;
        }
        case WorkloadKind::LeaderWorkerSet:
            leaderWorkerSet(workload, templates);
            break;
        case WorkloadKind::JobSet:
            jobSet(workload, templates);
            break;
        case WorkloadKind::PodTemplate:
            break;
        case WorkloadKind::Unknown:
            workload.unknownProducer = true;
            for (const PodTemplate& podTemplate : templates)
                addClass(workload, podTemplate).openLabels = true;
            break;
        }
    }

  private:
    const LintSettings& settings_;
    const std::map<const Object*, WorkloadKind>& modelledAs_;
    std::map<AutoscalerKey, Autoscaling> autoscalers_;

    bool podIndexLabel() const { return settings_.kubeVersion.atLeast(1, 28); }

    static PodClass& addClass(Workload& workload, const PodTemplate& podTemplate) {
        PodClass& pod = workload.pods.emplace_back();
        pod.workload = &workload;
        pod.role = podTemplate.role;
        pod.templateNode = podTemplate.templateNode;
        auto copy = [](const Node* metadata, std::string_view field, auto& into) {
            const Node* map = metadata ? metadata->get(field) : nullptr;
            if (!map || !map->isMapping()) return;
            for (const MapEntry& entry : map->entries)
                if (entry.key->isScalar() && (entry.value->isScalar() || entry.value->isNull()))
                    into[entry.key->value] = ValuePattern::exact(entry.value->value);
        };
        copy(podTemplate.metadata, "labels", pod.labels);
        copy(podTemplate.metadata, "annotations", pod.annotations);
        return pod;
    }

    Interval replicasOf(const Object& object, std::string_view scaleKind) {
        auto found = autoscalers_.find({object.ns, std::string(scaleKind), object.name});
        if (found != autoscalers_.end()) return found->second.replicas;
        auto replicas = integerField(object.spec(), "replicas", 1);
        return replicas ? Interval{*replicas, *replicas} : Interval{0, kUnbounded};
    }

    const Object* autoscalerOf(const Object& object) {
        auto found = autoscalers_.find({object.ns, object.kind, object.name});
        return found == autoscalers_.end() ? nullptr : found->second.object;
    }

    void statefulSet(Workload& workload, const PodTemplate& podTemplate) {
        const Object& object = *workload.object;
        workload.replicas = replicasOf(object, "StatefulSet");
        workload.autoscaler = autoscalerOf(object);
        const Node* ordinals = object.spec() ? object.spec()->get("ordinals") : nullptr;
        if (ordinals && ordinals->isMapping())
            workload.ordinalsStartEntry = ordinals->entry("start");
        if (workload.ordinalsStartEntry) {
            if (!settings_.kubeVersion.atLeast(1, 27))
                workload.ordinalsIgnored = true;
            else
                workload.ordinalsStart = integerField(ordinals, "start", 0).value_or(0);
        }
        std::int64_t top = unboundedScale(*workload.replicas)
                               ? kUnbounded
                               : workload.ordinalsStart + workload.replicas->hi - 1;
        workload.ordinals = {workload.ordinalsStart, top};
        PodClass& pod = addClass(workload, podTemplate);
        pod.variables.push_back({"ordinal", workload.ordinals});
        pod.labels[std::string(kPodName)] = ValuePattern::number(object.name + "-", 0);
        pod.labels["controller-revision-hash"] = ValuePattern::any();
        if (podIndexLabel()) pod.labels[std::string(kPodIndex)] = ValuePattern::number("", 0);
    }

    // The Job controller's labels and, for Indexed Jobs, the completion index (a new
    // variable of the class).
    void job(PodClass& pod, ValuePattern jobName, const Node* jobSpec, bool indexedByDefault) {
        pod.labels["job-name"] = jobName;
        pod.labels["controller-uid"] = ValuePattern::any();
        if (settings_.kubeVersion.atLeast(1, 27)) {
            pod.labels["batch.kubernetes.io/job-name"] = jobName;
            pod.labels["batch.kubernetes.io/controller-uid"] = ValuePattern::any();
        }
        std::string mode = scalarText(jobSpec, "completionMode");
        bool indexed = mode == "Indexed" || (mode.empty() && indexedByDefault);
        if (!indexed) return;
        std::optional<std::int64_t> completions;
        const Node* written =
            jobSpec && jobSpec->isMapping() ? jobSpec->get("completions") : nullptr;
        const Node* parallelism =
            jobSpec && jobSpec->isMapping() ? jobSpec->get("parallelism") : nullptr;
        if (written)
            completions = integerField(jobSpec, "completions", 1);
        else if (!parallelism)
            completions = 1; // both unset: both default to 1
        int variable = static_cast<int>(pod.variables.size());
        pod.variables.push_back({"completion", {0, completions ? *completions - 1 : kUnbounded}});
        pod.annotations[std::string(kCompletionIndex)] = ValuePattern::number("", variable);
        if (podIndexLabel())
            pod.labels[std::string(kCompletionIndex)] = ValuePattern::number("", variable);
    }

    void leaderWorkerSet(Workload& workload, const std::vector<PodTemplate>& templates) {
        const Object& object = *workload.object;
        const std::string& name = object.name;
        workload.replicas = replicasOf(object, "LeaderWorkerSet");
        workload.autoscaler = autoscalerOf(object);
        const Node* lwt = object.spec() ? object.spec()->get("leaderWorkerTemplate") : nullptr;
        auto size = integerField(lwt, "size", 1);
        Interval groups{0, unboundedScale(*workload.replicas) ? kUnbounded
                                                              : workload.replicas->hi - 1};
        const Node* subGroup = lwt && lwt->isMapping() ? lwt->get("subGroupPolicy") : nullptr;
        bool leaderExcluded = scalarText(subGroup, "subGroupPolicyType") == "LeaderExcluded";
        for (const PodTemplate& podTemplate : templates) {
            bool leader = podTemplate.role == "leader";
            if (!leader && size && *size < 2) continue; // size 1: a group is just its leader
            PodClass& pod = addClass(workload, podTemplate);
            pod.variables.push_back({"group", groups});
            pod.labels["leaderworkerset.sigs.k8s.io/name"] = ValuePattern::exact(name);
            pod.labels["leaderworkerset.sigs.k8s.io/group-index"] = ValuePattern::number("", 0);
            pod.labels["leaderworkerset.sigs.k8s.io/group-key"] = ValuePattern::any();
            pod.labels["leaderworkerset.sigs.k8s.io/template-revision-hash"] = ValuePattern::any();
            pod.labels["controller-revision-hash"] = ValuePattern::any();
            if (subGroup && !(leader && leaderExcluded)) {
                pod.labels["leaderworkerset.sigs.k8s.io/subgroup-index"] = ValuePattern::any();
                pod.labels["leaderworkerset.sigs.k8s.io/subgroup-key"] = ValuePattern::any();
            }
            pod.annotations["leaderworkerset.sigs.k8s.io/size"] =
                size ? ValuePattern::exact(countText(*size)) : ValuePattern::any();
            if (leader) {
                pod.labels["leaderworkerset.sigs.k8s.io/worker-index"] = ValuePattern::exact("0");
                pod.labels[std::string(kPodName)] = ValuePattern::number(name + "-", 0);
                if (podIndexLabel())
                    pod.labels[std::string(kPodIndex)] = ValuePattern::number("", 0);
                pod.annotations["leaderworkerset.sigs.k8s.io/replicas"] =
                    workload.replicas->lo == workload.replicas->hi
                        ? ValuePattern::exact(countText(workload.replicas->lo))
                        : ValuePattern::any();
            } else {
                pod.variables.push_back({"worker", {1, size ? *size - 1 : kUnbounded}});
                pod.labels["leaderworkerset.sigs.k8s.io/worker-index"] =
                    ValuePattern::number("", 1);
                if (podIndexLabel())
                    pod.labels[std::string(kPodIndex)] = ValuePattern::number("", 1);
                ValuePattern podName = ValuePattern::number(name + "-", 0);
                podName.parts.push_back({"-", -1, 0});
                podName.parts.push_back({{}, 1, 0});
                pod.labels[std::string(kPodName)] = podName;
                pod.annotations["leaderworkerset.sigs.k8s.io/leader-name"] =
                    ValuePattern::number(name + "-", 0);
            }
        }
    }

    void jobSet(Workload& workload, const std::vector<PodTemplate>& templates) {
        const Object& object = *workload.object;
        const Node* jobs = object.spec() ? object.spec()->get("replicatedJobs") : nullptr;
        std::vector<std::optional<std::int64_t>> replicas;
        std::vector<std::string> groups;
        for (const Node* replicated :
             jobs && jobs->isSequence() ? jobs->items : std::vector<const Node*>{}) {
            replicas.push_back(integerField(replicated, "replicas", 1));
            std::string group = scalarText(replicated, "groupName");
            groups.push_back(group.empty() ? "default" : group);
        }
        // Sums over earlier entries (offsets) and totals; nullopt once an entry is unknown.
        auto sum = [&](std::size_t end, auto inGroup) -> std::optional<std::int64_t> {
            std::int64_t total = 0;
            for (std::size_t i = 0; i < end; ++i) {
                if (!inGroup(i)) continue;
                if (!replicas[i]) return std::nullopt;
                total += *replicas[i];
            }
            return total;
        };
        auto all = [](std::size_t) { return true; };
        auto exactOrAny = [](std::optional<std::int64_t> n) {
            return n ? ValuePattern::exact(countText(*n)) : ValuePattern::any();
        };
        for (const PodTemplate& podTemplate : templates) {
            auto index = static_cast<std::size_t>(podTemplate.replicatedJobIndex);
            if (index >= replicas.size()) continue;
            auto sameGroup = [&](std::size_t i) { return groups[i] == groups[index]; };
            PodClass& pod = addClass(workload, podTemplate);
            std::int64_t count = replicas[index].value_or(kUnbounded);
            pod.variables.push_back({"job", {0, count - 1}});
            std::map<std::string, ValuePattern, std::less<>> added;
            added["jobset.sigs.k8s.io/jobset-name"] = ValuePattern::exact(object.name);
            added["jobset.sigs.k8s.io/replicatedjob-name"] = ValuePattern::exact(podTemplate.role);
            added["jobset.sigs.k8s.io/job-index"] = ValuePattern::number("", 0);
            auto offset = sum(index, all);
            added["jobset.sigs.k8s.io/job-global-index"] =
                offset ? ValuePattern::number("", 0, *offset) : ValuePattern::any();
            added["jobset.sigs.k8s.io/replicatedjob-replicas"] = exactOrAny(replicas[index]);
            added["jobset.sigs.k8s.io/global-replicas"] = exactOrAny(sum(replicas.size(), all));
            added["jobset.sigs.k8s.io/group-name"] = ValuePattern::exact(groups[index]);
            added["jobset.sigs.k8s.io/group-replicas"] =
                exactOrAny(sum(replicas.size(), sameGroup));
            auto groupOffset = sum(index, sameGroup);
            added["jobset.sigs.k8s.io/job-group-index"] =
                groupOffset ? ValuePattern::number("", 0, *groupOffset) : ValuePattern::any();
            for (std::string_view key : {"jobset-uid", "job-key", "restart-attempt"})
                added[fmt::format("jobset.sigs.k8s.io/{}", key)] = ValuePattern::any();
            for (const auto& [key, value] : added) {
                pod.labels[key] = value;
                pod.annotations[key] = value;
            }
            // The JobSet webhook defaults completionMode to Indexed.
            job(pod, ValuePattern::number(fmt::format("{}-{}-", object.name, podTemplate.role), 0),
                podTemplate.jobSpec, true);
        }
    }
};

} // namespace

PodModel PodModel::build(const Workspace& workspace, const LintSettings& settings,
                         const std::map<const Object*, WorkloadKind>& modelledAs) {
    PodModel model;
    model.settings_ = &settings;
    Builder builder(workspace, settings, modelledAs);
    for (const Object& object : workspace.objects)
        builder.add(object, model.workloads_);
    std::size_t sequence = 0;
    for (Workload& workload : model.workloads_) {
        model.byObject_[workload.object] = &workload;
        if (workload.object->clusterScoped) {
            if (workload.unknownProducer) model.clusterWideUnknownProducer_ = true;
            continue;
        }
        NamespaceIndex& index = model.namespaces_[workload.object->ns];
        if (workload.unknownProducer) index.unknownProducer = true;
        for (PodClass& pod : workload.pods) {
            model.byTemplate_.emplace(pod.templateNode, &pod);
            pod.sequence = sequence++;
            index.classes.push_back(&pod);
            if (pod.openLabels) index.open.push_back(&pod);
            for (const auto& [key, pattern] : pod.labels) {
                if (pattern.isExact())
                    index.exact[key][pattern.exactValue()].push_back(&pod);
                else
                    index.patterned[key].push_back(&pod);
            }
        }
    }
    model.selectors_ = podSelectorsOf(workspace);
    return model;
}

const Workload* PodModel::workloadOf(const Object& object) const {
    auto found = byObject_.find(&object);
    return found == byObject_.end() ? nullptr : found->second;
}

std::vector<const PodClass*> PodModel::classesOfTemplate(const Node* templateNode) const {
    std::vector<const PodClass*> classes;
    auto [first, last] = byTemplate_.equal_range(templateNode);
    for (auto it = first; it != last; ++it)
        classes.push_back(it->second);
    return classes;
}

std::vector<const PodClass*>
PodModel::candidates(const NamespaceIndex& index,
                     const std::vector<const Requirement*>& requirements) const {
    // The In requirement with the fewest candidates narrows the search; without one, every
    // class of the namespace is a candidate.
    std::optional<std::vector<const PodClass*>> best;
    for (const Requirement* requirement : requirements) {
        if (requirement->op != SelectorOperator::In && requirement->op != SelectorOperator::Exists)
            continue;
        std::vector<const PodClass*> found = index.open;
        if (auto patterned = index.patterned.find(requirement->key);
            patterned != index.patterned.end())
            found.insert(found.end(), patterned->second.begin(), patterned->second.end());
        if (auto exact = index.exact.find(requirement->key); exact != index.exact.end()) {
            if (requirement->op == SelectorOperator::Exists) {
                for (const auto& [value, classes] : exact->second)
                    found.insert(found.end(), classes.begin(), classes.end());
            } else {
                for (const std::string& value : requirement->values)
                    if (auto hit = exact->second.find(value); hit != exact->second.end())
                        found.insert(found.end(), hit->second.begin(), hit->second.end());
            }
        }
        if (!best || found.size() < best->size()) best = std::move(found);
    }
    std::vector<const PodClass*> result = best ? std::move(*best) : index.classes;
    std::sort(result.begin(), result.end(),
              [](const PodClass* a, const PodClass* b) { return a->sequence < b->sequence; });
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

std::vector<ClassMatch>
PodModel::select(const PodSelector& selector,
                 const std::vector<const Requirement*>& requirements) const {
    std::vector<ClassMatch> matches;
    auto scan = [&](const NamespaceIndex& index) {
        for (const PodClass* pod : candidates(index, requirements)) {
            Region region = satisfying(*pod, requirements);
            if (!region.empty()) matches.push_back({pod, std::move(region)});
        }
    };
    if (selector.allNamespaces) {
        for (const auto& [ns, index] : namespaces_)
            scan(index);
    } else {
        for (const std::string& ns : selector.namespaces)
            if (auto found = namespaces_.find(ns); found != namespaces_.end()) scan(found->second);
    }
    return matches;
}

std::vector<const PodClass*> PodModel::classesInScope(const PodSelector& selector) const {
    std::vector<const PodClass*> classes;
    for (const auto& [ns, index] : namespaces_) {
        bool inScope = selector.allNamespaces ||
                       std::find(selector.namespaces.begin(), selector.namespaces.end(), ns) !=
                           selector.namespaces.end();
        if (inScope) classes.insert(classes.end(), index.classes.begin(), index.classes.end());
    }
    return classes;
}

bool PodModel::unknownProducerInScope(const PodSelector& selector) const {
    if (clusterWideUnknownProducer_) return true;
    for (const auto& [ns, index] : namespaces_) {
        if (!index.unknownProducer) continue;
        if (selector.allNamespaces ||
            std::find(selector.namespaces.begin(), selector.namespaces.end(), ns) !=
                selector.namespaces.end())
            return true;
    }
    return false;
}

} // namespace ordlint
