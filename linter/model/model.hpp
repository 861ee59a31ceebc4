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

// "apps/v1" -> "apps"; "v1" -> "".
std::string apiGroupOf(std::string_view apiVersion);
bool isBuiltinClusterScoped(std::string_view group, std::string_view kind);

} // namespace ordlint
