#include "engine.hpp"

#include "parallel.hpp"
#include "pod_model.hpp"
#include "run_kinds.hpp"
#include "schema_validation.hpp"
#include "suppressions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <set>

namespace ordlint {

Diagnostic& Reporter::slot(const SourceRange& range) {
    std::size_t& kept = kept_[range.file];
    if (kept < maxPerFile_) {
        ++kept;
        return reported_.emplace_back();
    }
    Dropped& dropped = dropped_[range.file];
    if (dropped.count++ == 0) dropped.first = range;
    scratch_ = Diagnostic();
    return scratch_;
}

Diagnostic& Reporter::report(const Object& object, SourceRange range, std::string message) {
    if (!range.valid()) range = object.anchorRange();
    Diagnostic& diagnostic = slot(range);
    diagnostic.range = range;
    diagnostic.message = std::move(message);
    diagnostic.object = object.ref();
    return diagnostic;
}

Diagnostic& Reporter::reportInFile(SourceRange range, std::string message) {
    Diagnostic& diagnostic = slot(range);
    diagnostic.range = range;
    diagnostic.message = std::move(message);
    return diagnostic;
}

const RuleEntry* RuleRegistry::find(std::string_view id) const {
    for (const RuleEntry& rule : entries_)
        if (rule.id == id) return &rule;
    return nullptr;
}

std::string ruleSummary(const RuleEntry& rule) {
    std::string_view doc = rule.documentation;
    std::size_t pos = 0;
    while (pos < doc.size()) {
        std::size_t end = doc.find('\n', pos);
        if (end == std::string_view::npos) end = doc.size();
        std::string_view line = doc.substr(pos, end - pos);
        if (!line.empty() && line[0] != '#') return std::string(line);
        pos = end + 1;
    }
    return {};
}

const SchemaReport& schemaReport(const LintContext& context) {
    SharedSchemaReport& shared = *context.schemaReport;
    std::call_once(shared.computed, [&] {
        shared.report = std::make_shared<const SchemaReport>(
            validateSchemas(context.workspace, context.settings.schemaDirs,
                            context.settings.kubeVersion, context.settings.jobs));
    });
    return *shared.report;
}

Severity RuleSelection::severityOf(const RuleEntry& rule) const {
    auto found = severities.find(std::string(rule.id));
    return found == severities.end() ? rule.defaultSeverity : found->second;
}

std::vector<std::string> applyRuleToggles(const RuleRegistry& registry, RuleSelection& selection,
                                          const std::vector<std::string>& disable,
                                          const std::vector<std::string>& enable) {
    std::vector<std::string> unknown;
    auto apply = [&](const std::vector<std::string>& ids, bool turnOn) {
        for (const std::string& id : ids) {
            if (id == "all") {
                for (const RuleEntry& rule : registry) {
                    std::string name(rule.id);
                    if (!turnOn)
                        selection.disabled.insert(name);
                    else if (!selection.disabledByName.count(name))
                        selection.disabled.erase(name);
                }
            } else if (!registry.find(id)) {
                unknown.push_back(id);
            } else if (turnOn) {
                selection.disabled.erase(id);
                selection.disabledByName.erase(id);
            } else {
                selection.disabled.insert(id);
                selection.disabledByName.insert(id);
            }
        }
    };
    apply(disable, false);
    apply(enable, true);
    return unknown;
}

namespace {

// A finding in a --context file is reported when the linted files caused it (spec
// cli-and-output.md, `--context`): one of its related locations, which name the workload or
// selector it is about, is in a linted file. A staged StatefulSet that shrinks breaks an
// unchanged Service: the finding is on the Service, with the StatefulSet's replicas related.
bool causedByLintedFiles(const Diagnostic& diagnostic) {
    return std::any_of(diagnostic.related.begin(), diagnostic.related.end(),
                       [](const RelatedLocation& related) {
                           return related.range.file && related.range.file->reportable();
                       });
}

void runRule(const RuleEntry& entry, const Rule& rule, const LintContext& context,
             const RuleSelection& selection, std::vector<Diagnostic>& out) {
    Reporter reporter(context.settings.maxFindings);
    rule.check(context, reporter);
    std::deque<Diagnostic> found = reporter.take();
    for (const auto& [file, dropped] : reporter.dropped()) {
        Diagnostic& note = found.emplace_back();
        note.range = dropped.first;
        note.message = fmt::format("{} more {} findings in this file are not shown: at most {} per "
                                   "rule and file, the limit of --max-findings",
                                   dropped.count, entry.id, context.settings.maxFindings);
        note.help = "fix the findings shown and run again, or raise --max-findings";
    }
    Severity severity = selection.severityOf(entry);
    for (Diagnostic& diagnostic : found) {
        if (diagnostic.range.file && !diagnostic.range.file->reportable() &&
            !causedByLintedFiles(diagnostic))
            continue;
        diagnostic.rule = std::string(entry.id);
        diagnostic.severity = severity;
        out.push_back(std::move(diagnostic));
    }
}

// Drops what the manifests' own ignores suppress, then what the settings' ignore entries
// cover (those are not in the manifests, so they are never reported unused).
void applySuppressions(SuppressionIndex& suppressions, const std::vector<IgnoreEntry>& ignores,
                       std::vector<Diagnostic>& diagnostics) {
    auto ignored = [&](const Diagnostic& d) {
        return d.object && std::any_of(ignores.begin(), ignores.end(), [&](const IgnoreEntry& e) {
                   return e.covers(d.rule, d.object->kind, d.object->ns, d.object->name);
               });
    };
    diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(),
                                     [&](const Diagnostic& d) {
                                         return suppressions.suppresses(d) || ignored(d);
                                     }),
                      diagnostics.end());
}

} // namespace

