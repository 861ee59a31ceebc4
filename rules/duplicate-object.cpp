#include "rule_contract.hpp"

#include <fmt/format.h>

#include <map>
#include <tuple>

namespace ordlint {

namespace {

std::string describe(const Object& object) {
    return object.ns.empty() ? fmt::format("{} {}", object.kind, object.name)
                             : fmt::format("{} {}/{}", object.kind, object.ns, object.name);
}

// Only objects of one file (one stream: a rendered chart, also when split by template, a
// kustomize build, a multi-document manifest) are compared: folders routinely hold alternative
// variants and overlay patches of the same object, which are not applied together.
class DuplicateObjectRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        using Key = std::tuple<std::string_view, std::string_view, std::string_view,
                               std::string_view, std::string_view>;
        std::map<Key, const Object*> seen;
        for (const Object& object : context.workspace.objects) {
            if (object.name.empty()) continue; // generateName: every apply creates a new one
            Key key{object.file().stream(), object.group, object.kind, object.ns, object.name};
            auto [first, inserted] = seen.emplace(key, &object);
            if (inserted) continue;
            const SourceFile& firstFile = first->second->file();
            Position firstAt = firstFile.position(first->second->anchorRange().begin);
            // Split rendered streams put the two definitions in different templates.
            std::string where = &firstFile == &object.file()
                                    ? fmt::format("line {}", firstAt.line)
                                    : fmt::format("{} line {}", firstFile.path(), firstAt.line);
            Diagnostic& d = reporter.report(
                object, object.anchorRange(),
                fmt::format("{} is defined again (first on {}); applying this file keeps only "
                            "the later definition",
                            describe(object), where));
            d.help = "remove one definition, or give them different names or namespaces";
            d.related.push_back({first->second->anchorRange(), "first definition"});
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeDuplicateObjectRule() {
    return std::make_unique<DuplicateObjectRule>();
}

} // namespace ordlint
