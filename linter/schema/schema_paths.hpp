#pragma once
// Paths into an object and into its compiled schema. A path is what valijson's error context
// says: mapping keys and sequence indexes from the object's root.

#include "yaml_tree.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace ordlint {

using SchemaPath = std::vector<std::string>;

// "spec.containers[0].image": keys joined by dots, indexes of sequences in brackets.
std::string displayPath(const SchemaPath& path, const Node* root);

struct Located {
    const Node* node = nullptr;      // deepest existing node on the path
    const MapEntry* entry = nullptr; // the entry whose value is `node`, if it is one
    const Node* parentMapping = nullptr;
    bool complete = false; // the whole path exists
};

// The node at `path` (the first entry of a duplicated key), or the deepest one that exists.
Located locate(const Node* root, const SchemaPath& path);

// `schema` with its `$ref`s followed into the document's definitions; null when one does not
// resolve.
const nlohmann::json* resolveRef(const nlohmann::json& document, const nlohmann::json* schema);

// The schema that applies at the first `length` steps of `path`, following properties, items
// and additionalProperties (not the unknown-field marker); null where none does.
const nlohmann::json* schemaAt(const nlohmann::json& document, const SchemaPath& path,
                               std::size_t length);

} // namespace ordlint
