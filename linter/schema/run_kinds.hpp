#pragma once
// The kinds a run defines itself: CustomResourceDefinitions in the input and --context, and
// the CRDs and schema files of --schema-dir. Decides which CRD validates a kind when several
// define it (by content, never by input order), and which objects are of no served or
// defined kind (unknown-kind), for the rules and for the pod model (a typo of a workload kind
// is modelled as that workload).

#include "api_catalog.hpp"
#include "model.hpp"
#include "settings.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ordlint {

// One CustomResourceDefinition of the run.
struct RunCrd {
    const Object* object = nullptr; // the CRD in the input or --context; null for --schema-dir
    std::string file;               // --schema-dir: the file it is in
    int document = 0;               // --schema-dir: its document in the file
    // The CRD manifest's mapping: the object's node for the input and --context, a document
    // RunKinds keeps for --schema-dir.
    const Node* root = nullptr;
    std::string group;
    std::string kind;
    std::vector<std::string> versions; // spec.versions[].name (or spec.version)
    // What it says about each version's schema, for comparison: filled in only when another
    // CRD of the run defines the same group and kind.
    nlohmann::json schemas;
};

class RunKinds {
  public:
    static RunKinds of(const Workspace& workspace, const std::vector<std::string>& schemaDirs);

    // Every CRD of the run for group/kind, the one that validates first: the input and
    // --context before --schema-dir; between two of the input, the one whose path sorts first
    // (path component by component), then the earlier document of a file.
    std::vector<const RunCrd*> crdsFor(std::string_view group, std::string_view kind) const;
    const std::vector<RunCrd>& crds() const { return crds_; }

    // A CRD of the run, or a --schema-dir schema file, defines this group/kind.
    bool defines(std::string_view group, std::string_view kind) const;
    bool definesGroup(std::string_view group) const;
    // A --schema-dir file in kubeconform layout covers this apiVersion/kind.
    bool schemaFileCovers(const Object& object) const { return schemaFileFor(object).has_value(); }
    // That file, the first of the folders in order.
    std::optional<std::string> schemaFileFor(const Object& object) const;

  private:
    std::vector<RunCrd> crds_; // in precedence order
    std::vector<std::string> schemaDirs_;
    // What the --schema-dir CRDs' `root`s point into.
    std::vector<std::shared_ptr<const SourceFile>> schemaDirFiles_;
    std::vector<std::shared_ptr<Document>> schemaDirDocuments_;
};

// A --schema-dir file's text, within the manifests' size limit; nullopt when it cannot be read
// (schema_sources.cpp reports those files).
std::optional<std::string> readSchemaDirFile(const std::filesystem::path& path);

// Whether `a`'s CRD takes precedence over `b`'s (both in the workspace): path components in
// order, then document order.
bool crdPrecedes(const Object& a, const Object& b);

// Why an object's apiVersion/kind is unknown-kind (spec: "API versions and kinds").
struct UnknownKind {
    enum class Reason {
        NotServed,     // a built-in or fully bundled CRD group that never served this version/kind
        NotYetServed,  // served only from a later release than the target
        NearMissGroup, // the group is a near miss of a built-in or bundled CRD group
        NoSchema,      // --strict: a custom kind that no CRD or schema defines
    };
    Reason reason = Reason::NotServed;
    std::optional<KindSuggestion> suggestion; // the nearest served apiVersion/kind
    std::string nearGroup;                    // NearMissGroup: the group meant
    std::optional<KubeVersion> firstServed;   // NotYetServed
};

// nullopt when the object's kind is served, removed (removed-api), defined by the run, or a
// custom kind with no CRD (unless `strict`).
std::optional<UnknownKind> unknownKind(const Object& object, KubeVersion target,
                                       const RunKinds& run, bool strict);

} // namespace ordlint
