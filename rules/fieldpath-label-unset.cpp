#include "downward_api.hpp"
#include "edit_distance.hpp"
#include "fixes.hpp"
#include "k8s_facts.hpp"
#include "pod_model.hpp"
#include "rule_contract.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ordlint {

namespace {

// A missing key under a controller-owned prefix is a mistake; other keys may be a label some
// admission webhook adds later (those are never reported).
bool controllerOwned(std::string_view key) {
    return std::any_of(kControllerOwnedKeyPrefixes.begin(), kControllerOwnedKeyPrefixes.end(),
                       [&](std::string_view prefix) { return key.starts_with(prefix); });
}

// A near miss (spec/rules.md): at most two edits, a swap of two neighbouring characters
// counting as one (`teir` for `tier`), and at most one for keys under 5 characters, where two
// edits turn any key into an unrelated one ("app" and "job").
bool nearMiss(std::string_view key, std::string_view carried) {
    std::size_t limit = std::min(key.size(), carried.size()) < 5 ? 1 : 2;
    std::size_t distance = editDistance(key, carried, limit, LetterCase::Sensitive, Swaps::OneEdit);
    return distance >= 1 && distance <= limit;
}

enum class MapKind { Labels, Annotations };

struct Reference {
    MapKind map;
    std::string key;
    std::string_view mapName() const { return map == MapKind::Labels ? "label" : "annotation"; }
};

std::string_view mapPath(MapKind map) {
    return map == MapKind::Labels ? "metadata.labels" : "metadata.annotations";
}

std::string subscriptPath(MapKind map, std::string_view key) {
    return fmt::format("{}['{}']", mapPath(map), key);
}

Presence carries(const PodClass& pod, MapKind map, std::string_view key) {
    return map == MapKind::Labels ? pod.carriesLabel(key) : pod.carriesAnnotation(key);
}

const std::map<std::string, ValuePattern, std::less<>>& keysOf(const PodClass& pod, MapKind map) {
    return map == MapKind::Labels ? pod.labels : pod.annotations;
}

// The pods of these classes (one template) all lack the key, for certain.
bool missingEverywhere(const std::vector<const PodClass*>& classes, MapKind map,
                       std::string_view key) {
    return std::all_of(classes.begin(), classes.end(), [&](const PodClass* pod) {
        return carries(*pod, map, key) == Presence::No;
    });
}

// Before kPodIndexLabelGate the pod-index and completion-index labels do not exist yet, before
// kPrefixedJobLabelsGate the Job controller's batch.kubernetes.io/ labels; where the controller
// would set them on a later version, `kube-version-feature` reports the reference instead.
bool leftToKubeVersionFeature(const Reference& ref, const Workload& workload,
                              const std::vector<const PodClass*>& classes,
                              const KubeVersion& version) {
    if (ref.map != MapKind::Labels) return false;
    if (!kPrefixedJobLabelsGate.enabledIn(version) &&
        (ref.key == kJobNameLabel || ref.key == kControllerUidLabel))
        return workload.kind == WorkloadKind::Job || workload.kind == WorkloadKind::CronJob ||
               workload.kind == WorkloadKind::JobSet;
    if (kPodIndexLabelGate.enabledIn(version)) return false;
    if (ref.key == kPodIndexLabel)
        return workload.kind == WorkloadKind::StatefulSet || isLeaderWorker(workload.kind);
    if (ref.key == kCompletionIndexKey)
        return std::any_of(classes.begin(), classes.end(), [](const PodClass* pod) {
            return pod->carriesAnnotation(kCompletionIndexKey) == Presence::Yes;
        });
    return false;
}

bool jobKind(WorkloadKind kind) {
    return kind == WorkloadKind::Job || kind == WorkloadKind::CronJob ||
           kind == WorkloadKind::JobSet;
}

// What the author can read instead, for keys that only some controllers set.
std::string helpForKnownKey(const Reference& ref, const Workload& workload) {
    std::string_view kind = workload.kindName();
    if (ref.key == kPodIndexLabel) {
        if (jobKind(workload.kind))
            return "Job pods are not numbered by pod-index; an Indexed Job (completionMode: "
                   "Indexed) gives each pod metadata.annotations['" +
                   std::string(kCompletionIndexKey) + "']";
        if (workload.kind == WorkloadKind::Pod)
            return "a bare Pod has no controller to number it; set the label in its "
                   "metadata.labels, or read metadata.name";
        return fmt::format("{}s do not number their pods; use a StatefulSet, or metadata.name",
                           kind);
    }
    if (ref.key == kCompletionIndexKey) {
        if (jobKind(workload.kind))
            return "only Indexed Jobs number their pods: set completionMode: Indexed (and "
                   "completions)";
        if (workload.kind == WorkloadKind::StatefulSet)
            return fmt::format("StatefulSet pods carry their ordinal in the label {} (Kubernetes "
                               "{} and later)",
                               kPodIndexLabel, kPodIndexLabelGate.sinceText());
        return fmt::format("only pods of an Indexed Job carry it, not pods of a {}", kind);
    }
    if (ref.key == kPodNameLabel)
        return "only StatefulSet pods carry it; read the pod's name with metadata.name";
    return {};
}

// The controller-owned keys these pods do carry, as a hint for the other owned keys.
std::string ownedKeysCarried(const std::vector<const PodClass*>& classes, MapKind map) {
    std::set<std::string> keys;
    for (const PodClass* pod : classes)
        for (const auto& [key, value] : keysOf(*pod, map))
            if (controllerOwned(key)) keys.insert(key);
    return fmt::format("{}", fmt::join(keys, ", "));
}

struct Finding {
    std::string help;
    std::optional<std::string> corrected; // the fieldPath to write instead
    bool controllerLacksKey = false;      // not a typo: this kind's controller never sets it
};

std::optional<Finding> checkReference(const Reference& ref, const Workload& workload,
                                      const std::vector<const PodClass*>& classes) {
    if (!missingEverywhere(classes, ref.map, ref.key)) return std::nullopt;
    MapKind other = ref.map == MapKind::Labels ? MapKind::Annotations : MapKind::Labels;
    bool ownedKey = controllerOwned(ref.key);
    // The same key, carried in the other map: the author picked the wrong one.
    if (ownedKey && std::any_of(classes.begin(), classes.end(), [&](const PodClass* pod) {
            return carries(*pod, other, ref.key) == Presence::Yes;
        })) {
        std::string corrected = subscriptPath(other, ref.key);
        return Finding{fmt::format("the {} sets it as {}: use {}", workload.kindName(),
                                   other == MapKind::Labels ? "a label" : "an annotation",
                                   corrected),
                       corrected};
    }
    // Carried keys close enough to be the intended one (a set: the leaders and workers of a
    // shared LWS template carry the same keys, which must not tie with themselves).
    std::set<std::string> near;
    for (const PodClass* pod : classes)
        for (const auto& [key, value] : keysOf(*pod, ref.map))
            if (nearMiss(ref.key, key) || equalsIgnoringAsciiCase(ref.key, key)) near.insert(key);
    if (!ownedKey && near.empty()) return std::nullopt;
    if (!near.empty()) {
        std::vector<std::string> candidates(near.begin(), near.end());
        if (auto nearest = uniqueNearest(ref.key, candidates, 2, Swaps::OneEdit)) {
            std::string corrected = subscriptPath(ref.map, *nearest);
            return Finding{fmt::format("did you mean {}?", corrected), corrected};
        }
        return Finding{fmt::format("did you mean one of the {}s {}?", ref.mapName(),
                                   fmt::join(candidates, ", ")),
                       {}};
    }
    if (std::string help = helpForKnownKey(ref, workload); !help.empty())
        return Finding{help, {}, true};
    std::string owned = ownedKeysCarried(classes, ref.map);
    if (!owned.empty())
        return Finding{fmt::format("these pods carry the {}s {}", ref.mapName(), owned), {}, true};
    return Finding{fmt::format("the {} sets no {}s of that namespace on its pods; set it in the "
                               "pod template's {}",
                               workload.kindName(), ref.mapName(), mapPath(ref.map)),
                   {},
                   true};
}

// "the env var POD_INDEX will be the empty string", "the file "index" will be empty"
std::string consequence(const DownwardApiRef& ref) {
    const Node* name =
        ref.item ? ref.item->get(ref.place == DownwardApiPlace::EnvVar ? "name" : "path") : nullptr;
    std::string shown = name && name->isScalar() ? quotedForMessage(name->value()) + " " : "";
    if (ref.place == DownwardApiPlace::EnvVar)
        return fmt::format("the env var {}will be the empty string", shown);
    return fmt::format("the downwardAPI file {}will be empty", shown);
}

class FieldPathLabelUnsetRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        if (!context.pods) return;
        for (const Object& object : context.workspace.objects) {
            const Workload* workload = context.pods->workloadOf(object);
            if (!workload || workload->unknownProducer) continue; // unknown pods: never report
            std::set<const Node*> reported; // a template shared by LWS leaders and workers
            for (const PodTemplate& pod : podTemplatesOf(object)) {
                std::vector<const PodClass*> classes;
                for (const PodClass* podClass : context.pods->classesOfTemplate(pod.templateNode))
                    if (podClass->workload == workload) classes.push_back(podClass);
                if (classes.empty()) continue; // e.g. the workers of an LWS of size 1
                for (const DownwardApiRef& ref : downwardApiRefsOf(pod)) {
                    const Node* fieldPath = ref.fieldRef ? ref.fieldRef->get("fieldPath") : nullptr;
                    if (!fieldPath || reported.count(fieldPath)) continue;
                    auto reference = referenceOf(*fieldPath);
                    if (!reference || leftToKubeVersionFeature(*reference, *workload, classes,
                                                               context.settings.kubeVersion))
                        continue;
                    auto finding = checkReference(*reference, *workload, classes);
                    if (!finding) continue;
                    reported.insert(fieldPath);
                    Diagnostic& d = reporter.report(
                        object, fieldPath->range,
                        fmt::format("{} {} is never set on {}; {}", reference->mapName(),
                                    quotedForMessage(reference->key),
                                    describePods(*workload, pod, classes), consequence(ref)));
                    d.help = finding->help;
                    if (finding->controllerLacksKey)
                        d.related.push_back(
                            {object.anchorRange(),
                             fmt::format("the pods are created by {}, whose controller does not "
                                         "set this {}",
                                         workload->describe(), reference->mapName())});
                    if (finding->corrected)
                        d.fix = replacementFix(*fieldPath, *finding->corrected,
                                               ref.fieldRef->flowStyle);
                }
            }
        }
    }

  private:
    // A well-formed label/annotation subscript; anything else is invalid-fieldpath's.
    static std::optional<Reference> referenceOf(const Node& fieldPath) {
        std::optional<std::string_view> text = fieldPath.string();
        if (!text) return std::nullopt;
        auto subscripted = splitSubscriptedPath(*text);
        if (!subscripted) return std::nullopt;
        MapKind map;
        if (subscripted->path == "metadata.labels")
            map = MapKind::Labels;
        else if (subscripted->path == "metadata.annotations")
            map = MapKind::Annotations;
        else
            return std::nullopt;
        // annotation keys are validated in lower case
        std::string checked = map == MapKind::Annotations ? asciiLowercase(subscripted->key)
                                                          : std::string(subscripted->key);
        if (!qualifiedNameProblem(checked).empty()) return std::nullopt;
        return Reference{map, std::string(subscripted->key)};
    }

    // "the pods of Deployment web", "the worker pods of LeaderWorkerSet llm", "the pods of
    // replicated job workers of JobSet train"
    static std::string describePods(const Workload& workload, const PodTemplate& pod,
                                    const std::vector<const PodClass*>& classes) {
        if (isLeaderWorker(workload.kind) && classes.size() == 1)
            return fmt::format("the {} pods of {}", pod.role, workload.describe());
        if (workload.kind == WorkloadKind::JobSet)
            return fmt::format("the pods of replicated job {} of {}", pod.role,
                               workload.describe());
        return fmt::format("the pods of {}", workload.describe());
    }
};

} // namespace

std::unique_ptr<Rule> makeFieldPathLabelUnsetRule() {
    return std::make_unique<FieldPathLabelUnsetRule>();
}

} // namespace ordlint
