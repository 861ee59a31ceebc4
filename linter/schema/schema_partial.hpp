#pragma once
// Which schema errors are findings. Kustomize patches and documentation snippets are fragments
// of objects: the fields they lack come from the object they are merged into, so a missing
// required field is no finding there. Placeholders (`${VAR}`, `...`) are filled in later, and
// patch directives (`$patch`) are no fields.

#include "schema_errors.hpp"

#include "model.hpp"

#include <set>
#include <string>

namespace ordlint {

// Files that a kustomization.yaml of the run lists as patches (lexically normal paths).
std::set<std::string> kustomizePatchFiles(const Workspace& workspace);

// An object that is a fragment merged into another one: its file is a patch (by name or listed
// in a kustomization), it holds patch directives, or it is a workload without the parts every
// whole one has (a pod template, or labels on it that a selector could match).
bool isPartialObject(const Object& object, const std::set<std::string>& patchFiles);

// Whether `error` of `object` (`partial`: isPartialObject) is reported.
bool reportable(const Object& object, const SchemaError& error, bool partial);

} // namespace ordlint
