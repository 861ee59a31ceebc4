#pragma once
// Kubernetes facts in one place: the label and annotation keys controllers set on the pods
// they create, the variables they inject, and the releases that turn behaviours on (named
// version gates for --kube-version). The rules and the pod model use these names, never the
// literal strings or version numbers. Each entry cites where it comes from; the paraphrased
// sources are collected in ../shared/reference/k8s-facts.md (section numbers below).

#include "settings.hpp"

#include <array>
#include <string>
#include <string_view>

namespace ordlint {

// --- Release gates -------------------------------------------------------------------------

// A behaviour that Kubernetes has on by default from some release on: whether a manifest can
// rely on it depends on --kube-version.
struct VersionGate {
    std::string_view name; // the feature gate, or the change, as Kubernetes names it
    KubeVersion since;     // the first release with it on by default
    bool enabledIn(const KubeVersion& version) const {
        return version.atLeast(since.major, since.minor);
    }
    // "1.28", for messages.
    std::string sinceText() const {
        return std::to_string(since.major) + "." + std::to_string(since.minor);
    }
};

// StatefulSet `spec.ordinals.start`: alpha 1.26 (off), beta 1.27 (on), GA 1.31. Before 1.27
// the field is dropped and pods are numbered from 0. KEP-3335
// (kubernetes/enhancements keps/sig-apps/3335-statefulset-slice/kep.yaml); facts §4.
inline constexpr VersionGate kStartOrdinalGate{"StatefulSetStartOrdinal", {1, 27}};

// The `apps.kubernetes.io/pod-index` label on StatefulSet pods and the
// `batch.kubernetes.io/job-completion-index` label on Indexed Job pods: beta (on) 1.28, GA
// 1.32, no alpha. KEP-4017 (keps/sig-apps/4017-pod-index-label/kep.yaml); facts §4, §5.
inline constexpr VersionGate kPodIndexLabelGate{"PodIndexLabel", {1, 28}};

// The Job controller's prefixed labels `batch.kubernetes.io/job-name` and
// `batch.kubernetes.io/controller-uid` beside the legacy unprefixed ones: from 1.27, not a
// feature gate (kubernetes/kubernetes PR #114930, CHANGELOG-1.27); facts §5.
inline constexpr VersionGate kPrefixedJobLabelsGate{"prefixed Job labels", {1, 27}};

// `status.hostIPs` in an env fieldRef: gate PodHostIPs, alpha 1.28 (off), beta 1.29 (on),
// GA 1.30. KEP-2681 (keps/sig-network/2681-pod-host-ip/kep.yaml); facts §1.7.
inline constexpr VersionGate kPodHostIPsGate{"PodHostIPs", {1, 29}};
// The alpha release: a cluster may have turned the gate on, so there it is a warning
// (kube-version-feature), before it an error (invalid-fieldpath); facts §1.7.
inline constexpr KubeVersion kPodHostIPsAlpha{1, 28};

// --- StatefulSet pods ----------------------------------------------------------------------
// kubernetes/kubernetes staging/src/k8s.io/api/apps/v1/types.go (StatefulSetPodNameLabel,
// PodIndexLabel, ControllerRevisionHashLabelKey) and pkg/controller/statefulset/
// stateful_set_utils.go (updateIdentity, setPodRevision); facts §4.

// `<sts-name>-<ordinal>`, on every version.
inline constexpr std::string_view kPodNameLabel = "statefulset.kubernetes.io/pod-name";
// The ordinal in decimal, from kPodIndexLabelGate on.
inline constexpr std::string_view kPodIndexLabel = "apps.kubernetes.io/pod-index";
// `<sts-name>-<hash>` of the ControllerRevision (also set by the DaemonSet controller).
inline constexpr std::string_view kControllerRevisionHashLabel = "controller-revision-hash";

// --- Deployment and DaemonSet pods ---------------------------------------------------------
// staging/src/k8s.io/api/apps/v1/types.go (DefaultDeploymentUniqueLabelKey,
// DaemonSetTemplateGenerationKey): the Deployment's ReplicaSets stamp the template hash, the
// DaemonSet controller the template generation (and kControllerRevisionHashLabel).
inline constexpr std::string_view kPodTemplateHashLabel = "pod-template-hash";
inline constexpr std::string_view kPodTemplateGenerationLabel = "pod-template-generation";

// --- Pods the cluster runs itself ---------------------------------------------------------
// kube-system holds the pods of the cluster's own add-ons: CoreDNS (`k8s-app: kube-dns`,
// kubeadm's cmd/kubeadm/app/phases/addons/dns), kube-proxy, the CNI, a cloud's managed agents.
// Manifests select them (a NetworkPolicy for DNS, a Service for a managed agent) without
// describing them, so the namespace counts as holding pods ordlint cannot see.
inline constexpr std::string_view kClusterAddonNamespace = "kube-system";

// --- Accounts that create pods -------------------------------------------------------------
// RBAC that lets a service account create pods, directly or through a controller's object
// (rbac.authorization.k8s.io/v1 PolicyRule: apiGroups, resources, verbs; "*" matches all). A
// workload running as such an account (an operator, Longhorn's driver deployer) creates pods
// ordlint cannot see.
inline constexpr std::array<std::string_view, 4> kPodCreatingApiGroups{"", "apps", "batch", "*"};
inline constexpr std::array<std::string_view, 9> kPodCreatingResources{
    "pods", "deployments", "statefulsets",           "daemonsets", "replicasets",
    "jobs", "cronjobs",    "replicationcontrollers", "*"};
inline constexpr std::array<std::string_view, 2> kCreateVerbs{"create", "*"};

// --- Job pods ------------------------------------------------------------------------------
// kubernetes/kubernetes staging/src/k8s.io/api/batch/v1/types.go (JobCompletionIndexAnnotation,
// JobNameLabel, ControllerUidLabel), pkg/registry/batch/job/strategy.go (generateSelector),
// pkg/controller/job/indexed_job_utils.go; facts §5.

// The completion index of an Indexed Job's pod: always an annotation, and a label of the same
// key from kPodIndexLabelGate on.
inline constexpr std::string_view kCompletionIndexKey = "batch.kubernetes.io/job-completion-index";
// Appended to every container's env of an Indexed Job's pods, unless already defined.
inline constexpr std::string_view kCompletionIndexEnvVar = "JOB_COMPLETION_INDEX";
// Set on every version.
inline constexpr std::string_view kLegacyJobNameLabel = "job-name";
inline constexpr std::string_view kLegacyControllerUidLabel = "controller-uid";
// Set from kPrefixedJobLabelsGate on.
// The prefix of the Job controller's keys (the completion index and the prefixed labels).
inline constexpr std::string_view kJobKeyPrefix = "batch.kubernetes.io/";
inline constexpr std::string_view kJobNameLabel = "batch.kubernetes.io/job-name";
inline constexpr std::string_view kControllerUidLabel = "batch.kubernetes.io/controller-uid";

// --- LeaderWorkerSet pods (leaderworkerset.x-k8s.io/v1) ------------------------------------
// kubernetes-sigs/lws api/leaderworkerset/v1/leaderworkerset_types.go (constants),
// pkg/webhooks/pod_webhook.go (Default), pkg/utils/pod/pod_utils.go (AddLWSVariables);
// facts §6.

inline constexpr std::string_view kLwsKeyPrefix = "leaderworkerset.sigs.k8s.io/";
inline constexpr std::string_view kLwsNameLabel = "leaderworkerset.sigs.k8s.io/name";
// Leader "0", workers 1..size-1.
inline constexpr std::string_view kLwsWorkerIndexLabel = "leaderworkerset.sigs.k8s.io/worker-index";
// 0..replicas-1, the group's leader's ordinal.
inline constexpr std::string_view kLwsGroupIndexLabel = "leaderworkerset.sigs.k8s.io/group-index";
inline constexpr std::string_view kLwsGroupKeyLabel = "leaderworkerset.sigs.k8s.io/group-key";
inline constexpr std::string_view kLwsTemplateRevisionHashLabel =
    "leaderworkerset.sigs.k8s.io/template-revision-hash";
// Only with a subGroupPolicy (and not on the leader under LeaderExcluded).
inline constexpr std::string_view kLwsSubGroupIndexLabel =
    "leaderworkerset.sigs.k8s.io/subgroup-index";
inline constexpr std::string_view kLwsSubGroupKeyLabel = "leaderworkerset.sigs.k8s.io/subgroup-key";
// Annotations: the group size on every pod, the replicas on the leader, the leader's pod name
// on the workers.
inline constexpr std::string_view kLwsSizeAnnotation = "leaderworkerset.sigs.k8s.io/size";
inline constexpr std::string_view kLwsReplicasAnnotation = "leaderworkerset.sigs.k8s.io/replicas";
inline constexpr std::string_view kLwsLeaderNameAnnotation =
    "leaderworkerset.sigs.k8s.io/leader-name";
// Set on every pod from the LeaderWorkerSet (leaderworkerset_controller.go constructLeader
// StatefulSetApplyConfiguration, pod_controller.go constructWorkerStatefulSetApplyConfiguration):
// the LeaderWorkerSet's own exclusive-topology annotations, copied when it has them; with a
// subGroupPolicy its type (CRD default LeaderWorker) and subGroupSize; with
// `networkConfig.subdomainPolicy: UniquePerReplica` that policy (leaders only).
inline constexpr std::string_view kLwsExclusiveTopologyAnnotation =
    "leaderworkerset.sigs.k8s.io/exclusive-topology";
inline constexpr std::string_view kLwsSubGroupExclusiveTopologyAnnotation =
    "leaderworkerset.sigs.k8s.io/subgroup-exclusive-topology";
inline constexpr std::string_view kLwsSubGroupPolicyTypeAnnotation =
    "leaderworkerset.sigs.k8s.io/subgroup-policy-type";
inline constexpr std::string_view kLwsSubGroupPolicyTypeDefault = "LeaderWorker";
inline constexpr std::string_view kLwsSubGroupSizeAnnotation =
    "leaderworkerset.sigs.k8s.io/subgroup-size";
inline constexpr std::string_view kLwsSubdomainPolicyAnnotation =
    "leaderworkerset.sigs.k8s.io/subdomainPolicy";
// Prepended to every container's env, in this order; they replace a user entry of the name.
inline constexpr std::array<std::string_view, 3> kLwsEnvVars{"LWS_LEADER_ADDRESS", "LWS_GROUP_SIZE",
                                                             "LWS_WORKER_INDEX"};
// Also injected into the containers that request the TPU resource
// (pkg/utils/accelerators/tpu.go).
inline constexpr std::string_view kTpuResource = "google.com/tpu";
inline constexpr std::array<std::string_view, 3> kLwsTpuEnvVars{"TPU_WORKER_HOSTNAMES",
                                                                "TPU_WORKER_ID", "TPU_NAME"};

// --- DisaggregatedSet LeaderWorkerSets (disaggregatedset.x-k8s.io) --------------------------
// kubernetes-sigs/lws pkg/controllers/disaggregatedset/utils.go (GenerateLabels): the labels
// the controller puts on each role's LeaderWorkerSet and on both of its pod templates, with
// app=<ds>-<slice>-<role>.
inline constexpr std::string_view kDisaggregatedSetNameLabel = "disaggregatedset.x-k8s.io/name";
inline constexpr std::string_view kDisaggregatedSetRoleLabel = "disaggregatedset.x-k8s.io/role";
inline constexpr std::string_view kDisaggregatedSetSliceLabel = "disaggregatedset.x-k8s.io/slice";
inline constexpr std::string_view kDisaggregatedSetRevisionLabel =
    "disaggregatedset.x-k8s.io/revision";

// --- JobSet pods and Jobs (jobset.x-k8s.io/v1alpha2) ---------------------------------------
// kubernetes-sigs/jobset api/jobset/v1alpha2/jobset_types.go and pkg/constants/constants.go;
// pkg/controllers/jobset_controller.go (labelAndAnnotateObject). Every key is set both as a
// label and as an annotation; facts §7.

inline constexpr std::string_view kJobSetKeyPrefix = "jobset.sigs.k8s.io/";
inline constexpr std::string_view kJobSetNameKey = "jobset.sigs.k8s.io/jobset-name";
inline constexpr std::string_view kJobSetUidKey = "jobset.sigs.k8s.io/jobset-uid";
inline constexpr std::string_view kJobSetReplicatedJobNameKey =
    "jobset.sigs.k8s.io/replicatedjob-name";
inline constexpr std::string_view kJobSetReplicatedJobReplicasKey =
    "jobset.sigs.k8s.io/replicatedjob-replicas";
// 0..replicas-1 within the replicated job.
inline constexpr std::string_view kJobSetJobIndexKey = "jobset.sigs.k8s.io/job-index";
// 0..global-replicas-1: the replicas of the replicated jobs before this one, plus job-index.
inline constexpr std::string_view kJobSetJobGlobalIndexKey = "jobset.sigs.k8s.io/job-global-index";
inline constexpr std::string_view kJobSetGlobalReplicasKey = "jobset.sigs.k8s.io/global-replicas";
// The replicated job's groupName ("default" when unset), the replicas of its group, and the
// job's index within the group.
inline constexpr std::string_view kJobSetGroupNameKey = "jobset.sigs.k8s.io/group-name";
inline constexpr std::string_view kJobSetGroupReplicasKey = "jobset.sigs.k8s.io/group-replicas";
inline constexpr std::string_view kJobSetJobGroupIndexKey = "jobset.sigs.k8s.io/job-group-index";
inline constexpr std::string_view kJobSetJobKeyKey = "jobset.sigs.k8s.io/job-key";
inline constexpr std::string_view kJobSetRestartAttemptKey = "jobset.sigs.k8s.io/restart-attempt";
// With `spec.coordinator`: the coordinator pod's host name on every Job and pod,
// "<jobset>-<replicatedJob>-<jobIndex>-<podIndex>.<subdomain>" (jobset_controller.go
// CoordinatorEndpoint).
inline constexpr std::string_view kJobSetCoordinatorKey = "jobset.sigs.k8s.io/coordinator";

// --- Keys that identify one pod ------------------------------------------------------------

// The keys whose value numbers a pod within its workload (an ordinal or an index), from the
// sections above.
inline constexpr std::array<std::string_view, 7> kPodIndexKeys{
    kPodIndexLabel,      kPodNameLabel,      kCompletionIndexKey,      kLwsWorkerIndexLabel,
    kLwsGroupIndexLabel, kJobSetJobIndexKey, kJobSetJobGlobalIndexKey,
};

// Key prefixes that only controllers write into: a key there that no controller sets is a
// mistake, not a label some admission webhook adds later.
inline constexpr std::array<std::string_view, 5> kControllerOwnedKeyPrefixes{
    "apps.kubernetes.io/", kJobKeyPrefix,    "statefulset.kubernetes.io/",
    kLwsKeyPrefix,         kJobSetKeyPrefix,
};

// --- Topology ------------------------------------------------------------------------------
// kubernetes/kubernetes staging/src/k8s.io/api/core/v1/well_known_labels.go; the VolumeZone
// scheduler plugin still reads the deprecated spelling; facts §8.2.
inline constexpr std::string_view kZoneLabel = "topology.kubernetes.io/zone";
inline constexpr std::string_view kDeprecatedZoneLabel = "failure-domain.beta.kubernetes.io/zone";

// --- Storage -------------------------------------------------------------------------------
// "true" on the StorageClass a claim without storageClassName gets: kubernetes/kubernetes
// pkg/apis/storage/util/helpers.go (IsDefaultStorageClassAnnotation).
inline constexpr std::string_view kDefaultStorageClassAnnotation =
    "storageclass.kubernetes.io/is-default-class";

} // namespace ordlint
