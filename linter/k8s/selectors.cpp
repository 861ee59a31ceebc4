#include "selectors.hpp"

#include "k8s_facts.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace ordlint {

std::string_view operatorName(SelectorOperator op) {
    switch (op) {
    case SelectorOperator::In:
        return "In";
    case SelectorOperator::NotIn:
        return "NotIn";
    case SelectorOperator::Exists:
        return "Exists";
    case SelectorOperator::DoesNotExist:
        return "DoesNotExist";
    }
    return "In";
}

bool isIndexKey(std::string_view key) {
    return std::find(kPodIndexKeys.begin(), kPodIndexKeys.end(), key) != kPodIndexKeys.end();
}

std::string describeRequirement(const Requirement& requirement) {
    if (requirement.target == RequirementTarget::PodName)
        return fmt::format("pod {}", fmt::join(requirement.values, ", "));
    if (requirement.target == RequirementTarget::Annotation &&
        requirement.op == SelectorOperator::In && requirement.values.size() == 1)
        return fmt::format("annotation {} \"{}\"", requirement.key, requirement.values[0]);
    switch (requirement.op) {
    case SelectorOperator::In:
        if (requirement.values.size() == 1)
            return fmt::format("{} \"{}\"", requirement.key, requirement.values[0]);
        return fmt::format("{} in ({})", requirement.key, fmt::join(requirement.values, ", "));
    case SelectorOperator::NotIn:
        return fmt::format("{} not in ({})", requirement.key, fmt::join(requirement.values, ", "));
    case SelectorOperator::Exists:
        return fmt::format("pods with the {} label", requirement.key);
    case SelectorOperator::DoesNotExist:
        return fmt::format("pods without the {} label", requirement.key);
    }
    return requirement.key;
}

namespace {

// A label value as the API server stores it: the scalar's text (an unquoted 0 is still "0"
// to a reader; the schema rule reports the type), the empty string for `key:`.
std::optional<std::string> labelValue(const Node* node) {
    if (!node || node->isNull()) return std::string();
    if (node->isScalar()) return std::string(node->value());
    return std::nullopt;
}

// Equality map (Service selector, matchLabels, Chaos Mesh labelSelectors). False when the
// node is not a mapping of scalars: a malformed selector is the schema rule's business.
bool addEqualities(const Node* map, std::vector<Requirement>& out) {
    if (!map || map->isNull()) return true;
    if (!map->isMapping()) return false;
    for (const MapEntry& entry : map->entries()) {
        auto value = labelValue(entry.value);
        if (!entry.key->isScalar() || !value) return false;
        Requirement requirement;
        requirement.key = entry.key->value();
        requirement.values = {*value};
        requirement.range = entryRange(entry);
        requirement.fromMatchLabels = true;
        out.push_back(std::move(requirement));
    }
    return true;
}

bool addExpressions(const Node* list, std::vector<Requirement>& out) {
    if (!list || list->isNull()) return true;
    if (!list->isSequence()) return false;
    for (const Node* item : list->items()) {
        if (!item->isMapping()) return false;
        const Node* key = item->get("key");
        const Node* op = item->get("operator");
        if (!key || !key->isScalar() || !op || !op->isScalar()) return false;
        Requirement requirement;
        requirement.key = key->value();
        requirement.range = item->range;
        if (op->value() == "In")
            requirement.op = SelectorOperator::In;
        else if (op->value() == "NotIn")
            requirement.op = SelectorOperator::NotIn;
        else if (op->value() == "Exists")
            requirement.op = SelectorOperator::Exists;
        else if (op->value() == "DoesNotExist")
            requirement.op = SelectorOperator::DoesNotExist;
        else
            return false;
        if (const Node* values = item->get("values"); values && values->isSequence()) {
            for (const Node* value : values->items()) {
                auto text = labelValue(value);
                if (!text) return false;
                requirement.values.push_back(*text);
            }
        }
        bool needsValues =
            requirement.op == SelectorOperator::In || requirement.op == SelectorOperator::NotIn;
        if (needsValues == requirement.values.empty()) return false;
        out.push_back(std::move(requirement));
    }
    return true;
}

// metav1.LabelSelector: matchLabels and matchExpressions, ANDed.
bool parseLabelSelector(const Node* node, std::vector<Requirement>& out) {
    if (!node->isMapping()) return false;
    return addEqualities(node->get("matchLabels"), out) &&
           addExpressions(node->get("matchExpressions"), out);
}

class Collector {
  public:
    explicit Collector(std::vector<PodSelector>& out) : out_(out) {}

