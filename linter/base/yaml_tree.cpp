#include "yaml_tree.hpp"

#include "parallel.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstring>
#include <sstream>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace ordlint {

// Nodes come from a monotonic buffer and are never destroyed one by one.
static_assert(std::is_trivially_destructible_v<Node>);
// A stream of 100,000 objects is 3 million nodes: each byte here is 3 MB there.
static_assert(sizeof(Node) <= 32);

const MapEntry* Node::entry(std::string_view key) const {
    // The rules look keys up all the time (millions of calls on a large stream): the length
    // and the first byte reject most keys without a call to memcmp.
    for (const MapEntry& e : entries()) {
        std::string_view name = e.key->value();
        if (name.size() == key.size() && e.key->isScalar() &&
            (key.empty() ||
             (name[0] == key[0] && name.compare(1, std::string::npos, key.substr(1)) == 0)))
            return &e;
    }
    return nullptr;
}

const Node* Node::get(std::string_view key) const {
    const MapEntry* e = entry(key);
    return e ? e->value : nullptr;
}

const Node* Node::at(std::initializer_list<std::string_view> path) const {
    const Node* node = this;
    for (std::string_view key : path) {
        if (!node || !node->isMapping()) return nullptr;
        node = node->get(key);
    }
    return node;
}

namespace {

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> options) {
    return std::find(options.begin(), options.end(), text) != options.end();
}

bool allDigits(std::string_view text, std::string_view alphabet) {
    if (text.empty()) return false;
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return c == '_' || alphabet.find(c) != std::string_view::npos;
    });
}

// YAML 1.1 integer forms as go-yaml v2 (and so kubectl and the API server) resolves them.
std::optional<std::int64_t> parseYamlInt(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
        if (!allDigits(text, "0123456789abcdefABCDEF")) return std::nullopt;
    } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
        base = 2;
        text.remove_prefix(2);
        if (!allDigits(text, "01")) return std::nullopt;
    } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'O')) {
        base = 8;
        text.remove_prefix(2);
        if (!allDigits(text, "01234567")) return std::nullopt;
    } else if (text.size() > 1 && text[0] == '0') {
        base = 8;
        if (!allDigits(text, "01234567")) return std::nullopt;
    } else if (!allDigits(text, "0123456789") || text.front() == '_') {
        return std::nullopt;
    }
    // `_` separates digit groups; most integers have none, and are read where they are.
    std::string withoutSeparators;
    if (text.find('_') != std::string_view::npos) {
        std::copy_if(text.begin(), text.end(), std::back_inserter(withoutSeparators),
                     [](char c) { return c != '_'; });
        text = withoutSeparators;
    }
    std::uint64_t magnitude = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    auto value = static_cast<std::int64_t>(magnitude);
    return negative ? -value : value;
}

bool isYamlFloat(std::string_view text) {
    if (isOneOf(text, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
                       ".nan", ".NaN", ".NAN"}))
        return true;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    std::size_t digits = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '_'))
        ++i, ++digits;
    bool dot = i < text.size() && text[i] == '.';
    if (dot) {
        ++i;
        while (i < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '_'))
            ++i, ++digits;
    }
    if (digits == 0) return false;
    bool exponent = i < text.size() && (text[i] == 'e' || text[i] == 'E');
    if (exponent) {
        ++i;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        std::size_t expDigits = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
            ++i, ++expDigits;
        if (expDigits == 0) return false;
    }
    return i == text.size() && (dot || exponent);
}

// How a scalar node resolves, from its tag, its style and its text.
ScalarType resolveScalar(std::string_view tag, ScalarStyle style, std::string_view value) {
    if (tag == "tag:yaml.org,2002:str" || style != ScalarStyle::Plain) return ScalarType::String;
    if (tag == "tag:yaml.org,2002:int") return ScalarType::Int;
    if (tag == "tag:yaml.org,2002:float") return ScalarType::Float;
    if (tag == "tag:yaml.org,2002:bool") return ScalarType::Bool;
    if (tag == "tag:yaml.org,2002:null") return ScalarType::Null;
    if (tag != "?" && tag != "!" && !tag.empty()) return ScalarType::String;
    return plainScalarType(value);
}

} // namespace

ScalarType plainScalarType(std::string_view value) {
    if (isOneOf(value, {"", "~", "null", "Null", "NULL"})) return ScalarType::Null;
    if (isOneOf(value,
                {"y",    "Y",    "yes",   "Yes",   "YES",   "n",  "N",  "no", "No",  "NO",  "true",
                 "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"}))
        return ScalarType::Bool;
    if (parseYamlInt(value)) return ScalarType::Int;
    if (isYamlFloat(value)) return ScalarType::Float;
    return ScalarType::String;
}

