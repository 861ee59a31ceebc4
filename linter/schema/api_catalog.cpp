#include "api_catalog.hpp"

#include "edit_distance.hpp"
#include "schema_store.hpp"
#include "text.hpp"

#include <algorithm>
#include <tuple>

namespace ordlint {

namespace {

struct RawLifecycle {
    std::string_view apiVersion, kind, deprecated, removed, replacements;
    bool sameReading;
    std::string_view advice, source;
};

constexpr RawLifecycle kLifecycle[] = {
#define ORDLINT_API(apiVersion, kind, deprecated, removed, replacements, sameReading, advice,      \
                    source)                                                                        \
    {apiVersion, kind, deprecated, removed, replacements, sameReading, advice, source},
#include "api_lifecycle.inc"
#undef ORDLINT_API
};

// Groups that were built in before the oldest bundled release, whatever the table says.
constexpr std::string_view kLegacyGroups[] = {"",       "apps",        "batch",
                                              "policy", "autoscaling", "extensions"};

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

// Edits between two kinds; a difference in case only counts as one edit.
std::size_t kindDistance(std::string_view a, std::string_view b) {
    if (a == b) return 0;
    std::string lowerA = asciiLowercase(a), lowerB = asciiLowercase(b);
    if (lowerA == lowerB) return 1;
    return editDistance(lowerA, lowerB, 3);
}

// How many edits still make a near miss: one for short names, two otherwise.
std::size_t nearMissLimit(std::string_view word) {
    return word.size() < 5 ? 1 : 2;
}

std::string versionOf(std::string_view apiVersion) {
    auto slash = apiVersion.find('/');
    return std::string(slash == std::string_view::npos ? apiVersion : apiVersion.substr(slash + 1));
}

} // namespace

int apiVersionRank(std::string_view version) {
    // v<major>[(alpha|beta)<n>]: GA beats beta beats alpha, then higher numbers win.
    if (version.size() < 2 || version[0] != 'v') return -1;
    std::size_t i = 1;
    int major = 0;
    while (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i])))
        major = major * 10 + (version[i++] - '0');
    int stage = 2, number = 0;
    std::string_view rest = version.substr(i);
    if (rest.rfind("beta", 0) == 0)
        stage = 1, rest.remove_prefix(4);
    else if (rest.rfind("alpha", 0) == 0)
        stage = 0, rest.remove_prefix(5);
    for (char c : rest)
        if (std::isdigit(static_cast<unsigned char>(c))) number = number * 10 + (c - '0');
    return stage * 100000 + major * 100 + number;
}

ApiCatalog::ApiCatalog() {
    auto release = [](std::string_view text) -> std::optional<KubeVersion> {
        if (text.empty()) return std::nullopt;
        return parseKubeVersion(text);
    };
    for (const RawLifecycle& raw : kLifecycle)
        lifecycle_.push_back({raw.apiVersion, raw.kind, release(raw.deprecated),
                              release(raw.removed), raw.replacements, raw.sameReading, raw.advice,
                              raw.source});

    const nlohmann::json& index = bundledSchemaIndex();
    for (const auto& [key, entry] : index.at("kinds").items()) {
        Kind kind;
        auto slash = key.rfind('/');
        kind.apiVersion = key.substr(0, slash);
        kind.kind = key.substr(slash + 1);
        kind.group = apiGroupOf(kind.apiVersion);
        kind.crd = entry.contains("crd");
        if (auto served = entry.find("served"); served != entry.end()) {
            for (const auto& range : *served) {
                std::string text = range.get<std::string>();
                auto dash = text.find('-');
                auto from = parseKubeVersion(text.substr(0, dash));
                auto to =
                    parseKubeVersion(dash == std::string::npos ? text : text.substr(dash + 1));
                if (from && to) kind.served.emplace_back(*from, *to);
            }
        }
        (kind.crd ? crdGroups_ : builtinGroups_).push_back(kind.group);
        kinds_.push_back(std::move(kind));
    }
    std::sort(kinds_.begin(), kinds_.end(), [](const Kind& a, const Kind& b) {
        return std::tie(a.apiVersion, a.kind) < std::tie(b.apiVersion, b.kind);
    });
    for (const ApiLifecycle& line : lifecycle_)
        builtinGroups_.push_back(apiGroupOf(line.apiVersion));
    for (std::string_view group : kLegacyGroups)
        builtinGroups_.emplace_back(group);
    if (auto groups = index.find("crdGroups"); groups != index.end())
        for (const auto& [group, coverage] : groups->items())
            if (coverage == "every kind") fullCrdGroups_.push_back(group);
    for (auto* groups : {&builtinGroups_, &crdGroups_, &fullCrdGroups_}) {
        std::sort(groups->begin(), groups->end());
        groups->erase(std::unique(groups->begin(), groups->end()), groups->end());
    }
}