    void add(const Object& object) {
        const Node* spec = object.spec();
        if (!spec || !spec->isMapping()) return;
        if (object.group.empty() && object.kind == "Service")
            addService(object, *spec);
        else if (object.group == "policy" && object.kind == "PodDisruptionBudget")
            addLabelSelector(object, spec->entry("selector"), "spec.selector", {object.ns});
        else if (object.group == "networking.k8s.io" && object.kind == "NetworkPolicy")
            addNetworkPolicy(object, *spec);
        else if (object.group == "chaos-mesh.org")
            addChaos(object, *spec);
        else if (object.group == "monitoring.coreos.com" && object.kind == "PodMonitor")
            addPodMonitor(object, *spec);
    }

  private:
    std::vector<PodSelector>& out_;

    void addService(const Object& object, const Node& spec) {
        if (const Node* type = spec.get("type");
            type && type->isScalar() && type->value() == "ExternalName")
            return;
        const MapEntry* entry = spec.entry("selector");
        if (!entry || !entry->value->isMapping() || entry->value->entries().empty()) return;
        PodSelector selector = start(object, *entry, "spec.selector", {object.ns});
        if (addEqualities(entry->value, selector.requirements)) out_.push_back(std::move(selector));
    }

    void addLabelSelector(const Object& object, const MapEntry* entry, std::string field,
                          std::vector<std::string> namespaces, bool allNamespaces = false) {
        if (!entry || !entry->value->isMapping()) return; // null selects nothing
        PodSelector selector = start(object, *entry, std::move(field), std::move(namespaces));
        selector.allNamespaces = allNamespaces;
        if (parseLabelSelector(entry->value, selector.requirements))
            out_.push_back(std::move(selector));
    }

    void addNetworkPolicy(const Object& object, const Node& spec) {
        addLabelSelector(object, spec.entry("podSelector"), "spec.podSelector", {object.ns});
        auto peers = [&](std::string_view direction, std::string_view peerList) {
            const Node* rules = spec.get(direction);
            if (!rules || !rules->isSequence()) return;
            for (std::size_t i = 0; i < rules->items().size(); ++i) {
                const Node* list =
                    rules->items()[i]->isMapping() ? rules->items()[i]->get(peerList) : nullptr;
                if (!list || !list->isSequence()) continue;
                for (std::size_t j = 0; j < list->items().size(); ++j) {
                    const Node* peer = list->items()[j];
                    // With a namespaceSelector the peer's namespaces are cluster state.
                    if (!peer->isMapping() || peer->get("namespaceSelector")) continue;
                    addLabelSelector(
                        object, peer->entry("podSelector"),
                        fmt::format("spec.{}[{}].{}[{}].podSelector", direction, i, peerList, j),
                        {object.ns});
                }
            }
        };
        peers("ingress", "from");
        peers("egress", "to");
    }

    // Chaos Mesh (chaos-mesh.org/*): an experiment's spec.selector (and a NetworkChaos's
    // spec.target.selector), the same selectors inside a Schedule (spec.<type>Chaos, and its
    // spec.workflow) and inside each template of a Workflow (templates[i].<type>Chaos and
    // templates[i].schedule.<type>Chaos). The chaos objects they create live in the
    // Schedule's or Workflow's namespace.
    void addChaos(const Object& object, const Node& spec) {
        if (object.kind == "Schedule") {
            addEmbeddedChaos(object, spec, "spec");
            if (const Node* workflow = spec.get("workflow"); workflow && workflow->isMapping())
                addWorkflow(object, *workflow, "spec.workflow");
        } else if (object.kind == "Workflow") {
            addWorkflow(object, spec, "spec");
        } else if (selectsPods(object.kind)) {
            addChaosSpec(object, spec, "spec");
        }
    }

