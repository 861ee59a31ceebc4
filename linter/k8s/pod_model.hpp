#pragma once
// The pod model (spec/rules.md "The pod model", lws-jobset.md): for every workload, the pods
// its controller will create, derived statically and computed once per run.
//
// Pods of one workload that share a label structure form a PodClass (a StatefulSet has one,
// a LeaderWorkerSet a leader and a worker class, a JobSet one per replicated job). A class
// has integer variables (ordinal; group and worker index; job and completion index), each
// ranging over an interval, and every label value is a pattern over those variables. Value
// sets are therefore ranges: a StatefulSet of 10^6 replicas costs what one of 3 costs.
//
// In three parts: the arithmetic of intervals, patterns and regions (pod_ranges.hpp), what
// each controller makes of its template (pod_controllers.cpp), and here the classes, the
// workloads and the index that selectors are matched against.

#include "pod_producers.hpp"
#include "pod_ranges.hpp"
#include "pod_templates.hpp"
#include "selectors.hpp"
#include "settings.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ordlint {

struct PodVariable {
    std::string name; // "ordinal", "group", "worker", "job", "completion"
    Interval range;
};

struct Workload;

enum class Presence { Yes, No, Unknown };

struct PodClass {
    const Workload* workload = nullptr;
    std::size_t sequence = 0;           // input order over all classes
    std::string role;                   // "leader"/"worker" (LWS), replicated job name (JobSet)
    const Node* templateNode = nullptr; // the PodTemplateSpec these pods come from
    std::vector<PodVariable> variables;
    std::map<std::string, ValuePattern, std::less<>> labels;
    std::map<std::string, ValuePattern, std::less<>> annotations;
    // An unknown producer: labels not listed may be present with any value, or absent.
    bool openLabels = false;

    // Does a pod of this class carry the label/annotation (template + controller-added)?
    Presence carriesLabel(std::string_view key) const;
    Presence carriesAnnotation(std::string_view key) const;
    // Every assignment of the variables (empty when the class has no pods).
    Region allPods() const;
    // The values `key` takes on these pods, for messages: "1..5", "web-0..web-2", "\"x\"";
    // within `box` when given (pods of a ClassMatch region).
    std::string describeValues(std::string_view key, const Box* box = nullptr) const;
};

struct Workload {
    const Object* object = nullptr;
    WorkloadKind kind = WorkloadKind::Unknown;
    // A kind ordlint cannot see into that may create pods (pod_producers.hpp): a custom
    // resource with a pod template (its pods are modelled with open labels) or without one
    // (opaque: no pod class at all). Neither ever causes a finding.
    bool unknownProducer = false;
    // A cluster-scoped unknown producer: the namespaces its spec names, where its pods may
    // be; empty when it names none (then any namespace).
    std::vector<std::string> producerNamespaces;
    // Replica count (StatefulSet, Deployment, ReplicaSet, ReplicationController: pods;
    // LeaderWorkerSet: groups), widened by an HPA or KEDA ScaledObject; nullopt for other
    // kinds. hi == kUnbounded when not a literal number. Index ranges treat a workload
    // scaled to 0 as of unknown future size; this field keeps the 0.
    std::optional<Interval> replicas;
    const Object* autoscaler = nullptr; // the HPA/ScaledObject that widened `replicas`
    // StatefulSet: ordinal range over every allowed scale, and where it comes from.
    Interval ordinals;
    std::int64_t ordinalsStart = 0;
    const MapEntry* ordinalsStartEntry = nullptr; // spec.ordinals.start, when written
    bool ordinalsIgnored = false;                 // written, but before kStartOrdinalGate
    std::vector<PodClass> pods;

    std::string_view kindName() const { return object->kind; }
    // "StatefulSet database", with the namespace when `withNamespace`.
    std::string describe(bool withNamespace = false) const;
    // What decides its range, for messages: " (ordinals.start: 1)", " (scaled 1..10 by
    // HorizontalPodAutoscaler web)"; empty when nothing notable.
    std::string rangeNote() const;
    // Where the workload's index range is decided, for related locations: spec.ordinals.start,
    // else the replica or completion count, else the name.
    SourceRange rangeSource() const;
    // Same group, kind, namespace and name: two variants of one object in different files.
    bool sameIdentity(const Workload& other) const;
};

// A pod class of a workload in scope and the assignments for which its pods satisfy the
// requirements that were asked for.
struct ClassMatch {
    const PodClass* pod = nullptr;
    Region region;
};

