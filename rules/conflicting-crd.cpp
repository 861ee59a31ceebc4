// conflicting-crd: two CustomResourceDefinitions of the run (input, --context, --schema-dir)
// define the same group and kind with different schemas. One of them validates the custom
// resources, chosen by content and never by input order (run_kinds.hpp): the input and
// --context before --schema-dir, then the path that sorts first, then the earlier document.
// Reported on the CRD that loses, with a related location on the winner.
#include "rule_contract.hpp"
#include "run_kinds.hpp"

#include <fmt/format.h>

#include <set>

namespace ordlint {

namespace {

std::string where(const RunCrd& crd, const RunCrd& from) {
    if (crd.object && from.object && &crd.object->file() == &from.object->file())
        return "the earlier one of this file";
    if (crd.object) return fmt::format("the one in {}", crd.object->file().path());
    return fmt::format("the one in {} (--schema-dir)", crd.file);
}

// The versions whose schemas differ between two CRDs (a version only one has counts).
std::string differingVersions(const RunCrd& a, const RunCrd& b) {
    std::set<std::string> names;
    for (const auto& [name, schema] : a.schemas.items())
        names.insert(name);
    for (const auto& [name, schema] : b.schemas.items())
        names.insert(name);
    std::string text;
    for (const std::string& name : names) {
        bool same = a.schemas.contains(name) && b.schemas.contains(name) &&
                    a.schemas[name] == b.schemas[name];
        if (!same)
            text +=
                (text.empty() ? "" : ", ") + (name == "*" ? std::string("spec.validation") : name);
    }
    return text;
}

class ConflictingCrdRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        if (!context.runKinds) return;
        std::set<std::pair<std::string, std::string>> seen;
        for (const RunCrd& crd : context.runKinds->crds()) {
            if (!seen.insert({crd.group, crd.kind}).second) continue;
            std::vector<const RunCrd*> all = context.runKinds->crdsFor(crd.group, crd.kind);
            const RunCrd& winner = *all.front();
            for (std::size_t i = 1; i < all.size(); ++i) {
                const RunCrd& loser = *all[i];
                if (loser.schemas == winner.schemas) continue;
                std::string versions = differingVersions(winner, loser);
                if (loser.object) {
                    const Node* name =
                        loser.object->metadata() ? loser.object->metadata()->get("name") : nullptr;
                    Diagnostic& d = reporter.report(
                        *loser.object, name ? name->range : loser.object->anchorRange(),
                        fmt::format(
                            "this CustomResourceDefinition defines {} {} like {}, with a different "
                            "schema (versions: {}): that one validates the {} objects, this one is "
                            "ignored "
                            "(the CRD whose path sorts first wins, then the earlier document; "
                            "never the "
                            "input order)",
                            crd.group, crd.kind, where(winner, loser), versions, crd.kind));
                    d.help = "keep one CRD per kind in the run, or make the copies identical";
                    if (winner.object)
                        d.related.push_back(
                            {winner.object->anchorRange(),
                             fmt::format("the CustomResourceDefinition of {} {} that validates",
                                         crd.group, crd.kind)});
                } else if (winner.object) {
                    // A --schema-dir CRD is no object of the run: the finding goes on the winner.
                    Diagnostic& d = reporter.report(
                        *winner.object, winner.object->anchorRange(),
                        fmt::format(
                            "this CustomResourceDefinition of {} {} differs from {} (versions: "
                            "{}): "
                            "this one validates the {} objects, the --schema-dir copy is ignored",
                            crd.group, crd.kind, where(loser, winner), versions, crd.kind));
                    d.help = "update the --schema-dir copy, or drop it";
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeConflictingCrdRule() {
    return std::make_unique<ConflictingCrdRule>();
}

} // namespace ordlint
