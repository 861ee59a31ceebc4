#include "pod_controllers.hpp"

#include "k8s_facts.hpp"
#include "pod_producers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace ordlint {

namespace {

// Sets `key` in a pod's labels or annotations.
void set(std::map<std::string, ValuePattern, std::less<>>& keys, std::string_view key,
         ValuePattern value) {
    keys.insert_or_assign(std::string(key), std::move(value));
}

// The largest scale is unknown when the replica count is not a literal number, or 0: a
// workload scaled to zero is scaled up some day, to a size the manifest does not say.
bool unboundedScale(const Interval& replicas) {
    return isUnbounded(replicas.hi) || replicas.hi == 0;
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

std::string countText(std::int64_t count) {
    return std::to_string(count);
}

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
std::map<AutoscalerKey, std::vector<Autoscaling>> autoscalersOf(const Workspace& workspace) {
    std::map<AutoscalerKey, std::vector<Autoscaling>> found;
    for (const Object& object : workspace.objects) {
        const Node* spec = object.spec();
        bool hpa = object.group == "autoscaling" && object.kind == "HorizontalPodAutoscaler";
        bool keda = object.group == "keda.sh" && object.kind == "ScaledObject";
        if (!spec || (!hpa && !keda)) continue;
        const Node* target = spec->get("scaleTargetRef");
        std::string name = scalarAt(target, "name");
        std::string kind = scalarAt(target, "kind");
        if (keda && kind.empty()) kind = "Deployment";
        if (name.empty() || kind.empty()) continue;
        auto min = integerField(spec, hpa ? "minReplicas" : "minReplicaCount", hpa ? 1 : 0);
        auto max =
            integerField(spec, hpa ? "maxReplicas" : "maxReplicaCount", hpa ? kUnbounded : 100);
        Interval replicas{min.value_or(0), max.value_or(kUnbounded)};
        if (replicas.empty()) replicas = {replicas.hi, replicas.lo}; // reported by the schema rule
        found[{object.ns, kind, name}].push_back({replicas, &object});
    }
    return found;
}

class Builder {
  public:
    Builder(const Workspace& workspace, const LintSettings& settings,
            const std::map<const Object*, WorkloadKind>& modelledAs,
            const CustomKindCatalog& customKinds)
        : settings_(settings), modelledAs_(modelledAs), autoscalers_(autoscalersOf(workspace)),
          customKinds_(customKinds) {}

    void add(const Object& object, std::deque<Workload>& out) {
        auto meant = modelledAs_.find(&object);
        std::vector<PodTemplate> templates = meant != modelledAs_.end()
                                                 ? podTemplatesOf(object, meant->second)
                                                 : podTemplatesOf(object);
        bool modelled = !templates.empty() && templates.front().kind != WorkloadKind::Unknown;
        if (!modelled && !isBuiltinGroup(object.group)) {
            // A custom resource: an unknown producer only when it may really create pods.
            if (!isUnknownProducer(object, customKinds_)) return;
            Workload& opaque = out.emplace_back();
            opaque.object = &object;
            opaque.unknownProducer = true;
            if (object.clusterScoped) opaque.producerNamespaces = namespacesNamedBy(object);
            for (const PodTemplate& podTemplate : templates)
                addClass(opaque, podTemplate).openLabels = true;
            return;
        }
        if (templates.empty()) return;
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
                set(pod.labels, kPodTemplateHashLabel, ValuePattern::any());
            break;
        }
        case WorkloadKind::DaemonSet: {
            PodClass& pod = addClass(workload, templates.front());
            set(pod.labels, kControllerRevisionHashLabel, ValuePattern::any());
            set(pod.labels, kPodTemplateGenerationLabel, ValuePattern::any());
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
        case WorkloadKind::DisaggregatedSet:
            disaggregatedSet(workload, templates);
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
    std::map<AutoscalerKey, std::vector<Autoscaling>> autoscalers_;

    // The last autoscaler of `object` in its namespace (a namespace-less `default` is per
    // folder: sameNamespace()).
    const Autoscaling* autoscalingOf(const Object& object, std::string_view scaleKind) const {
        auto found = autoscalers_.find({object.ns, std::string(scaleKind), object.name});
        if (found == autoscalers_.end()) return nullptr;
        const Autoscaling* chosen = nullptr;
        for (const Autoscaling& autoscaling : found->second)
            if (sameNamespace(object, *autoscaling.object)) chosen = &autoscaling;
        return chosen;
    }
    const CustomKindCatalog& customKinds_;

    bool podIndexLabel() const { return kPodIndexLabelGate.enabledIn(settings_.kubeVersion); }

    static PodClass& addClass(Workload& workload, const PodTemplate& podTemplate) {
        PodClass& pod = workload.pods.emplace_back();
        pod.workload = &workload;
        pod.role = podTemplate.role;
        pod.templateNode = podTemplate.templateNode;
        auto copy = [](const Node* metadata, std::string_view field, auto& into) {
            const Node* map = metadata ? metadata->get(field) : nullptr;
            if (!map || !map->isMapping()) return;
            for (const MapEntry& entry : map->entries())
                if (entry.key->isScalar() && (entry.value->isScalar() || entry.value->isNull()))
                    into[std::string(entry.key->value())] =
                        ValuePattern::exact(std::string(entry.value->value()));
        };
        copy(podTemplate.metadata, "labels", pod.labels);
        copy(podTemplate.metadata, "annotations", pod.annotations);
        return pod;
    }

    Interval replicasOf(const Object& object, std::string_view scaleKind) {
        if (const Autoscaling* autoscaling = autoscalingOf(object, scaleKind))
            return autoscaling->replicas;
        auto replicas = integerField(object.spec(), "replicas", 1);
        return replicas ? Interval{*replicas, *replicas} : Interval{0, kUnbounded};
    }

    const Object* autoscalerOf(const Object& object) {
        const Autoscaling* autoscaling = autoscalingOf(object, object.kind);
        return autoscaling ? autoscaling->object : nullptr;
    }

    void statefulSet(Workload& workload, const PodTemplate& podTemplate) {
        const Object& object = *workload.object;
        workload.replicas = replicasOf(object, "StatefulSet");
        workload.autoscaler = autoscalerOf(object);
        const Node* ordinals = object.spec() ? object.spec()->get("ordinals") : nullptr;
        if (ordinals && ordinals->isMapping())
            workload.ordinalsStartEntry = ordinals->entry("start");
        if (workload.ordinalsStartEntry) {
            if (!kStartOrdinalGate.enabledIn(settings_.kubeVersion))
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
        set(pod.labels, kPodNameLabel, ValuePattern::number(object.name + "-", 0));
        set(pod.labels, kControllerRevisionHashLabel, ValuePattern::any());
        if (podIndexLabel()) set(pod.labels, kPodIndexLabel, ValuePattern::number("", 0));
    }

    // The Job controller's labels and, for Indexed Jobs, the completion index (a new
    // variable of the class).
    void job(PodClass& pod, ValuePattern jobName, const Node* jobSpec, bool indexedByDefault) {
        set(pod.labels, kLegacyJobNameLabel, jobName);
        set(pod.labels, kLegacyControllerUidLabel, ValuePattern::any());
        if (kPrefixedJobLabelsGate.enabledIn(settings_.kubeVersion)) {
            set(pod.labels, kJobNameLabel, jobName);
            set(pod.labels, kControllerUidLabel, ValuePattern::any());
        }
        std::string mode = scalarAt(jobSpec, "completionMode");
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
        set(pod.annotations, kCompletionIndexKey, ValuePattern::number("", variable));
        if (podIndexLabel())
            set(pod.labels, kCompletionIndexKey, ValuePattern::number("", variable));
    }

    // What the LeaderWorkerSet controller makes of one LeaderWorkerSet (lws-jobset.md). A
    // DisaggregatedSet's LeaderWorkerSets are named "<ds>-<slice>-<revision>-<role>": known
    // only up to the revision hash, so `name` is then a prefix of the name, and the slice is a
    // variable of the class before the group.
    struct LeaderWorkers {
        std::string name;
        bool nameIsPrefix = false;
        const Node* spec = nullptr;        // the LeaderWorkerSet spec: leaderWorkerTemplate
        const Node* annotations = nullptr; // the LeaderWorkerSet's own metadata.annotations
        Interval replicas;                 // groups
        std::vector<PodVariable> outer;
        // Labels the creator adds to both templates, over the template's own.
        std::map<std::string, ValuePattern, std::less<>> labels;
        std::string role; // the PodClass role before "leader"/"worker" ("prefill ")
    };

    void leaderWorkerSet(Workload& workload, const std::vector<PodTemplate>& templates) {
        const Object& object = *workload.object;
        workload.replicas = replicasOf(object, "LeaderWorkerSet");
        workload.autoscaler = autoscalerOf(object);
        LeaderWorkers lws;
        lws.name = object.name;
        lws.spec = object.spec();
        const Node* metadata = object.metadata();
        lws.annotations =
            metadata && metadata->isMapping() ? metadata->get("annotations") : nullptr;
        lws.replicas = *workload.replicas;
        leaderWorkerPods(workload, templates, lws);
    }

    void leaderWorkerPods(Workload& workload, const std::vector<PodTemplate>& templates,
                          const LeaderWorkers& lws) {
        const Node* lwt =
            lws.spec && lws.spec->isMapping() ? lws.spec->get("leaderWorkerTemplate") : nullptr;
        auto size = integerField(lwt, "size", 1);
        Interval groups{0, unboundedScale(lws.replicas) ? kUnbounded : lws.replicas.hi - 1};
        const Node* subGroup = lwt && lwt->isMapping() ? lwt->get("subGroupPolicy") : nullptr;
        bool leaderExcluded = scalarAt(subGroup, "subGroupPolicyType") == "LeaderExcluded";
        int group = static_cast<int>(lws.outer.size());
        int worker = group + 1;
        // "<lws>-<group>", then "-<worker>" for workers; any name with the prefix otherwise.
        auto named = [&](bool withWorker) {
            if (lws.nameIsPrefix) return ValuePattern::anyWithPrefix(lws.name);
            ValuePattern pattern = ValuePattern::number(lws.name + "-", group);
            if (withWorker) {
                pattern.parts.push_back({"-", -1, 0});
                pattern.parts.push_back({{}, worker, 0});
            }
            return pattern;
        };
        for (const PodTemplate& podTemplate : templates) {
            bool leader = podTemplate.role == "leader";
            if (!leader && size && *size < 2) continue; // size 1: a group is just its leader
            PodClass& pod = addClass(workload, podTemplate);
            pod.role = lws.role + podTemplate.role;
            pod.variables = lws.outer;
            pod.variables.push_back({"group", groups});
            for (const auto& [key, value] : lws.labels)
                pod.labels[key] = value;
            set(pod.labels, kLwsNameLabel,
                lws.nameIsPrefix ? ValuePattern::anyWithPrefix(lws.name)
                                 : ValuePattern::exact(lws.name));
            set(pod.labels, kLwsGroupIndexLabel, ValuePattern::number("", group));
            set(pod.labels, kLwsGroupKeyLabel, ValuePattern::any());
            set(pod.labels, kLwsTemplateRevisionHashLabel, ValuePattern::any());
            set(pod.labels, kControllerRevisionHashLabel, ValuePattern::any());
            if (subGroup && !(leader && leaderExcluded)) {
                set(pod.labels, kLwsSubGroupIndexLabel, ValuePattern::any());
                set(pod.labels, kLwsSubGroupKeyLabel, ValuePattern::any());
            }
            set(pod.annotations, kLwsSizeAnnotation,
                size ? ValuePattern::exact(countText(*size)) : ValuePattern::any());
            // Copied from the LeaderWorkerSet's own annotations, and from its subGroupPolicy.
            auto copied = [&](std::string_view key) {
                if (std::string value = scalarAt(lws.annotations, key); !value.empty())
                    set(pod.annotations, key, ValuePattern::exact(value));
            };
            copied(kLwsExclusiveTopologyAnnotation);
            if (subGroup) {
                std::string type = scalarAt(subGroup, "subGroupPolicyType");
                set(pod.annotations, kLwsSubGroupPolicyTypeAnnotation,
                    ValuePattern::exact(type.empty() ? std::string(kLwsSubGroupPolicyTypeDefault)
                                                     : type));
                auto subGroupSize = integerField(subGroup, "subGroupSize", 0);
                set(pod.annotations, kLwsSubGroupSizeAnnotation,
                    subGroupSize && *subGroupSize > 0
                        ? ValuePattern::exact(countText(*subGroupSize))
                        : ValuePattern::any());
                copied(kLwsSubGroupExclusiveTopologyAnnotation);
            }
            if (leader) {
                const Node* network =
                    lws.spec && lws.spec->isMapping() ? lws.spec->get("networkConfig") : nullptr;
                if (scalarAt(network, "subdomainPolicy") == "UniquePerReplica")
                    set(pod.annotations, kLwsSubdomainPolicyAnnotation,
                        ValuePattern::exact("UniquePerReplica"));
                set(pod.labels, kLwsWorkerIndexLabel, ValuePattern::exact("0"));
                set(pod.labels, kPodNameLabel, named(false));
                if (podIndexLabel())
                    set(pod.labels, kPodIndexLabel, ValuePattern::number("", group));
                set(pod.annotations, kLwsReplicasAnnotation,
                    lws.replicas.lo == lws.replicas.hi
                        ? ValuePattern::exact(countText(lws.replicas.lo))
                        : ValuePattern::any());
            } else {
                pod.variables.push_back({"worker", {1, size ? *size - 1 : kUnbounded}});
                set(pod.labels, kLwsWorkerIndexLabel, ValuePattern::number("", worker));
                if (podIndexLabel())
                    set(pod.labels, kPodIndexLabel, ValuePattern::number("", worker));
                set(pod.labels, kPodNameLabel, named(true));
                set(pod.annotations, kLwsLeaderNameAnnotation, named(false));
            }
        }
    }

    // DisaggregatedSet (kubernetes-sigs/lws pkg/controllers/disaggregatedset, utils.go
    // GenerateName/GenerateLabels, lws_manager.go Create): for each slice 0..slices-1 and each
    // role, a LeaderWorkerSet "<ds>-<slice>-<revision>-<role>" with the role's spec and
    // replicas (Static scaling; an External role's count comes from its scaler). Both pod
    // templates get, over their own labels: app=<ds>-<slice>-<role>,
    // disaggregatedset.x-k8s.io/{name,role,slice,revision}.
    void disaggregatedSet(Workload& workload, const std::vector<PodTemplate>& templates) {
        const Object& object = *workload.object;
        const Node* spec = object.spec();
        auto slices = integerField(spec, "slices", 1);
        Interval sliceRange{0, slices && *slices > 0 ? *slices - 1 : kUnbounded};
        const Node* roles = spec && spec->isMapping() ? spec->get("roles") : nullptr;
        if (!roles || !roles->isSequence()) return;
        for (std::size_t i = 0; i < roles->items().size(); ++i) {
            const Node* role = roles->items()[i];
            std::string roleName = scalarAt(role, "name");
            std::vector<PodTemplate> roleTemplates;
            for (const PodTemplate& podTemplate : templates)
                if (podTemplate.replicatedJobIndex == static_cast<int>(i))
                    roleTemplates.push_back(podTemplate);
            if (roleName.empty() || roleTemplates.empty()) continue;
            LeaderWorkers lws;
            lws.name = object.name + "-";
            lws.nameIsPrefix = true;
            lws.spec = role->isMapping() ? role->get("spec") : nullptr;
            bool external =
                scalarAt(role->isMapping() ? role->get("scaling") : nullptr, "mode") == "External";
            auto replicas = integerField(lws.spec, "replicas", 1);
            lws.replicas =
                !external && replicas ? Interval{*replicas, *replicas} : Interval{0, kUnbounded};
            lws.outer.push_back({"slice", sliceRange});
            ValuePattern app = ValuePattern::number(object.name + "-", 0);
            app.parts.push_back({"-" + roleName, -1, 0});
            lws.labels["app"] = app;
            set(lws.labels, kDisaggregatedSetNameLabel, ValuePattern::exact(object.name));
            set(lws.labels, kDisaggregatedSetRoleLabel, ValuePattern::exact(roleName));
            set(lws.labels, kDisaggregatedSetSliceLabel, ValuePattern::number("", 0));
            set(lws.labels, kDisaggregatedSetRevisionLabel, ValuePattern::any());
            lws.role = roleName + " ";
            leaderWorkerPods(workload, roleTemplates, lws);
        }
    }

    void jobSet(Workload& workload, const std::vector<PodTemplate>& templates) {
        const Object& object = *workload.object;
        const Node* jobs = object.spec() ? object.spec()->get("replicatedJobs") : nullptr;
        std::vector<std::optional<std::int64_t>> replicas;
        std::vector<std::string> groups;
        for (const Node* replicated :
             jobs && jobs->isSequence() ? jobs->items() : NodeChildren<const Node*>{}) {
            replicas.push_back(integerField(replicated, "replicas", 1));
            std::string group = scalarAt(replicated, "groupName");
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
        // The coordinator pod's host name, on every pod when spec.coordinator is set.
        std::optional<ValuePattern> coordinator;
        if (const Node* wanted = object.spec() ? object.spec()->get("coordinator") : nullptr) {
            std::string replicatedJob = scalarAt(wanted, "replicatedJob");
            auto jobIndex = integerField(wanted, "jobIndex", 0);
            auto podIndex = integerField(wanted, "podIndex", 0);
            std::string subdomain = scalarAt(object.spec()->get("network"), "subdomain");
            coordinator = !replicatedJob.empty() && jobIndex && podIndex
                              ? ValuePattern::exact(fmt::format(
                                    "{}-{}-{}-{}.{}", object.name, replicatedJob, *jobIndex,
                                    *podIndex, subdomain.empty() ? object.name : subdomain))
                              : ValuePattern::any();
        }
        for (const PodTemplate& podTemplate : templates) {
            auto index = static_cast<std::size_t>(podTemplate.replicatedJobIndex);
            if (index >= replicas.size()) continue;
            auto sameGroup = [&](std::size_t i) { return groups[i] == groups[index]; };
            PodClass& pod = addClass(workload, podTemplate);
            std::int64_t count = replicas[index].value_or(kUnbounded);
            pod.variables.push_back({"job", {0, count - 1}});
            std::map<std::string, ValuePattern, std::less<>> added;
            set(added, kJobSetNameKey, ValuePattern::exact(object.name));
            set(added, kJobSetReplicatedJobNameKey, ValuePattern::exact(podTemplate.role));
            set(added, kJobSetJobIndexKey, ValuePattern::number("", 0));
            auto offset = sum(index, all);
            set(added, kJobSetJobGlobalIndexKey,
                offset ? ValuePattern::number("", 0, *offset) : ValuePattern::any());
            set(added, kJobSetReplicatedJobReplicasKey, exactOrAny(replicas[index]));
            set(added, kJobSetGlobalReplicasKey, exactOrAny(sum(replicas.size(), all)));
            set(added, kJobSetGroupNameKey, ValuePattern::exact(groups[index]));
            set(added, kJobSetGroupReplicasKey, exactOrAny(sum(replicas.size(), sameGroup)));
            auto groupOffset = sum(index, sameGroup);
            set(added, kJobSetJobGroupIndexKey,
                groupOffset ? ValuePattern::number("", 0, *groupOffset) : ValuePattern::any());
            for (std::string_view key : {kJobSetUidKey, kJobSetJobKeyKey, kJobSetRestartAttemptKey})
                set(added, key, ValuePattern::any());
            if (coordinator) set(added, kJobSetCoordinatorKey, *coordinator);
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

void addWorkloads(const Workspace& workspace, const LintSettings& settings,
                  const std::map<const Object*, WorkloadKind>& modelledAs,
                  const CustomKindCatalog& customKinds, std::deque<Workload>& out) {
    Builder builder(workspace, settings, modelledAs, customKinds);
    for (const Object& object : workspace.objects)
        builder.add(object, out);
}

} // namespace ordlint
