#pragma once
// A valijson adapter over ordlint's own YAML tree: objects are validated where they were
// parsed, with no copy into JSON, and with the scalar typing the API server applies (YAML 1.1:
// a plain `0` is an integer, a quoted "0" a string; see Node::scalarType).

#include "schema_json.hpp"
#include "yaml_tree.hpp"

#include <valijson/exceptions.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>
#include <valijson/internal/optional.hpp>

#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace ordlint {

class YamlNodeAdapter;
class YamlNodeArrayIterator;
class YamlNodeMemberIterator;
using YamlNodeMember = std::pair<std::string, YamlNodeAdapter>;

class YamlNodeArray {
  public:
    using const_iterator = YamlNodeArrayIterator;
    using iterator = YamlNodeArrayIterator;
    YamlNodeArray() = default;
    explicit YamlNodeArray(const Node* node) : items_(node->items()) {}
    YamlNodeArrayIterator begin() const;
    YamlNodeArrayIterator end() const;
    std::size_t size() const { return items_.size(); }

  private:
    NodeChildren<const Node*> items_;
};

class YamlNodeObject {
  public:
    using const_iterator = YamlNodeMemberIterator;
    using iterator = YamlNodeMemberIterator;
    YamlNodeObject() = default;
    explicit YamlNodeObject(const Node* node) : entries_(node->entries()) {}
    YamlNodeMemberIterator begin() const;
    YamlNodeMemberIterator end() const;
    YamlNodeMemberIterator find(const std::string& name) const;
    std::size_t size() const { return entries_.size(); }

  private:
    NodeChildren<MapEntry> entries_;
};

// valijson keeps frozen copies only of schema values (enum, const); a YAML value is frozen
// as its JSON equivalent.
class YamlNodeFrozenValue : public valijson::adapters::FrozenValue {
  public:
    explicit YamlNodeFrozenValue(const Node* node) : node_(node) {}
    FrozenValue* clone() const override { return new YamlNodeFrozenValue(node_); }
    bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

  private:
    const Node* node_;
};

class YamlNodeValue {
  public:
    YamlNodeValue() {} // user-provided: BasicAdapter holds a const value
    explicit YamlNodeValue(const Node* node) : node_(node) {
        if (node_ && node_->isScalar()) type_ = node_->scalarType();
    }

    valijson::adapters::FrozenValue* freeze() const { return new YamlNodeFrozenValue(node_); }

    opt::optional<YamlNodeArray> getArrayOptional() const {
        if (isArray()) return opt::make_optional(YamlNodeArray(node_));
        return {};
    }
    bool getArraySize(std::size_t& result) const {
        if (!isArray()) return false;
        result = node_->items().size();
        return true;
    }
    bool getBool(bool& result) const {
        if (!isBool()) return false;
        result = yamlToJson(node_).get<bool>();
        return true;
    }
    bool getDouble(double& result) const {
        if (!isNumber()) return false;
        result = yamlToJson(node_).get<double>();
        return true;
    }
    bool getInteger(std::int64_t& result) const {
        if (!isInteger()) return false;
        result = node_->integer().value_or(0);
        return true;
    }
    opt::optional<YamlNodeObject> getObjectOptional() const {
        if (isObject()) return opt::make_optional(YamlNodeObject(node_));
        return {};
    }
    bool getObjectSize(std::size_t& result) const {
        if (!isObject()) return false;
        result = node_->entries().size();
        return true;
    }
    bool getString(std::string& result) const {
        if (!isString()) return false;
        result = node_->value();
        return true;
    }
    static bool hasStrictTypes() { return true; }
    bool isArray() const { return node_ && node_->isSequence(); }
    bool isBool() const { return scalar() && type_ == ScalarType::Bool; }
    bool isDouble() const { return scalar() && type_ == ScalarType::Float; }
    bool isInteger() const { return scalar() && type_ == ScalarType::Int; }
    bool isNull() const {
        return !node_ || node_->isNull() || (scalar() && type_ == ScalarType::Null);
    }
    bool isNumber() const { return isInteger() || isDouble(); }
    bool isObject() const { return node_ && node_->isMapping(); }
    bool isString() const { return scalar() && type_ == ScalarType::String; }