std::optional<std::string_view> Node::string() const {
    if (kind != NodeKind::Scalar || resolved != ScalarType::String) return std::nullopt;
    return value();
}

std::optional<std::int64_t> Node::integer() const {
    if (kind != NodeKind::Scalar || resolved != ScalarType::Int) return std::nullopt;
    return parseYamlInt(value());
}

std::string scalarAt(const Node* mapping, std::string_view key) {
    const Node* value = mapping ? mapping->get(key) : nullptr;  // get: nothing in a non-mapping
    return value ? std::string(value->value()) : std::string(); // value(): empty but in a scalar
}

SourceRange entryRange(const MapEntry& entry) {
    SourceRange range = entry.key->range;
    if (entry.value && entry.value->range.file == range.file)
        range.end = std::max(range.end, entry.value->range.end);
    return range;
}

namespace {

struct ParseFailure {
    std::size_t offset;
    std::string message;
    bool stopsFile = false; // a per-file limit: the rest of the file is not parsed either
};

bool isSpace(char c) {
    return c == ' ' || c == '\t';
}

std::size_t lineEnd(const std::string& text, std::size_t offset) {
    std::size_t end = text.find('\n', offset);
    if (end == std::string::npos) end = text.size();
    if (end > offset && text[end - 1] == '\r') --end;
    return end;
}

std::size_t indentation(const std::string& text, std::size_t lineBegin) {
    std::size_t i = lineBegin;
    while (i < text.size() && text[i] == ' ')
        ++i;
    return i - lineBegin;
}

// Skips the anchor (`&a`) and tag (`!t`) properties that yaml-cpp's marks may point at.
std::size_t skipNodeProperties(const std::string& text, std::size_t offset) {
    while (offset < text.size() && (text[offset] == '&' || text[offset] == '!')) {
        while (offset < text.size() && !isSpace(text[offset]) && text[offset] != '\n')
            ++offset;
        while (offset < text.size() && isSpace(text[offset]))
            ++offset;
    }
    return offset;
}

// The offset just past the closing quote, or npos when the chunk ends first.
std::size_t quotedEnd(const std::string& text, std::size_t begin, std::size_t limit) {
    char quote = text[begin];
    for (std::size_t i = begin + 1; i < limit; ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;
        } else if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;
                continue;
            }
            return i + 1;
        }
    }
    return std::string::npos;
}

// A block scalar's content is every following line that is blank or indented deeper than the
// line holding the `|` or `>` indicator.
std::size_t blockScalarEnd(const std::string& text, std::size_t indicator) {
    std::size_t lineBegin = text.rfind('\n', indicator);
    lineBegin = lineBegin == std::string::npos ? 0 : lineBegin + 1;
    std::size_t parentIndent = indentation(text, lineBegin);
    std::size_t end = lineEnd(text, indicator);
    std::size_t next = end;
    while (next < text.size()) {
        std::size_t nextLine = text.find('\n', next);
        if (nextLine == std::string::npos) break;
        nextLine += 1;
        std::size_t contentEnd = lineEnd(text, nextLine);
        std::size_t indent = indentation(text, nextLine);
        bool blank = nextLine + indent >= contentEnd;
        if (!blank && indent <= parentIndent) break;
        if (!blank) end = contentEnd;
        next = contentEnd;
    }
    return end;
}

// `value`: the node's kept value, a view of the text itself where the scalar is written as it
// reads (keepValue has compared them already).
std::size_t plainScalarEnd(const std::string& text, std::size_t begin, std::string_view value) {
    if (value.data() == text.data() + begin && value.find('\n') == std::string_view::npos)
        return begin + value.size();
    std::size_t end = lineEnd(text, begin);
    std::size_t comment = std::string_view(text).substr(begin, end - begin).find(" #");
    if (comment != std::string_view::npos) end = begin + comment;
    while (end > begin && isSpace(text[end - 1]))
        --end;
    return end;
}

class TreeBuilder : public YAML::EventHandler {
  public:
    TreeBuilder(const SourceFile& file, std::size_t chunkBegin, std::size_t chunkEnd,
                const LoadLimits& limits, Document& document, std::size_t& fileNodes)
        : file_(file), text_(file.text()), chunkBegin_(chunkBegin), chunkEnd_(chunkEnd),
          limits_(limits), document_(document), fileNodes_(fileNodes) {}

