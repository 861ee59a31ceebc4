#pragma once
// What each controller makes of its pod template: the pod classes of every workload, with
// the labels and annotations the controller adds (StatefulSet pod names and indexes, the Job
// controller's labels and completion index, LeaderWorkerSet and JobSet labels), the replica
// range an HPA or KEDA ScaledObject widens, and StatefulSet ordinals. PodModel::build indexes
// the result.

#include "pod_model.hpp"

#include <deque>
#include <map>

namespace ordlint {

// Appends one Workload per object that creates pods (or might: a custom kind with a pod
// template, or an opaque custom kind), in input order. `out` is a deque so that the pod
// classes' pointers to their workload stay valid. `modelledAs`: objects to read as the
// workload kind given whatever their apiVersion/kind say (PodModel::build); `customKinds`:
// what CRDs say about custom kinds.
void addWorkloads(const Workspace& workspace, const LintSettings& settings,
                  const std::map<const Object*, WorkloadKind>& modelledAs,
                  const CustomKindCatalog& customKinds, std::deque<Workload>& out);

} // namespace ordlint
