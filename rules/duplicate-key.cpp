#include "rule_contract.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

namespace ordlint {

namespace {

class DuplicateKeyRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        std::unordered_set<const Node*> visited;
        std::vector<const Node*> pending;
        for (const Object& object : context.workspace.objects) {
            // Aliases share nodes: visit each mapping once.
            bool shared = object.document->hasAliases;
            visited.clear();
            pending.assign(1, object.node);
            while (!pending.empty()) {
                const Node* node = pending.back();
                pending.pop_back();
                if (shared && !visited.insert(node).second) continue;
                if (node->isSequence())
                    pending.insert(pending.end(), node->items().begin(), node->items().end());
                if (!node->isMapping()) continue;
                for (const MapEntry& entry : node->entries())
                    pending.push_back(entry.value);
                checkKeys(object, *node, reporter);
            }
        }
    }

  private:
    static bool comparable(const Node* key) { return key->isScalar() && key->value() != "<<"; }

    // Each key equal to an earlier one. Mappings are short: long ones (over 32 keys) get an index.
    static void checkKeys(const Object& object, const Node& mapping, Reporter& reporter) {
        const NodeChildren<MapEntry>& entries = mapping.entries();
        if (entries.size() <= 32) {
            for (std::size_t i = 1; i < entries.size(); ++i) {
                if (!comparable(entries[i].key)) continue;
                for (std::size_t k = 0; k < i; ++k) {
                    if (comparable(entries[k].key) &&
                        entries[k].key->value() == entries[i].key->value()) {
                        report(object, *entries[k].key, *entries[i].key, reporter);
                        break;
                    }
                }
            }
            return;
        }
        std::unordered_map<std::string_view, const Node*> firstKeys;
        for (const MapEntry& entry : entries) {
            if (!comparable(entry.key)) continue;
            auto [first, inserted] = firstKeys.emplace(entry.key->value(), entry.key);
            if (!inserted) report(object, *first->second, *entry.key, reporter);
        }
    }

    static void report(const Object& object, const Node& first, const Node& repeated,
                       Reporter& reporter) {
        Position firstAt = first.range.file->position(first.range.begin);
        Diagnostic& d = reporter.report(
            object, repeated.range,
            fmt::format("key \"{}\" repeats the key on line {}; the API server rejects "
                        "the object, and YAML tools disagree on which value wins",
                        repeated.value(), firstAt.line));
        d.help = "remove one of the two entries, or merge their values";
        d.related.push_back({first.range, "first definition of the key"});
    }
};

} // namespace

std::unique_ptr<Rule> makeDuplicateKeyRule() {
    return std::make_unique<DuplicateKeyRule>();
}

} // namespace ordlint