    void OnDocumentStart(const YAML::Mark& mark) override { documentStart_ = offset(mark); }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        std::size_t begin = offset(mark);
        Node& node = newNode(NodeKind::Null, begin);
        std::size_t tokenEnd = begin;
        while (tokenEnd < text_.size() && !isSpace(text_[tokenEnd]) && text_[tokenEnd] != '\n' &&
               text_[tokenEnd] != ',' && text_[tokenEnd] != ']' && text_[tokenEnd] != '}' &&
               text_[tokenEnd] != '\r')
            ++tokenEnd;
        std::string_view token(text_.data() + begin, tokenEnd - begin);
        if (isOneOf(token, {"~", "null", "Null", "NULL"}))
            setRange(node, begin, tokenEnd);
        else
            setRange(node, lastEnd_, lastEnd_); // an empty value: zero width after its key
        finish(node, anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto found = anchors_.find(anchor);
        if (found == anchors_.end()) throw ParseFailure{offset(mark), "alias to an unknown anchor"};
        const auto [target, targetSize] = found->second;
        if (std::find(open_.begin(), open_.end(), target) != open_.end())
            throw ParseFailure{offset(mark), "alias refers to a node that contains it"};
        aliasExpansion_ += targetSize;
        if (aliasExpansion_ > limits_.maxAliasExpansion)
            throw ParseFailure{offset(mark), "aliases expand to more than " +
                                                 std::to_string(limits_.maxAliasExpansion) +
                                                 " nodes (possible alias bomb); document skipped"};
        lastEnd_ = std::max(lastEnd_, offset(mark) + 1);
        document_.hasAliases = true;
        attach(target, targetSize);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        Node& node = newNode(NodeKind::Scalar, offset(mark));
        std::size_t begin = skipNodeProperties(text_, offset(mark));
        std::size_t end;
        char first = begin < text_.size() ? text_[begin] : '\0';
        node.setValue(keepValue(value, begin, first));
        if (tag != "?" && (first == '"' || first == '\'')) {
            node.style = ScalarStyle::Quoted;
            end = quotedEnd(text_, begin, chunkEnd_);
            if (end == std::string::npos)
                throw ParseFailure{begin, std::string("missing closing ") +
                                              (first == '"' ? "double" : "single") + " quote"};
        } else if (tag != "?" && (first == '|' || first == '>')) {
            node.style = ScalarStyle::Literal;
            end = blockScalarEnd(text_, begin);
        } else {
            end = plainScalarEnd(text_, begin, node.value());
        }
        setRange(node, begin, end);
        node.resolved = resolveScalar(tag, node.style, node.value());
        if (writtenAsMergeKey(tag, node)) mergeKeys_.insert(&node);
        finish(node, anchor);
    }

