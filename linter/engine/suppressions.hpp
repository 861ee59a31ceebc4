#pragma once
// Suppressions written in the manifests themselves:
//   `# ordlint-ignore RULE[,RULE] -- reason`  on the offending line, or alone on the line above
//   `# ordlint-ignore-file RULE[,RULE]`       anywhere in a file: the whole file
//   annotation `ordlint.dev/ignore: "RULE,..."` on an object: every finding on that object
// Each rule named is one Suppression, so that an ignore naming two rules of which only one
// fires can report the other as unused (rule unused-ignore).

#include "diagnostic.hpp"
#include "model.hpp"

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace ordlint {

struct Suppression {
    enum class Scope { Line, File, Object };
    Scope scope = Scope::Line;
    std::string rule;
    SourceRange range;             // the rule id as written (in the comment or the annotation)
    int line = 0;                  // Scope::Line: the 1-based line it covers
    const Object* object = nullptr; // Scope::Object: the annotated object
    bool used = false;
};

inline constexpr std::string_view kIgnoreAnnotation = "ordlint.dev/ignore";

class SuppressionIndex {
  public:
    explicit SuppressionIndex(const Workspace& workspace);

    // True when some suppression covers `diagnostic`; marks every such suppression used.
    bool suppresses(const Diagnostic& diagnostic);
    const std::vector<Suppression>& suppressions() const { return suppressions_; }

  private:
    // (file, line, rule) -> suppressions; line 0 for file scope, -1 for object scope.
    using Key = std::tuple<const SourceFile*, int, std::string_view>;
    std::vector<Suppression> suppressions_;
    std::map<Key, std::vector<std::size_t>> index_;
};

} // namespace ordlint
