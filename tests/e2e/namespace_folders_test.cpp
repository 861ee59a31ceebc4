// Objects that name no namespace are in `default` of their folder (spec/rules.md "Objects that
// name no namespace"): sibling applications are never matched against each other, a folder
// and its subfolders are, stdin is one folder, and --namespace puts them all in one.
#include "shell_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ordlint::test;

namespace {

std::string ordlintJson(const std::string& args) {
    return shellQuoted(ORDLINT_BINARY) + " --format json --fail-on never " + args;
}

// A Service for the StatefulSet of kStatefulSet (pods app=database) with a typo in its value.
const std::string kTypoService = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n"
                                 "  selector: {app: databse}\n  ports: [{port: 5432}]\n";

std::vector<std::string> findings(const ShellResult& run) {
    INFO(run.out);
    REQUIRE(run.exitCode == 0);
    std::vector<std::string> found;
    nlohmann::json report = nlohmann::json::parse(run.out);
    for (const auto& d : report["diagnostics"])
        found.push_back(d["rule"].get<std::string>() + " " + d["file"].get<std::string>() +
                        " namespace=" + d["object"].value("namespace", ""));
    return found;
}

} // namespace

TEST_CASE("namespace-less objects of sibling folders are in different namespaces",
          "[e2e][namespace]") {
    ScratchDir repo("namespace-folders");
    repo.write("apps/db/statefulset.yaml", kStatefulSet);
    repo.write("apps/web/service.yaml", kPrimaryService);
    repo.write("apps/web/typo.yaml", kTypoService);

    // Siblings: the Service in apps/web never sees apps/db's StatefulSet.
    ShellResult run = runShell(ordlintJson("apps"), repo.path());
    CHECK(findings(run).empty());
    // Alone, the same: nothing changes when the other folder is added.
    CHECK(findings(runShell(ordlintJson("apps/web"), repo.path())).empty());

    // A folder contains its subfolders: the base's StatefulSet is the overlay's.
    repo.write("apps/web/overlay/statefulset.yaml", kStatefulSet);
    run = runShell(ordlintJson("apps/web"), repo.path());
    std::vector<std::string> found = findings(run);
    CHECK(found ==
          std::vector<std::string>{"unreachable-pod-index apps/web/service.yaml namespace=default",
                                   "dangling-selector apps/web/typo.yaml namespace=default"});
}

TEST_CASE(
    "a given namespace (--namespace, the config) puts every namespace-less object in one namespace",
    "[e2e][namespace]") {
    ScratchDir repo("namespace-given");
    repo.write("apps/db/statefulset.yaml", kStatefulSet);
    repo.write("apps/web/service.yaml", kPrimaryService);
    std::vector<std::string> found =
        findings(runShell(ordlintJson("--namespace team apps"), repo.path()));
    CHECK(found ==
          std::vector<std::string>{"unreachable-pod-index apps/web/service.yaml namespace=team"});
    // `namespace: default` in the config counts as given, like the flag.
    repo.write(".ordlint.yaml", "namespace: default\n");
    found = findings(runShell(ordlintJson("apps"), repo.path()));
    CHECK(found == std::vector<std::string>{
                       "unreachable-pod-index apps/web/service.yaml namespace=default"});
}

TEST_CASE("an explicit namespace is one namespace for the whole run", "[e2e][namespace]") {
    ScratchDir repo("namespace-explicit");
    auto withNamespace = [](std::string text) {
        return text.replace(text.find("metadata: {name: "), 17,
                            "metadata: {namespace: default, name: ");
    };
    repo.write("apps/db/statefulset.yaml", withNamespace(kStatefulSet));
    repo.write("apps/web/service.yaml", withNamespace(kPrimaryService));
    CHECK(
        findings(runShell(ordlintJson("apps"), repo.path())) ==
        std::vector<std::string>{"unreachable-pod-index apps/web/service.yaml namespace=default"});
    // One of the two without: it is in `default` of its own folder, which the other is not in.
    repo.write("apps/web/service.yaml", kPrimaryService);
    CHECK(findings(runShell(ordlintJson("apps"), repo.path())).empty());
}

TEST_CASE("documents read from standard input share one folder", "[e2e][namespace]") {
    ScratchDir repo("namespace-stdin");
    repo.write("all.yaml", kStatefulSet + "---\n" + kPrimaryService);
    ShellResult run = runShell("cat all.yaml | " + ordlintJson("-"), repo.path());
    CHECK(findings(run) == std::vector<std::string>{"unreachable-pod-index - namespace=default"});
}