    // A collection's tag (`!!map`, `!!omap`) changes nothing that the rules read.
    void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        openCollection(NodeKind::Sequence, mark, anchor, style);
    }
    void OnSequenceEnd() override { closeCollection(']'); }

    void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        openCollection(NodeKind::Mapping, mark, anchor, style);
    }
    void OnMapEnd() override { closeCollection('}'); }

    const Node* root() const { return root_; }
    std::size_t documentStart() const { return documentStart_; }
    bool started() const { return root_ != nullptr || !open_.empty(); }

  private:
    std::size_t offset(const YAML::Mark& mark) const {
        std::size_t pos = mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos);
        return std::min(chunkBegin_ + pos, text_.size());
    }

    Node& newNode(NodeKind kind, std::size_t at) {
        if (++fileNodes_ > limits_.maxNodes)
            throw ParseFailure{at,
                               "file has more than " + std::to_string(limits_.maxNodes) +
                                   " YAML nodes, the limit of --max-nodes; the rest of the file is "
                                   "not linted",
                               true};
        ++document_.nodeCount;
        Node& node = *new (document_.nodeMemory->allocate(sizeof(Node), alignof(Node))) Node();
        node.kind = kind;
        // What scalarType() says of a node that is not a scalar.
        node.resolved = kind == NodeKind::Null ? ScalarType::Null : ScalarType::String;
        return node;
    }

    // The scalar's content as a view of the text where it is written as it reads (a plain
    // scalar on one line, a quoted one without escapes), else of a copy in node memory.
    std::string_view keepValue(const std::string& value, std::size_t begin, char first) {
        std::size_t at = first == '"' || first == '\'' ? begin + 1 : begin;
        if (text_.compare(at, value.size(), value) == 0) return {text_.data() + at, value.size()};
        return {copyToNodeMemory(value.data(), value.size()), value.size()};
    }

    template <class T> T* copyToNodeMemory(const T* data, std::size_t count) {
        if (count == 0) return nullptr;
        void* memory = document_.nodeMemory->allocate(sizeof(T) * count, alignof(T));
        return static_cast<T*>(std::memcpy(memory, data, sizeof(T) * count));
    }

    template <class T> NodeChildren<T> keepChildren(const T* data, std::size_t count) {
        return {copyToNodeMemory(data, count), count};
    }

    void setRange(Node& node, std::size_t begin, std::size_t end) {
        node.range = {&file_, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
        lastEnd_ = std::max(lastEnd_, end);
    }

    void openCollection(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor,
                        YAML::EmitterStyle::value style) {
        if (open_.size() >= limits_.maxDepth)
            throw ParseFailure{offset(mark), "nesting deeper than " +
                                                 std::to_string(limits_.maxDepth) +
                                                 " levels; document skipped"};
        Node& node = newNode(kind, offset(mark));
        node.flowStyle = style == YAML::EmitterStyle::Flow;
        std::size_t begin = skipNodeProperties(text_, offset(mark));
        setRange(node, begin, node.flowStyle ? begin + 1 : begin);
        // Its size is known when it closes; an alias to it before then is refused.
        if (anchor) anchors_[anchor] = {&node, 0};
        std::size_t childrenBegin = kind == NodeKind::Sequence ? items_.size() : entries_.size();
        open_.push_back({&node, anchor, 1, childrenBegin});
        pendingKeys_.push_back(nullptr);
    }

    void closeCollection(char closer) {
        auto [node, anchor, size, childrenBegin] = open_.back();
        // Children were gathered on the builder's stacks: each node gets one exact array, in the
        // document's node memory.
        if (node->kind == NodeKind::Sequence) {
            node->setItems(
                keepChildren(items_.data() + childrenBegin, items_.size() - childrenBegin));
            items_.resize(childrenBegin);
        } else {
            node->setEntries(
                keepChildren(entries_.data() + childrenBegin, entries_.size() - childrenBegin));
            entries_.resize(childrenBegin);
        }
        std::size_t end = node->range.end;
        for (const Node* item : node->items())
            end = std::max<std::size_t>(end, item->range.end);
        for (const MapEntry& e : node->entries())
            end = std::max<std::size_t>({end, e.key->range.end, e.value->range.end});
        if (node->flowStyle) {
            std::size_t i = std::max(end, lastEnd_);
            while (i < text_.size() && text_[i] != closer) {
                if (text_[i] == '#') {
                    while (i < text_.size() && text_[i] != '\n')
                        ++i;
                } else {
                    ++i;
                }
            }
            end = std::min(i + 1, text_.size());
        }
        node->range.end = static_cast<std::uint32_t>(end);
        lastEnd_ = std::max(lastEnd_, end);
        if (node->kind == NodeKind::Mapping) resolveMergeKeys(*node);
        if (anchor) anchors_[anchor] = {node, size};
        open_.pop_back();
        pendingKeys_.pop_back();
        attach(node, size);
    }

    // A YAML merge key: `<<` written plain (a quoted "<<" is an ordinary key), or tagged
    // !!merge. Only the builder needs a scalar's tag: nodes do not keep it.
    static bool writtenAsMergeKey(const std::string& tag, const Node& scalar) {
        return scalar.value() == "<<" && ((tag == "?" && scalar.style == ScalarStyle::Plain) ||
                                          tag == "tag:yaml.org,2002:merge");
    }
    bool isMergeKey(const Node* key) const { return mergeKeys_.contains(key); }

    // Merge keys (`<<: *base`, `<<: [*a, *b]`) resolved as go-yaml v2 (kubectl, the API
    // server's sigs.k8s.io/yaml) does: the keys written in the mapping win, then earlier
    // merged mappings over later ones. The merged entries are the anchored mapping's own nodes,
    // so their source ranges are where they are written; the `<<` entries leave the mapping,
    // so no rule ever reports a merge key as a field. A merged mapping is closed before this
    // one (an alias only names a finished node), so its own merge keys are resolved already.
    void resolveMergeKeys(Node& node) {
        if (std::none_of(node.entries().begin(), node.entries().end(),
                         [this](const MapEntry& e) { return isMergeKey(e.key); }))
            return;
        std::vector<MapEntry> resolved;
        std::vector<const Node*> sources;
        for (const MapEntry& e : node.entries()) {
            if (!isMergeKey(e.key)) {
                resolved.push_back(e);
                continue;
            }
            if (e.value->isMapping()) {
                sources.push_back(e.value);
            } else if (e.value->isSequence() &&
                       std::all_of(e.value->items().begin(), e.value->items().end(),
                                   [](const Node* item) { return item->isMapping(); })) {
                sources.insert(sources.end(), e.value->items().begin(), e.value->items().end());
            } else {
                throw ParseFailure{e.value->range.begin,
                                   "map merge requires a mapping or a sequence of mappings as "
                                   "the value of `<<`"};
            }
        }
        std::unordered_set<std::string_view> present;
        for (const MapEntry& e : resolved)
            if (e.key->isScalar()) present.insert(e.key->value());
        for (const Node* source : sources)
            for (const MapEntry& e : source->entries())
                if (!e.key->isScalar() || present.insert(e.key->value()).second) {
                    if (resolved.size() >= limits_.maxKeys)
                        throw ParseFailure{node.range.begin,
                                           "mapping has more than " +
                                               std::to_string(limits_.maxKeys) +
                                               " keys, the limit of --max-keys; document skipped"};
                    resolved.push_back(e);
                }
        node.setEntries(keepChildren(resolved.data(), resolved.size()));
        document_.hasAliases = true; // merged entries are shared with their source
    }

    void finish(Node& node, YAML::anchor_t anchor) {
        if (anchor) anchors_[anchor] = {&node, 1};
        attach(&node, 1);
    }

    // `size`: the nodes `node` stands for, counting what its aliases expand to.
    void attach(const Node* node, std::uint64_t size) {
        if (open_.empty()) {
            root_ = node;
            return;
        }
        OpenCollection& open = open_.back();
        open.size = std::min<std::uint64_t>(open.size + size, UINT64_MAX / 2);
        if (open.node->kind == NodeKind::Sequence) {
            items_.push_back(node);
        } else if (!pendingKeys_.back()) {
            pendingKeys_.back() = node;
        } else {
            if (entries_.size() - open.childrenBegin >= limits_.maxKeys)
                throw ParseFailure{pendingKeys_.back()->range.begin,
                                   "mapping has more than " + std::to_string(limits_.maxKeys) +
                                       " keys, the limit of --max-keys; document skipped"};
            entries_.push_back({pendingKeys_.back(), node});
            pendingKeys_.back() = nullptr;
        }
    }

    const SourceFile& file_;
    const std::string& text_;
    std::size_t chunkBegin_;
    std::size_t chunkEnd_;
    const LoadLimits& limits_;
    Document& document_;
    std::size_t& fileNodes_;
    struct OpenCollection {
        Node* node;
        YAML::anchor_t anchor;
        std::uint64_t size;        // nodes so far, itself included
        std::size_t childrenBegin; // its first child on items_ or entries_
        bool operator==(const Node* other) const { return node == other; }
    };
    struct Anchored {
        const Node* node;
        std::uint64_t size;
    };

    const Node* root_ = nullptr;
    std::vector<OpenCollection> open_;
    std::vector<const Node*> pendingKeys_;
    std::vector<const Node*> items_; // children of the open sequences, innermost last
    std::vector<MapEntry> entries_;  // entries of the open mappings, innermost last
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    std::unordered_set<const Node*> mergeKeys_;
    std::uint64_t aliasExpansion_ = 0;
    std::size_t lastEnd_ = 0;
    std::size_t documentStart_ = 0;
};

