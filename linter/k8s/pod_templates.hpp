#pragma once
// Where pod templates live in each workload kind. Shared by the pod model and by every rule
// that looks at containers, so that "which kinds have pods, and where" is decided once.

#include "model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

enum class WorkloadKind {
    Pod,
    Deployment,
    ReplicaSet,
    ReplicationController,
    DaemonSet,
    StatefulSet,
    Job,
    CronJob,
    LeaderWorkerSet,
    JobSet,
    DisaggregatedSet, // one LeaderWorkerSet per slice and role (kubernetes-sigs/lws)
    PodTemplate,
    Unknown, // any other kind with spec.template or spec.jobTemplate: an unknown producer
};

std::string_view workloadKindName(WorkloadKind kind);

// Pods made by the LeaderWorkerSet controller: a LeaderWorkerSet's, and a DisaggregatedSet's
// (through the LeaderWorkerSets it creates). They carry the LWS labels and env.
bool isLeaderWorker(WorkloadKind kind);

struct PodTemplate {
    const Object* owner = nullptr;
    WorkloadKind kind = WorkloadKind::Unknown;
    const Node* templateNode = nullptr; // the PodTemplateSpec mapping (the Pod itself for Pod)
    const Node* metadata = nullptr;     // template metadata (may be null)
    const Node* spec = nullptr;         // PodSpec mapping (may be null)
    // The Job spec whose pods these are: Job `spec`, CronJob `spec.jobTemplate.spec`,
    // JobSet `spec.replicatedJobs[i].template.spec`; null for other kinds.
    const Node* jobSpec = nullptr;
    // LeaderWorkerSet and DisaggregatedSet: "leader" or "worker"; JobSet: the replicated
    // job's name; else "".
    std::string role;
    // JobSet: the index of the replicated job in spec.replicatedJobs; DisaggregatedSet: the
    // index of the role in spec.roles; else -1.
    int replicatedJobIndex = -1;
    // DisaggregatedSet: the role's name (spec.roles[i].name); else "".
    std::string disaggregatedRole;
};

// The pod templates of `object`, in document order. A LeaderWorkerSet without a
// leaderTemplate yields one template with role "leader" pointing at the worker template's
// nodes, since its leaders are created from it; a DisaggregatedSet yields its roles' leader
// and worker templates the same way.
std::vector<PodTemplate> podTemplatesOf(const Object& object);
// The same, reading `object` as a workload of `kind` whatever its apiVersion/kind say: an
// object of a mistyped kind (`apps/v1 Deplyment`, reported by unknown-kind) is modelled as the
// workload it was meant to be.
std::vector<PodTemplate> podTemplatesOf(const Object& object, WorkloadKind kind);

// The workload kind of a built-in or bundled group/kind; Unknown for any other.
WorkloadKind builtinWorkloadKind(std::string_view group, std::string_view kind);

// A Kustomize patch or another fragment merged into a base elsewhere: an apps/v1-style
// Deployment, ReplicaSet, DaemonSet or StatefulSet without the spec.selector the API server
// requires lists only what it changes (replicas, serviceName and the rest come from the base).
bool isWorkloadPatch(const Object& object);

enum class ContainerKind { Container, InitContainer, EphemeralContainer };

struct ContainerRef {
    const Node* node = nullptr; // the container mapping
    ContainerKind kind = ContainerKind::Container;
    std::string_view name; // "" when unnamed
};

// containers, initContainers and ephemeralContainers of a PodSpec, in that order.
std::vector<ContainerRef> containersOf(const Node* podSpec);

} // namespace ordlint
