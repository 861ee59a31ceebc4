#pragma once
// What ordlint's command line offers, read from its CLI11 definition (the one `--help`
// prints), and everything derived from it: shell completion scripts, the man page, the
// version text and "did you mean" suggestions for argument errors. One definition, so the
// completions and the man page cannot drift from the help text.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class ParseError;
} // namespace CLI

namespace ordlint {

// What an option's or positional's value is, for completion: from its type name in the help
// text (FILE, DIR, PATH, RULE, RULE=SEVERITY) or its list of choices.
enum class ValueKind { None, Text, File, Directory, Path, Rules, RuleSeverity, Choice };

struct CliOption {
    std::vector<std::string> names; // "--format", "-h"; a positional's name ("paths")
    std::string valueName;          // as --help shows it: "FILE", "RULE,...", "" for flags
    ValueKind kind = ValueKind::None;
    std::vector<std::string> choices; // for ValueKind::Choice
    std::string description;
    std::string defaultValue;
    bool repeatable = false;
    bool required = false;

    // The value's name without the validators' notes CLI11 appends ("N" of "N:INT in [1 - 1000]").
    std::string shortValueName() const { return valueName.substr(0, valueName.find(':')); }
};

struct CliCommand {
    std::string name; // "" for ordlint itself
    std::string description;
    std::vector<CliOption> options;     // flags and options, --help first
    std::vector<CliOption> positionals; // in order
};

struct CliReference {
    CliCommand main;
    std::vector<CliCommand> subcommands; // the visible ones, in definition order
    std::vector<std::string> ruleIds;
    std::vector<std::string> severities; // what RULE=SEVERITY accepts
};

CliReference describeCommandLine(const CLI::App& app);

// `ordlint completion SHELL`: a completion script for bash, zsh or fish; nullopt for another shell.
std::optional<std::string> completionScript(const CliReference& reference, std::string_view shell);
inline const std::vector<std::string> kCompletionShells = {"bash", "zsh", "fish"};

// The man page ordlint(1) in roff, generated at build time (`ordlint manpage`).
std::string manPage(const CliReference& reference);

// `ordlint version` and `ordlint --version`: version, bundled schemas, and which build this is.
std::string versionText();

// The candidates a mistyped `word` most likely meant: every candidate it is a prefix or a
// dash-separated part of ("duplicate" → duplicate-key, duplicate-object), else those at the
// smallest edit distance within a limit that grows with the word. Empty when none is close.
std::vector<std::string> suggestionsFor(std::string_view word,
                                        const std::vector<std::string>& candidates);

// " (did you mean A or B?)", or "" when there is no suggestion.
std::string didYouMean(const std::vector<std::string>& suggestions);

// The usage-error message (without the "ordlint: " prefix) for a rule id that does not exist.
std::string unknownRuleMessage(std::string_view id);

// The message of a CLI11 parse error, with a suggestion for a mistyped option or value.
std::string describeParseError(const CLI::App& app, const CLI::ParseError& error);

// For PATH arguments that do not exist but look like a mistyped subcommand (`ordlint explian`):
// the error to print instead of only "no such file or directory".
std::optional<std::string> mistypedCommand(const std::vector<std::string>& paths,
                                           const CLI::App& app);

} // namespace ordlint
