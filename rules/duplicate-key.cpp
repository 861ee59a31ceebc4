#include "rules.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

namespace ordlint {

namespace {

class DuplicateKeyRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const Object& object : context.workspace.objects) {
            // Aliases share nodes: visit each mapping once.
            std::unordered_set<const Node*> visited;
            std::vector<const Node*> pending{object.node};
            while (!pending.empty()) {
                const Node* node = pending.back();
                pending.pop_back();
                if (!visited.insert(node).second) continue;
                if (node->isSequence()) pending.insert(pending.end(), node->items.begin(), node->items.end());
                if (!node->isMapping()) continue;
                std::unordered_map<std::string_view, const Node*> firstKeys;
                for (const MapEntry& entry : node->entries) {
                    pending.push_back(entry.value);
                    if (!entry.key->isScalar() || entry.key->value == "<<") continue;
                    auto [first, inserted] = firstKeys.emplace(entry.key->value, entry.key);
                    if (inserted) continue;
                    Position firstAt = first->second->range.file->position(first->second->range.begin);
                    Diagnostic& d = reporter.report(
                        object, entry.key->range,
                        fmt::format("key \"{}\" repeats the key on line {}; the API server rejects "
                                    "the object, and YAML tools disagree on which value wins",
                                    entry.key->value, firstAt.line));
                    d.help = "remove one of the two entries, or merge their values";
                    d.related.push_back({first->second->range, "first definition of the key"});
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeDuplicateKeyRule() { return std::make_unique<DuplicateKeyRule>(); }

} // namespace ordlint
