#include "cli_reference.hpp"

#include "api_catalog.hpp"
#include "build_info.hpp"
#include "edit_distance.hpp"
#include "output.hpp"
#include "project_identity.hpp"
#include "registry.hpp"
#include "schema_store.hpp"
#include "schema_validation.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace ordlint {
namespace {

std::vector<std::string> splitOn(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string_view::npos;
         start = at + 1)
        parts.emplace_back(text.substr(start, at - start));
    parts.emplace_back(text.substr(start));
    return parts;
}

ValueKind kindOf(const std::string& valueName) {
    if (valueName.rfind("FILE", 0) == 0) return ValueKind::File;
    if (valueName.rfind("DIR", 0) == 0) return ValueKind::Directory;
    if (valueName.rfind("PATH", 0) == 0) return ValueKind::Path;
    if (valueName.rfind("RULE=", 0) == 0) return ValueKind::RuleSeverity;
    if (valueName.rfind("RULE", 0) == 0) return ValueKind::Rules;
    return ValueKind::Text;
}

CliOption describeOption(const CLI::Option& option) {
    CliOption result;
    if (option.get_positional()) {
        result.names = {option.get_name()};
    } else {
        for (const std::string& name : option.get_lnames())
            result.names.push_back("--" + name);
        for (const std::string& name : option.get_snames())
            result.names.push_back("-" + name);
    }
    result.description = option.get_description();
    result.defaultValue = option.get_default_str();
    result.repeatable = option.get_items_expected_max() > 1;
    result.required = option.get_required();
    if (option.get_items_expected_max() == 0) return result; // a flag
    result.valueName = option.get_type_name();
    // CLI::IsMember shows its choices in the type name: TEXT:{text,json,...}.
    auto open = result.valueName.find('{');
    auto close = result.valueName.rfind('}');
    if (open != std::string::npos && close != std::string::npos && close > open) {
        result.kind = ValueKind::Choice;
        result.choices =
            splitOn(std::string_view(result.valueName).substr(open + 1, close - open - 1), ',');
    } else {
        result.kind = kindOf(result.valueName);
    }
    return result;
}

CliCommand describeCommand(const CLI::App& app, std::string name) {
    CliCommand command;
    command.name = std::move(name);
    command.description = app.get_description();
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_group().empty()) continue; // hidden
        (option->get_positional() ? command.positionals : command.options)
            .push_back(describeOption(*option));
    }
    return command;
}

const CliOption* findOption(const CliCommand& command, std::string_view name) {
    for (const CliOption& option : command.options)
        if (std::find(option.names.begin(), option.names.end(), name) != option.names.end())
            return &option;
    return nullptr;
}

std::vector<std::string> optionNames(const CliCommand& command) {
    std::vector<std::string> names;
    for (const CliOption& option : command.options)
        names.insert(names.end(), option.names.begin(), option.names.end());
    return names;
}

std::string joined(const std::vector<std::string>& words, std::string_view separator = " ") {
    std::string text;
    for (const std::string& word : words)
        text += (text.empty() ? "" : std::string(separator)) + word;
    return text;
}

std::vector<std::string> commandNames(const CliReference& reference) {
    std::vector<std::string> names;
    for (const CliCommand& command : reference.subcommands)
        names.push_back(command.name);
    return names;
}

// ---- bash ----------------------------------------------------------------------------------

// Every option of a lint run that takes a value (so that its value is not taken for a subcommand).
std::string optionsTakingValues(const CliReference& reference, std::string_view separator) {
    std::vector<std::string> names;
    for (const CliOption& option : reference.main.options)
        if (option.kind != ValueKind::None)
            names.insert(names.end(), option.names.begin(), option.names.end());
    return joined(names, separator);
}

// Bash statements that complete the value of `option` (whose current word is $cur).
std::string bashValueCompletion(const CliOption& option) {
    switch (option.kind) {
    case ValueKind::Choice:
        return fmt::format("COMPREPLY=($(compgen -W '{}' -- \"$cur\"))", joined(option.choices));
    case ValueKind::File:
    case ValueKind::Path:
        return "compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\"))";
    case ValueKind::Directory:
        return "compopt -o filenames; COMPREPLY=($(compgen -d -- \"$cur\"))";
    case ValueKind::Rules:
        return "_ordlint_rule_list";
    case ValueKind::RuleSeverity:
        return "_ordlint_rule_severity";
    case ValueKind::None:
    case ValueKind::Text:
        break;
    }
    return "COMPREPLY=()";
}

