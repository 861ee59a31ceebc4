#pragma once
// Kustomize layouts linted as written, before `kustomize build`: what the kustomizations of a
// run do to the files they list, as far as lint needs it (patches merged into bases, labels
// added to selectors, a namespace set on every object). Files are named by normalPathOf.

#include "model.hpp"

#include <map>
#include <set>
#include <string>

namespace ordlint {

// Files that a kustomization of the run lists as patches (patches, patchesStrategicMerge,
// patchesJson6902).
std::set<std::string> kustomizePatchFiles(const Workspace& workspace);

// Files that a kustomization of the run adds selector labels to (`commonLabels`, or `labels`
// with `includeSelectors: true`): kustomize writes the selector their workloads may lack.
std::set<std::string> kustomizeSelectorLabelled(const Workspace& workspace);

// File -> the namespace that the kustomizations listing it set (`namespace:`), which kustomize
// writes on every namespaced object of the file, over its own. Files listed by kustomizations
// that set different namespaces (overlays per environment) are left out.
std::map<std::string, std::string> kustomizeNamespaces(const Workspace& workspace);

// A file's path as these sets and maps name it: SourceFile::path(), lexically normal.
std::string normalPathOf(const SourceFile& file);

// The object's file is one of `files`.
bool inFiles(const Object& object, const std::set<std::string>& files);

} // namespace ordlint
