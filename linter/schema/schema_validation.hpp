#pragma once
// Validation of objects against their Kubernetes or CRD JSON schema (valijson), with every
// error mapped back to the YAML node it is about. Shared by the `schema` and `unknown-field`
// rules; computed once per run (schemaReport() in engine.hpp).

#include "model.hpp"
#include "settings.hpp"

#include <string>
#include <vector>

namespace ordlint {

struct SchemaFinding {
    const Object* object = nullptr;
    SourceRange range;
    bool unknownField = false; // else a `schema` finding
    std::string message;
    std::string help;
};

struct SchemaReport {
    std::vector<SchemaFinding> findings;
};

// Where schemas come from, first match wins: CustomResourceDefinitions in the workspace (by
// precedence: crdPrecedes in run_kinds.hpp), then each --schema-dir (kubeconform file layout,
// or CRD manifests), then the bundled schemas of `target` (the 1.28 ones for older targets;
// none for a kind the target does not serve). Each schema is parsed on first use only.
// Objects are validated on `jobs` threads (0: one per core); the result does not depend on it.
SchemaReport validateSchemas(const Workspace& workspace, const std::vector<std::string>& schemaDirs,
                             KubeVersion target = KubeVersion{}, unsigned jobs = 1);

// "<apiVersion> <kind> <name>: no schema; not validated" for each object no source covers
// (what --verbose prints).
std::vector<std::string> objectsWithoutSchema(const Workspace& workspace,
                                              const std::vector<std::string>& schemaDirs,
                                              KubeVersion target = KubeVersion{});

// The version of the bundled schemas (schemas/index.json).
std::string bundledSchemaVersion();
// "apiVersion/Kind" of every kind the bundled schemas cover.
std::vector<std::string> bundledSchemaKinds();

} // namespace ordlint