std::string bashOptionValues(const CliCommand& command, std::string_view indent) {
    std::string text;
    for (const CliOption& option : command.options) {
        if (option.kind == ValueKind::None) continue;
        text += fmt::format("{}{}) {}; return ;;\n", indent, joined(option.names, "|"),
                            bashValueCompletion(option));
    }
    return text;
}

std::string bashScript(const CliReference& reference) {
    std::string script = R"(# bash completion for ordlint (generated by `ordlint completion bash`).
# Load it with: source <(ordlint completion bash)
# shellcheck disable=SC2207 # COMPREPLY=($(compgen ...)) is how completions are listed

_ordlint_rule_ids='all )" +
                         joined(reference.ruleIds) + R"('

# --enable/--disable take comma-separated rule ids: complete the last one.
_ordlint_rule_list() {
  local done="" last="$cur"
  if [[ $cur == *,* ]]; then done="${cur%,*},"; last="${cur##*,}"; fi
  COMPREPLY=($(compgen -P "$done" -W "$_ordlint_rule_ids" -- "$last"))
  compopt -o nospace
}

# --severity RULE=SEVERITY
_ordlint_rule_severity() {
  if [[ $cur == *=* ]]; then
    COMPREPLY=($(compgen -P "${cur%%=*}=" -W ')" +
                         joined(reference.severities) + R"(' -- "${cur#*=}"))
  else
    COMPREPLY=($(compgen -S = -W "${_ordlint_rule_ids#all }" -- "$cur"))
    compopt -o nospace
  fi
}

_ordlint() {
  # Bash splits words at "=" (COMP_WORDBREAKS): join them again to see the whole word.
  local -a words=()
  local i
  for ((i = 0; i <= COMP_CWORD; i++)); do
    if ((i > 1)) && [[ ${COMP_WORDS[i]} == = || ${COMP_WORDS[i-1]} == = ]]; then
      words[${#words[@]}-1]+=${COMP_WORDS[i]}
    else
      words+=("${COMP_WORDS[i]}")
    fi
  done
  local cword=$((${#words[@]} - 1))
  local cur=${words[cword]} prev=${words[cword-1]}
  if [[ $cur == --*=* ]]; then prev=${cur%%=*}; cur=${cur#*=}; fi

  # The subcommand, if one was given before the word being completed.
  local command="" paths=""
  for ((i = 1; i < cword; i++)); do
    case "${words[i]}" in
      )" + optionsTakingValues(reference, "|") +
                         R"() ((i++)) ;;
      -*) ;;
      )" + joined(commandNames(reference), "|") +
                         R"() command="${words[i]}"; break ;;
      *) paths=yes; break ;; # a path: no subcommand follows
    esac
  done

  COMPREPLY=()
  _ordlint_candidates
  # Bash replaces only the text after the word's last "=": drop what comes before it.
  local part=${COMP_WORDS[COMP_CWORD]}
  [[ $part == = ]] && part=""
  local drop=$((${#cur} - ${#part}))
  if ((drop > 0)); then
    for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]:drop}; done
  fi
}

# Candidates for $cur (after $prev, in $command, with $words and $cword) into COMPREPLY.
_ordlint_candidates() {
  case "$command" in
)";
    script += "    \"\")\n      case \"$prev\" in\n" +
              bashOptionValues(reference.main, "        ") + "      esac\n";
    script += fmt::format(
        "      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '{}' -- \"$cur\")); return; fi\n",
        joined(optionNames(reference.main)));
    script +=
        fmt::format("      compopt -o filenames\n      COMPREPLY=($(compgen -f -- \"$cur\"))\n"
                    "      [[ $paths ]] || COMPREPLY+=($(compgen -W '{}' -- \"$cur\"))\n      ;;\n",
                    joined(commandNames(reference)));
    for (const CliCommand& command : reference.subcommands) {
        script += "    " + command.name + ")\n";
        std::string values = bashOptionValues(command, "        ");
        if (!values.empty()) script += "      case \"$prev\" in\n" + values + "      esac\n";
        script += fmt::format("      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '{}' -- "
                              "\"$cur\")); return; fi\n",
                              joined(optionNames(command)));
        if (!command.positionals.empty()) {
            // Only the first positional of a subcommand is completed (none takes more than one).
            const CliOption& positional = command.positionals.front();
            std::string positionalValues =
                positional.kind == ValueKind::Rules
                    ? "COMPREPLY=($(compgen -W \"${_ordlint_rule_ids#all }\" -- \"$cur\"))"
                    : bashValueCompletion(positional);
            script += "      if [[ ${words[cword-1]} == " + command.name + " ]]; then\n        " +
                      positionalValues + "\n      fi\n";
        }
        script += "      ;;\n";
    }
    script += "  esac\n}\n\ncomplete -F _ordlint ordlint\n";
    return script;
}

// ---- fish ----------------------------------------------------------------------------------

std::string fishQuoted(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\\' || c == '\'') quoted += '\\';
        quoted += c;
    }
    return quoted + "'";
}

std::string fishOption(const CliOption& option, const std::string& condition) {
    std::string line = "complete -c ordlint -n " + fishQuoted(condition);
    for (const std::string& name : option.names)
        line += (name.rfind("--", 0) == 0 ? " -l " + name.substr(2) : " -s " + name.substr(1));
    switch (option.kind) {
    case ValueKind::None:
        break;
    case ValueKind::Choice:
        line += " -x -a " + fishQuoted(joined(option.choices));
        break;
    case ValueKind::File:
    case ValueKind::Path:
        line += " -r -F";
        break;
    case ValueKind::Directory:
        line += " -x -a '(__fish_complete_directories)'";
        break;
    case ValueKind::Rules:
        line += " -x -a '(__ordlint_rule_list)'";
        break;
    case ValueKind::RuleSeverity:
        line += " -x -a '(__ordlint_rule_severity)'";
        break;
    case ValueKind::Text:
        line += " -x";
        break;
    }
    return line + " -d " + fishQuoted(option.description) + "\n";
}

std::string fishPositional(const CliOption& positional, const std::string& condition) {
    std::string line = "complete -c ordlint -n " + fishQuoted(condition);
    switch (positional.kind) {
    case ValueKind::Choice:
        return line + " -f -a " + fishQuoted(joined(positional.choices)) + "\n";
    case ValueKind::Rules:
        return line + " -f -a '(__ordlint_rules)'\n";
    case ValueKind::File:
    case ValueKind::Path:
        return line + " -F\n";
    default:
        return line + " -f\n";
    }
}

std::string fishScript(const CliReference& reference) {
    std::string commands = joined(commandNames(reference));
    std::string script = "# fish completion for ordlint (generated by `ordlint completion fish`).\n"
                         "# Load it with: ordlint completion fish | source\n\n"
                         "function __ordlint_rules\n";
    for (const std::string& id : reference.ruleIds)
        script += "    printf '%s\\t%s\\n' " + fishQuoted(id) + " " +
                  fishQuoted(ruleSummary(*builtinRules().find(id))) + "\n";
    script +=
        "end\n\n"
        "# --enable/--disable take comma-separated rule ids: complete the last one.\n"
        "function __ordlint_rule_list\n"
        "    set -l done (string match -r '^.*,' -- (commandline -ct))\n"
        "    for id in all (__ordlint_rules | string replace -r '\\t.*' '')\n"
        "        printf '%s%s\\n' \"$done\" $id\n"
        "    end\n"
        "end\n\n"
        "function __ordlint_rule_severity\n"
        "    set -l token (commandline -ct)\n"
        "    if string match -q '*=*' -- $token\n"
        "        set -l rule (string replace -r '=.*' '' -- $token)\n"
        "        for severity in " +
        joined(reference.severities) +
        "\n            printf '%s=%s\\n' $rule $severity\n"
        "        end\n"
        "    else\n"
        "        __ordlint_rules | string replace -r '\\t.*' '='\n"
        "    end\n"
        "end\n\n"
        "# True when no subcommand is on the line yet (paths and options of a lint run).\n"
        "function __ordlint_linting\n"
        "    not __fish_seen_subcommand_from " +
        commands +
        "\nend\n\n"
        "# True while only options are on the line: a subcommand may come next, not after a path.\n"
        "function __ordlint_needs_command\n"
        "    set -l words (commandline -opc)\n"
        "    set -l value 0\n"
        "    for word in $words[2..-1]\n"
        "        if test $value = 1\n"
        "            set value 0\n"
        "        else if contains -- $word " +
        optionsTakingValues(reference, " ") +
        "\n            set value 1\n"
        "        else if not string match -q -- '-*' $word\n"
        "            return 1\n"
        "        end\n"
        "    end\n"
        "end\n\n";
    for (const CliCommand& command : reference.subcommands)
        script += "complete -c ordlint -n __ordlint_needs_command -a " + command.name + " -d " +
                  fishQuoted(command.description) + "\n";
    for (const CliOption& option : reference.main.options)
        script += fishOption(option, "__ordlint_linting");
    for (const CliCommand& command : reference.subcommands) {
        std::string condition = "__fish_seen_subcommand_from " + command.name;
        for (const CliOption& option : command.options)
            script += fishOption(option, condition);
        script += command.positionals.empty()
                      ? "complete -c ordlint -n " + fishQuoted(condition) + " -f\n"
                      : fishPositional(command.positionals.front(), condition);
    }
    return script;
}

// ---- zsh -----------------------------------------------------------------------------------

// Text inside a single-quoted _arguments spec: [description] and action parts.
std::string zshSpecText(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        if (c == '\'') {
            escaped += "'\\''";
            continue;
        }
        if (c == '[' || c == ']' || c == ':' || c == '\\') escaped += '\\';
        escaped += c;
    }
    return escaped;
}

std::string zshAction(const CliOption& option) {
    std::string name = option.valueName.empty() ? option.names.front() : option.valueName;
    std::string label = zshSpecText(option.kind == ValueKind::Choice ? option.names.front() : name);
    switch (option.kind) {
    case ValueKind::Choice:
        return label + ":(" + joined(option.choices) + ")";
    case ValueKind::File:
    case ValueKind::Path:
        return label + ":_files";
    case ValueKind::Directory:
        return label + ":_files -/";
    case ValueKind::Rules:
        return label + ":_ordlint_rule_list";
    case ValueKind::RuleSeverity:
        return label + ":_ordlint_rule_severity";
    case ValueKind::None:
    case ValueKind::Text:
        break;
    }
    return label + ": ";
}

std::string zshOptionSpecs(const CliCommand& command, std::string_view indent) {
    std::string specs;
    for (const CliOption& option : command.options) {
        std::string description = "[" + zshSpecText(option.description) + "]";
        for (const std::string& name : option.names) {
            std::string spec = (option.repeatable ? "*" : "") + name;
            if (option.kind != ValueKind::None) spec += (name.rfind("--", 0) == 0 ? "=" : "+");
            spec += description;
            if (option.kind != ValueKind::None) spec += ":" + zshAction(option);
            specs += fmt::format("{}'{}'\n", indent, spec);
        }
    }
    return specs;
}

std::string zshScript(const CliReference& reference) {
    std::string script = "#compdef ordlint\n"
                         "# zsh completion for ordlint (generated by `ordlint completion zsh`).\n"
                         "# Install it as _ordlint in a folder of $fpath, or load it with:\n"
                         "#   source <(ordlint completion zsh)\n\n"
                         "_ordlint_rules() {\n  local -a rules=(\n";
    for (const std::string& id : reference.ruleIds)
        script += "    '" + zshSpecText(id) + ":" +
                  zshSpecText(ruleSummary(*builtinRules().find(id))) + "'\n";
    script +=
        "  )\n  _describe -t rules rule rules\n}\n\n"
        "# --enable/--disable take comma-separated rule ids.\n"
        "_ordlint_rule_list() {\n  _values -s , rule all " +
        joined(reference.ruleIds) +
        "\n}\n\n"
        "# --severity RULE=SEVERITY\n"
        "_ordlint_rule_severity() {\n"
        "  if compset -P '*='; then\n    _values severity " +
        joined(reference.severities) + "\n  else\n    compadd -S = -- " +
        joined(reference.ruleIds) +
        "\n  fi\n}\n\n"
        "_ordlint() {\n  local curcontext=\"$curcontext\" state line\n  local -a lint_options=(\n" +
        zshOptionSpecs(reference.main, "    ") +
        "  )\n  _arguments -C -S $lint_options '1: :->first' '*:: :->rest' && return\n"
        "  case $state in\n"
        "    first)\n      local -a commands=(\n";
    for (const CliCommand& command : reference.subcommands)
        script += "        '" + zshSpecText(command.name) + ":" + zshSpecText(command.description) +
                  "'\n";
    script += "      )\n"
              "      _alternative 'commands:command:_describe -t commands command commands' "
              "'paths:path:_files'\n"
              "      ;;\n"
              "    rest)\n"
              "      case $words[1] in\n";
    for (const CliCommand& command : reference.subcommands) {
        script += "        " + command.name + ")\n          _arguments -S \\\n";
        for (const CliOption& option : command.options) {
            std::string specs = zshOptionSpecs(CliCommand{"", "", {option}, {}}, "            ");
            for (const std::string& spec : splitOn(specs, '\n'))
                if (!spec.empty()) script += spec + " \\\n";
        }
        if (!command.positionals.empty()) {
            const CliOption& positional = command.positionals.front();
            std::string action =
                positional.kind == ValueKind::Rules ? "_ordlint_rules" : zshAction(positional);
            if (positional.kind == ValueKind::Rules)
                action = zshSpecText(positional.names.front()) + ":" + action;
            script += "            '1:" + action + "' \\\n";
        }
        script += "          ;;\n";
    }
    script += "        *)\n          _arguments -S $lint_options '*:path:_files'\n          ;;\n"
              "      esac\n      ;;\n  esac\n}\n\n"
              "if [ \"$funcstack[1]\" = _ordlint ]; then\n  _ordlint \"$@\"\nelse\n  compdef "
              "_ordlint ordlint\nfi\n";
    return script;
}

// ---- man page -------------------------------------------------------------------------------

std::string roff(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        if (c == '\\')
            escaped += "\\e";
        else if (c == '-')
            escaped += "\\-";
        else
            escaped += c;
    }
    if (!escaped.empty() && (escaped.front() == '.' || escaped.front() == '\''))
        escaped.insert(0, "\\&");
    return escaped;
}

std::string manOption(const CliOption& option) {
    std::string names;
    for (const std::string& name : option.names)
        names += (names.empty() ? "" : ", ") + ("\\fB" + roff(name) + "\\fR");
    std::string text = ".TP\n" + names;
    if (!option.valueName.empty()) text += " \\fI" + roff(option.shortValueName()) + "\\fR";
    text += "\n" + roff(option.description);
    if (option.kind == ValueKind::Choice) text += "; one of " + roff(joined(option.choices, ", "));
    if (!option.defaultValue.empty()) text += " (default: " + roff(option.defaultValue) + ")";
    return text + "\n";
}

std::string synopsisOf(const CliCommand& command) {
    std::string text = ".B ordlint";
    if (!command.name.empty()) text += " " + roff(command.name);
    if (!command.options.empty()) text += "\n[\\fIOPTIONS\\fR]";
    for (const CliOption& positional : command.positionals)
        text += std::string(positional.required ? " " : " [") + "\\fI" +
                roff(positional.shortValueName()) + "\\fR" + (positional.repeatable ? "..." : "") +
                (positional.required ? "" : "]");
    return text + "\n.br\n";
}

} // namespace

CliReference describeCommandLine(const CLI::App& app) {
    CliReference reference;
    reference.main = describeCommand(app, "");
    for (const CLI::App* sub :
         app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); }))
        reference.subcommands.push_back(describeCommand(*sub, sub->get_name()));
    for (const RuleEntry& rule : builtinRules())
        reference.ruleIds.emplace_back(rule.id);
    reference.severities = {"error", "warning", "info"};
    return reference;
}

