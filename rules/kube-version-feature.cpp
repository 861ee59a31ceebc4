// kube-version-feature: the manifest relies on a label or field that the target cluster
// (--kube-version) does not provide. The pod model already follows the version, so the
// selector rules stay silent on these cases; this rule reports the cause once.
#include "rule_contract.hpp"

#include "downward_api.hpp"
#include "pod_model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ordlint {
namespace {

constexpr std::string_view kPodIndex = "apps.kubernetes.io/pod-index";
constexpr std::string_view kCompletionIndex = "batch.kubernetes.io/job-completion-index";

bool isJobPod(const PodClass& pod) {
    WorkloadKind kind = pod.workload->kind;
    return kind == WorkloadKind::Job || kind == WorkloadKind::CronJob ||
           kind == WorkloadKind::JobSet;
}

// A pod label a controller adds only from some release on (the pod model follows the same
// releases: pod_model.cpp). Each was reviewed against the releases --kube-version accepts,
// 1.25 to 1.36:
struct LabelGate {
    std::string_view key;
    KubeVersion since;
    std::string_view controller;
    std::string_view feature;              // where the release comes from
    bool (*wouldSet)(const PodClass& pod); // pods the controller labels from `since` on
    std::string_view selectorHelp;
    std::string_view fieldRefHelp;
};

const LabelGate kLabelGates[] = {
    // PodIndexLabel: beta and on by default in 1.28, GA in 1.32 (KEP-4017).
    {kPodIndex,
     {1, 28},
     "StatefulSet controller",
     "PodIndexLabel, KEP-4017",
     [](const PodClass& pod) {
         return pod.workload->kind == WorkloadKind::StatefulSet ||
                pod.workload->kind == WorkloadKind::LeaderWorkerSet;
     },
     "select statefulset.kubernetes.io/pod-name (<name>-<ordinal>), which every version sets",
     "derive the ordinal from metadata.name (<name>-<ordinal>), which every version sets"},
    {kCompletionIndex,
     {1, 28},
     "Job controller",
     "PodIndexLabel, KEP-4017",
     [](const PodClass& pod) { return pod.carriesAnnotation(kCompletionIndex) == Presence::Yes; },
     "select the pods another way: the completion index is only an annotation before 1.28",
     "read metadata.annotations['batch.kubernetes.io/job-completion-index'] (or "
     "$(JOB_COMPLETION_INDEX)), "
     "which every version sets"},
    // The prefixed Job labels came in 1.27 (kubernetes/kubernetes#114930, CHANGELOG-1.27).
    {"batch.kubernetes.io/job-name",
     {1, 27},
     "Job controller",
     "kubernetes/kubernetes#114930",
     isJobPod,
     "select job-name, which every version sets",
     "read metadata.labels['job-name'], which every version sets"},
    {"batch.kubernetes.io/controller-uid",
     {1, 27},
     "Job controller",
     "kubernetes/kubernetes#114930",
     isJobPod,
     "select controller-uid, which every version sets",
     "read metadata.labels['controller-uid'], which every version sets"},
};

// spec.ordinals: StatefulSetStartOrdinal alpha (off) in 1.26, beta (on) in 1.27, GA in 1.31.
constexpr KubeVersion kStartOrdinalSince{1, 27};

const LabelGate* gateMissingAt(std::string_view key, const KubeVersion& target) {
    for (const LabelGate& gate : kLabelGates)
        if (gate.key == key && target < gate.since) return &gate;
    return nullptr;
}

// Pods of `pod` would carry the label from the gate's release on, but do not on the target.
bool lacksLabelOnlyForVersion(const PodClass& pod, const LabelGate& gate) {
    if (pod.workload->unknownProducer || pod.carriesLabel(gate.key) == Presence::Yes) return false;
    return gate.wouldSet(pod);
}

std::string releaseText(const KubeVersion& version) {
    return fmt::format("{}.{}", version.major, version.minor);
}

class KubeVersionFeatureRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        const KubeVersion& version = context.settings.kubeVersion;
        std::string target = releaseText(version);
        for (const Workload& workload : model.workloads()) {
            if (!workload.ordinalsIgnored || !workload.ordinalsStartEntry) continue;
            auto start = workload.ordinalsStartEntry->value->integer();
            if (start && *start == 0) continue; // ignoring a start of 0 changes nothing
            Diagnostic& d = reporter.report(
                *workload.object, entryRange(*workload.ordinalsStartEntry),
                fmt::format("spec.ordinals needs Kubernetes {} (StatefulSetStartOrdinal), but "
                            "--kube-version is {}: the field is dropped and {} numbers its pods "
                            "from 0",
                            releaseText(kStartOrdinalSince), target, workload.describe()));
            d.help =
                fmt::format("upgrade the cluster to {} or later, or keep separate names instead of "
                            "ordinal slices",
                            releaseText(kStartOrdinalSince));
        }
        for (const PodSelector& selector : model.selectors()) {
            for (const Requirement& requirement : selector.requirements) {
                const LabelGate* gate = gateMissingAt(requirement.key, version);
                if (!gate) continue;
                auto candidates = model.select(
                    selector, [&](const Requirement& r) { return !gateMissingAt(r.key, version); });
                auto producer =
                    std::find_if(candidates.begin(), candidates.end(), [&](const ClassMatch& m) {
                        return lacksLabelOnlyForVersion(*m.pod, *gate);
                    });
                if (producer == candidates.end()) continue;
                bool positive = requirement.op == SelectorOperator::In ||
                                requirement.op == SelectorOperator::Exists;
                Diagnostic& d = reporter.report(
                    *selector.owner, requirement.range,
                    fmt::format("selects on {}, a label the {} sets only from Kubernetes {} ({}), "
                                "but --kube-version is {}: the pods of {} lack it, so this "
                                "requirement {}",
                                requirement.key, gate->controller, releaseText(gate->since),
                                gate->feature, target, producer->pod->workload->describe(),
                                positive ? "matches none of them" : "matches all of them"));
                d.help = std::string(gate->selectorHelp);
                d.related.push_back({producer->pod->workload->object->anchorRange(),
                                     fmt::format("{} sets no {} label before {}",
                                                 producer->pod->workload->describe(),
                                                 requirement.key, releaseText(gate->since))});
            }
        }
        for (const Object& object : context.workspace.objects) {
            for (const PodTemplate& pod : distinctPodTemplatesOf(object)) {
                auto classes = model.classesOfTemplate(pod.templateNode);
                for (const DownwardApiRef& ref : downwardApiRefsOf(pod)) {
                    if (!ref.fieldRef || !ref.fieldRef->isMapping()) continue;
                    const Node* path = ref.fieldRef->get("fieldPath");
                    auto text = path ? path->string() : std::nullopt;
                    if (!text) continue;
                    auto split = splitSubscriptedPath(*text);
                    if (!split || split->path != "metadata.labels") continue;
                    const LabelGate* gate = gateMissingAt(split->key, version);
                    if (!gate) continue;
                    bool lacking = std::any_of(classes.begin(), classes.end(), [&](auto* c) {
                        return lacksLabelOnlyForVersion(*c, *gate);
                    });
                    if (!lacking) continue;
                    Diagnostic& d = reporter.report(
                        object, path->range,
                        fmt::format("reads the {} label, which the {} sets only from "
                                    "Kubernetes {} ({}), but --kube-version is {}: the value is "
                                    "the empty string",
                                    split->key, gate->controller, releaseText(gate->since),
                                    gate->feature, target));
                    d.help = std::string(gate->fieldRefHelp);
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeKubeVersionFeatureRule() {
    return std::make_unique<KubeVersionFeatureRule>();
}

} // namespace ordlint