// yaml-cpp reads an std::istream; this one reads a chunk of the file where it is, uncopied.
class ChunkBuffer : public std::streambuf {
  public:
    ChunkBuffer(const char* data, std::size_t size) {
        char* begin = const_cast<char*>(data); // only ever read: no put area is set
        setg(begin, begin, begin + size);
    }
};

// Offset of the first byte that makes the text unusable as YAML: NUL, or bytes that are not
// well-formed UTF-8 (see utf8SequenceLength).
std::optional<std::size_t> firstBinaryByte(const std::string& text) {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
    constexpr std::uint64_t kLowBits = 0x0101010101010101ull;
    std::size_t i = 0;
    while (i < text.size()) {
        // Manifests are mostly ASCII: eight bytes at a time while none is NUL or above 0x7F.
        for (std::uint64_t word; i + 8 <= text.size(); i += 8) {
            std::memcpy(&word, text.data() + i, 8);
            if ((word & kHighBits) != 0 || ((word - kLowBits) & ~word & kHighBits) != 0) break;
        }
        if (i >= text.size()) break;
        if (text[i] == '\0') return i;
        std::size_t length = utf8SequenceLength(text, i);
        if (length == 0) return i;
        i += length;
    }
    return std::nullopt;
}

// "UTF-16 (little-endian)" and its iconv name when the text is UTF-16 or UTF-32 (by its byte
// order mark, or by the NUL bytes beside ASCII characters that such text has), else nothing.
std::optional<std::pair<std::string_view, std::string_view>> wideEncoding(const std::string& text) {
    auto startsWith = [&](std::string_view prefix) {
        return text.compare(0, prefix.size(), prefix) == 0;
    };
    using namespace std::string_view_literals;
    if (startsWith("\xFF\xFE\0\0"sv)) return std::pair{"UTF-32 (little-endian)"sv, "UTF-32LE"sv};
    if (startsWith("\0\0\xFE\xFF"sv)) return std::pair{"UTF-32 (big-endian)"sv, "UTF-32BE"sv};
    if (startsWith("\xFF\xFE"sv)) return std::pair{"UTF-16 (little-endian)"sv, "UTF-16LE"sv};
    if (startsWith("\xFE\xFF"sv)) return std::pair{"UTF-16 (big-endian)"sv, "UTF-16BE"sv};
    if (text.size() >= 4 && text[0] != '\0' && text[1] == '\0' && text[2] == '\0' &&
        text[3] == '\0')
        return std::pair{"UTF-32 (little-endian)"sv, "UTF-32LE"sv};
    if (text.size() >= 4 && text[0] == '\0' && text[1] == '\0' && text[2] == '\0' &&
        text[3] != '\0')
        return std::pair{"UTF-32 (big-endian)"sv, "UTF-32BE"sv};
    if (text.size() >= 2 && text[0] != '\0' && text[1] == '\0')
        return std::pair{"UTF-16 (little-endian)"sv, "UTF-16LE"sv};
    if (text.size() >= 2 && text[0] == '\0' && text[1] != '\0')
        return std::pair{"UTF-16 (big-endian)"sv, "UTF-16BE"sv};
    return std::nullopt;
}