std::optional<std::string> completionScript(const CliReference& reference, std::string_view shell) {
    if (shell == "bash") return bashScript(reference);
    if (shell == "zsh") return zshScript(reference);
    if (shell == "fish") return fishScript(reference);
    return std::nullopt;
}

std::string manPage(const CliReference& reference) {
    std::string summary = reference.main.description;
    if (summary.rfind("ordlint: ", 0) == 0) summary.erase(0, 9);
    std::string page =
        fmt::format(".TH ORDLINT 1 \"\" \"ordlint {}\" \"User Commands\"\n", kOrdlintVersion) +
        ".\\\" Generated by `ordlint manpage` from the command line's own help text.\n"
        ".SH NAME\nordlint \\- " +
        roff(summary) + "\n.SH SYNOPSIS\n" + synopsisOf(reference.main);
    for (const CliCommand& command : reference.subcommands)
        page += synopsisOf(command);
    page +=
        ".SH DESCRIPTION\n"
        "ordlint reads Kubernetes manifests (multi\\-document YAML and JSON: files, folders "
        "searched "
        "for *.yaml, *.yml and *.json, or \\- for standard input) and reports each mistake at its "
        "line "
        "and column, with the fact, the consequence and the fix. All files of one run are linted "
        "together, so rules about one object and another in a different file see both.\n"
        ".SH OPTIONS\n";
    for (const CliOption& option : reference.main.options)
        page += manOption(option);
    page += ".SH COMMANDS\n";
    for (const CliCommand& command : reference.subcommands) {
        page += ".TP\n\\fBordlint " + roff(command.name) + "\\fR";
        for (const CliOption& positional : command.positionals)
            page += " \\fI" + roff(positional.shortValueName()) + "\\fR";
        page += "\n" + roff(command.description) + "\n";
        bool indented = false;
        for (const CliOption& option : command.options) {
            if (option.names.front() == "--help") continue;
            if (!indented) page += ".RS\n";
            indented = true;
            page += manOption(option);
        }
        if (indented) page += ".RE\n";
    }
    page += ".SH RULES\n";
    for (const RuleEntry& rule : builtinRules())
        page += ".TP\n\\fB" + roff(rule.id) + "\\fR (" +
                std::string(severityName(rule.defaultSeverity)) + ")\n" + roff(ruleSummary(rule)) +
                "\n";
    page += ".SH EXIT STATUS\n"
            ".TP\n0\nno finding at or above \\fB\\-\\-fail\\-on\\fR\n"
            ".TP\n1\nat least one finding at or above \\fB\\-\\-fail\\-on\\fR\n"
            ".TP\n2\nusage error, unreadable path or internal error (with a message on standard "
            "error)\n"
            ".SH FILES\n"
            ".TP\n\\&" +
            roff(kConfigFileName) +
            "\nthe configuration file: the nearest one in the working directory or a folder "
            "above it, unless \\fB\\-\\-config\\fR names another (\\fBordlint init\\fR writes a "
            "commented default)\n"
            ".SH ENVIRONMENT\n"
            ".TP\nNO_COLOR\nwhen set and not empty, text output has no colours unless "
            "\\fB\\-\\-color always\\fR\n"
            ".SH SEE ALSO\n"
            "\\fBordlint explain\\fR \\fIRULE\\fR prints a rule's full documentation, also "
            "published at " +
            roff(ruleDocsUrl("RULE")) + ".\nHomepage: " + roff(kOrdlintHomepage) + "\n";
    return page;
}