const ApiCatalog& ApiCatalog::bundled() {
    static const ApiCatalog catalog;
    return catalog;
}

KubeVersion ApiCatalog::oldestAccepted() const {
    KubeVersion oldest = bundledKubernetesReleases().front();
    oldest.minor -= 3;
    return oldest;
}

KubeVersion ApiCatalog::newestAccepted() const {
    return bundledKubernetesReleases().back();
}

const ApiCatalog::Kind* ApiCatalog::find(std::string_view apiVersion, std::string_view kind) const {
    auto found = std::lower_bound(
        kinds_.begin(), kinds_.end(), std::pair{apiVersion, kind},
        [](const Kind& entry, const std::pair<std::string_view, std::string_view>& key) {
            // Compared as views: clang's tuple has no string < string_view.
            return std::pair<std::string_view, std::string_view>{entry.apiVersion, entry.kind} <
                   key;
        });
    if (found == kinds_.end() || found->apiVersion != apiVersion || found->kind != kind)
        return nullptr;
    return &*found;
}

bool ApiCatalog::servedAt(const Kind& kind, KubeVersion release) const {
    if (kind.crd) return true;
    return std::any_of(kind.served.begin(), kind.served.end(), [&](const auto& range) {
        return release >= range.first && release <= range.second;
    });
}

ApiStatus ApiCatalog::status(std::string_view apiVersion, std::string_view kind,
                             KubeVersion target) const {
    ApiStatus status;
    for (const ApiLifecycle& line : lifecycle_)
        if (line.apiVersion == apiVersion && line.kind == kind) status.lifecycle = &line;
    const ApiLifecycle* line = status.lifecycle;
    if (line && line->removed && target >= *line->removed) {
        status.state = ApiState::Removed;
        return status;
    }
    auto deprecatedAt = [&] { return line && line->deprecated && target >= *line->deprecated; };
    const Kind* known = find(apiVersion, kind);
    KubeVersion release = schemaReleaseFor(target);
    if (known && servedAt(*known, release)) {
        status.state = ApiState::Served;
        status.bundledSchema = true;
        status.deprecated = deprecatedAt();
        return status;
    }
    // Targets older than the bundled schemas: an API removed after the target was served then.
    if (line && line->removed && target<release&& * line->removed> target) {
        status.state = ApiState::Served;
        status.deprecated = deprecatedAt();
        return status;
    }
    if (known) {
        for (const auto& range : known->served)
            if (range.first > release && (!status.firstServed || range.first < *status.firstServed))
                status.firstServed = range.first;
        if (status.firstServed) {
            status.state = ApiState::NotYetServed;
            return status;
        }
    }
    return status;
}

bool ApiCatalog::isNotCoreKind(std::string_view apiVersion, std::string_view kind) {
    // Files that share `apiVersion: v1` with core objects but are read by other programs:
    // kubeconfig files (clientcmd), kube-scheduler's legacy Policy file, and OpenShift's
    // legacy `v1` kinds (its own API server serves them; no Kubernetes release does).
    static constexpr std::string_view kNotCore[] = {
        "Config", "Policy", "DeploymentConfig", "Route", "BuildConfig", "ImageStream", "Template",
    };
    // And the configuration of kustomize's built-in plugins (`apiVersion: builtin`, listed under
    // a kustomization's `transformers:` or `generators:`: PatchTransformer,
    // PrefixSuffixTransformer, ...), which kustomize reads and never sends to an API server
    // (kubectl.docs.kubernetes.io, "Builtin Plugins"). It names no version of the core group.
    if (apiVersion == "builtin") return true;
    return apiVersion == "v1" &&
           std::find(std::begin(kNotCore), std::end(kNotCore), kind) != std::end(kNotCore);
}

bool ApiCatalog::isBuiltinGroup(std::string_view group) const {
    return std::binary_search(builtinGroups_.begin(), builtinGroups_.end(), group);
}

bool ApiCatalog::isBundledCrdGroup(std::string_view group) const {
    return std::binary_search(crdGroups_.begin(), crdGroups_.end(), group);
}

bool ApiCatalog::isFullyBundledCrdGroup(std::string_view group) const {
    return std::binary_search(fullCrdGroups_.begin(), fullCrdGroups_.end(), group);
}

