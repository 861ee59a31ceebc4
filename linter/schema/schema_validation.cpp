// The schema validation run: compile the schema of each kind once, validate every object on
// the rule threads, and turn valijson's errors into findings. The parts: schema_sources
// (where schemas come from, compiling), schema_errors (which constraint each error is),
// schema_partial (which errors count), schema_messages (what a finding says).
#include "schema_validation.hpp"

#include "parallel.hpp"

#include "schema_errors.hpp"
#include "schema_messages.hpp"
#include "schema_partial.hpp"
#include "schema_sources.hpp"
#include "schema_store.hpp"
#include "yaml_adapter.hpp"

#include <fmt/format.h>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <atomic>
#include <locale>
#include <map>
#include <set>

namespace ordlint {

namespace {

// valijson compiles its pattern checks with std::regex, which fills the global locale's
// ctype<char> narrow cache on first use of each character: a harmless race between validator
// threads that ThreadSanitizer still reports. Filling the cache before the threads start
// leaves them only reading it.
void fillNarrowCache() {
    const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
    for (int c = 0; c < 256; ++c)
        ctype.narrow(static_cast<char>(c), '\0');
}

} // namespace

SchemaReport validateSchemas(const Workspace& workspace, const std::vector<std::string>& schemaDirs,
                             KubeVersion target, unsigned jobs) {
    SchemaSources sources(workspace, schemaDirs, target);
    std::set<std::string> patchFiles = kustomizePatchFiles(workspace);
    std::set<std::string> selectorLabelled = kustomizeSelectorLabelled(workspace);
    std::map<std::string, std::vector<const Node*>> byKind;
    std::map<std::string, const Object*> firstOfKind;
    for (const Object& object : workspace.objects) {
        if (!object.file().reportable()) continue;
        std::string key = object.apiVersion + "/" + object.kind;
        byKind[key].push_back(object.node);
        firstOfKind.emplace(key, &object);
    }
    std::vector<std::pair<const Object*, const std::vector<const Node*>*>> kinds;
    for (const auto& [key, object] : firstOfKind)
        kinds.emplace_back(object, &byKind[key]);

    // Compile every kind first, then validate objects, both in parallel: compiled schemas are
    // only read from then on, each worker has its own validator, and findings are gathered
    // per object so the report is the same for every number of jobs.
    fillNarrowCache();
    sources.compileAll(kinds, jobs);
    std::vector<std::pair<const Object*, const CompiledSchema*>> work;
    for (const Object& object : workspace.objects) {
        if (!object.file().reportable()) continue;
        if (const CompiledSchema* compiled = sources.find(object))
            work.emplace_back(&object, compiled);
    }
    std::vector<std::vector<SchemaFinding>> found(work.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        valijson::Validator validator(valijson::Validator::kStrongTypes);
        for (std::size_t i = next++; i < work.size(); i = next++) {
            const auto& [object, compiled] = work[i];
            valijson::ValidationResults results;
            try {
                validator.validate(compiled->schema, YamlNodeAdapter(object->node), &results);
            } catch (const std::exception& error) {
                // A schema valijson compiled but cannot apply: said, never a crash.
                found[i].push_back(
                    {object,
                     object->anchorRange(),
                     false,
                     std::string("cannot be validated against its schema: ") + error.what(),
                     {}});
                continue;
            }
            if (results.numErrors() == 0) continue;
            std::vector<SchemaError> errors = classifyErrors(
                std::vector<valijson::ValidationResults::Error>(results.begin(), results.end()),
                object->node, compiled->document);
            std::stable_sort(
                errors.begin(), errors.end(),
                [](const SchemaError& a, const SchemaError& b) { return a.path < b.path; });
            Fragment fragment{isPartialObject(*object, patchFiles),
                              inFiles(*object, selectorLabelled)};
            for (const SchemaError& cause : rootCauses(std::move(errors)))
                if (reportable(*object, cause, fragment))
                    found[i].push_back(describeError(*object, compiled->document, cause));
        }
    };
    // A thread pays off only from about 64 objects.
    runOnThreads(threadCount(jobs, work.size() / 64), worker);
    SchemaReport report;
    report.findings = sources.problems();
    // A CRD whose schema cannot be used also breaks the CRD schema it is validated against
    // (`required: 5`): the problem above says so where it is and what it costs, once.
    std::set<const Object*> unusable;
    for (const SchemaFinding& problem : report.findings)
        unusable.insert(problem.object);
    for (std::vector<SchemaFinding>& findings : found)
        for (SchemaFinding& finding : findings)
            if (!unusable.count(finding.object)) report.findings.push_back(std::move(finding));
    return report;
}

std::vector<std::string> objectsWithoutSchema(const Workspace& workspace,
                                              const std::vector<std::string>& schemaDirs,
                                              KubeVersion target) {
    std::vector<std::string> notes;
    SchemaSources sources(workspace, schemaDirs, target);
    for (const Object& object : workspace.objects)
        if (object.file().reportable() && !sources.has(object))
            notes.push_back(
                fmt::format("{}: {} {} \"{}\": no schema for this apiVersion/kind; not validated",
                            object.file().path(), object.apiVersion, object.kind, object.name));
    return notes;
}

std::string bundledSchemaVersion() {
    return bundledSchemaIndex().value("schemaVersion", "unknown");
}

std::vector<std::string> bundledSchemaKinds() {
    std::vector<std::string> kinds;
    for (const auto& [key, definition] : bundledSchemaIndex()["kinds"].items())
        kinds.push_back(key);
    return kinds;
}

} // namespace ordlint