bool startsMarker(const std::string& text, std::size_t lineBegin, std::string_view marker) {
    if (text.compare(lineBegin, marker.size(), marker) != 0) return false;
    std::size_t after = lineBegin + marker.size();
    return after >= text.size() || text[after] == ' ' || text[after] == '\t' ||
           text[after] == '\n' || text[after] == '\r';
}

} // namespace

std::vector<std::pair<std::size_t, std::size_t>> splitDocuments(const std::string& text) {
    std::vector<std::pair<std::size_t, std::size_t>> chunks;
    std::size_t chunkBegin = 0;
    bool chunkHasContent = false;
    std::size_t lineBegin = 0;
    while (lineBegin < text.size()) {
        bool boundary =
            startsMarker(text, lineBegin, "---") || startsMarker(text, lineBegin, "...");
        if (boundary && chunkHasContent) {
            chunks.emplace_back(chunkBegin, lineBegin);
            chunkBegin = lineBegin;
            chunkHasContent = false;
        }
        std::size_t next = text.find('\n', lineBegin);
        next = next == std::string::npos ? text.size() : next + 1;
        std::size_t first = lineBegin;
        // A bare `---` (or `...`) line is no content of its own: a run of them stays in one
        // chunk, parsed by one parser, instead of costing a chunk each.
        if (boundary) first += 3;
        while (first < next && isSpace(text[first]))
            ++first;
        bool directiveOrComment = first < next && (text[first] == '#' || text[first] == '%');
        bool blank = first >= next || text[first] == '\n' || text[first] == '\r';
        if (!blank && !directiveOrComment) chunkHasContent = true;
        lineBegin = next;
    }
    if (chunkBegin < text.size()) chunks.emplace_back(chunkBegin, text.size());
    return chunks;
}

SyntaxProblem tooLargeProblem(const SourceFile& file, const LoadLimits& limits) {
    return {{&file, 0, 0},
            "file is larger than " + std::to_string(limits.maxFileBytes) +
                " bytes, the limit of --max-file-bytes; not linted",
            true};
}

std::optional<SyntaxProblem> refusal(const SourceFile& file, const LoadLimits& limits) {
    const std::string& text = file.text();
    auto problemAt = [&](std::size_t begin, std::size_t end, std::string message) {
        return SyntaxProblem{
            {&file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)},
            std::move(message),
            true};
    };
    if (text.size() > limits.maxFileBytes) return tooLargeProblem(file, limits);
    if (auto bad = firstBinaryByte(text)) {
        if (auto encoding = wideEncoding(text))
            return problemAt(0, 0,
                             fmt::format("file is {} text, and Kubernetes manifests are UTF-8 "
                                         "(kubectl refuses it too); not linted. Convert it: "
                                         "iconv -f {} -t UTF-8",
                                         encoding->first, encoding->second));
        auto byte = static_cast<unsigned char>(text[*bad]);
        std::string what = byte == 0 ? std::string("a NUL byte")
                                     : fmt::format("byte 0x{:02X}, which is not valid UTF-8", byte);
        return problemAt(*bad, *bad + 1,
                         fmt::format("file is not UTF-8 text ({} at offset {}; a binary file?); "
                                     "not linted",
                                     what, *bad));
    }
    return std::nullopt;
}

