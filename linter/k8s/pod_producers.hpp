#pragma once
// Which custom resources may create pods (spec/rules.md "Unknown producers"). ordlint cannot
// see into an operator's custom resource, so one that may create pods silences selector
// findings where its pods could be; one that cannot (an image catalog, a KafkaTopic, a
// NodePool, a Certificate) silences nothing.

#include "model.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordlint {

// Does a CRD's OpenAPI schema describe pods: somewhere a `containers` property that is an
// array of objects with an `image` property? (A `template.spec` without containers is not
// enough.) nullopt when the schema says nothing either way: no schema, or the object's `spec`
// keeps unknown fields (x-kubernetes-preserve-unknown-fields), as operators with very large
// pod templates do to stay under the API server's size limit. Works on the schema as YAML;
// CRDs from the run and bundled CRDs both call it.
std::optional<bool> schemaDescribesPods(const Node* openAPIV3Schema);

// A CustomResourceDefinition object's schemas (every version): whether they describe pods,
// with the same nullopt; true when any served version does.
std::optional<bool> crdDescribesPods(const Object& crd);

// What the run knows about custom kinds from CRDs: (group, kind) -> describes pods, or
// nullopt when the CRD's schema does not say. A kind absent from the map has no known CRD.
class CustomKindCatalog {
  public:
    static CustomKindCatalog fromWorkspace(const Workspace& workspace);
    // Adds (or replaces) what a CRD says; bundled CRDs and --schema-dir CRDs go in here too.
    void add(std::string group, std::string kind, std::optional<bool> describesPods);
    // nullopt: no CRD known; otherwise what the known CRD says (itself optional).
    std::optional<std::optional<bool>> find(std::string_view group, std::string_view kind) const;

  private:
    std::map<std::pair<std::string, std::string>, std::optional<bool>, std::less<>> kinds_;
};

// The project's table of well-known pod-creating operator kinds, each with its source.
struct PodCreatingKind {
    std::string_view group;
    std::string_view kind;
    std::string_view source; // the operator's documentation or source that says it creates pods
};
const std::vector<PodCreatingKind>& wellKnownPodCreatingKinds();
bool isWellKnownPodCreatingKind(std::string_view group, std::string_view kind);

// The object's own content describes pods: a `containers` list of mappings anywhere in its
// spec (a pod template has one).
bool contentDescribesPods(const Object& object);

// Is this custom resource an unknown producer? Its CRD decides when one is known and says
// something; otherwise its content or the table of well-known kinds.
bool isUnknownProducer(const Object& object, const CustomKindCatalog& catalog);

// The namespaces a cluster-scoped custom resource names in its spec (any `namespace` or
// `targetNamespace` string value): where its pods may be. Empty: it names none.
std::vector<std::string> namespacesNamedBy(const Object& object);

} // namespace ordlint
