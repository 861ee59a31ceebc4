#include "downward_api.hpp"
#include "env_vars.hpp"
#include "fixes.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <unordered_set>

namespace ordlint {

namespace {

struct ShellConstruct {
    enum class Kind { CommandSubstitution, Unclosed, BraceVariable, Backticks } kind;
    std::size_t begin = 0; // offsets in the value
    std::size_t end = 0;
    std::string name;         // BraceVariable: the variable
    bool plainBraces = false; // BraceVariable: exactly ${NAME}, no shell operator
};

std::string describe(const ShellConstruct& construct, std::string_view value) {
    std::string_view text = value.substr(construct.begin, construct.end - construct.begin);
    if (text.size() > 40) text = text.substr(0, 37);
    std::string shown =
        quotedForMessage(std::string(text) + (construct.end - construct.begin > 40 ? "..." : ""));
    switch (construct.kind) {
    case ShellConstruct::Kind::CommandSubstitution:
        return fmt::format("command substitution {}", shown);
    case ShellConstruct::Kind::Unclosed:
        return fmt::format("{} with no closing parenthesis", shown);
    case ShellConstruct::Kind::BraceVariable:
        return fmt::format("shell variable syntax {}", shown);
    case ShellConstruct::Kind::Backticks:
        return fmt::format("backtick command substitution {}", shown);
    }
    return shown;
}

// `${NAME}` and `${NAME:-default}`-style expansions, skipping `$$` escapes as the kubelet does.
std::vector<ShellConstruct> braceVariables(std::string_view value) {
    std::vector<ShellConstruct> found;
    for (std::size_t i = 0; i + 1 < value.size(); ++i) {
        if (value[i] != '$') continue;
        if (value[i + 1] == '$') {
            ++i;
            continue;
        }
        if (value[i + 1] != '{') continue;
        std::size_t close = value.find('}', i + 2);
        if (close == std::string_view::npos) continue;
        std::string_view body = value.substr(i + 2, close - i - 2);
        std::size_t nameEnd = 0;
        while (nameEnd < body.size() &&
               (std::isalnum(static_cast<unsigned char>(body[nameEnd])) || body[nameEnd] == '_'))
            ++nameEnd;
        bool operatorFollows =
            nameEnd < body.size() &&
            std::string_view(":-=?+#%/").find(body[nameEnd]) != std::string_view::npos;
        if (nameEnd == 0 || std::isdigit(static_cast<unsigned char>(body[0])) ||
            (nameEnd < body.size() && !operatorFollows))
            continue;
        found.push_back({ShellConstruct::Kind::BraceVariable, i, close + 1,
                         std::string(body.substr(0, nameEnd)), nameEnd == body.size()});
        i = close;
    }
    return found;
}

// A manifest meant for envsubst (or a tutorial's search-and-replace) has whole values that are
// placeholders, such as `image: $IMAGE_URL` or `value: "${HF_TOKEN}"`; its `${NAME}` are
// replaced before Kubernetes ever sees them.
bool isPlaceholder(std::string_view value, std::string* name = nullptr) {
    static const RE2 placeholder(R"(\$\{?([A-Za-z_][A-Za-z0-9_]*)(:?-[^}]*)?\}?)");
    return RE2::FullMatch(value, placeholder, name);
}

// Placeholders outside env lists (env values are judged with their container's variables).
bool hasPlaceholderOutsideEnv(const Node* root) {
    std::vector<const Node*> pending{root};
    std::unordered_set<const Node*> visited;
    while (!pending.empty()) {
        const Node* node = pending.back();
        pending.pop_back();
        if (!node || !visited.insert(node).second) continue;
        if (node->isScalar() && isPlaceholder(node->value())) return true;
        pending.insert(pending.end(), node->items().begin(), node->items().end());
        for (const MapEntry& entry : node->entries()) {
            bool skipped = entry.key->isScalar() &&
                           (entry.key->value() == "command" || entry.key->value() == "args" ||
                            entry.key->value() == "env");
            if (!skipped) pending.push_back(entry.value);
        }
    }
    return false;
}

// An env value that is a whole placeholder for something the container does not define
// (`HF_TOKEN: ${HF_TOKEN}`, `MODEL: $MODEL_ID`) is filled in at deploy time.
bool hasEnvPlaceholder(const ContainerEnvironment& environment) {
    for (const EnvDefinition& definition : environment.env) {
        const Node* value = definition.entry->get("value");
        std::string name;
        if (value && value->isScalar() && isPlaceholder(value->value(), &name) &&
            (name == definition.name || !environment.definedAnywhere(name)))
            return true;
    }
    return false;
}

class ShellInEnvRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        EnvironmentIndex index(context.workspace);
        for (const Object& object : context.workspace.objects) {
            std::vector<PodTemplate> pods = distinctPodTemplatesOf(object);
            std::vector<ContainerEnvironment> environments;
            for (const PodTemplate& pod : pods)
                for (const ContainerRef& container : containersOf(pod.spec))
                    environments.push_back(index.environmentOf(pod, container));
            std::optional<bool> templated; // computed on the first ${NAME}, as it walks the object
            auto isTemplate = [&] {
                if (!templated)
                    templated =
                        hasPlaceholderOutsideEnv(object.node) ||
                        std::any_of(environments.begin(), environments.end(), hasEnvPlaceholder);
                return *templated;
            };
            for (const ContainerEnvironment& environment : environments)
                checkContainer(object, environment, reporter, isTemplate);
        }
    }

