#pragma once
// ordlint's own YAML tree, built from yaml-cpp's parser events (yaml-cpp's own Node is never
// built). It keeps what yaml-cpp's Node does not: the source range of every node, duplicate
// keys in mappings, the quoting style of scalars, and bounded alias expansion (an alias shares
// the anchored node instead of copying it).

#include "source.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordlint {

enum class NodeKind : std::uint8_t { Null, Scalar, Sequence, Mapping };
enum class ScalarStyle : std::uint8_t { Plain, Quoted, Literal };
// How a Kubernetes API server (sigs.k8s.io/yaml, YAML 1.1 resolution) reads a scalar.
enum class ScalarType : std::uint8_t { Null, Bool, Int, Float, String };

struct Node;

struct MapEntry {
    const Node* key = nullptr;
    const Node* value = nullptr;
};

// A node's children: a view of an array kept in its document's node memory (a vector per
// node cost a heap block each and 24 bytes of the node).
template <class T> class NodeChildren {
  public:
    using value_type = T;
    using const_iterator = const T*;
    using iterator = const T*;
    NodeChildren() = default;
    NodeChildren(const T* data, std::size_t size)
        : data_(data), size_(static_cast<std::uint32_t>(size)) {}
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const T& operator[](std::size_t i) const { return data_[i]; }
    const T& front() const { return data_[0]; }
    const T& back() const { return data_[size_ - 1]; }

  private:
    const T* data_ = nullptr;
    std::uint32_t size_ = 0;
};

// How a plain, untagged scalar with this text resolves (YAML 1.1, as sigs.k8s.io/yaml does).
ScalarType plainScalarType(std::string_view text);

// Many per object (a 230-byte Service is 30 nodes) and read by every rule: a node is kept small
// (32 bytes) and points into the file's text instead of copying it. Its tag is not kept: the
// builder resolves what it decides (the scalar's type, merge keys).
struct Node {
    NodeKind kind = NodeKind::Null;
    ScalarStyle style = ScalarStyle::Plain;
    bool flowStyle = false;
    // What the scalar resolves to (scalarType()), decided once when the node is built.
    ScalarType resolved = ScalarType::Null;

  private:
    // A scalar's length, or how many items or entries a collection has.
    std::uint32_t size_ = 0;

    // A scalar's characters, or a collection's array of items or entries (a node is one or
    // the other, so they share the field).
    const void* data_ = nullptr;

  public:
    SourceRange range;

    // Scalars only: the scalar's content, a view of the file's text where it is written as it
    // reads (most scalars), else of a copy in the document's node memory (escapes, folded
    // lines, block scalars). Empty for other nodes.
    std::string_view value() const {
        return kind == NodeKind::Scalar ? std::string_view(static_cast<const char*>(data_), size_)
                                        : std::string_view();
    }
    // A sequence's items; empty for other nodes.
    NodeChildren<const Node*> items() const {
        return kind == NodeKind::Sequence
                   ? NodeChildren<const Node*>(static_cast<const Node* const*>(data_), size_)
                   : NodeChildren<const Node*>();
    }
    // A mapping's entries, in the order written; empty for other nodes.
    NodeChildren<MapEntry> entries() const {
        return kind == NodeKind::Mapping
                   ? NodeChildren<MapEntry>(static_cast<const MapEntry*>(data_), size_)
                   : NodeChildren<MapEntry>();
    }
    // For the builder (the kind is set first) and for moving a document to a new text.
    void setValue(std::string_view value) {
        data_ = value.data();
        size_ = static_cast<std::uint32_t>(value.size());
    }
    void setItems(NodeChildren<const Node*> items) {
        data_ = items.begin();
        size_ = static_cast<std::uint32_t>(items.size());
    }
    void setEntries(NodeChildren<MapEntry> entries) {
        data_ = entries.begin();
        size_ = static_cast<std::uint32_t>(entries.size());
    }

    bool isNull() const { return kind == NodeKind::Null; }
    bool isScalar() const { return kind == NodeKind::Scalar; }
    bool isMapping() const { return kind == NodeKind::Mapping; }
    bool isSequence() const { return kind == NodeKind::Sequence; }

    // First entry whose key is the scalar `key`. A repeated key is an error of its own (the API
    // server rejects the object; rule duplicate-key reports it), so the rules read the first.
    const MapEntry* entry(std::string_view key) const;
    const Node* get(std::string_view key) const;
    // Follows a path of mapping keys; nullptr when any step is missing or not a mapping.
    const Node* at(std::initializer_list<std::string_view> path) const;

    ScalarType scalarType() const { return resolved; }
    // The scalar's text when it resolves to a string (quoted and block scalars do; a plain one
    // unless it reads as null, a boolean or a number); nullopt otherwise.
    std::optional<std::string_view> string() const;
    // The value of a scalar that resolves to an integer; nullopt otherwise.
    std::optional<std::int64_t> integer() const;
};