namespace {

std::shared_ptr<std::pmr::monotonic_buffer_resource> nodeMemoryFor(std::size_t textBytes) {
    // Manifests average a node per 8 to 25 bytes, and a node takes 32 bytes, its children 8 or
    // 16 bytes each, and a few scalars a copy: the first buffer holds the text's nodes (pages
    // the parse does not reach are never touched).
    std::size_t expected = std::clamp<std::size_t>(textBytes * 6, 4096, std::size_t(64) << 20);
    return std::make_shared<std::pmr::monotonic_buffer_resource>(expected);
}

} // namespace

int parseChunk(const SourceFile& file, std::size_t begin, std::size_t end, const LoadLimits& limits,
               int index, ParsedFile& parsed) {
    const std::string& text = file.text();
    auto problemAt = [&](std::size_t from, std::size_t to, std::string message) {
        parsed.problems.push_back(
            {{&file, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)},
             std::move(message)});
    };
    if (!parsed.nodeMemory) parsed.nodeMemory = nodeMemoryFor(text.size());
    // yaml-cpp skips a byte order mark and counts its marks from after it: start after it.
    if (begin == 0 && text.starts_with(kUtf8ByteOrderMark)) begin = kUtf8ByteOrderMark.size();
    ChunkBuffer buffer(text.data() + begin, end - begin);
    std::istream stream(&buffer);
    YAML::Parser parser(stream);
    std::optional<std::size_t> previousStart;
    std::shared_ptr<Document> document;
    while (true) {
        if (!document) document = std::make_shared<Document>(parsed.nodeMemory);
        document->file = &file;
        TreeBuilder builder(file, begin, end, limits, *document, parsed.nodes);
        bool more = false;
        try {
            more = parser.HandleNextDocument(builder);
        } catch (const YAML::Exception& error) {
            std::size_t at = begin;
            if (error.mark.line >= 0) {
                Position chunkStart = file.position(begin);
                at = file.offsetOf({chunkStart.line + error.mark.line, 1}) +
                     static_cast<std::size_t>(std::max(0, error.mark.column));
                at = std::min(at, end);
            }
            // yaml-cpp says "illegal map value" or the like for a tab in the indentation:
            // say what is wrong.
            std::size_t lineBegin = text.rfind('\n', at == 0 ? 0 : at - 1);
            lineBegin = lineBegin == std::string::npos || at == 0 ? 0 : lineBegin + 1;
            std::size_t indentEnd = text.find_first_not_of(" \t", lineBegin);
            std::string_view indent(text.data() + lineBegin,
                                    std::min(indentEnd, text.size()) - lineBegin);
            std::size_t tab = indent.find('\t');
            if (tab != std::string_view::npos)
                problemAt(lineBegin + tab, lineBegin + tab + 1,
                          "tab character in the indentation: YAML indents with spaces only (" +
                              error.msg + ")");
            else
                problemAt(at, std::min(at + 1, lineEnd(text, at)), error.msg);
            return index + 1;
        } catch (const ParseFailure& failure) {
            problemAt(failure.offset, std::min(failure.offset + 1, text.size()), failure.message);
            parsed.stopped = failure.stopsFile;
            return index + 1;
        }
        if (!more) return index;
        // yaml-cpp can report empty documents at one position forever on stray text after
        // a flow collection (`{...}\n, x`); no progress means the text there is invalid.
        if (previousStart && builder.documentStart() <= *previousStart) {
            std::size_t at = builder.documentStart();
            problemAt(at, std::min(at + 1, lineEnd(text, at)),
                      "unexpected text after the end of the document");
            return index + 1;
        }
        previousStart = builder.documentStart();
        if (static_cast<std::size_t>(index) >= limits.maxDocuments) {
            std::size_t at = builder.documentStart();
            problemAt(at, std::min(at + 1, lineEnd(text, at)),
                      "file has more than " + std::to_string(limits.maxDocuments) +
                          " documents, the limit of --max-documents; the rest of the file is not "
                          "linted");
            parsed.stopped = true;
            return index;
        }
        // An empty document (a `---` line and nothing else) only takes its number: keeping it
        // would cost a document's memory for four bytes of input. Its object is used again.
        if (!builder.root() || builder.root()->isNull()) {
            document->nodeCount = 0;
            document->hasAliases = false;
            ++index;
            continue;
        }
        document->index = index++;
        document->root = builder.root();
        document->range = {&file, static_cast<std::uint32_t>(begin),
                           static_cast<std::uint32_t>(end)};
        parsed.documents.push_back(std::move(document));
    }
}

