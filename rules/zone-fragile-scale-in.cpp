// zone-fragile-scale-in: one StatefulSet spread over zones, with zonal volumes, scaled in by
// an autoscaler. The controller removes the highest ordinal whatever its zone, so scale-in can
// empty a zone while its volumes stay bound there.
#include "rule_contract.hpp"

#include "k8s_facts.hpp"
#include "pod_model.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ordlint {
namespace {

bool isZoneKey(std::string_view key) {
    return key == kZoneLabel || key == kDeprecatedZoneLabel;
}

std::string_view text(const Node* node) {
    auto value = node ? node->string() : std::nullopt;
    return value ? *value : std::string_view();
}

const Node* sequence(const Node* node, std::initializer_list<std::string_view> path) {
    const Node* found = node ? node->at(path) : nullptr;
    return found && found->isSequence() ? found : nullptr;
}

// The topologyKey of the first zone spread: a topologySpreadConstraint, or a required or
// preferred pod anti-affinity term.
const Node* zoneSpread(const Node* podSpec) {
    auto zoneKeyOf = [](const Node* term) -> const Node* {
        const Node* key = term && term->isMapping() ? term->get("topologyKey") : nullptr;
        return key && isZoneKey(text(key)) ? key : nullptr;
    };
    if (const Node* constraints = sequence(podSpec, {"topologySpreadConstraints"}))
        for (const Node* constraint : constraints->items())
            if (const Node* key = zoneKeyOf(constraint)) return key;
    if (const Node* required =
            sequence(podSpec, {"affinity", "podAntiAffinity",
                               "requiredDuringSchedulingIgnoredDuringExecution"}))
        for (const Node* term : required->items())
            if (const Node* key = zoneKeyOf(term)) return key;
    if (const Node* preferred =
            sequence(podSpec, {"affinity", "podAntiAffinity",
                               "preferredDuringSchedulingIgnoredDuringExecution"}))
        for (const Node* weighted : preferred->items())
            if (const Node* key = zoneKeyOf(
                    weighted && weighted->isMapping() ? weighted->get("podAffinityTerm") : nullptr))
                return key;
    return nullptr;
}

// The zones the pods may run in, when nodeSelector or required node affinity names them;
// empty when any zone is allowed.
std::set<std::string> allowedZones(const Node* podSpec) {
    const Node* nodeSelector = podSpec ? podSpec->get("nodeSelector") : nullptr;
    if (nodeSelector && nodeSelector->isMapping())
        for (const MapEntry& entry : nodeSelector->entries())
            if (isZoneKey(text(entry.key))) return {std::string(text(entry.value))};
    const Node* terms =
        sequence(podSpec, {"affinity", "nodeAffinity",
                           "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"});
    if (!terms || terms->items().empty()) return {};
    std::set<std::string> zones;
    // Terms are ORed: the pods are confined only when every term names its zones.
    for (const Node* term : terms->items()) {
        bool named = false;
        if (const Node* expressions = sequence(term, {"matchExpressions"}))
            for (const Node* expression : expressions->items()) {
                if (!expression->isMapping() || !isZoneKey(text(expression->get("key"))) ||
                    text(expression->get("operator")) != "In")
                    continue;
                if (const Node* values = sequence(expression, {"values"}))
                    for (const Node* value : values->items()) {
                        zones.insert(std::string(text(value)));
                        named = true;
                    }
            }
        if (!named) return {};
    }
    return zones;
}

// A StorageClass whose volumes survive the loss of a zone: GCE regional persistent disks,
// Azure zone-redundant disks, Amazon EFS.
bool isRegional(const Object& storageClass) {
    const Node* parameters = storageClass.node->get("parameters");
    if (parameters && parameters->isMapping())
        for (const MapEntry& entry : parameters->entries()) {
            std::string key = asciiLowercase(text(entry.key));
            std::string value = asciiLowercase(text(entry.value));
            if (key == "replication-type" && value == "regional-pd") return true;
            if (key == "skuname" && value.ends_with("_zrs")) return true;
        }
    return text(storageClass.node->get("provisioner")) == "efs.csi.aws.com";
}

// The volumeClaimTemplates entry when at least one claim is zonal: its class is not a
// regional StorageClass of the input.
const MapEntry* zonalClaims(const Workspace& workspace, const Node* spec) {
    const MapEntry* claims = spec->entry("volumeClaimTemplates");
    if (!claims || !claims->value->isSequence() || claims->value->items().empty()) return nullptr;
    auto classNamed = [&](std::string_view name) -> const Object* {
        for (const Object& object : workspace.objects) {
            if (object.group != "storage.k8s.io" || object.kind != "StorageClass") continue;
            if (!name.empty() ? object.name == name
                              : text(object.node->at({"metadata", "annotations",
                                                      kDefaultStorageClassAnnotation})) == "true")
                return &object;
        }
        return nullptr;
    };
    for (const Node* claim : claims->value->items()) {
        const Node* className = claim->at({"spec", "storageClassName"});
        const Object* storageClass = classNamed(text(className));
        if (!storageClass || !isRegional(*storageClass)) return claims;
    }
    return nullptr;
}

std::string perZoneSplit(const Workload& workload, std::int64_t zoneCount,
                         const std::set<std::string>& zoneNames) {
    std::int64_t most =
        workload.replicas->hi < kUnbounded ? workload.replicas->hi : workload.replicas->lo;
    std::int64_t perZone = std::max<std::int64_t>(1, (most + zoneCount - 1) / zoneCount);
    std::vector<std::string> slices;
    auto name = zoneNames.begin();
    for (std::int64_t i = 0; i < zoneCount; ++i) {
        std::int64_t start = workload.ordinalsStart + i * perZone;
        std::string zone = name != zoneNames.end() ? *name++ : fmt::format("zone {}", i + 1);
        slices.push_back(fmt::format("{}: ordinals.start: {} (ordinals {}..{})", zone, start, start,
                                     start + perZone - 1));
    }
    return fmt::format("run one StatefulSet per zone, each pinned to its zone by node affinity "
                       "and scaled by its own autoscaler up to {} replicas, with disjoint "
                       "ordinal ranges: {}",
                       perZone, fmt::join(slices, ", "));
}

class ZoneFragileScaleInRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const Workload& workload : context.pods->workloads()) {
            if (workload.kind != WorkloadKind::StatefulSet || !workload.autoscaler ||
                !workload.replicas || workload.replicas->lo >= workload.replicas->hi)
                continue;
            const Node* spec = workload.object->spec();
            if (!spec || !spec->isMapping()) continue;
            auto templates = podTemplatesOf(*workload.object);
            if (templates.empty()) continue;
            const Node* podSpec = templates.front().spec;
            const Node* spread = zoneSpread(podSpec);
            if (!spread) continue;
            std::set<std::string> zones = allowedZones(podSpec);
            if (zones.size() == 1) continue; // pinned to one zone: nothing to spread over
            const MapEntry* claims = zonalClaims(context.workspace, spec);
            if (!claims) continue;

