#pragma once
// Suppressions written in the manifests themselves:
//   `# ordlint-ignore RULE[,RULE] -- reason`  on the offending line, or alone on the line above
//   `# ordlint-ignore-file RULE[,RULE]`       anywhere in a file: the whole file
//   annotation `ordlint.dev/ignore: "RULE,..."` on an object, or on its pod template
//   (`spec.template.metadata.annotations`): every finding on that object
// Each rule named is one Suppression, so that an ignore naming two rules of which only one
// fires can report the other as unused (rule unused-ignore).

#include "diagnostic.hpp"
#include "model.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace ordlint {

struct Suppression {
    enum class Scope { Line, File, Object };
    Scope scope = Scope::Line;
    std::string rule;
    SourceRange range;              // the rule id as written (in the comment or the annotation)
    int line = 0;                   // Scope::Line: the 1-based line it covers
    const Object* object = nullptr; // Scope::Object: the annotated object
    bool used = false;
};

// The suppression syntax, written here only.
inline constexpr std::string_view kIgnoreComment = "ordlint-ignore";          // `# ordlint-ignore`
inline constexpr std::string_view kIgnoreFileComment = "ordlint-ignore-file"; // whole file
inline constexpr std::string_view kIgnoreAnnotation = "ordlint.dev/ignore";

class SuppressionIndex {
  public:
    explicit SuppressionIndex(const Workspace& workspace);

    // True when some suppression covers `diagnostic`; marks every such suppression used.
    bool suppresses(const Diagnostic& diagnostic);
    const std::vector<Suppression>& suppressions() const { return suppressions_; }

  private:
    // (file, line, rule) -> suppressions; line 0 for file scope, -1 for object scope. The key
    // owns its rule id: a view into suppressions_ would dangle in a copy of the index.
    struct Key {
        const SourceFile* file = nullptr;
        int line = 0;
        std::string rule;
    };
    // Orders keys, and finds one from a (file, line, rule) view without copying the rule id.
    struct KeyLess {
        using is_transparent = void;
        using View = std::tuple<const SourceFile*, int, std::string_view>;
        static View view(const Key& key) { return {key.file, key.line, key.rule}; }
        static const View& view(const View& key) { return key; }
        template <class A, class B> bool operator()(const A& a, const B& b) const {
            return view(a) < view(b);
        }
    };
    std::vector<Suppression> suppressions_;
    std::map<Key, std::vector<std::size_t>, KeyLess> index_;
};

// The edit that silences `diagnostic` in its file (the language server's "Ignore RULE"
// actions). Scope::Line: `# ordlint-ignore RULE` on its own line above the finding, indented
// like it; Scope::File: `# ordlint-ignore-file RULE` at the top of the file. When the line
// above (the first line) already is such a comment, RULE joins its list instead
// ("a,b -- reason" -> "a,b,RULE -- reason"); nullopt when that list names RULE already.
std::optional<Fix> ignoreFix(const Diagnostic& diagnostic, Suppression::Scope scope);

} // namespace ordlint
