// kube-version-feature: the manifest relies on a label or field that the target cluster
// (--kube-version) does not provide. The pod model already follows the version, so the
// selector rules stay silent on these cases; this rule reports the cause once.
#include "rule_contract.hpp"

#include "downward_api.hpp"
#include "k8s_facts.hpp"
#include "pod_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace ordlint {
namespace {

bool isJobPod(const PodClass& pod) {
    WorkloadKind kind = pod.workload->kind;
    return kind == WorkloadKind::Job || kind == WorkloadKind::CronJob ||
           kind == WorkloadKind::JobSet;
}

// A pod label a controller adds only from some release on (the pod model follows the same
// gates: pod_controllers.cpp). Each was reviewed against the releases --kube-version accepts,
// 1.25 to 1.36: kPodIndexLabelGate (1.28) and kPrefixedJobLabelsGate (1.27) fall inside that
// range; kStartOrdinalGate (1.27) is checked below; kPodHostIPsGate (1.29) is about a
// fieldPath, not a label, and is invalid-fieldpath's.
struct LabelGate {
    std::string_view key;
    const VersionGate& gate;
    std::string_view controller;
    bool (*wouldSet)(const PodClass& pod); // pods the controller labels once the gate is on
    std::string selectorHelp;
    std::string fieldRefHelp;
};

const std::vector<LabelGate>& labelGates() {
    static const std::vector<LabelGate> gates = {
        {kPodIndexLabel, kPodIndexLabelGate, "StatefulSet controller",
         [](const PodClass& pod) {
             return pod.workload->kind == WorkloadKind::StatefulSet ||
                    isLeaderWorker(pod.workload->kind);
         },
         fmt::format("select {} (<name>-<ordinal>), which every version sets", kPodNameLabel),
         "derive the ordinal from metadata.name (<name>-<ordinal>), which every version sets"},
        {kCompletionIndexKey, kPodIndexLabelGate, "Job controller",
         [](const PodClass& pod) {
             return pod.carriesAnnotation(kCompletionIndexKey) == Presence::Yes;
         },
         fmt::format("select the pods another way: the completion index is only an annotation "
                     "before {}",
                     kPodIndexLabelGate.sinceText()),
         fmt::format("read metadata.annotations['{}'] (or $({})), which every version sets",
                     kCompletionIndexKey, kCompletionIndexEnvVar)},
        {kJobNameLabel, kPrefixedJobLabelsGate, "Job controller", isJobPod,
         fmt::format("select {}, which every version sets", kLegacyJobNameLabel),
         fmt::format("read metadata.labels['{}'], which every version sets", kLegacyJobNameLabel)},
        {kControllerUidLabel, kPrefixedJobLabelsGate, "Job controller", isJobPod,
         fmt::format("select {}, which every version sets", kLegacyControllerUidLabel),
         fmt::format("read metadata.labels['{}'], which every version sets",
                     kLegacyControllerUidLabel)},
    };
    return gates;
}

// The gate of a label that `target` does not set yet; null for any other key.
const LabelGate* gateMissingAt(std::string_view key, const KubeVersion& target) {
    for (const LabelGate& gate : labelGates())
        if (gate.key == key && !gate.gate.enabledIn(target)) return &gate;
    return nullptr;
}

// Pods of `pod` would carry the label once the gate is on, but do not on the target.
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
                fmt::format("spec.ordinals needs Kubernetes {} ({}), but --kube-version is {}: "
                            "the field is dropped and {} numbers its pods from 0",
                            kStartOrdinalGate.sinceText(), kStartOrdinalGate.name, target,
                            workload.describe()));
            d.help = fmt::format("upgrade the cluster to {} or later, or keep separate names "
                                 "instead of ordinal slices",
                                 kStartOrdinalGate.sinceText());
        }
        for (const PodSelector& selector : model.selectors()) {
            for (const Requirement& requirement : selector.requirements) {
                // An annotation (Chaos Mesh annotationSelectors) is set by every version.
                const LabelGate* gate = gateMissingAt(requirement.key, version);
                if (!gate || requirement.target == RequirementTarget::Annotation) continue;
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
                                requirement.key, gate->controller, gate->gate.sinceText(),
                                gate->gate.name, target, producer->pod->workload->describe(),
                                positive ? "matches none of them" : "matches all of them"));
                d.help = gate->selectorHelp;
                d.related.push_back({producer->pod->workload->object->anchorRange(),
                                     fmt::format("{} sets no {} label before {}",
                                                 producer->pod->workload->describe(),
                                                 requirement.key, gate->gate.sinceText())});
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
                    if (*text == "status.hostIPs" && ref.place == DownwardApiPlace::EnvVar &&
                        !kPodHostIPsGate.enabledIn(version) && version >= kPodHostIPsAlpha) {
                        Diagnostic& d = reporter.report(
                            object, path->range,
                            fmt::format("reads status.hostIPs, which Kubernetes {} offers only "
                                        "behind the alpha feature gate {} (off by default, on "
                                        "from {}), and --kube-version is {}: unless the cluster "
                                        "turns the gate on, the API server rejects the pod",
                                        target, kPodHostIPsGate.name, kPodHostIPsGate.sinceText(),
                                        target));
                        d.help = "use status.hostIP (the primary host IP), or turn on the "
                                 "PodHostIPs feature gate";
                        continue;
                    }
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
                                    split->key, gate->controller, gate->gate.sinceText(),
                                    gate->gate.name, target));
                    d.help = gate->fieldRefHelp;
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