    // Kinds whose selector picks pods: PhysicalMachineChaos picks PhysicalMachines, and the
    // cloud chaos kinds pick cloud instances.
    static bool selectsPods(std::string_view kind) {
        if (!kind.ends_with("Chaos")) return false;
        static constexpr std::string_view notPods[] = {"PhysicalMachineChaos", "AWSChaos",
                                                       "GCPChaos", "AzureChaos"};
        return std::find(std::begin(notPods), std::end(notPods), kind) == std::end(notPods);
    }

    void addWorkflow(const Object& object, const Node& workflow, const std::string& field) {
        const Node* templates = workflow.get("templates");
        if (!templates || !templates->isSequence()) return;
        for (std::size_t i = 0; i < templates->items().size(); ++i) {
            const Node* item = templates->items()[i];
            if (!item->isMapping()) continue;
            std::string at = fmt::format("{}.templates[{}]", field, i);
            addEmbeddedChaos(object, *item, at);
            if (const Node* schedule = item->get("schedule"); schedule && schedule->isMapping())
                addEmbeddedChaos(object, *schedule, at + ".schedule");
        }
    }

    // The `<type>Chaos` entries of a Schedule spec or Workflow template (podChaos, networkChaos,
    // ...), each an experiment spec.
    void addEmbeddedChaos(const Object& object, const Node& holder, const std::string& field) {
        for (const MapEntry& entry : holder.entries()) {
            if (!entry.key->isScalar() || !entry.value->isMapping()) continue;
            std::string_view key = entry.key->value();
            if (!key.ends_with("Chaos") || key.empty()) continue;
            std::string kind(key);
            kind[0] = asciiUpper(kind[0]);
            if (kind == "PhysicalmachineChaos" || kind == "AwsChaos" || kind == "GcpChaos" ||
                kind == "AzureChaos")
                continue;
            addChaosSpec(object, *entry.value, fmt::format("{}.{}", field, key));
        }
    }

    void addChaosSpec(const Object& object, const Node& spec, const std::string& field) {
        addChaosSelector(object, spec.entry("selector"), field + ".selector");
        if (const Node* target = spec.get("target"); target && target->isMapping())
            addChaosSelector(object, target->entry("selector"), field + ".target.selector");
    }

    void addChaosSelector(const Object& object, const MapEntry* entry, const std::string& field) {
        if (!entry || !entry->value->isMapping()) return;
        const Node& node = *entry->value;
        // Pods listed by name: Chaos Mesh then ignores every other selector (SelectPods in
        // pkg/selector/pod/selector.go). Each name must be a pod some workload creates.
        if (const Node* pods = node.get("pods");
            pods && pods->isMapping() && !pods->entries().empty()) {
            addChaosPodNames(object, *pods, field + ".pods");
            return;
        }
        // Field selectors pick pods by means ordlint cannot model.
        if (node.get("fieldSelectors")) return;
        if (!node.get("labelSelectors") && !node.get("expressionSelectors") &&
            !node.get("annotationSelectors"))
            return;
        std::vector<std::string> namespaces;
        if (const Node* list = node.get("namespaces"); list && list->isSequence()) {
            for (const Node* ns : list->items())
                if (ns->isScalar()) namespaces.emplace_back(ns->value());
        }
        if (namespaces.empty()) namespaces.push_back(object.ns);
        PodSelector selector = start(object, *entry, field, std::move(namespaces));
        if (!addEqualities(node.get("labelSelectors"), selector.requirements) ||
            !addExpressions(node.get("expressionSelectors"), selector.requirements))
            return;
        std::vector<Requirement> annotations;
        if (!addEqualities(node.get("annotationSelectors"), annotations)) return;
        for (Requirement& requirement : annotations) {
            requirement.target = RequirementTarget::Annotation;
            selector.requirements.push_back(std::move(requirement));
        }
        out_.push_back(std::move(selector));
    }

