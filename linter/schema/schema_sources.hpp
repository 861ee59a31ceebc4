#pragma once
// Where the schema of each kind comes from, first match wins: CustomResourceDefinitions in the
// workspace, then each --schema-dir (kubeconform file layout, or CRD manifests), then the
// bundled schemas. A kind's schema is compiled for valijson once per run, pruned to what the
// run's objects of that kind reach (SchemaExpander in schema_sources.cpp).

#include "model.hpp"
#include "schema_json.hpp"
#include "schema_validation.hpp"
#include "settings.hpp"

#include <nlohmann/json.hpp>
#include <valijson/schema.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordlint {

// How schemas refer to their definitions (and to the bundled ones).
inline constexpr std::string_view kDefinitionsRef = "#/definitions/";
// Where a compiled schema keeps the fields that no object of the run has, with their own
// field names one level down (the unknown-field rule's suggestions need them).
inline constexpr const char* kUnreachedFields = "x-ordlint-unreached-fields";

// A kind's schema as compiled for the run: the pruned JSON document (messages read it) and
// valijson's form of it.
struct CompiledSchema {
    nlohmann::json document;
    valijson::Schema schema;
};

class SchemaSources {
  public:
    // `target`: the Kubernetes release objects are validated for (the bundled schemas of
    // schemaReleaseFor(target); none for a kind the target does not serve).
    SchemaSources(const Workspace& workspace, const std::vector<std::string>& schemaDirs,
                  KubeVersion target);

    // The schema compileAll() made for the object's kind; null when there is none (no source
    // has the kind, or valijson cannot use the schema: those objects are not validated).
    const CompiledSchema* find(const Object& object) const;
    // Some source has a schema for the object's kind.
    bool has(const Object& object);

    // Compiles the schema of each kind in `kinds` (an object of the kind, and the values of
    // all its objects) on `jobs` threads, for find(). A schema that cannot be used (a CRD's
    // `required: 5`, a broken file in --schema-dir) becomes one of problems().
    void
    compileAll(const std::vector<std::pair<const Object*, const std::vector<const Node*>*>>& kinds,
               unsigned jobs);
    // The `schema` findings about schemas that cannot be used, in the order of compileAll's
    // kinds: on the CRD's schema node, or for a --schema-dir file on the kind's first object.
    const std::vector<SchemaFinding>& problems() const { return problems_; }

    // Where the schema being looked at comes from, to say where it is broken.
    struct Origin {
        const Object* crd = nullptr;     // a CustomResourceDefinition of the input
        const Node* crdSchema = nullptr; // its openAPIV3Schema
        std::string file;                // a file of --schema-dir
    };

  private:
    std::unique_ptr<CompiledSchema> compileFor(const Object& object,
                                               const std::vector<const Node*>& values,
                                               std::optional<SchemaFinding>& problem);
    std::optional<nlohmann::json> runSchema(const Object& object,
                                            const std::vector<const Node*>& values, Origin& origin);
    std::optional<nlohmann::json>
    inputCrdSchema(const Object& wanted, const std::vector<const Node*>& values, Origin& origin);
    std::optional<nlohmann::json> schemaDirSchema(const std::string& dir, const Object& object,
                                                  Origin& origin);
    struct DirCrd {
        std::string file;
        std::string group, kind; // as the file says, also when it cannot be used
        std::vector<CrdVersionSchema> versions;
        std::string problem; // why it cannot be used, else empty
    };
    const std::vector<DirCrd>& dirCrds(const std::string& dir);

    const Workspace& workspace_;
    const std::vector<std::string>& schemaDirs_;
    KubeVersion target_;
    KubeVersion release_; // the bundled release whose schemas validate for target_
    std::map<std::string, std::unique_ptr<CompiledSchema>> compiled_;
    std::mutex dirCrdsMutex_; // kinds compile in parallel
    std::map<std::string, std::vector<DirCrd>> dirCrds_;
    std::vector<SchemaFinding> problems_;
};

} // namespace ordlint
