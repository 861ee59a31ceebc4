#include "pod_model.hpp"

#include "k8s_facts.hpp"
#include "pod_controllers.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ordlint {

// ---------------------------------------------------------------------------------------
// Matching values and requirements

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
    match.where = renderingsOf(pattern, text, pod.allPods());
    return match;
}

Region satisfying(const PodClass& pod, const std::vector<const Requirement*>& requirements) {
    Region region = pod.allPods();
    for (const Requirement* requirement : requirements) {
        if (region.empty()) break;
        // Chaos Mesh annotationSelectors test annotations; pod names are the pod-name label.
        const auto& values =
            requirement->target == RequirementTarget::Annotation ? pod.annotations : pod.labels;
        auto found = values.find(requirement->key);
        if (found == values.end()) {
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
        if (isUnbounded(range.hi)) return first + " and up";
        return first + ".." +
               render([&](const ValuePart& p) { return std::to_string(range.hi + p.offset); });
    }
    return render([&](const ValuePart& p) {
        Interval range = rangeOf(p.variable);
        Interval shifted{range.lo + p.offset,
                         isUnbounded(range.hi) ? range.hi : range.hi + p.offset};
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
    if (ordinalsIgnored)
        notes.push_back("spec.ordinals is ignored before Kubernetes " +
                        kStartOrdinalGate.sinceText());
    if (autoscaler && replicas)
        notes.push_back(fmt::format("{} {} scales it to {} replicas", autoscaler->kind,
                                    autoscaler->name, replicas->describe()));
    return notes.empty() ? std::string() : fmt::format(" ({})", fmt::join(notes, "; "));
}

SourceRange Workload::rangeSource() const {
    if (ordinalsStartEntry) return entryRange(*ordinalsStartEntry);
    const Node* spec = object->spec();
    if (spec && spec->isMapping()) {
        if (const MapEntry* replicasEntry = spec->entry("replicas"))
            return entryRange(*replicasEntry);
        if (const MapEntry* completionsEntry = spec->entry("completions"))
            return entryRange(*completionsEntry);
    }
    return object->anchorRange();
}

bool Workload::sameIdentity(const Workload& other) const {
    return object->group == other.object->group && object->kind == other.object->kind &&
           object->ns == other.object->ns && object->name == other.object->name;
}

namespace {

// The service account a pod template runs as ("default" when it names none).
std::string serviceAccountOf(const Node* podTemplate) {
    const Node* spec = podTemplate && podTemplate->isMapping() ? podTemplate->get("spec") : nullptr;
    std::string name = scalarAt(spec, "serviceAccountName");
    if (name.empty()) name = scalarAt(spec, "serviceAccount"); // the deprecated alias
    return name.empty() ? "default" : name;
}

} // namespace

PodModel PodModel::build(const Workspace& workspace, const LintSettings& settings,
                         const std::map<const Object*, WorkloadKind>& modelledAs,
                         const CustomKindCatalog* customKinds) {
    PodModel model;
    model.settings_ = &settings;
    // Without a catalog from the engine, the workspace's CRDs only (built once, not copied).
    std::optional<CustomKindCatalog> own;
    if (!customKinds) own = CustomKindCatalog::fromWorkspace(workspace);
    addWorkloads(workspace, settings, modelledAs, customKinds ? *customKinds : *own,
                 model.workloads_);
    std::size_t sequence = 0;
    for (Workload& workload : model.workloads_) {
        model.byObject_[workload.object] = &workload;
        if (workload.object->clusterScoped) {
            // A cluster-scoped producer's pods are in the namespaces it names, or anywhere.
            if (workload.unknownProducer && workload.producerNamespaces.empty())
                model.clusterWideUnknownProducers_.push_back(workload.object);
            else if (workload.unknownProducer)
                for (const std::string& ns : workload.producerNamespaces)
                    model.namespaces_[ns].namingProducers.push_back(workload.object);
            continue;
        }
        NamespaceIndex& index = model.namespaces_[workload.object->ns];
        if (workload.unknownProducer) index.unknownProducers.push_back(workload.object);
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
    // Workloads whose service account may create pods (operators) are unknown producers where
    // their RBAC reaches: a RoleBinding's namespace, or everywhere for a ClusterRoleBinding.
    for (const PodCreatingAccount& account : podCreatingAccounts(workspace))
        for (const Workload& workload : model.workloads_) {
            const Object& object = *workload.object;
            if (workload.unknownProducer || object.clusterScoped || object.ns != account.ns ||
                workload.pods.empty() ||
                serviceAccountOf(workload.pods.front().templateNode) != account.name)
                continue;
            if (account.scope.empty())
                model.clusterWideUnknownProducers_.push_back(&object);
            else
                model.namespaces_[account.scope].namingProducers.push_back(&object);
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
        if ((requirement->op != SelectorOperator::In &&
             requirement->op != SelectorOperator::Exists) ||
            requirement->target == RequirementTarget::Annotation) // the index is on labels
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
            if (!reaches(selector, *pod->workload->object)) continue;
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
        if (!inScope) continue;
        for (const PodClass* pod : index.classes)
            if (reaches(selector, *pod->workload->object)) classes.push_back(pod);
    }
    return classes;
}

bool PodModel::reaches(const PodSelector& selector, const Object& object) {
    if (!selector.owner) return true; // a selector built by hand (tests): its namespaces only
    if (!object.implicitNamespace && (selector.allNamespaces || !selector.implicitNamespace))
        return true;
    return foldersRelated(selector.owner->folder, object.folder);
}

bool PodModel::unknownProducerInScope(const PodSelector& selector) const {
    return producerInScope(selector, true);
}

bool PodModel::opaqueProducerInScope(const PodSelector& selector) const {
    return producerInScope(selector, false);
}

bool PodModel::producerInScope(const PodSelector& selector, bool withTemplate) const {
    // The cluster's own add-ons run there, described by no manifest.
    if (selector.allNamespaces || std::find(selector.namespaces.begin(), selector.namespaces.end(),
                                            kClusterAddonNamespace) != selector.namespaces.end())
        return true;
    // A cluster-scoped producer that names no namespace may create pods anywhere, but only
    // where it is deployed with the selector: the same or a related folder.
    for (const Object* producer : clusterWideUnknownProducers_)
        if (!selector.owner || foldersRelated(selector.owner->folder, producer->folder))
            return true;
    for (const auto& [ns, index] : namespaces_) {
        if (index.unknownProducers.empty() && index.namingProducers.empty()) continue;
        if (!selector.allNamespaces &&
            std::find(selector.namespaces.begin(), selector.namespaces.end(), ns) ==
                selector.namespaces.end())
            continue;
        for (const Object* producer : index.unknownProducers)
            if (reaches(selector, *producer) &&
                (withTemplate || byObject_.at(producer)->pods.empty()))
                return true;
        // A namespace written in a producer's spec is explicit.
        for (const Object* producer : index.namingProducers)
            if (!selector.implicitNamespace || !selector.owner ||
                foldersRelated(selector.owner->folder, producer->folder))
                return true;
    }
    return false;
}

} // namespace ordlint
