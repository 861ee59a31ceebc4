#pragma once
// The bundled schema data (schemas/, compiled in): the index of kinds and, for a Kubernetes
// release, the text of each definition. Format and provenance: schemas/README.md.

#include "settings.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// schemas/index.json, parsed once.
const nlohmann::json& bundledSchemaIndex();

// The Kubernetes releases the bundled schemas cover, oldest first ("1.28", ..., "1.36").
const std::vector<KubeVersion>& bundledKubernetesReleases();

// The release whose schemas validate objects for `target`: the target itself, or the oldest
// bundled release for older targets (1.25 to 1.27 use the 1.28 schemas).
KubeVersion schemaReleaseFor(KubeVersion target);

// The text of definition `name` as `release` has it: the newest variant `name@R` with R not
// above `release`, or the release-independent definition `name` (CRDs); empty when none.
std::string_view bundledDefinitionText(std::string_view name, KubeVersion release);

// "1.34"
std::string releaseName(KubeVersion version);

} // namespace ordlint
