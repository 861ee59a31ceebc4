#pragma once
// The contract between the engine and the rules: a rule reads the workspace and reports
// diagnostics; the engine decides which rules run, their severity, and what gets printed.

#include "diagnostic.hpp"
#include "model.hpp"
#include "settings.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ordlint {

class PodModel;
class RuleRegistry;
class RunKinds;
struct SchemaReport;
class SuppressionIndex;

// Schema validation, shared by the schema rules: the first rule to ask computes it (rules run
// in parallel; a second asker waits for the first).
struct SharedSchemaReport {
    std::once_flag computed;
    std::shared_ptr<const SchemaReport> report;
};

struct LintContext {
    const Workspace& workspace;
    const LintSettings& settings;
    // The rules of this run's registry (an unknown id in a suppression is not one of them).
    const RuleRegistry& rules;
    // The pods every workload will create and every pod selector (pod_model.hpp); built by
    // the engine before any rule runs.
    const PodModel* pods = nullptr;
    // The kinds the run defines itself (its CRDs and --schema-dir, run_kinds.hpp); built with
    // the pod model.
    const RunKinds* runKinds = nullptr;
    // Schema validation, computed on first use (schemaReport()); copies of a context share it.
    std::shared_ptr<SharedSchemaReport> schemaReport = std::make_shared<SharedSchemaReport>();
    // Only for rules that run after suppressions are applied (Rule::afterSuppressions):
    // the run's suppressions, marked with whether they suppressed something, and the ids of
    // the rules that ran.
    const SuppressionIndex* suppressions = nullptr;
    const std::set<std::string>* rulesRun = nullptr;
};

// Schema validation of this run (schema_validation.hpp), computed on first use (by the first
// rule that asks; engine.cpp) and shared by the rules that read it.
const SchemaReport& schemaReport(const LintContext& context);

class Reporter {
  public:
    // Keeps at most `maxPerFile` findings per file; the others are only counted (dropped()).
    explicit Reporter(std::size_t maxPerFile = SIZE_MAX) : maxPerFile_(maxPerFile) {}
    // A finding on `object` at `range`; the returned diagnostic can be given help, related
    // locations and a fix, also after the rule has reported more: the reference stays valid as
    // long as the reporter. Rule id and severity are filled in by the engine.
    Diagnostic& report(const Object& object, SourceRange range, std::string message);
    // A finding on a file rather than an object.
    Diagnostic& reportInFile(SourceRange range, std::string message);
    // The findings so far, in the order they were reported; the reporter is empty afterwards.
    std::deque<Diagnostic> take() { return std::exchange(reported_, {}); }

    struct Dropped {
        SourceRange first; // where the first finding not kept was
        std::size_t count = 0;
    };
    const std::map<const SourceFile*, Dropped>& dropped() const { return dropped_; }

  private:
    // Where the next finding goes: the reported ones, or a scratch diagnostic past the file's
    // limit.
    Diagnostic& slot(const SourceRange& range);

    // A deque, not a vector: adding at the end never moves the elements already there, so the
    // references report() handed out do not dangle when a rule reports again.
    std::deque<Diagnostic> reported_;
    std::size_t maxPerFile_;
    std::map<const SourceFile*, std::size_t> kept_;
    std::map<const SourceFile*, Dropped> dropped_;
    Diagnostic scratch_;
};

class Rule {
  public:
    virtual ~Rule() = default;
    virtual void check(const LintContext& context, Reporter& reporter) const = 0;
    // True for a rule about the other rules' findings: it runs once they went through the
    // suppressions, and gets them in LintContext::suppressions.
    virtual bool afterSuppressions() const { return false; }
    // True for a rule that reads the schema report (schemaReport()): the engine starts the
    // validation before the other rules and schedules this rule after them.
    virtual bool readsSchemaReport() const { return false; }
};

struct RuleEntry {
    std::string_view id;
    Severity defaultSeverity;
    std::unique_ptr<Rule> (*make)();
    std::string_view documentation; // rules/<id>.md
};

// The rules a run can choose from, in documentation order. The engine takes it as a
// parameter: ordlint's own rules are `builtinRules()` (rules/registry.hpp); tests pass others.
class RuleRegistry {
  public:
    explicit RuleRegistry(std::vector<RuleEntry> entries) : entries_(std::move(entries)) {}
    std::vector<RuleEntry>::const_iterator begin() const { return entries_.begin(); }
    std::vector<RuleEntry>::const_iterator end() const { return entries_.end(); }
    std::size_t size() const { return entries_.size(); }
    const RuleEntry& operator[](std::size_t index) const { return entries_[index]; }
    const RuleEntry* find(std::string_view id) const;

  private:
    std::vector<RuleEntry> entries_;
};

// The first sentence-line of the rule's documentation after its title.
std::string ruleSummary(const RuleEntry& rule);

} // namespace ordlint