std::string versionText() {
    const std::vector<KubeVersion>& releases = bundledKubernetesReleases();
    const ApiCatalog& catalog = ApiCatalog::bundled();
    std::string names;
    for (KubeVersion release : releases)
        names += (names.empty() ? "" : " ") + releaseName(release);
    return fmt::format("ordlint {}\nschemas: {}\nkubernetes releases: {} (default {}; "
                       "--kube-version also accepts {} to {}, validated with the {} schemas)\n"
                       "build: {}\n",
                       kOrdlintVersion, bundledSchemaVersion(), names, releaseName(KubeVersion{}),
                       releaseName(catalog.oldestAccepted()),
                       releaseName({1, releases.front().minor - 1}), releaseName(releases.front()),
                       kOrdlintBuild);
}

std::vector<std::string> suggestionsFor(std::string_view word,
                                        const std::vector<std::string>& candidates) {
    std::vector<std::string> found;
    if (word.size() >= 3) {
        for (const std::string& candidate : candidates) {
            if (candidate == word) continue;
            std::vector<std::string> parts = splitOn(candidate, '-');
            if (candidate.rfind(word, 0) == 0 ||
                std::find(parts.begin(), parts.end(), word) != parts.end())
                found.push_back(candidate);
        }
        if (!found.empty()) return found;
    }
    std::size_t limit = word.size() <= 3 ? 1 : std::max<std::size_t>(2, word.size() / 3);
    std::size_t best = limit + 1;
    for (const std::string& candidate : candidates) {
        if (candidate == word) continue;
        std::size_t distance = editDistance(word, candidate, limit);
        if (distance < best) {
            best = distance;
            found.clear();
        }
        if (distance == best && distance <= limit) found.push_back(candidate);
    }
    return found;
}