            std::int64_t zoneCount =
                zones.empty() ? std::max(1, context.settings.zones) : std::int64_t(zones.size());
            std::string zoneSource = zones.empty() ? "--zones" : "named in node affinity";
            const Object& autoscaler = *workload.autoscaler;
            std::int64_t fewest = workload.replicas->lo;
            std::string consequence =
                fewest < zoneCount
                    ? fmt::format("at {} replica{}, fewer than the {} zones ({}), a zone is "
                                  "certainly left without a pod while its volumes stay bound "
                                  "there",
                                  fewest, fewest == 1 ? "" : "s", zoneCount, zoneSource)
                    : fmt::format("the minimum of {} is not below the {} zones ({}), but "
                                  "nothing keeps the remaining pods spread, so a zone can be "
                                  "left without a pod while its volumes stay bound there",
                                  fewest, zoneCount, zoneSource);
            Diagnostic& d = reporter.report(
                *workload.object, workload.object->anchorRange(),
                fmt::format("{} spreads over zones with zonal volumes, and {} {} scales it in "
                            "down to {} replica{} ({}): scale-in removes the highest ordinal "
                            "whatever its zone; {}",
                            workload.describe(), autoscaler.kind, autoscaler.name, fewest,
                            fewest == 1 ? "" : "s", workload.replicas->describe(), consequence));
            d.help = perZoneSplit(workload, zoneCount, zones);
            d.related.push_back({spread->range, "zone spread"});
            d.related.push_back({entryRange(*claims), "zonal volumes"});
            d.related.push_back({autoscaler.anchorRange(),
                                 fmt::format("{} {} scales it {}", autoscaler.kind, autoscaler.name,
                                             workload.replicas->describe())});
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeZoneFragileScaleInRule() {
    return std::make_unique<ZoneFragileScaleInRule>();
}

} // namespace ordlint