  private:
    static void checkContainer(const Object& object, const ContainerEnvironment& environment,
                               Reporter& reporter, const std::function<bool()>& isTemplate) {
        for (std::size_t i = 0; i < environment.env.size(); ++i) {
            const EnvDefinition& definition = environment.env[i];
            const Node* valueNode = definition.entry->get("value");
            std::optional<std::string_view> value = valueNode ? valueNode->string() : std::nullopt;
            if (!value) continue;
            std::vector<ShellConstruct> constructs = shellConstructs(*value, environment, i);
            auto isBraceVariable = [](const ShellConstruct& c) {
                return c.kind == ShellConstruct::Kind::BraceVariable;
            };
            if (std::any_of(constructs.begin(), constructs.end(), isBraceVariable) && isTemplate())
                constructs.erase(
                    std::remove_if(constructs.begin(), constructs.end(), isBraceVariable),
                    constructs.end());
            if (constructs.empty()) continue;
            report(object, environment, i, *valueNode, constructs, reporter);
        }
    }

    static std::vector<ShellConstruct> shellConstructs(std::string_view value,
                                                       const ContainerEnvironment& environment,
                                                       std::size_t index) {
        std::vector<ShellConstruct> constructs;
        ExpansionScan scan = scanExpansion(value);
        for (const VariableReference& reference : scan.references)
            // A body that is a variable name is a reference (env-ref-order judges it); one that
            // names a declared variable is substituted by the kubelet whatever its characters.
            if (!isVariableName(reference.name) && !environment.definedAnywhere(reference.name))
                constructs.push_back({ShellConstruct::Kind::CommandSubstitution,
                                      reference.begin,
                                      reference.end,
                                      {},
                                      false});
        for (std::size_t at : scan.unclosed)
            constructs.push_back(
                {ShellConstruct::Kind::Unclosed, at, std::min(value.size(), at + 2), {}, false});
        const std::string& self = environment.env[index].name;
        for (ShellConstruct& brace : braceVariables(value)) {
            // ${NAME} is reported when NAME is the container's own variable, when the value
            // extends itself (PATH=${PATH}:/x), or when NAME is spelled like an environment
            // variable (no lower case). A lower-case ${grafana_host} is a fill-in-the-blank
            // placeholder; whole files of placeholders (envsubst) are excluded by the caller.
            bool containerVariable = brace.name != self && environment.definedAnywhere(brace.name);
            bool extendsItself = brace.name == self && value.size() > brace.end - brace.begin;
            bool variableSpelling = brace.name != self &&
                                    std::none_of(brace.name.begin(), brace.name.end(), [](char c) {
                                        return std::islower(static_cast<unsigned char>(c));
                                    });
            if (containerVariable || extendsItself || variableSpelling) constructs.push_back(brace);
        }
        if (std::size_t open = value.find('`'); open != std::string_view::npos)
            if (std::size_t close = value.find('`', open + 1);
                close != std::string_view::npos && close > open + 1)
                constructs.push_back({ShellConstruct::Kind::Backticks, open, close + 1, {}, false});
        std::sort(
            constructs.begin(), constructs.end(),
            [](const ShellConstruct& a, const ShellConstruct& b) { return a.begin < b.begin; });
        return constructs;
    }