    // spec.selector.pods: namespace -> pod names; one selector per name, for the pod-name label.
    void addChaosPodNames(const Object& object, const Node& pods, const std::string& field) {
        for (const MapEntry& entry : pods.entries()) {
            if (!entry.key->isScalar() || !entry.value->isSequence()) continue;
            for (const Node* name : entry.value->items()) {
                if (!name->isScalar() || name->value().empty()) continue;
                PodSelector selector;
                selector.owner = &object;
                selector.field = fmt::format("{}.{}", field, entry.key->value());
                selector.range = name->range;
                selector.namespaces = {std::string(entry.key->value())};
                Requirement requirement;
                requirement.key = kPodNameLabel;
                requirement.values = {std::string(name->value())};
                requirement.range = name->range;
                requirement.target = RequirementTarget::PodName;
                selector.requirements.push_back(std::move(requirement));
                out_.push_back(std::move(selector));
            }
        }
    }

    void addPodMonitor(const Object& object, const Node& spec) {
        std::vector<std::string> namespaces{object.ns};
        bool all = false;
        if (const Node* nsSelector = spec.get("namespaceSelector");
            nsSelector && nsSelector->isMapping()) {
            if (const Node* any = nsSelector->get("any");
                any && any->isScalar() && any->value() == "true")
                all = true;
            if (const Node* names = nsSelector->get("matchNames");
                names && names->isSequence() && !names->items().empty()) {
                namespaces.clear();
                for (const Node* name : names->items())
                    if (name->isScalar()) namespaces.emplace_back(name->value());
            }
        }
        addLabelSelector(object, spec.entry("selector"), "spec.selector", std::move(namespaces),
                         all);
    }

    static PodSelector start(const Object& object, const MapEntry& entry, std::string field,
                             std::vector<std::string> namespaces) {
        PodSelector selector;
        selector.owner = &object;
        selector.field = std::move(field);
        selector.range = entryRange(entry);
        selector.namespaces = std::move(namespaces);
        return selector;
    }
};

} // namespace

std::optional<std::vector<Requirement>> labelSelectorRequirements(const Node* selector) {
    std::vector<Requirement> requirements;
    if (!selector || !parseLabelSelector(selector, requirements)) return std::nullopt;
    return requirements;
}

std::optional<std::vector<Requirement>> equalityRequirements(const Node* map) {
    std::vector<Requirement> requirements;
    if (!addEqualities(map, requirements)) return std::nullopt;
    return requirements;
}

std::vector<PodSelector> podSelectorsOf(const Workspace& workspace) {
    std::vector<PodSelector> selectors;
    Collector collector(selectors);
    for (const Object& object : workspace.objects)
        collector.add(object);
    for (PodSelector& selector : selectors)
        selector.implicitNamespace = selector.owner->implicitNamespace && !selector.allNamespaces &&
                                     selector.namespaces.size() == 1 &&
                                     selector.namespaces.front() == selector.owner->ns;
    return selectors;
}

std::vector<SelectorlessBudget> budgetsWithoutSelector(const Workspace& workspace) {
    std::vector<SelectorlessBudget> budgets;
    for (const Object& object : workspace.objects) {
        if (object.group != "policy" || object.kind != "PodDisruptionBudget") continue;
        const MapEntry* specEntry = object.node->entry("spec");
        if (specEntry && !specEntry->value->isMapping() && !specEntry->value->isNull())
            continue; // not an object: the schema rule reports it
        const MapEntry* selector = specEntry && specEntry->value->isMapping()
                                       ? specEntry->value->entry("selector")
                                       : nullptr;
        if (selector && !selector->value->isNull()) continue;
        SourceRange range = selector    ? entryRange(*selector)
                            : specEntry ? specEntry->key->range
                                        : object.anchorRange();
        budgets.push_back({&object, range});
    }
    return budgets;
}

} // namespace ordlint