  private:
    bool scalar() const { return node_ && node_->isScalar(); }
    const Node* node_ = nullptr;
    ScalarType type_ = ScalarType::Null;
};

class YamlNodeAdapter
    : public valijson::adapters::BasicAdapter<YamlNodeAdapter, YamlNodeArray, YamlNodeMember,
                                              YamlNodeObject, YamlNodeValue> {
  public:
    YamlNodeAdapter() = default;
    explicit YamlNodeAdapter(const Node* node) : BasicAdapter(YamlNodeValue(node)) {}
};

class YamlNodeArrayIterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = YamlNodeAdapter;
    using difference_type = YamlNodeAdapter;
    using pointer = YamlNodeAdapter*;
    using reference = YamlNodeAdapter&;

    explicit YamlNodeArrayIterator(NodeChildren<const Node*>::const_iterator at) : at_(at) {}
    YamlNodeAdapter operator*() const { return YamlNodeAdapter(*at_); }
    valijson::adapters::DerefProxy<YamlNodeAdapter> operator->() const {
        return valijson::adapters::DerefProxy<YamlNodeAdapter>(**this);
    }
    bool operator==(const YamlNodeArrayIterator& other) const { return at_ == other.at_; }
    bool operator!=(const YamlNodeArrayIterator& other) const { return at_ != other.at_; }
    const YamlNodeArrayIterator& operator++() {
        ++at_;
        return *this;
    }
    const YamlNodeArrayIterator& operator--() {
        --at_;
        return *this;
    }
    YamlNodeArrayIterator operator++(int) {
        YamlNodeArrayIterator before = *this;
        ++at_;
        return before;
    }
    void advance(std::ptrdiff_t n) { at_ += n; }

  private:
    NodeChildren<const Node*>::const_iterator at_;
};

class YamlNodeMemberIterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = YamlNodeMember;
    using difference_type = YamlNodeMember;
    using pointer = YamlNodeMember*;
    using reference = YamlNodeMember&;

    explicit YamlNodeMemberIterator(NodeChildren<MapEntry>::const_iterator at) : at_(at) {}
    YamlNodeMember operator*() const {
        return {std::string(at_->key->value()), YamlNodeAdapter(at_->value)};
    }
    valijson::adapters::DerefProxy<YamlNodeMember> operator->() const {
        return valijson::adapters::DerefProxy<YamlNodeMember>(**this);
    }
    bool operator==(const YamlNodeMemberIterator& other) const { return at_ == other.at_; }
    bool operator!=(const YamlNodeMemberIterator& other) const { return at_ != other.at_; }
    const YamlNodeMemberIterator& operator++() {
        ++at_;
        return *this;
    }
    const YamlNodeMemberIterator& operator--() {
        --at_;
        return *this;
    }
    YamlNodeMemberIterator operator++(int) {
        YamlNodeMemberIterator before = *this;
        ++at_;
        return before;
    }

  private:
    NodeChildren<MapEntry>::const_iterator at_;
};

inline YamlNodeArrayIterator YamlNodeArray::begin() const {
    return YamlNodeArrayIterator(items_.begin());
}
inline YamlNodeArrayIterator YamlNodeArray::end() const {
    return YamlNodeArrayIterator(items_.end());
}
inline YamlNodeMemberIterator YamlNodeObject::begin() const {
    return YamlNodeMemberIterator(entries_.begin());
}
inline YamlNodeMemberIterator YamlNodeObject::end() const {
    return YamlNodeMemberIterator(entries_.end());
}
inline YamlNodeMemberIterator YamlNodeObject::find(const std::string& name) const {
    for (auto at = entries_.begin(); at != entries_.end(); ++at)
        if (at->key->value() == name) return YamlNodeMemberIterator(at);
    return end();
}
inline bool YamlNodeFrozenValue::equalTo(const valijson::adapters::Adapter& other,
                                         bool strict) const {
    return YamlNodeAdapter(node_).equalTo(other, strict);
}

} // namespace ordlint

template <> struct valijson::adapters::AdapterTraits<ordlint::YamlNodeAdapter> {
    using DocumentType = ordlint::Node;
    static std::string adapterName() { return "YamlNodeAdapter"; }
};
