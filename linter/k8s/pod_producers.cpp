#include "pod_producers.hpp"

#include "k8s_facts.hpp"

#include <algorithm>

namespace ordlint {

namespace {

// Deep enough for every operator's pod template (a JobSet-like nesting is about 15 levels of
// schema), bounded so that a hostile document costs nothing.
constexpr int kMaxSchemaDepth = 64;
constexpr int kMaxContentDepth = 24;

bool isTrue(const Node* node) {
    return node && node->isScalar() && node->scalarType() == ScalarType::Bool &&
           (node->value() == "true" || node->value() == "True" || node->value() == "TRUE");
}

// Does `schema` (a schema object) contain, at any depth, a `containers` property that is an
// array of objects with an `image` property?
bool hasContainersWithImage(const Node* schema, int depth) {
    if (!schema || !schema->isMapping() || depth > kMaxSchemaDepth) return false;
    if (const Node* properties = schema->get("properties"); properties && properties->isMapping()) {
        if (const Node* containers = properties->get("containers");
            containers && containers->isMapping()) {
            const Node* items = containers->get("items");
            const Node* itemProperties =
                items && items->isMapping() ? items->get("properties") : nullptr;
            if (itemProperties && itemProperties->isMapping() && itemProperties->get("image"))
                return true;
        }
        for (const MapEntry& entry : properties->entries())
            if (hasContainersWithImage(entry.value, depth + 1)) return true;
    }
    for (std::string_view nested : {"items", "additionalProperties"})
        if (hasContainersWithImage(schema->get(nested), depth + 1)) return true;
    for (std::string_view list : {"allOf", "anyOf", "oneOf"})
        if (const Node* alternatives = schema->get(list);
            alternatives && alternatives->isSequence())
            for (const Node* alternative : alternatives->items())
                if (hasContainersWithImage(alternative, depth + 1)) return true;
    return false;
}

bool keepsUnknownFields(const Node* schema) {
    return schema && schema->isMapping() &&
           (isTrue(schema->get("x-kubernetes-preserve-unknown-fields")) ||
            (!schema->get("properties") && !schema->get("type")));
}

bool hasContainerList(const Node* node, int depth) {
    if (!node || depth > kMaxContentDepth) return false;
    if (node->isSequence()) {
        for (const Node* item : node->items())
            if (hasContainerList(item, depth + 1)) return true;
        return false;
    }
    if (!node->isMapping()) return false;
    for (const MapEntry& entry : node->entries()) {
        if (entry.key->isScalar() && entry.key->value() == "containers" &&
            entry.value->isSequence() &&
            std::any_of(entry.value->items().begin(), entry.value->items().end(),
                        [](const Node* item) { return item->isMapping(); }))
            return true;
        if (hasContainerList(entry.value, depth + 1)) return true;
    }
    return false;
}

void collectNamespaces(const Node* node, int depth, std::vector<std::string>& out) {
    if (!node || depth > kMaxContentDepth) return;
    if (node->isSequence()) {
        for (const Node* item : node->items())
            collectNamespaces(item, depth + 1, out);
        return;
    }
    if (!node->isMapping()) return;
    for (const MapEntry& entry : node->entries()) {
        if (entry.key->isScalar() &&
            (entry.key->value() == "namespace" || entry.key->value() == "targetNamespace")) {
            if (auto text = entry.value->string(); text && !text->empty()) out.emplace_back(*text);
            continue;
        }
        collectNamespaces(entry.value, depth + 1, out);
    }
}

} // namespace

std::optional<bool> schemaDescribesPods(const Node* openAPIV3Schema) {
    if (!openAPIV3Schema || !openAPIV3Schema->isMapping()) return std::nullopt;
    if (hasContainersWithImage(openAPIV3Schema, 0)) return true;
    const Node* spec = openAPIV3Schema->at({"properties", "spec"});
    if (keepsUnknownFields(openAPIV3Schema) || (spec && keepsUnknownFields(spec)))
        return std::nullopt;
    return false;
}

std::optional<bool> crdDescribesPods(const Node* crdManifest) {
    const Node* spec = crdManifest && crdManifest->isMapping() ? crdManifest->get("spec") : nullptr;
    if (!spec || !spec->isMapping()) return std::nullopt;
    std::vector<const Node*> schemas;
    if (const Node* versions = spec->get("versions"); versions && versions->isSequence())
        for (const Node* version : versions->items())
            if (version->isMapping()) schemas.push_back(version->at({"schema", "openAPIV3Schema"}));
    schemas.push_back(spec->at({"validation", "openAPIV3Schema"})); // apiextensions v1beta1
    std::optional<bool> verdict;
    for (const Node* schema : schemas) {
        if (!schema) continue;
        std::optional<bool> says = schemaDescribesPods(schema);
        if (says == true) return true;
        if (says == false) verdict = false;
    }
    return verdict;
}

CustomKindCatalog CustomKindCatalog::fromWorkspace(const Workspace& workspace) {
    CustomKindCatalog catalog;
    for (const Object& object : workspace.objects) {
        if (object.group != "apiextensions.k8s.io" || object.kind != "CustomResourceDefinition")
            continue;
        const Node* spec = object.spec();
        const Node* group = spec && spec->isMapping() ? spec->get("group") : nullptr;
        const Node* kind = spec && spec->isMapping() ? spec->at({"names", "kind"}) : nullptr;
        if (!group || !kind || !group->isScalar() || !kind->isScalar()) continue;
        catalog.add(std::string(group->value()), std::string(kind->value()),
                    crdDescribesPods(object));
        catalog.definedByRun_.emplace(group->value(), kind->value());
    }
    return catalog;
}

void CustomKindCatalog::addFromSchemaDir(std::string group, std::string kind,
                                         std::optional<bool> describesPods) {
    if (definedByRun_.count({group, kind})) return;
    add(std::move(group), std::move(kind), describesPods);
}

void CustomKindCatalog::add(std::string group, std::string kind,
                            std::optional<bool> describesPods) {
    auto [it, inserted] = kinds_.try_emplace({std::move(group), std::move(kind)}, describesPods);
    // Two CRDs of one kind (conflicting-crd reports it): one that describes pods wins, so
    // that nothing is reported on a guess.
    if (!inserted && it->second != true) it->second = describesPods;
}

std::optional<std::optional<bool>> CustomKindCatalog::find(std::string_view group,
                                                           std::string_view kind) const {
    auto found = kinds_.find(std::pair<std::string, std::string>(group, kind));
    if (found == kinds_.end()) return std::nullopt;
    return found->second;
}

const std::vector<PodCreatingKind>& wellKnownPodCreatingKinds() {
    static const std::vector<PodCreatingKind> kinds{
        // prometheus-operator: each creates a StatefulSet (Documentation/api-reference).
        {"monitoring.coreos.com", "Prometheus",
         "https://prometheus-operator.dev/docs/api-reference/api/"},
        {"monitoring.coreos.com", "PrometheusAgent",
         "https://prometheus-operator.dev/docs/api-reference/api/"},
        {"monitoring.coreos.com", "Alertmanager",
         "https://prometheus-operator.dev/docs/api-reference/api/"},
        {"monitoring.coreos.com", "ThanosRuler",
         "https://prometheus-operator.dev/docs/api-reference/api/"},
        // KubeRay: head and worker pods.
        {"ray.io", "RayCluster",
         "https://docs.ray.io/en/latest/cluster/kubernetes/getting-started/"
         "raycluster-quick-start.html"},
        {"ray.io", "RayJob",
         "https://docs.ray.io/en/latest/cluster/kubernetes/getting-started/"
         "rayjob-quick-start.html"},
        {"ray.io", "RayService",
         "https://docs.ray.io/en/latest/cluster/kubernetes/getting-started/"
         "rayservice-quick-start.html"},
        // Strimzi: brokers, controllers, Connect, MirrorMaker and bridge pods.
        {"kafka.strimzi.io", "Kafka", "https://strimzi.io/docs/operators/latest/deploying"},
        {"kafka.strimzi.io", "KafkaNodePool", "https://strimzi.io/docs/operators/latest/deploying"},
        {"kafka.strimzi.io", "KafkaConnect", "https://strimzi.io/docs/operators/latest/deploying"},
        {"kafka.strimzi.io", "KafkaMirrorMaker2",
         "https://strimzi.io/docs/operators/latest/deploying"},
        {"kafka.strimzi.io", "KafkaBridge", "https://strimzi.io/docs/operators/latest/deploying"},
        // Elastic Cloud on Kubernetes.
        {"elasticsearch.k8s.elastic.co", "Elasticsearch",
         "https://www.elastic.co/guide/en/cloud-on-k8s/current/"
         "k8s-elasticsearch-specification.html"},
        {"kibana.k8s.elastic.co", "Kibana",
         "https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-kibana.html"},
        {"logstash.k8s.elastic.co", "Logstash",
         "https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-logstash.html"},
        {"beat.k8s.elastic.co", "Beat",
         "https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-beat.html"},
        {"agent.k8s.elastic.co", "Agent",
         "https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-elastic-agent.html"},
        // CloudNativePG: instance pods and PgBouncer poolers.
        {"postgresql.cnpg.io", "Cluster",
         "https://cloudnative-pg.io/documentation/current/architecture/"},
        {"postgresql.cnpg.io", "Pooler",
         "https://cloudnative-pg.io/documentation/current/connection_pooling/"},
        // Zalando postgres-operator.
        {"acid.zalan.do", "postgresql",
         "https://github.com/zalando/postgres-operator/blob/master/docs/reference/"
         "cluster_manifest.md"},
        // KServe: predictor (and transformer, explainer) pods.
        {"serving.kserve.io", "InferenceService",
         "https://kserve.github.io/website/latest/get_started/first_isvc/"},
        // Kubeflow training operator and Trainer.
        {"kubeflow.org", "PyTorchJob",
         "https://www.kubeflow.org/docs/components/trainer/legacy-v1/"},
        {"kubeflow.org", "TFJob", "https://www.kubeflow.org/docs/components/trainer/legacy-v1/"},
        {"kubeflow.org", "MPIJob", "https://www.kubeflow.org/docs/components/trainer/legacy-v1/"},
        {"kubeflow.org", "XGBoostJob",
         "https://www.kubeflow.org/docs/components/trainer/legacy-v1/"},
        {"kubeflow.org", "PaddleJob",
         "https://www.kubeflow.org/docs/components/trainer/legacy-v1/"},
        {"kubeflow.org", "JAXJob", "https://www.kubeflow.org/docs/components/trainer/legacy-v1/"},
        {"kubeflow.org", "Notebook", "https://www.kubeflow.org/docs/components/notebooks/"},
        {"trainer.kubeflow.org", "TrainJob", "https://www.kubeflow.org/docs/components/trainer/"},
        // Argo: a Rollout replaces a Deployment; a Workflow runs one pod per step.
        {"argoproj.io", "Rollout",
         "https://argo-rollouts.readthedocs.io/en/stable/features/specification/"},
        {"argoproj.io", "Workflow",
         "https://argo-workflows.readthedocs.io/en/latest/workflow-concepts/"},
        {"argoproj.io", "CronWorkflow",
         "https://argo-workflows.readthedocs.io/en/latest/cron-workflows/"},
        // KubeVirt: each running VM is a virt-launcher pod.
        {"kubevirt.io", "VirtualMachine", "https://kubevirt.io/user-guide/architecture/"},
        {"kubevirt.io", "VirtualMachineInstance", "https://kubevirt.io/user-guide/architecture/"},
        {"kubevirt.io", "VirtualMachineInstanceReplicaSet",
         "https://kubevirt.io/user-guide/user_workloads/replicaset/"},
        // RabbitMQ cluster operator, MongoDB community operator, MinIO operator, Redis
        // (OT-Container-Kit), Percona XtraDB: each runs its cluster as StatefulSet pods.
        {"rabbitmq.com", "RabbitmqCluster",
         "https://www.rabbitmq.com/kubernetes/operator/using-operator"},
        {"mongodbcommunity.mongodb.com", "MongoDBCommunity",
         "https://github.com/mongodb/mongodb-kubernetes-operator/blob/master/docs/architecture.md"},
        {"minio.min.io", "Tenant",
         "https://min.io/docs/minio/kubernetes/upstream/operations/deploy-manage-tenants.html"},
        {"redis.redis.opstreelabs.in", "Redis",
         "https://ot-redis-operator.netlify.app/docs/overview/"},
        {"redis.redis.opstreelabs.in", "RedisCluster",
         "https://ot-redis-operator.netlify.app/docs/overview/"},
        // internal/k8sutils/redis-replication.go and redis-sentinel.go: a StatefulSet each,
        // pods labelled app=<name>.
        {"redis.redis.opstreelabs.in", "RedisReplication",
         "https://ot-redis-operator.netlify.app/docs/overview/"},
        {"redis.redis.opstreelabs.in", "RedisSentinel",
         "https://ot-redis-operator.netlify.app/docs/overview/"},
        // spotahome/redis-operator operator/redisfailover/service/client.go: the Redis
        // StatefulSet and the Sentinel Deployment.
        {"databases.spotahome.com", "RedisFailover",
         "https://github.com/spotahome/redis-operator#usage"},
        {"psmdb.percona.com", "PerconaServerMongoDB",
         "https://docs.percona.com/percona-operator-for-mongodb/architecture.html"},
        {"k8ssandra.io", "K8ssandraCluster",
         "https://docs.k8ssandra.io/components/k8ssandra-operator/"},
        {"cassandra.datastax.com", "CassandraDatacenter",
         "https://docs.k8ssandra.io/components/cass-operator/"},
        {"solr.apache.org", "SolrCloud", "https://apache.github.io/solr-operator/docs/solr-cloud/"},
        {"jaegertracing.io", "Jaeger", "https://www.jaegertracing.io/docs/latest/operator/"},
        {"postgres-operator.crunchydata.com", "PostgresCluster",
         "https://access.crunchydata.com/documentation/postgres-operator/latest/architecture/"
         "overview"},
        {"opentelemetry.io", "OpenTelemetryCollector",
         "https://github.com/open-telemetry/opentelemetry-operator#getting-started"},
        // TiDB operator v2: one group of pods per component.
        {"core.pingcap.com", "PDGroup", "https://github.com/pingcap/tidb-operator"},
        {"core.pingcap.com", "TiKVGroup", "https://github.com/pingcap/tidb-operator"},
        {"core.pingcap.com", "TiDBGroup", "https://github.com/pingcap/tidb-operator"},
        {"core.pingcap.com", "TiFlashGroup", "https://github.com/pingcap/tidb-operator"},
        {"core.pingcap.com", "TiProxyGroup", "https://github.com/pingcap/tidb-operator"},
        {"pingcap.com", "TidbCluster", "https://docs.pingcap.com/tidb-in-kubernetes/stable/"},
        {"pxc.percona.com", "PerconaXtraDBCluster",
         "https://docs.percona.com/percona-operator-for-mysql/pxc/operator.html"},
        // Rook: the Ceph daemons (mon, mgr, osd, mds, rgw, nfs, rbd-mirror, crash
        // collector, exporter) run as pods the operator creates for these.
        {"ceph.rook.io", "CephCluster",
         "https://rook.io/docs/rook/latest/CRDs/Cluster/ceph-cluster-crd/"},
        {"ceph.rook.io", "CephFilesystem",
         "https://rook.io/docs/rook/latest/CRDs/Shared-Filesystem/ceph-filesystem-crd/"},
        {"ceph.rook.io", "CephObjectStore",
         "https://rook.io/docs/rook/latest/CRDs/Object-Storage/ceph-object-store-crd/"},
        {"ceph.rook.io", "CephNFS", "https://rook.io/docs/rook/latest/CRDs/ceph-nfs-crd/"},
        {"ceph.rook.io", "CephRBDMirror",
         "https://rook.io/docs/rook/latest/CRDs/Block-Storage/ceph-rbd-mirror-crd/"},
        {"ceph.rook.io", "CephFilesystemMirror",
         "https://rook.io/docs/rook/latest/CRDs/Shared-Filesystem/ceph-fs-mirror-crd/"},
        // Spark operator: driver and executor pods.
        {"sparkoperator.k8s.io", "SparkApplication",
         "https://www.kubeflow.org/docs/components/spark-operator/user-guide/"},
        // Flink operator: JobManager and TaskManager pods.
        {"flink.apache.org", "FlinkDeployment",
         "https://nightlies.apache.org/flink/flink-kubernetes-operator-docs-main/docs/"
         "custom-resource/overview/"},
    };
    return kinds;
}

bool isWellKnownPodCreatingKind(std::string_view group, std::string_view kind) {
    const auto& kinds = wellKnownPodCreatingKinds();
    return std::any_of(kinds.begin(), kinds.end(), [&](const PodCreatingKind& known) {
        return known.group == group && known.kind == kind;
    });
}

bool contentDescribesPods(const Object& object) {
    return hasContainerList(object.spec(), 0);
}

bool isBuiltinGroup(std::string_view group) {
    if (group.find('.') == std::string_view::npos) return true;
    return group.ends_with(".k8s.io") && !group.ends_with(".x-k8s.io");
}

bool isUnknownProducer(const Object& object, const CustomKindCatalog& catalog) {
    // A kind of the table creates pods whatever its CRD shows: operators such as Strimzi
    // (Kafka) or Zalando's postgres-operator build the pod spec themselves, and their CRDs
    // describe no `containers` array.
    if (isWellKnownPodCreatingKind(object.group, object.kind)) return true;
    if (auto crd = catalog.find(object.group, object.kind); crd && crd->has_value()) return **crd;
    return contentDescribesPods(object);
}

namespace {

bool listsAny(const Node* list, const auto& wanted) {
    for (const Node* item : list ? list->items() : NodeChildren<const Node*>{})
        if (item->isScalar() &&
            std::find(wanted.begin(), wanted.end(), item->value()) != wanted.end())
            return true;
    return false;
}

bool createsPods(const Object& role) {
    const Node* rules = role.node->get("rules");
    for (const Node* rule : rules ? rules->items() : NodeChildren<const Node*>{})
        if (rule->isMapping() && listsAny(rule->get("apiGroups"), kPodCreatingApiGroups) &&
            listsAny(rule->get("resources"), kPodCreatingResources) &&
            listsAny(rule->get("verbs"), kCreateVerbs))
            return true;
    return false;
}

} // namespace

std::vector<PodCreatingAccount> podCreatingAccounts(const Workspace& workspace) {
    constexpr std::string_view rbac = "rbac.authorization.k8s.io";
    std::set<std::pair<std::string, std::string>> roles; // (namespace, name); "" for ClusterRoles
    for (const Object& object : workspace.objects)
        if (object.group == rbac && (object.kind == "Role" || object.kind == "ClusterRole") &&
            createsPods(object))
            roles.emplace(object.kind == "Role" ? object.ns : "", object.name);
    std::vector<PodCreatingAccount> accounts;
    if (roles.empty()) return accounts;
    for (const Object& binding : workspace.objects) {
        bool cluster = binding.kind == "ClusterRoleBinding";
        if (binding.group != rbac || (!cluster && binding.kind != "RoleBinding")) continue;
        const Node* roleRef = binding.node->get("roleRef");
        std::string roleKind = scalarAt(roleRef, "kind");
        std::string roleNs = roleKind == "Role" ? binding.ns : "";
        if (!roles.count({roleNs, scalarAt(roleRef, "name")})) continue;
        const Node* subjects = binding.node->get("subjects");
        for (const Node* subject : subjects ? subjects->items() : NodeChildren<const Node*>{}) {
            if (scalarAt(subject, "kind") != "ServiceAccount") continue;
            std::string ns = scalarAt(subject, "namespace");
            accounts.push_back({ns.empty() ? binding.ns : ns, scalarAt(subject, "name"),
                                cluster ? std::string() : binding.ns});
        }
    }
    return accounts;
}

std::vector<std::string> namespacesNamedBy(const Object& object) {
    std::vector<std::string> namespaces;
    collectNamespaces(object.spec(), 0, namespaces);
    std::sort(namespaces.begin(), namespaces.end());
    namespaces.erase(std::unique(namespaces.begin(), namespaces.end()), namespaces.end());
    return namespaces;
}

} // namespace ordlint