class PodModel {
  public:
    // `modelledAs`: objects of a mistyped kind to model as the workload they were meant to be
    // (unknown-kind reports them once; their pods still count for selectors). `customKinds`:
    // what CRDs say about custom kinds (unknown producers); null: the workspace's CRDs only.
    static PodModel build(const Workspace& workspace, const LintSettings& settings,
                          const std::map<const Object*, WorkloadKind>& modelledAs = {},
                          const CustomKindCatalog* customKinds = nullptr);

    PodModel() = default;
    PodModel(PodModel&&) = default;
    PodModel& operator=(PodModel&&) = default;
    PodModel(const PodModel&) = delete;
    PodModel& operator=(const PodModel&) = delete;

    // Every workload, in input order (the deque keeps pointers stable).
    const std::deque<Workload>& workloads() const { return workloads_; }
    const Workload* workloadOf(const Object& object) const;
    // The pod classes created from a pod template (podTemplatesOf's `templateNode`): one,
    // or two for a LeaderWorkerSet whose leaders use the worker template.
    std::vector<const PodClass*> classesOfTemplate(const Node* templateNode) const;
    // Every pod selector of the input (selectors.hpp), in input order.
    const std::vector<PodSelector>& selectors() const { return selectors_; }
    const LintSettings& settings() const { return *settings_; }

    // Pod classes in the selector's namespaces whose pods satisfy every requirement for
    // which `include` is true. Candidates come from an index on namespace and label.
    template <typename Include>
    std::vector<ClassMatch> select(const PodSelector& selector, Include include) const {
        std::vector<const Requirement*> requirements;
        for (const Requirement& requirement : selector.requirements)
            if (include(requirement)) requirements.push_back(&requirement);
        return select(selector, requirements);
    }
    std::vector<ClassMatch> select(const PodSelector& selector,
                                   const std::vector<const Requirement*>& requirements) const;
    // Pod classes in the selector's namespaces (every candidate, before any requirement).
    std::vector<const PodClass*> classesInScope(const PodSelector& selector) const;
    // A workload ordlint cannot see into lives in one of the selector's namespaces.
    bool unknownProducerInScope(const PodSelector& selector) const;
    // The same, for producers whose pods may carry any label (index labels included): an
    // unknown producer without a pod template, an operator that RBAC lets create pods, the
    // add-ons of kube-system. Unknown producers with a pod template are not counted: their
    // pods are modelled with the template's labels (PodClass::openLabels).
    bool opaqueProducerInScope(const PodSelector& selector) const;
    // The selector's scope reaches `object`, which is in one of its namespaces by name: a
    // namespace-less `default` is shared only with related folders (sameNamespace()).
    static bool reaches(const PodSelector& selector, const Object& object);

  private:
    struct NamespaceIndex {
        std::vector<const PodClass*> classes;
        // label key -> exact value -> classes; classes whose value for the key is a pattern;
        std::map<std::string, std::map<std::string, std::vector<const PodClass*>, std::less<>>,
                 std::less<>>
            exact;
        std::map<std::string, std::vector<const PodClass*>, std::less<>> patterned;
        std::vector<const PodClass*> open;
        // Unknown producers whose pods may be in this namespace: namespaced ones of it, and
        // cluster-scoped ones that name it (`explicitly`: not subject to folders).
        std::vector<const Object*> unknownProducers;
        std::vector<const Object*> namingProducers;
    };
    std::deque<Workload> workloads_;
    std::vector<PodSelector> selectors_;
    std::map<const Object*, const Workload*> byObject_;
    std::multimap<const Node*, const PodClass*> byTemplate_;
    std::map<std::string, NamespaceIndex, std::less<>> namespaces_;
    std::vector<const Object*> clusterWideUnknownProducers_; // cluster-scoped, naming none
    const LintSettings* settings_ = nullptr;

    // unknownProducerInScope(), counting the producers with a pod template only when
    // `withTemplate`.
    bool producerInScope(const PodSelector& selector, bool withTemplate) const;
    std::vector<const PodClass*>
    candidates(const NamespaceIndex& index,
               const std::vector<const Requirement*>& requirements) const;
};

// The assignments of `pod`'s variables for which all `requirements` hold (empty: none).
Region satisfying(const PodClass& pod, const std::vector<const Requirement*>& requirements);
// The assignments for which `pattern` renders exactly `text`; `every` is set when the
// pattern is fixed text equal to `text`, `possible` when an any-suffix pattern can be it.
struct ValueMatch {
    bool every = false;
    bool possible = false;
    Region where;
};
ValueMatch matchValue(const ValuePattern& pattern, std::string_view text, const PodClass& pod);

} // namespace ordlint
