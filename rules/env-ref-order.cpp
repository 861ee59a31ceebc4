#include "downward_api.hpp"
#include "edit_distance.hpp"
#include "env_vars.hpp"
#include "fixes.hpp"
#include "k8s_facts.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ordlint {

namespace {

SourceRange referenceRange(const Node& scalar, const VariableReference& reference) {
    return locateInScalar(scalar, reference.begin, reference.end - reference.begin)
        .value_or(scalar.range);
}

std::string undefinedHelp(std::string_view name, const ContainerEnvironment& environment) {
    if (auto nearest = uniqueNearest(name, environment.allNames(), 2))
        return fmt::format("did you mean $({})?", *nearest);
    return fmt::format(
        "define {0} in the container's env, or write $$({0}) if the text is meant literally", name);
}

class EnvRefOrderRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        EnvironmentIndex index(context.workspace);
        for (const Object& object : context.workspace.objects) {
            std::vector<PodTemplate> pods = distinctPodTemplatesOf(object);
            for (const PodTemplate& pod : pods) {
                for (const ContainerRef& container : containersOf(pod.spec)) {
                    ContainerEnvironment environment = index.environmentOf(pod, container);
                    // An envFrom source that is not in the input may define anything.
                    if (!environment.complete) continue;
                    checkEnvValues(object, environment, reporter);
                    for (const char* field : {"command", "args"})
                        checkCommand(object, container, field, environment, reporter);
                }
            }
        }
    }

  private:
    static void checkEnvValues(const Object& object, const ContainerEnvironment& environment,
                               Reporter& reporter) {
        for (std::size_t i = 0; i < environment.env.size(); ++i) {
            const EnvDefinition& definition = environment.env[i];
            const Node* valueNode = definition.entry->get("value");
            std::optional<std::string_view> value = valueNode ? valueNode->string() : std::nullopt;
            if (!value) continue;
            for (const VariableReference& reference : scanExpansion(*value).references) {
                if (!isVariableName(reference.name) || environment.definedBefore(reference.name, i))
                    continue;
                SourceRange range = referenceRange(*valueNode, reference);
                const EnvDefinition* later = environment.definedFrom(reference.name, i + 1);
                if (later) {
                    Position at = later->entry->range.file->position(later->entry->range.begin);
                    Diagnostic& d =
                        reporter.report(object, range,
                                        fmt::format("$({0}) in the value of {1} refers to {0}, "
                                                    "which is defined later in env "
                                                    "(line {2}); the kubelet expands only "
                                                    "variables defined before, so {1} gets "
                                                    "the literal text \"$({0})\"",
                                                    reference.name, definition.name, at.line));
                    d.help = fmt::format("move {} above {}", reference.name, definition.name);
                    d.related.push_back(
                        {later->entry->range, fmt::format("{} is defined here", reference.name)});
                } else if (environment.appendedDefinition(reference.name)) {
                    Diagnostic& d =
                        reporter.report(object, range,
                                        fmt::format("$({0}) in the value of {1} stays literal: the "
                                                    "Job controller appends {0} "
                                                    "after the container's env entries, so only "
                                                    "command and args can use it",
                                                    reference.name, definition.name));
                    d.help = fmt::format("define the index before {} with valueFrom.fieldRef."
                                         "fieldPath: metadata.annotations['{}'], or use $({}) "
                                         "in command/args",
                                         definition.name, kCompletionIndexKey, reference.name);
                } else if (reference.name == definition.name) {
                    Diagnostic& d =
                        reporter.report(object, range,
                                        fmt::format("$({0}) in the value of {0} refers to {0} "
                                                    "itself, which is not defined before "
                                                    "it (the image's value is not visible to the "
                                                    "kubelet); {0} gets the literal "
                                                    "text \"$({0})\"",
                                                    reference.name));
                    d.help = fmt::format(
                        "set the complete value of {0}, or build it in the container's command "
                        "(sh -c 'export {0}=...; exec ...')",
                        reference.name);
                } else if (!environment.unknownProducer) {
                    Diagnostic& d =
                        reporter.report(object, range,
                                        fmt::format("$({0}) in the value of {1} names no variable "
                                                    "defined before it; {1} gets the "
                                                    "literal text \"$({0})\"",
                                                    reference.name, definition.name));
                    d.help = undefinedHelp(reference.name, environment);
                }
            }
        }
    }

    static void checkCommand(const Object& object, const ContainerRef& container, const char* field,
                             const ContainerEnvironment& environment, Reporter& reporter) {
        if (environment.unknownProducer) return; // its controller may inject any variable
        const Node* list = container.node->get(field);
        if (!list || !list->isSequence()) return;
        for (const Node* item : list->items()) {
            std::optional<std::string_view> text =
                item->isScalar() ? std::optional<std::string_view>(item->value()) : std::nullopt;
            if (!text) continue;
            for (const VariableReference& reference : scanExpansion(*text).references) {
                if (!isVariableName(reference.name) || environment.definedAnywhere(reference.name))
                    continue;
                // `$(hostname)` in a shell script is command substitution the shell runs later.
                bool shellCommand =
                    std::none_of(reference.name.begin(), reference.name.end(), [](char c) {
                        return std::isupper(static_cast<unsigned char>(c));
                    });
                if (shellCommand) continue;
                Diagnostic& d =
                    reporter.report(object, referenceRange(*item, reference),
                                    fmt::format("$({0}) in the {1} of container \"{2}\" names no "
                                                "variable of the container; the "
                                                "kubelet passes the literal text \"$({0})\"",
                                                reference.name, field, container.name));
                d.help = undefinedHelp(reference.name, environment);
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeEnvRefOrderRule() {
    return std::make_unique<EnvRefOrderRule>();
}

} // namespace ordlint
