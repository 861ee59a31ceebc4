#pragma once
// Kubernetes objects as ordlint sees them: each knows where it came from (file, document,
// node) and its identity (apiVersion, kind, effective namespace, name).

#include "source.hpp"
#include "yaml_tree.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ordlint {

struct ObjectRef {
    std::string apiVersion;
    std::string kind;
    std::string ns; // "" for cluster-scoped kinds
    std::string name;
};

struct Object {
    const Document* document = nullptr;
    const Node* node = nullptr; // the object's mapping: a document root or an item of a List
    std::string apiVersion;
    std::string group; // "" for the core group
    std::string kind;
    std::string name;
    std::string ns;
    bool clusterScoped = false;
    // The object names no namespace and none was given (--namespace, `namespace:` in the
    // config): `ns` is `default` *of its folder* (spec/rules.md "Objects that name no
    // namespace"). Compare namespaces with sameNamespace(), not `ns` alone.
    bool implicitNamespace = false;
    // The folder of its file ("-" for standard input, which is one folder), absolute and
    // normalized, without a trailing separator.
    std::string folder;

    ObjectRef ref() const { return {apiVersion, kind, ns, name}; }
    const SourceFile& file() const { return *document->file; }
    const Node* metadata() const { return node->get("metadata"); }
    const Node* spec() const { return node->get("spec"); }
    // The node that best identifies the object in a diagnostic: its metadata.name value,
    // else its kind value.
    SourceRange anchorRange() const;
};

// Everything one run loaded: files own their text, documents own their nodes. Both are shared
// so that the language server can keep unchanged files parsed across workspaces.
struct Workspace {
    std::vector<std::shared_ptr<SourceFile>> files;
    std::vector<std::shared_ptr<Document>> documents;
    std::vector<SyntaxProblem> problems;
    std::vector<Object> objects;
    std::vector<std::string> skipped; // human-readable notes for --verbose
};

// Files in `a` and files in `b` share a namespace-less `default`: the same folder, or one
// contains the other (a kustomize base and its overlay, an app and its subfolders).
bool foldersRelated(std::string_view a, std::string_view b);
// `a` and `b` are in one namespace: the same name, and when either took `default` for want of
// one, their folders are related. Cluster-scoped objects are in no namespace.
bool sameNamespace(const Object& a, const Object& b);

// "apps/v1" -> "apps"; "v1" -> "".
std::string apiGroupOf(std::string_view apiVersion);
bool isBuiltinClusterScoped(std::string_view group, std::string_view kind);

} // namespace ordlint
