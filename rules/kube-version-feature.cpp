// kube-version-feature: the manifest relies on a label or field that the target cluster
// (--kube-version) does not provide. The pod model already follows the version, so the
// selector rules stay silent on these cases; this rule reports the cause once.
#include "rule_contract.hpp"

#include "downward_api.hpp"
#include "k8s_facts.hpp"
#include "pod_model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ordlint {
namespace {

// The labels that kPodIndexLabelGate adds.
bool isPodIndexGated(std::string_view key) {
    return key == kPodIndexLabel || key == kCompletionIndexKey;
}

// Pods of `pod` would carry the label once kPodIndexLabelGate is on, but do not on the target
// version.
bool lacksLabelOnlyForVersion(const PodClass& pod, std::string_view key) {
    if (pod.workload->unknownProducer || pod.carriesLabel(key) == Presence::Yes) return false;
    if (key == kPodIndexLabel)
        return pod.workload->kind == WorkloadKind::StatefulSet ||
               isLeaderWorker(pod.workload->kind);
    return pod.carriesAnnotation(kCompletionIndexKey) == Presence::Yes;
}

std::string producerName(std::string_view key) {
    return key == kPodIndexLabel ? "StatefulSet controller" : "Job controller";
}

class KubeVersionFeatureRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const PodModel& model = *context.pods;
        const KubeVersion& version = context.settings.kubeVersion;
        std::string target = fmt::format("{}.{}", version.major, version.minor);
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
        if (kPodIndexLabelGate.enabledIn(version)) return;
        for (const PodSelector& selector : model.selectors()) {
            for (const Requirement& requirement : selector.requirements) {
                // An annotation (Chaos Mesh annotationSelectors) is set by every version.
                if (!isPodIndexGated(requirement.key) ||
                    requirement.target == RequirementTarget::Annotation)
                    continue;
                auto candidates = model.select(
                    selector, [](const Requirement& r) { return !isPodIndexGated(r.key); });
                auto producer =
                    std::find_if(candidates.begin(), candidates.end(), [&](const ClassMatch& m) {
                        return lacksLabelOnlyForVersion(*m.pod, requirement.key);
                    });
                if (producer == candidates.end()) continue;
                bool positive = requirement.op == SelectorOperator::In ||
                                requirement.op == SelectorOperator::Exists;
                Diagnostic& d = reporter.report(
                    *selector.owner, requirement.range,
                    fmt::format("selects on {}, a label the {} sets only from Kubernetes {}, "
                                "but --kube-version is {}: the pods of {} lack it, so this "
                                "requirement {}",
                                requirement.key, producerName(requirement.key),
                                kPodIndexLabelGate.sinceText(), target,
                                producer->pod->workload->describe(),
                                positive ? "matches none of them" : "matches all of them"));
                d.help = requirement.key == kPodIndexLabel
                             ? fmt::format("select {} (<name>-<ordinal>), which every version "
                                           "sets",
                                           kPodNameLabel)
                             : fmt::format("select the pods another way: the completion index "
                                           "is only an annotation before {}",
                                           kPodIndexLabelGate.sinceText());
                d.related.push_back({producer->pod->workload->object->anchorRange(),
                                     fmt::format("{} sets no {} label before {}",
                                                 producer->pod->workload->describe(),
                                                 requirement.key, kPodIndexLabelGate.sinceText())});
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
                    if (!split || split->path != "metadata.labels" || !isPodIndexGated(split->key))
                        continue;
                    bool lacking = std::any_of(classes.begin(), classes.end(), [&](auto* c) {
                        return lacksLabelOnlyForVersion(*c, split->key);
                    });
                    if (!lacking) continue;
                    Diagnostic& d = reporter.report(
                        object, path->range,
                        fmt::format("reads the {} label, which the {} sets only from "
                                    "Kubernetes {}, but --kube-version is {}: the value is "
                                    "the empty string",
                                    split->key, producerName(split->key),
                                    kPodIndexLabelGate.sinceText(), target));
                    d.help = split->key == kPodIndexLabel
                                 ? "derive the ordinal from metadata.name (<name>-<ordinal>), "
                                   "which every version sets"
                                 : fmt::format("read metadata.annotations['{}'] (or $({})), "
                                               "which every version sets",
                                               kCompletionIndexKey, kCompletionIndexEnvVar);
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