namespace {

// Objects of a kind no release serves that are near misses of a workload kind (`apps/v1
// Deplyment`, `app/v1 StatefulSet`): unknown-kind reports them, and the pod model reads them as
// the workload meant, so that the typo does not also leave their Services dangling.
std::map<const Object*, WorkloadKind> mistypedWorkloads(const Workspace& workspace,
                                                        const LintSettings& settings,
                                                        const RunKinds& runKinds) {
    std::map<const Object*, WorkloadKind> meant;
    for (const Object& object : workspace.objects) {
        auto unknown = unknownKind(object, settings.kubeVersion, runKinds, false);
        if (!unknown || !unknown->suggestion) continue;
        WorkloadKind kind = builtinWorkloadKind(apiGroupOf(unknown->suggestion->apiVersion),
                                                unknown->suggestion->kind);
        if (kind != WorkloadKind::Unknown && kind != WorkloadKind::PodTemplate)
            meant.emplace(&object, kind);
    }
    return meant;
}

// What CRDs say about custom kinds, for the unknown producers of the pod model: the run's own
// CRDs, then the --schema-dir CRDs and kubeconform-layout schemas of the custom kinds the run
// has objects of (spec/rules.md "Unknown producers").
CustomKindCatalog customKindsOf(const Workspace& workspace, const RunKinds& runKinds) {
    CustomKindCatalog catalog = CustomKindCatalog::fromWorkspace(workspace);
    for (const RunCrd& crd : runKinds.crds())
        if (!crd.object) catalog.addFromSchemaDir(crd.group, crd.kind, crdDescribesPods(crd.root));
    std::set<std::pair<std::string_view, std::string_view>> looked;
    for (const Object& object : workspace.objects) {
        if (isBuiltinGroup(object.group) || object.kind.empty() ||
            catalog.find(object.group, object.kind) ||
            !looked.emplace(object.group, object.kind).second)
            continue;
        std::optional<std::string> path = runKinds.schemaFileFor(object);
        if (!path) continue;
        std::optional<std::string> text = readSchemaDirFile(*path);
        if (!text) continue;
        SourceFile schemaFile(*path, std::move(*text), false);
        ParsedFile parsed = parseYaml(schemaFile, LoadLimits{});
        if (parsed.documents.empty()) continue;
        catalog.addFromSchemaDir(object.group, object.kind,
                                 schemaDescribesPods(parsed.documents.front()->root));
    }
    return catalog;
}

struct ScheduledRule {
    const RuleEntry* entry;
    std::unique_ptr<Rule> rule;
};

// Work that rules build on, run before them as tasks of the same threads.
struct Preparation {
    std::function<void()> run;
    bool rulesWait = false; // rules start only when it is done (else they may run beside it)
};

// Runs `preparations`, then `rules`, as tasks on `jobs` threads (a thread that finishes a task
// takes the next), and returns the rules' findings in the order of `rules`.
std::vector<Diagnostic> runTasks(const std::vector<Preparation>& preparations,
                                 const std::vector<ScheduledRule>& rules,
                                 const LintContext& context, const RuleSelection& selection,
                                 unsigned jobs) {
    std::vector<std::vector<Diagnostic>> found(rules.size());
    auto awaited =
        static_cast<std::size_t>(std::count_if(preparations.begin(), preparations.end(),
                                               [](const Preparation& p) { return p.rulesWait; }));
    std::mutex mutex;
    std::condition_variable prepared;
    // Counted down also when the preparation throws: the exception ends the run after the
    // rules, instead of leaving them waiting.
    struct CountDown {
        std::size_t& awaited;
        std::mutex& mutex;
        std::condition_variable& prepared;
        ~CountDown() {
            std::lock_guard lock(mutex);
            if (--awaited == 0) prepared.notify_all();
        }
    };
    std::size_t tasks = preparations.size() + rules.size();
    std::atomic<std::size_t> next{0};
    runOnThreads(threadCount(jobs, tasks), [&] {
        for (std::size_t task = next++; task < tasks; task = next++) {
            if (task < preparations.size()) {
                const Preparation& preparation = preparations[task];
                if (!preparation.rulesWait) {
                    preparation.run();
                    continue;
                }
                CountDown done{awaited, mutex, prepared};
                preparation.run();
                continue;
            }
            {
                // Preparations are taken before any rule, so they are under way on other threads.
                std::unique_lock lock(mutex);
                prepared.wait(lock, [&] { return awaited == 0; });
            }
            std::size_t rule = task - preparations.size();
            runRule(*rules[rule].entry, *rules[rule].rule, context, selection, found[rule]);
        }
    });
    std::vector<Diagnostic> all;
    for (std::vector<Diagnostic>& diagnostics : found)
        all.insert(all.end(), std::make_move_iterator(diagnostics.begin()),
                   std::make_move_iterator(diagnostics.end()));
    return all;
}

} // namespace

