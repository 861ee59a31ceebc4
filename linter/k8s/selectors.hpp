#pragma once
// Label selectors that pick pods (spec/rules.md "Selectors that target pods"): which objects
// have them, where they sit in the source, and which namespaces they look in.

#include "model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

enum class SelectorOperator { In, NotIn, Exists, DoesNotExist };

std::string_view operatorName(SelectorOperator op);

// What a requirement tests on a pod.
enum class RequirementTarget {
    Label,
    Annotation, // Chaos Mesh annotationSelectors
    // Chaos Mesh spec.selector.pods: the pod's name, which is the value of the
    // statefulset.kubernetes.io/pod-name label on the pods that have a predictable name
    // (StatefulSet, LeaderWorkerSet); `key` is that label.
    PodName,
};

// One requirement of a selector: a matchLabels entry is `key In (value)`.
struct Requirement {
    std::string key;
    SelectorOperator op = SelectorOperator::In;
    std::vector<std::string> values;
    SourceRange range; // the `key: value` entry or the matchExpressions item
    bool fromMatchLabels = false;
    RequirementTarget target = RequirementTarget::Label;

    // The requirement names exactly one value (`key: v`, or `In` with one value).
    bool pinsOneValue() const { return op == SelectorOperator::In && values.size() == 1; }
};

struct PodSelector {
    const Object* owner = nullptr;
    std::string field; // "spec.selector", "spec.ingress[0].from[1].podSelector", ...
    std::vector<Requirement> requirements; // empty: every pod of the scope
    SourceRange range;                     // the selector's `key:` entry
    std::vector<std::string> namespaces;   // where it looks for pods
    bool allNamespaces = false;
    // `namespaces` is the owner's own namespace, taken for want of one: it is `default` of
    // the owner's folder (model.hpp sameNamespace()).
    bool implicitNamespace = false;
    bool isService() const { return owner && owner->group.empty() && owner->kind == "Service"; }
};

// Every pod selector of every object, in input order. Selectors ordlint cannot scope (a
// NetworkPolicy peer with a namespaceSelector) or that select nothing by definition (a
// Service without selector, ExternalName Services, a PDB without selector) are left out.
std::vector<PodSelector> podSelectorsOf(const Workspace& workspace);

// A PodDisruptionBudget whose `spec.selector` is absent or null: it protects no pod (an empty
// `{}` selector is every pod of the namespace instead). `range` is the null selector's entry,
// else the `spec` entry, else the object's name.
struct SelectorlessBudget {
    const Object* object = nullptr;
    SourceRange range;
};
std::vector<SelectorlessBudget> budgetsWithoutSelector(const Workspace& workspace);

// The requirements of a metav1.LabelSelector (matchLabels and matchExpressions, ANDed), or of
// an equality map (a Service's or ReplicationController's selector); nullopt when the node is
// not a well-formed selector (the schema rule reports that).
std::optional<std::vector<Requirement>> labelSelectorRequirements(const Node* selector);
std::optional<std::vector<Requirement>> equalityRequirements(const Node* map);

// The index keys of the pod model: labels whose values a controller derives from a pod's
// ordinal or index (spec/rules.md, lws-jobset.md).
bool isIndexKey(std::string_view key);

// "app=web, apps.kubernetes.io/pod-index in (0,1)": how a message shows requirements.
std::string describeRequirement(const Requirement& requirement);

} // namespace ordlint
