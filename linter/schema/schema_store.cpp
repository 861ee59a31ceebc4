#include "schema_store.hpp"

#include "schema_data.hpp"

#include <algorithm>

namespace ordlint {

const nlohmann::json& bundledSchemaIndex() {
    static const nlohmann::json index = nlohmann::json::parse(embeddedSchemaIndex());
    return index;
}

const std::vector<KubeVersion>& bundledKubernetesReleases() {
    static const std::vector<KubeVersion> releases = [] {
        std::vector<KubeVersion> all;
        for (const auto& name : bundledSchemaIndex().at("kubernetesReleases"))
            if (auto version = parseKubeVersion(name.get<std::string>())) all.push_back(*version);
        std::sort(all.begin(), all.end());
        return all;
    }();
    return releases;
}

KubeVersion schemaReleaseFor(KubeVersion target) {
    const auto& releases = bundledKubernetesReleases();
    if (releases.empty()) return target;
    return std::clamp(target, releases.front(), releases.back());
}

std::string releaseName(KubeVersion version) {
    return std::to_string(version.major) + "." + std::to_string(version.minor);
}

std::string_view bundledDefinitionText(std::string_view name, KubeVersion release) {
    const auto& definitions = embeddedSchemaDefinitions();
    auto byName = [](const EmbeddedDefinition& entry, std::string_view key) {
        return entry.name < key;
    };
    auto exact = std::lower_bound(definitions.begin(), definitions.end(), name, byName);
    if (exact != definitions.end() && exact->name == name) return exact->text;
    // Variants "name@1.28", "name@1.31", ... sort together after "name@".
    std::string prefix = std::string(name) + "@";
    std::string_view best;
    KubeVersion bestRelease{0, 0};
    for (auto it = std::lower_bound(definitions.begin(), definitions.end(), prefix, byName);
         it != definitions.end() && it->name.substr(0, prefix.size()) == prefix; ++it) {
        auto variant = parseKubeVersion(it->name.substr(prefix.size()));
        if (!variant || *variant > release) continue;
        if (best.empty() || *variant > bestRelease) {
            best = it->text;
            bestRelease = *variant;
        }
    }
    return best;
}

std::string_view embeddedSchemaDefinition(std::string_view name) {
    const auto& releases = bundledKubernetesReleases();
    return bundledDefinitionText(name, releases.empty() ? KubeVersion{} : releases.back());
}

} // namespace ordlint