std::vector<Diagnostic> runRules(const Workspace& workspace, const LintSettings& settings,
                                 const RuleSelection& selection, const RuleRegistry& registry) {
    PodModel pods;
    RunKinds runKinds;
    LintContext context{workspace, settings, registry, &pods};
    context.runKinds = &runKinds;
    std::set<std::string> rulesRun;
    std::vector<ScheduledRule> rules, schemaRules, lateRules;
    for (const RuleEntry& entry : registry) {
        if (!selection.enabled(entry.id)) continue;
        rulesRun.insert(std::string(entry.id));
        std::unique_ptr<Rule> rule = entry.make();
        auto& group = rule->afterSuppressions()   ? lateRules
                      : rule->readsSchemaReport() ? schemaRules
                                                  : rules;
        group.push_back({&entry, std::move(rule)});
    }
    // Schema validation, the longest task, starts first and needs no pod model; the rules that
    // read its report come last, so that a thread waits for it only once nothing else is left.
    // The suppressions are read only after the rules.
    std::optional<SuppressionIndex> suppressions;
    std::vector<Preparation> preparations;
    if (!schemaRules.empty()) preparations.push_back({[&] { schemaReport(context); }});
    preparations.push_back({[&] {
                                runKinds = RunKinds::of(workspace, settings.schemaDirs);
                                CustomKindCatalog customKinds = customKindsOf(workspace, runKinds);
                                pods = PodModel::build(
                                    workspace, settings,
                                    mistypedWorkloads(workspace, settings, runKinds), &customKinds);
                            },
                            true});
    preparations.push_back({[&] { suppressions.emplace(workspace); }});
    for (ScheduledRule& rule : schemaRules)
        rules.push_back(std::move(rule));
    std::vector<Diagnostic> all = runTasks(preparations, rules, context, selection, settings.jobs);
    applySuppressions(*suppressions, settings.ignores, all);

    LintContext lateContext = context;
    lateContext.suppressions = &*suppressions;
    lateContext.rulesRun = &rulesRun;
    std::vector<Diagnostic> late = runTasks({}, lateRules, lateContext, selection, 1);
    applySuppressions(*suppressions, settings.ignores, late);
    all.insert(all.end(), std::make_move_iterator(late.begin()),
               std::make_move_iterator(late.end()));

    std::stable_sort(all.begin(), all.end(), diagnosticLess);
    // One node reached twice through an alias (`env: *shared` in two containers) gives the
    // same finding twice at the same place: shown once.
    all.erase(std::unique(all.begin(), all.end(),
                          [](const Diagnostic& a, const Diagnostic& b) {
                              return a.range.file == b.range.file &&
                                     a.range.begin == b.range.begin && a.range.end == b.range.end &&
                                     a.rule == b.rule && a.message == b.message;
                          }),
              all.end());
    return all;
}

} // namespace ordlint