ParsedFile parseYaml(const SourceFile& file, const LoadLimits& limits) {
    ParsedFile parsed;
    if (auto problem = refusal(file, limits)) {
        parsed.problems.push_back(std::move(*problem));
        return parsed;
    }
    int index = 0;
    for (auto [begin, end] : splitDocuments(file.text())) {
        index = parseChunk(file, begin, end, limits, index, parsed);
        if (parsed.stopped) break;
    }
    return parsed;
}

ParsedFile parseYamlInParallel(const SourceFile& file, const LoadLimits& limits, unsigned threads,
                               std::size_t batchBytes) {
    if (refusal(file, limits)) return parseYaml(file, limits);
    // Contiguous runs of chunks, each parsed on its own as if it began the file; they are
    // joined in order, documents renumbered. A chunk's parse depends on nothing before it but
    // its first document number and the file's node count, and those matter only at a limit.
    struct Batch {
        std::size_t firstChunk = 0;
        std::size_t endChunk = 0;
        std::size_t bytes = 0;
        ParsedFile parsed;
        int indexes = 0;
    };
    std::vector<std::pair<std::size_t, std::size_t>> chunks = splitDocuments(file.text());
    std::vector<Batch> batches;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        if (batches.empty() || batches.back().bytes >= batchBytes) {
            batches.emplace_back();
            batches.back().firstChunk = i;
        }
        batches.back().endChunk = i + 1;
        batches.back().bytes += chunks[i].second - chunks[i].first;
    }
    if (batches.size() < 2) return parseYaml(file, limits);
    std::atomic<std::size_t> next{0};
    runOnThreads(threadCount(threads, batches.size()), [&] {
        for (std::size_t b = next++; b < batches.size(); b = next++) {
            Batch& batch = batches[b];
            batch.parsed.nodeMemory = nodeMemoryFor(batch.bytes);
            int index = 0;
            for (std::size_t i = batch.firstChunk; i < batch.endChunk; ++i) {
                index = parseChunk(file, chunks[i].first, chunks[i].second, limits, index,
                                   batch.parsed);
                if (batch.parsed.stopped) break;
            }
            batch.indexes = index;
        }
    });
    std::size_t nodes = 0, indexes = 0;
    for (const Batch& batch : batches) {
        if (batch.parsed.stopped) return parseYaml(file, limits);
        nodes += batch.parsed.nodes;
        indexes += static_cast<std::size_t>(batch.indexes);
    }
    // At a limit (or one short of it) the batches' own counts do not tell where the file
    // stops: parse it in order, as parseYaml does.
    if (nodes >= limits.maxNodes || indexes >= limits.maxDocuments) return parseYaml(file, limits);
    ParsedFile parsed;
    parsed.nodes = nodes;
    int first = 0;
    for (Batch& batch : batches) {
        for (auto& document : batch.parsed.documents) {
            document->index += first;
            parsed.documents.push_back(std::move(document));
        }
        for (SyntaxProblem& problem : batch.parsed.problems)
            parsed.problems.push_back(std::move(problem));
        first += batch.indexes;
    }
    // Each batch's documents keep their own buffer alive; the file's is the first batch's.
    parsed.nodeMemory = batches.front().parsed.nodeMemory;
    return parsed;
}

void forEachNode(Document& document, const std::function<void(Node&)>& visit) {
    if (!document.root) return;
    // Nodes live in the document's node memory, allocated writable: the document's owner may
    // change them (const only keeps the rules from doing so).
    std::vector<Node*> pending{const_cast<Node*>(document.root)};
    std::unordered_set<const Node*> seen;
    while (!pending.empty()) {
        Node* node = pending.back();
        pending.pop_back();
        if (document.hasAliases && !seen.insert(node).second) continue;
        visit(*node);
        for (auto item = node->items().size(); item-- > 0;)
            pending.push_back(const_cast<Node*>(node->items()[item]));
        for (auto entry = node->entries().size(); entry-- > 0;) {
            pending.push_back(const_cast<Node*>(node->entries()[entry].value));
            pending.push_back(const_cast<Node*>(node->entries()[entry].key));
        }
    }
}

void forEachNode(const Document& document, const std::function<void(const Node&)>& visit) {
    forEachNode(const_cast<Document&>(document), [&](Node& node) { visit(node); });
}

} // namespace ordlint
