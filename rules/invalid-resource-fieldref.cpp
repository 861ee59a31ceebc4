#include "downward_api.hpp"
#include "edit_distance.hpp"
#include "fixes.hpp"
#include "quantity.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ordlint {

namespace {

const std::vector<std::string> kResources = {
    "limits.cpu",   "limits.memory",   "limits.ephemeral-storage",
    "requests.cpu", "requests.memory", "requests.ephemeral-storage"};

bool validResource(std::string_view resource) {
    auto hugepages = [&](std::string_view prefix) {
        return resource.size() > prefix.size() && resource.substr(0, prefix.size()) == prefix;
    };
    return std::find(kResources.begin(), kResources.end(), resource) != kResources.end() ||
           hugepages("requests.hugepages-") || hugepages("limits.hugepages-");
}

bool isCpu(std::string_view resource) {
    return resource == "limits.cpu" || resource == "requests.cpu";
}

// [CV] validContainerResourceDivisorForCPU / ...ForMemory (also ephemeral storage, hugepages).
const std::vector<std::string> kCpuDivisors = {"1m", "1"};
const std::vector<std::string> kByteDivisors = {"1",   "1k",  "1M",  "1G",  "1T",  "1P", "1E",
                                                "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"};

std::string_view resourceNoun(std::string_view resource) {
    if (isCpu(resource)) return "cpu";
    if (resource.find("ephemeral-storage") != std::string_view::npos)
        return "local ephemeral storage";
    if (resource.find("hugepages") != std::string_view::npos) return "hugepages";
    return "memory";
}

class InvalidResourceFieldRefRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const Object& object : context.workspace.objects) {
            std::vector<PodTemplate> pods = distinctPodTemplatesOf(object);
            for (const PodTemplate& pod : pods)
                for (const DownwardApiRef& ref : downwardApiRefsOf(pod))
                    if (ref.resourceFieldRef) checkRef(object, pod, ref, reporter);
        }
    }

  private:
    static void checkRef(const Object& object, const PodTemplate& pod, const DownwardApiRef& ref,
                         Reporter& reporter) {
        const Node* selector = ref.resourceFieldRef;
        std::string consequence = rejectionConsequence(pod);
        const Node* resourceNode = selector->get("resource");
        std::optional<std::string_view> resource =
            resourceNode ? resourceNode->string() : std::nullopt;
        if (resource && !validResource(*resource)) {
            std::optional<std::string> nearest = uniqueNearest(*resource, kResources, 2);
            Diagnostic& d = reporter.report(
                object, resourceNode->range,
                fmt::format("resource \"{}\" cannot be read through the downward API (supported: "
                            "limits. or "
                            "requests. + cpu, memory, ephemeral-storage, hugepages-<size>); {}",
                            *resource, consequence));
            d.help = nearest ? fmt::format("did you mean {}?", *nearest)
                             : "write limits.<resource> or requests.<resource>, e.g. limits.memory";
            if (nearest) d.fix = replacementFix(*resourceNode, *nearest, selector->flowStyle);
        }

        checkContainerName(object, pod, ref, consequence, reporter);

        const Node* divisor = selector->get("divisor");
        if (divisor && divisor->isScalar() && resource && validResource(*resource))
            checkDivisor(object, *divisor, *resource, selector->flowStyle, consequence, reporter);
    }

    static void checkContainerName(const Object& object, const PodTemplate& pod,
                                   const DownwardApiRef& ref, const std::string& consequence,
                                   Reporter& reporter) {
        const Node* nameNode = ref.resourceFieldRef->get("containerName");
        std::string_view name =
            nameNode && nameNode->isScalar() ? std::string_view(nameNode->value()) : "";
        if (name.empty()) {
            if (ref.place != DownwardApiPlace::VolumeItem) return; // env: the container itself
            const MapEntry* entry = ref.item->entry("resourceFieldRef");
            Diagnostic& d = reporter.report(
                object, entry ? entry->key->range : ref.resourceFieldRef->range,
                fmt::format(
                    "resourceFieldRef in a downwardAPI volume has no containerName (required in "
                    "volumes: a volume belongs to no container); {}",
                    consequence));
            std::vector<std::string_view> regular;
            for (const ContainerRef& container : containersOf(pod.spec))
                if (container.kind == ContainerKind::Container) regular.push_back(container.name);
            if (regular.size() != 1 || regular.front().empty() ||
                ref.resourceFieldRef->entries().empty()) {
                d.help = "add containerName: <the container whose resources the file shows>";
                return;
            }
            // One container: there is only one it can mean. Insert the key before the first one,
            // on its own line in a block mapping.
            d.help = fmt::format("add containerName: {}", regular.front());
            const Node& firstKey = *ref.resourceFieldRef->entries().front().key;
            Position at = firstKey.range.file->position(firstKey.range.begin);
            std::string text =
                ref.resourceFieldRef->flowStyle
                    ? fmt::format("containerName: {}, ", regular.front())
                    : fmt::format("containerName: {}\n{}", regular.front(),
                                  std::string(static_cast<std::size_t>(at.column - 1), ' '));
            SourceRange insertion = firstKey.range;
            insertion.end = insertion.begin;
            d.fix = Fix{fmt::format("add containerName: {}", regular.front()), {{insertion, text}}};
            return;
        }
        // The kubelet looks the name up in containers and, in current versions, initContainers.
        std::vector<std::string> names;
        for (const ContainerRef& container : containersOf(pod.spec))
            if (container.kind != ContainerKind::EphemeralContainer)
                names.emplace_back(container.name);
        if (std::find(names.begin(), names.end(), name) != names.end()) return;
        std::optional<std::string> nearest = uniqueNearest(name, names, 2);
        Diagnostic& d = reporter.report(
            object, nameNode->range,
            fmt::format(
                "containerName \"{}\" names no container of this pod (it has: {}); the API server "
                "accepts it, but the kubelet fails to start the pod's containers (\"container {} "
                "not "
                "found\")",
                name,
                names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", ")),
                name));
        d.help = nearest ? fmt::format("did you mean {}?", *nearest)
                         : "name one of the pod's containers";
        if (nearest) d.fix = replacementFix(*nameNode, *nearest, ref.resourceFieldRef->flowStyle);
    }

    static void checkDivisor(const Object& object, const Node& divisor, std::string_view resource,
                             bool flow, const std::string& consequence, Reporter& reporter) {
        const std::vector<std::string>& allowed = isCpu(resource) ? kCpuDivisors : kByteDivisors;
        std::optional<Quantity> quantity = parseQuantity(divisor.value());
        if (quantity && quantity->zero) return; // zero means "unset": 1
        std::optional<std::string> canonical =
            quantity ? canonicalUnitForm(*quantity) : std::nullopt;
        if (canonical && std::find(allowed.begin(), allowed.end(), *canonical) != allowed.end())
            return;

        std::optional<std::string> sameValue =
            quantity ? unitWithSameValue(*quantity) : std::nullopt;
        if (sameValue && std::find(allowed.begin(), allowed.end(), *sameValue) == allowed.end())
            sameValue.reset();
        std::string what =
            quantity ? fmt::format("divisor \"{}\"", divisor.value())
                     : fmt::format("divisor \"{}\" is not a quantity, and", divisor.value());
        Diagnostic& d = reporter.report(
            object, divisor.range,
            fmt::format("{} is not supported with the {} resource (only {}); {}", what,
                        resourceNoun(resource), fmt::join(allowed, ", "), consequence));
        d.help = sameValue
                     ? fmt::format("write {} (the same value, in the form the API server accepts)",
                                   *sameValue)
                     : fmt::format("use one of {} and scale the value in the container",
                                   fmt::join(allowed, ", "));
        if (sameValue) d.fix = replacementFix(divisor, *sameValue, flow);
    }
};

} // namespace

std::unique_ptr<Rule> makeInvalidResourceFieldRefRule() {
    return std::make_unique<InvalidResourceFieldRefRule>();
}

} // namespace ordlint