std::optional<std::string> ApiCatalog::nearMissGroup(std::string_view group) const {
    if (group.empty() || isBuiltinGroup(group) ||
        std::binary_search(crdGroups_.begin(), crdGroups_.end(), group))
        return std::nullopt;
    // A Kubernetes SIG's CRD group (`scheduling.x-k8s.io`) is not a typo of the built-in group
    // it extends (`scheduling.k8s.io`).
    std::string withoutSigMarker(group);
    if (auto marker = withoutSigMarker.rfind(".x-k8s.io");
        marker != std::string::npos && marker + 9 == withoutSigMarker.size())
        withoutSigMarker.replace(marker, 9, ".k8s.io");
    // Real groups that happen to be a near miss of a known one: Azure Monitor's managed
    // Prometheus reads the Prometheus operator's monitors under its own group
    // (learn.microsoft.com/azure/azure-monitor/containers/prometheus-metrics-scrape-crd).
    static constexpr std::string_view kRealGroups[] = {"azmonitoring.coreos.com"};
    if (std::find(std::begin(kRealGroups), std::end(kRealGroups), group) != std::end(kRealGroups))
        return std::nullopt;
    std::vector<std::string> candidates;
    for (const auto* groups : {&builtinGroups_, &crdGroups_})
        for (const std::string& candidate : *groups)
            if (!candidate.empty() && candidate != withoutSigMarker)
                candidates.push_back(candidate);
    return uniqueNearest(group, candidates, nearMissLimit(group));
}

std::optional<KindSuggestion> ApiCatalog::nearestServed(std::string_view apiVersion,
                                                        std::string_view kind,
                                                        KubeVersion target) const {
    std::string group = apiGroupOf(apiVersion);
    KubeVersion release = schemaReleaseFor(target);
    // Rank candidates: fewest edits (kind and apiVersion together), then the most stable version.
    const Kind* best = nullptr;
    std::size_t bestEdits = 0;
    for (const Kind& candidate : kinds_) {
        if (!servedAt(candidate, release)) continue;
        std::size_t kindEdits = kindDistance(kind, candidate.kind);
        if (kindEdits > nearMissLimit(candidate.kind)) continue;
        std::size_t groupEdits =
            group == candidate.group ? 0 : editDistance(group, candidate.group, 3);
        std::size_t versionEdits = editDistance(apiVersion, candidate.apiVersion, 3);
        // `apps.v1` is a near miss of `apps/v1` as a whole, though its group is the core group.
        bool nearApiVersion = groupEdits <= nearMissLimit(candidate.group) || versionEdits <= 2;
        if (!nearApiVersion) continue;
        std::size_t edits = kindEdits + std::min(groupEdits, versionEdits);
        bool better = !best || edits < bestEdits ||
                      (edits == bestEdits && candidate.group == best->group &&
                       apiVersionRank(versionOf(candidate.apiVersion)) >
                           apiVersionRank(versionOf(best->apiVersion)));
        if (better) {
            best = &candidate;
            bestEdits = edits;
        }
    }
    if (!best || (best->apiVersion == apiVersion && best->kind == kind)) return std::nullopt;
    return KindSuggestion{best->apiVersion, best->kind};
}

std::optional<KindSuggestion> ApiCatalog::servedVersionOf(std::string_view kind,
                                                          KubeVersion target) const {
    KubeVersion release = schemaReleaseFor(target);
    const Kind* best = nullptr;
    for (const Kind& candidate : kinds_) {
        if (candidate.kind != kind || candidate.crd || !servedAt(candidate, release)) continue;
        if (!best || apiVersionRank(versionOf(candidate.apiVersion)) >
                         apiVersionRank(versionOf(best->apiVersion)))
            best = &candidate;
    }
    if (!best) return std::nullopt;
    return KindSuggestion{best->apiVersion, best->kind};
}

std::vector<ApiReplacement> ApiCatalog::replacements(const ApiLifecycle& line) {
    std::vector<ApiReplacement> result;
    std::string_view rest = line.replacements;
    while (!rest.empty()) {
        auto end = rest.find(';');
        std::string_view entry = trim(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        auto first = entry.find(' '), last = entry.rfind(' ');
        if (first == std::string_view::npos || first == last) continue;
        auto since = parseKubeVersion(entry.substr(last + 1));
        if (!since) continue;
        result.push_back({std::string(entry.substr(0, first)),
                          std::string(entry.substr(first + 1, last - first - 1)), *since});
    }
    return result;
}

std::optional<ApiReplacement> ApiCatalog::servedReplacement(const ApiLifecycle& line,
                                                            KubeVersion target) const {
    for (ApiReplacement& replacement : replacements(line))
        if (target >= replacement.since &&
            status(replacement.apiVersion, replacement.kind, target).state == ApiState::Served)
            return replacement;
    return std::nullopt;
}

} // namespace ordlint