// The text of the scalar under `key` in `mapping`; empty when either is missing or the value
// is not a scalar.
std::string scalarAt(const Node* mapping, std::string_view key);

// The range from a mapping entry's key to the end of its value, what a diagnostic on a
// `key: value` line underlines.
SourceRange entryRange(const MapEntry& entry);

// What one file may cost: beyond a limit the file (or the rest of it, or the document) is
// not linted, and a yaml-syntax finding names the limit and the flag that raises it.
struct LoadLimits {
    std::size_t maxDepth = 200; // --max-depth: nesting, per document
    std::uint64_t maxAliasExpansion =
        100000; // --max-alias-nodes: nodes reached through aliases, per document
    std::size_t maxFileBytes = 64u * 1024u * 1024u; // --max-file-bytes: checked while reading
    std::size_t maxDocuments = 500000;              // --max-documents: documents (`---`), per file
    std::size_t maxNodes = 10000000;                // --max-nodes: YAML nodes, per file
    std::size_t maxKeys = 10000;                    // --max-keys: keys of one mapping
};

struct SyntaxProblem {
    SourceRange range;
    std::string message;
    // The whole file was refused (too large, not UTF-8 text): nothing in it was read, not
    // even its ignore comments.
    bool wholeFile = false;
};

struct Document {
    explicit Document(std::shared_ptr<std::pmr::monotonic_buffer_resource> memory)
        : nodeMemory(std::move(memory)) {}

    const SourceFile* file = nullptr;
    int index = 0; // 0-based position of the document in its file
    SourceRange range;
    const Node* root = nullptr; // nullptr for an empty or broken document
    bool hasAliases = false;    // some nodes are reached more than once (through aliases)
    std::size_t nodeCount = 0;  // nodes built for it, against LoadLimits::maxNodes
    // Nodes are many and small: they come from a growing buffer that the documents of one
    // parse share, freed with the last of them.
    std::shared_ptr<std::pmr::monotonic_buffer_resource> nodeMemory;
};

// Calls `visit` once for every node of the document's tree (a node reached through several
// aliases once), parents before children.
void forEachNode(const Document& document, const std::function<void(const Node&)>& visit);
// The same, for the one owner of the document that may change its nodes (a re-parse moving
// them to the file's new text).
void forEachNode(Document& document, const std::function<void(Node&)>& visit);

struct ParsedFile {
    std::vector<std::shared_ptr<Document>> documents; // shared: a workspace keeps them
    std::vector<SyntaxProblem> problems;
    std::shared_ptr<std::pmr::monotonic_buffer_resource> nodeMemory; // of `documents`
    std::size_t nodes = 0; // nodes parsed so far in the file, against LoadLimits::maxNodes
    bool stopped = false;  // a per-file limit was reached: the rest of the file is not parsed
};

// Parses every document of the file; a broken document yields a problem and does not stop
// the documents after it.
ParsedFile parseYaml(const SourceFile& file, const LoadLimits& limits);
// The same result as parseYaml (documents, their numbers and ranges, problems, the per-file
// limits), with the file's `---` chunks parsed in contiguous batches of about `batchBytes` on
// `threads` threads (0: one per core): a cluster dump or a rendered chart is one stream. When
// the batches together reach a per-file limit (--max-documents, --max-nodes), the file is
// parsed again in order, so that the limit stops it where parseYaml would.
ParsedFile parseYamlInParallel(const SourceFile& file, const LoadLimits& limits, unsigned threads,
                               std::size_t batchBytes = std::size_t(1) << 20);

// The steps of parseYaml, for callers that re-parse only the chunks an edit touched:
// - the problem that refuses the whole file (too large, not UTF-8 text), if any;
std::optional<SyntaxProblem> refusal(const SourceFile& file, const LoadLimits& limits);
// - the problem for a file whose reader stopped at --max-file-bytes (its text was not kept);
SyntaxProblem tooLargeProblem(const SourceFile& file, const LoadLimits& limits);
// - the stream split at `---` and `...` lines into [begin, end) chunks, parsed separately so
//   that one broken document cannot hide the documents after it (yaml-cpp stops at the first
//   error of a stream);
std::vector<std::pair<std::size_t, std::size_t>> splitDocuments(const std::string& text);
// - one chunk's documents and problems appended to `parsed`, documents numbered from `index`;
//   returns the next index (a broken document takes one too). Empty documents are counted but
//   not kept. Sets `parsed.stopped` when a per-file limit is reached: parse no further chunk.
int parseChunk(const SourceFile& file, std::size_t begin, std::size_t end, const LoadLimits& limits,
               int index, ParsedFile& parsed);

} // namespace ordlint
