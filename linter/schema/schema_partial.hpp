#pragma once
// Which schema errors are findings. Kustomize patches and documentation snippets are fragments
// of objects: the fields they lack come from the object they are merged into, so a missing
// required field is no finding there. Placeholders (`${VAR}`, `...`) are filled in later, and
// patch directives (`$patch`) are no fields.

#include "schema_errors.hpp"

#include "kustomize.hpp"
#include "model.hpp"

#include <set>
#include <string>

namespace ordlint {

// An object that is a fragment merged into another one: its file is a patch (by name or listed
// in a kustomization), it holds patch directives, or it is a workload without the parts every
// whole one has (a pod template, or labels on it that a selector could match).
bool isPartialObject(const Object& object, const std::set<std::string>& patchFiles);

// What is missing from an object by design.
struct Fragment {
    bool partial = false;          // isPartialObject: any required field
    bool selectorLabelled = false; // in kustomizeSelectorLabelled: a `selector`
};

// Whether `error` of `object` is reported.
bool reportable(const Object& object, const SchemaError& error, const Fragment& fragment);

} // namespace ordlint