std::string didYouMean(const std::vector<std::string>& suggestions) {
    if (suggestions.empty()) return "";
    std::string list = suggestions.front();
    for (std::size_t i = 1; i < suggestions.size(); ++i)
        list += (i + 1 == suggestions.size() ? " or " : ", ") + suggestions[i];
    return " (did you mean " + list + "?)";
}

std::string unknownRuleMessage(std::string_view id) {
    std::vector<std::string> ids;
    for (const RuleEntry& rule : builtinRules())
        ids.emplace_back(rule.id);
    return fmt::format("unknown rule \"{}\"{}; see `ordlint rules`", id,
                       didYouMean(suggestionsFor(id, ids)));
}

std::string describeParseError(const CLI::App& app, const CLI::ParseError& error) {
    std::string message = error.what();
    CliReference reference = describeCommandLine(app);
    if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
        // "The following argument(s) was/were not expected: A B": the name is the command's.
        const CliCommand* command = &reference.main;
        for (const CliCommand& sub : reference.subcommands)
            if (sub.name == error.get_name()) command = &sub;
        std::string usage = command->name.empty() ? "ordlint" : "ordlint " + command->name;
        std::string first = splitOn(message.substr(message.find(": ") + 2), ' ').front();
        if (first.rfind("-", 0) == 0) {
            std::string name = first.substr(0, first.find('='));
            return fmt::format("unknown option {}{}; see `{} --help`", name,
                               didYouMean(suggestionsFor(name, optionNames(*command))), usage);
        }
        return fmt::format("unexpected argument \"{}\" for `{}`; see `{} --help`", first, usage,
                           usage);
    }
    // CLI::IsMember: "--format: jsno not in {text,json,...}".
    auto colon = message.find(": ");
    auto notIn = message.find(" not in {");
    if (colon != std::string::npos && notIn != std::string::npos && notIn > colon) {
        if (const CliOption* option = findOption(reference.main, message.substr(0, colon)))
            return message + didYouMean(suggestionsFor(message.substr(colon + 2, notIn - colon - 2),
                                                       option->choices));
    }
    return message;
}

std::optional<std::string> mistypedCommand(const std::vector<std::string>& paths,
                                           const CLI::App& app) {
    std::vector<std::string> commands = commandNames(describeCommandLine(app));
    for (const std::string& path : paths) {
        std::error_code ignored;
        if (path == "-" || path.find('/') != std::string::npos ||
            std::filesystem::exists(path, ignored))
            continue;
        std::vector<std::string> meant = suggestionsFor(path, commands);
        if (meant.empty()) continue;
        for (std::string& command : meant)
            command = "`ordlint " + command + "`";
        return fmt::format("{}: no such file or directory, and not a command{}", path,
                           didYouMean(meant));
    }
    return std::nullopt;
}

} // namespace ordlint
