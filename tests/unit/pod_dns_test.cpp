// Pod DNS names: how host names are found in text (peer lists in their many forms, templates
// skipped), and which pods and subdomains the index knows.
#include "pod_dns.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace ordlint;
using namespace ordlint::test;

namespace {

std::vector<std::string> hostsIn(std::string_view text) {
    std::vector<std::string> hosts;
    for (const HostReference& reference :
         hostReferencesIn(text, [](std::string_view ns) { return ns == "prod"; }))
        hosts.emplace_back(reference.host);
    return hosts;
}

using Hosts = std::vector<std::string>;

struct Built {
    InProcess loaded;
    LintSettings settings;
    PodModel model;
};

std::unique_ptr<Built> build(const std::string& text) {
    auto built = std::make_unique<Built>();
    built->loaded = lintText(text, "test.yaml", built->settings);
    built->model = PodModel::build(built->loaded.workspace, built->settings);
    return built;
}

constexpr const char* kWorkloads = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: etcd, namespace: prod}
spec:
  replicas: 3
  ordinals: {start: 1}
  serviceName: etcd-hs
  selector: {matchLabels: {app: etcd}}
  template:
    metadata: {labels: {app: etcd}}
    spec: {containers: [{name: etcd, image: x}]}
---
apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: lws, namespace: prod}
spec:
  replicas: 2
  networkConfig: {subdomainPolicy: UniquePerReplica}
  leaderWorkerTemplate:
    size: 3
    workerTemplate: {spec: {containers: [{name: w, image: x}]}}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: train, namespace: prod}
spec:
  network: {subdomain: net}
  replicatedJobs:
    - name: workers
      replicas: 2
      template:
        spec:
          completions: 4
          parallelism: 4
          template: {spec: {restartPolicy: Never, containers: [{name: t, image: x}]}}
---
apiVersion: v1
kind: Pod
metadata: {name: single, namespace: prod}
spec:
  hostname: solo
  subdomain: etcd-hs
  containers: [{name: s, image: x}]
)";

} // namespace

TEST_CASE("host names are found in peer lists of every common form", "[pod-dns]") {
    CHECK(hostsIn("etcd-0=http://etcd-0.etcd:2380,etcd-1=http://etcd-1.etcd:2380") ==
          Hosts{"etcd-0.etcd", "etcd-1.etcd"});
    CHECK(hostsIn("server.1=zk-0.zk-hs.prod.svc.cluster.local:2888:3888") ==
          Hosts{"zk-0.zk-hs.prod.svc.cluster.local"});
    CHECK(hostsIn("0@kafka-0.kafka-hs:9093 1@kafka-1.kafka-hs:9093") ==
          Hosts{"kafka-0.kafka-hs", "kafka-1.kafka-hs"});
    CHECK(hostsIn("MASTER_ADDR=trainer-0.trainer.") == Hosts{"trainer-0.trainer"});
    CHECK(hostsIn("[\"a-0.b:1\", 'c-1.d.prod']") == Hosts{"a-0.b", "c-1.d.prod"});
}

TEST_CASE("templates, versions, files and foreign names are not host names", "[pod-dns]") {
    CHECK(hostsIn("$(POD_NAME).etcd ${HOSTNAME}.etcd etcd-$(i).etcd").empty());
    CHECK(hostsIn("etcd-{0..2}.etcd {{ .Release.Name }}-0.etcd etcd-%d.etcd").empty());
    CHECK(hostsIn("zookeeper-3.4.14 10.0.0.1 v3.5").empty());
    CHECK(hostsIn("registry.k8s.io etcd-0.etcd.io Etcd-0.Etcd").empty()); // io is no namespace
    CHECK(hostsIn("web-0.web.example.com").empty()); // four labels without .svc
}

TEST_CASE("a host name's parts and context", "[pod-dns]") {
    auto found = hostReferencesIn("http://web-2.web.prod.svc.cluster.local:80 db-1.db",
                                  [](std::string_view) { return true; });
    REQUIRE(found.size() == 2);
    CHECK(found[0].pod == "web-2");
    CHECK(found[0].subdomain == "web");
    CHECK(found[0].ns == "prod");
    CHECK(found[0].clusterSuffix);
    CHECK(found[0].hostContext);
    CHECK(found[0].offset == 7);
    CHECK(found[1].ns.empty());
    CHECK_FALSE(found[1].hostContext);
}

TEST_CASE("the host index knows each workload's pods and subdomain", "[pod-dns]") {
    auto built = build(kWorkloads);
    PodHostIndex index(built->model, built->loaded.workspace);
    auto resolves = [&](std::string_view pod, std::string_view subdomain) {
        for (const PodHostFamily* family : index.bySubdomain("prod", subdomain))
            if (!family->resolving(pod, subdomain).empty()) return true;
        return false;
    };
    // StatefulSet: ordinals.start 1, 3 replicas.
    CHECK(resolves("etcd-1", "etcd-hs"));
    CHECK(resolves("etcd-3", "etcd-hs"));
    CHECK_FALSE(resolves("etcd-0", "etcd-hs"));
    CHECK_FALSE(resolves("etcd-4", "etcd-hs"));
    // A bare pod with hostname and subdomain shares the subdomain.
    CHECK(resolves("solo", "etcd-hs"));
    // LWS with UniquePerReplica: each group is its own subdomain, named after its leader.
    CHECK(resolves("lws-1", "lws-1"));
    CHECK(resolves("lws-1-2", "lws-1"));
    CHECK_FALSE(resolves("lws-1-2", "lws-0"));
    CHECK_FALSE(resolves("lws-2", "lws-2"));
    // JobSet: <jobset>-<rjob>-<job>-<index> in spec.network.subdomain.
    CHECK(resolves("train-workers-1-3", "net"));
    CHECK_FALSE(resolves("train-workers-2-0", "net"));
    // Lookup by pod name: shapes, not ranges.
    auto byName = index.byPodName("prod", "etcd-9");
    REQUIRE(byName.size() == 1);
    CHECK(byName[0]->describeHosts() == "etcd-1..etcd-3");
    CHECK_FALSE(byName[0]->produces("etcd-9"));
    CHECK(index.byPodName("prod", "etcd-client").empty());
    CHECK(index.byPodName("other", "etcd-1").empty());
    CHECK(index.byPodNameAnywhere("etcd-1").size() == 1);
}

TEST_CASE("finding host names is linear in the text", "[pod-dns][performance]") {
    std::string list;
    for (int i = 0; i < 200000; ++i)
        list +=
            "member-" + std::to_string(i) + "=http://member-" + std::to_string(i) + ".peers:2380,";
    auto start = std::chrono::steady_clock::now();
    auto found = hostReferencesIn(list, [](std::string_view) { return false; });
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(found.size() == 200000);
    CHECK(elapsed < std::chrono::seconds(2));
}