    static void report(const Object& object, const ContainerEnvironment& environment,
                       std::size_t index, const Node& valueNode,
                       const std::vector<ShellConstruct>& constructs, Reporter& reporter) {
        const std::string& name = environment.env[index].name;
        std::string_view value = valueNode.value();
        const ShellConstruct& first = constructs.front();
        std::string more =
            constructs.size() > 1 ? fmt::format(" (and {} more)", constructs.size() - 1) : "";
        Diagnostic& d =
            reporter.report(object, valueNode.range,
                            fmt::format("the value of env var {} uses {}{}, which Kubernetes never "
                                        "evaluates: no shell runs on env "
                                        "values, so the container gets the literal text",
                                        name, describe(first, value), more));

        bool allReferences =
            std::all_of(constructs.begin(), constructs.end(), [&](const ShellConstruct& c) {
                return c.kind == ShellConstruct::Kind::BraceVariable && c.plainBraces &&
                       c.name != name && environment.definedBefore(c.name, index);
            });
        if (first.kind == ShellConstruct::Kind::BraceVariable && first.name == name)
            d.help = fmt::format(
                "Kubernetes cannot extend the image's own {0}: set the complete value, or build it "
                "in the container's command (sh -c 'export {0}=...; exec ...')",
                name);
        else if (first.kind == ShellConstruct::Kind::BraceVariable &&
                 environment.definedBefore(first.name, index))
            d.help = fmt::format("write $({}): Kubernetes expands $(NAME) from earlier env entries",
                                 first.name);
        else if (first.kind == ShellConstruct::Kind::BraceVariable &&
                 environment.definedAnywhere(first.name))
            d.help = fmt::format("write $({0}) and move {0} above {1}: Kubernetes expands "
                                 "$(NAME) only from earlier env entries",
                                 first.name, name);
        else if (first.kind == ShellConstruct::Kind::BraceVariable)
            // Not a variable of the container: the image's own (PATH, HOME) or nobody's;
            // $(NAME) would stay literal as well.
            d.help = fmt::format(
                "Kubernetes cannot read {0} from the image or the node: define {0} in an earlier "
                "env entry and write $({0}), set the complete value, or build it in the "
                "container's command (sh -c 'export {1}=...; exec ...')",
                first.name, name);
        else
            d.help = fmt::format(
                "compute the value where a shell runs: in the container's command "
                "(sh -c 'export {}=...; exec ...') or an init container; use $(VAR) only to "
                "reference another env var",
                name);
        if (!allReferences) return;
        Fix fix{"use Kubernetes $(VAR) references", {}};
        for (const ShellConstruct& c : constructs) {
            std::optional<SourceRange> range = locateInScalar(valueNode, c.begin, c.end - c.begin);
            if (!range || valueNode.style == ScalarStyle::Literal) return;
            fix.edits.push_back({*range, fmt::format("$({})", c.name)});
        }
        d.fix = std::move(fix);
    }
};

} // namespace

std::unique_ptr<Rule> makeShellInEnvRule() {
    return std::make_unique<ShellInEnvRule>();
}

} // namespace ordlint
