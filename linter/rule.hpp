#pragma once
// The contract between the engine and the rules: a rule reads the workspace and reports
// diagnostics; the engine decides which rules run, their severity, and what gets printed.

#include "diagnostic.hpp"
#include "model.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

struct KubeVersion {
    int major = 1;
    int minor = 34;
    bool atLeast(int wantMajor, int wantMinor) const {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }
};

// "1.34" -> {1, 34}; nullopt unless the text is exactly MAJOR.MINOR in decimal digits.
std::optional<KubeVersion> parseKubeVersion(std::string_view text);

struct LintSettings {
    KubeVersion kubeVersion;
    int zones = 3;
    bool strict = false;
    std::vector<std::string> schemaDirs; // --schema-dir
    unsigned jobs = 0; // --jobs: threads for rules and schema validation (0: one per core)
};

class PodModel;
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
    // The pods every workload will create and every pod selector (pod_model.hpp); built by
    // the engine before any rule runs.
    const PodModel* pods = nullptr;
    // Schema validation, computed on first use (schemaReport()); copies of a context share it.
    std::shared_ptr<SharedSchemaReport> schemaReport = std::make_shared<SharedSchemaReport>();
    // Only for rules that run after suppressions are applied (Rule::afterSuppressions):
    // the run's suppressions, marked with whether they suppressed something, and the ids of
    // the rules that ran.
    const SuppressionIndex* suppressions = nullptr;
    const std::set<std::string>* rulesRun = nullptr;
};

class Reporter {
  public:
    explicit Reporter(std::vector<Diagnostic>& out) : out_(out) {}
    // A finding on `object` at `range`; the returned diagnostic can be given help, related
    // locations and a fix. Rule id and severity are filled in by the engine.
    Diagnostic& report(const Object& object, SourceRange range, std::string message);
    // A finding on a file rather than an object.
    Diagnostic& reportInFile(SourceRange range, std::string message);

  private:
    std::vector<Diagnostic>& out_;
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
};

// Every rule ordlint has, in documentation order (rules/all-rules.cpp).
const std::vector<RuleEntry>& ruleRegistry();
const RuleEntry* findRule(std::string_view id);

// The rule's documentation (rules/<id>.md, embedded at build time); empty if none.
std::string_view ruleDocumentation(std::string_view id);
// The first sentence-line of the documentation after its title.
std::string ruleSummary(std::string_view id);

} // namespace ordlint
