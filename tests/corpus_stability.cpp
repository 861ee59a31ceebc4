// Cross-object answers must not depend on what else is in the run (issue 15): over
// ../shared/corpus, each repository folder is linted alone, then pairs of folders together,
// in-process, and a finding in one folder may not appear or disappear because of the other
// folder, unless both use an explicit, equal namespace (then one may hold a producer or a
// selector for the other: that is what one namespace means) or the other folder defines the
// finding's custom kind with a CRD (CRDs are cluster-wide). Prints the pairs checked and every
// difference, explained or not. Every pair of folders when that is affordable, else a
// deterministic sample (ORDLINT_STABILITY_PAIRS caps it; 0 means all).
// Exits 77 (reported as skipped by ctest) when the corpus is not beside the project.
#include "support.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace ordlint;
using namespace ordlint::test;

namespace {

struct Folder {
    std::string name;
    std::vector<InputText> inputs;
    std::set<std::string> explicitNamespaces;       // written in metadata.namespace
    std::set<std::string> crdKinds;                 // "group/Kind" its CRDs define
    std::set<std::string> findings;                 // alone
    std::map<std::string, std::string> namespaceOf; // finding -> its object's namespace
};

std::string key(const Diagnostic& d) {
    std::string path = d.range.file ? d.range.file->path() : std::string();
    int line = d.range.file ? d.range.file->position(d.range.begin).line : 0;
    return d.rule + " " + path + ":" + std::to_string(line) + " " + d.message;
}

// The findings of one run over `inputs`, and the objects' facts of the run.
std::vector<Diagnostic> lint(std::vector<InputText> inputs, Workspace& workspace) {
    LoadOptions options;
    options.jobs = 2;
    workspace = loadWorkspace(std::move(inputs), options);
    LintSettings settings;
    settings.jobs = 2;
    return runRules(workspace, settings, RuleSelection{}, builtinRules());
}

bool explicitNamespace(const Object& object) {
    const Node* metadata = object.metadata();
    return metadata && metadata->isMapping() && metadata->get("namespace");
}

} // namespace

int main() {
    std::vector<fs::path> paths;
    for (const std::string& repository : corpusRepositories())
        paths.emplace_back(repository);
    if (paths.empty()) return 77; // skipped, with the reason printed
    const fs::path corpus = sourcePath("../shared/corpus");
    auto started = std::chrono::steady_clock::now();

    std::vector<Folder> folders;
    for (const fs::path& path : paths) {
        Folder& folder = folders.emplace_back();
        folder.name = path.filename().string();
        std::vector<std::string> errors;
        folder.inputs = readInputs({path.string()}, true, errors);
        Workspace workspace;
        for (const Diagnostic& d : lint(folder.inputs, workspace)) {
            folder.findings.insert(key(d));
            if (d.object) folder.namespaceOf[key(d)] = d.object->ns;
        }
        for (const Object& object : workspace.objects) {
            if (explicitNamespace(object)) folder.explicitNamespaces.insert(object.ns);
            if (object.kind == "CustomResourceDefinition" && object.spec() &&
                object.spec()->isMapping()) {
                const Node* group = object.spec()->get("group");
                const Node* kind = object.spec()->at({"names", "kind"});
                if (group && kind && group->isScalar() && kind->isScalar())
                    folder.crdKinds.insert(std::string(group->value()) + "/" +
                                           std::string(kind->value()));
            }
        }
    }

    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t a = 0; a < folders.size(); ++a)
        for (std::size_t b = a + 1; b < folders.size(); ++b)
            pairs.emplace_back(a, b);
    std::size_t cap = 0;
    if (const char* limit = std::getenv("ORDLINT_STABILITY_PAIRS")) cap = std::stoul(limit);
    if (cap && pairs.size() > cap) {
        // A deterministic sample spread over all pairs: every k-th one.
        std::vector<std::pair<std::size_t, std::size_t>> sample;
        for (std::size_t i = 0; i < cap; ++i)
            sample.push_back(pairs[i * pairs.size() / cap]);
        pairs = std::move(sample);
    }

    bool failed = false;
    std::size_t explained = 0;
    for (auto [a, b] : pairs) {
        Folder& first = folders[a];
        Folder& second = folders[b];
        std::vector<InputText> inputs = first.inputs;
        inputs.insert(inputs.end(), second.inputs.begin(), second.inputs.end());
        Workspace workspace;
        std::vector<Diagnostic> together = lint(std::move(inputs), workspace);
        std::set<std::string> found;
        std::map<std::string, const Diagnostic*> byKey;
        for (const Diagnostic& d : together) {
            found.insert(key(d));
            byKey[key(d)] = &d;
        }
        std::set<std::string> alone = first.findings;
        alone.insert(second.findings.begin(), second.findings.end());
        std::vector<std::string> differences;
        std::set_symmetric_difference(alone.begin(), alone.end(), found.begin(), found.end(),
                                      std::back_inserter(differences));
        std::cout << "pair " << first.name << " + " << second.name << ": "
                  << (differences.empty() ? "stable"
                                          : std::to_string(differences.size()) + " difference(s)")
                  << "\n";
        for (const std::string& difference : differences) {
            bool appeared = found.count(difference) > 0;
            // The finding's own folder and the other one.
            bool inFirst =
                difference.find(" " + (corpus / first.name).string() + "/") != std::string::npos;
            const Folder& other = inFirst ? second : first;
            const Folder& own = inFirst ? first : second;
            // The finding's object is in a namespace both folders write down explicitly.
            std::string ns;
            if (appeared && byKey[difference]->object) ns = byKey[difference]->object->ns;
            if (!appeared && own.namespaceOf.count(difference)) ns = own.namespaceOf.at(difference);
            bool sharedNamespace = !ns.empty() && own.explicitNamespaces.count(ns) &&
                                   other.explicitNamespaces.count(ns);
            bool otherDefinesKind = false;
            if (appeared) {
                const Diagnostic& d = *byKey[difference];
                if (d.object)
                    for (const std::string& kind : other.crdKinds)
                        if (kind.ends_with("/" + d.object->kind)) otherDefinesKind = true;
            } else {
                otherDefinesKind = !other.crdKinds.empty();
            }
            bool ok = sharedNamespace || otherDefinesKind;
            explained += ok;
            failed = failed || !ok;
            std::cout << "  " << (appeared ? "appears" : "disappears") << ": " << difference
                      << (ok ? sharedNamespace ? " (explained: an explicit namespace both use)"
                                               : " (explained: a CRD of the other folder)"
                             : " (UNEXPLAINED)")
                      << "\n";
        }
    }
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    std::cout << "stability: " << folders.size() << " folders, " << pairs.size()
              << " pairs checked, " << explained << " explained differences, in " << seconds.count()
              << " s\n";
    std::cout << (failed ? "0 passed, 1 failed\n" : "1 passed, 0 failed\n");
    return failed ? 1 : 0;
}
