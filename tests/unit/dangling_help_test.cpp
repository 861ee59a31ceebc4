// dangling-selector's `help` names a workload only when it is plausibly the one meant
// (spec/rules.md): it satisfies every requirement but one, or its name or label value is close
// to the selected value. A workload that merely carries the same key is never proposed.
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;
using namespace ordlint::test;

namespace {

std::string workload(const std::string& kind, const std::string& name, const std::string& labels) {
    return "apiVersion: apps/v1\nkind: " + kind + "\nmetadata: {name: " + name +
           ", namespace: data}\nspec:\n  selector: {matchLabels: " + labels +
           "}\n  template:\n    metadata: {labels: " + labels +
           "}\n    spec: {containers: [{name: c, image: 'busybox:1.36'}]}\n---\n";
}

std::string budget(const std::string& matchLabels) {
    return "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb, namespace: "
           "data}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: " +
           matchLabels + "}\n";
}

const Diagnostic& onlyDangling(const InProcess& result) {
    const Diagnostic* found = nullptr;
    for (const Diagnostic& d : result.diagnostics)
        if (d.rule == "dangling-selector") {
            REQUIRE(found == nullptr);
            found = &d;
        }
    REQUIRE(found != nullptr);
    return *found;
}

} // namespace

TEST_CASE("dangling-selector help never proposes a workload that only shares the key") {
    InProcess result = lintText(workload("StatefulSet", "cassandra", "{app: cassandra}") +
                                budget("{app: zookeeper}"));
    const Diagnostic& d = onlyDangling(result);
    CHECK(d.help.find("cassandra") == std::string::npos);
    CHECK(d.related.empty());
}

TEST_CASE("dangling-selector help proposes a workload whose value or name is close") {
    InProcess result = lintText(workload("StatefulSet", "zookeeper", "{app: zookeeper}") +
                                workload("StatefulSet", "cassandra", "{app: cassandra}") +
                                budget("{app: zookeeprr}"));
    const Diagnostic& d = onlyDangling(result);
    CHECK(d.help.find("zookeeper") != std::string::npos);
    CHECK(d.help.find("cassandra") == std::string::npos);
    REQUIRE(d.related.size() == 1);
    CHECK(d.related[0].message.find("zookeeper") != std::string::npos);
}

TEST_CASE("dangling-selector help proposes a workload that fails one requirement of several") {
    InProcess result = lintText(workload("Deployment", "api", "{app: shop, tier: backend}") +
                                budget("{app: shop, tier: frontend}"));
    const Diagnostic& d = onlyDangling(result);
    CHECK(d.help.find("api") != std::string::npos);
    // One requirement of one: every workload that carries the key would "fail one".
    result = lintText(workload("Deployment", "api", "{app: shop, tier: backend}") +
                      budget("{tier: storage}"));
    CHECK(onlyDangling(result).help.find("api") == std::string::npos);
}
