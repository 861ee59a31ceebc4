#include "pod_templates.hpp"

namespace ordlint {

std::string_view workloadKindName(WorkloadKind kind) {
    switch (kind) {
    case WorkloadKind::Pod:
        return "Pod";
    case WorkloadKind::Deployment:
        return "Deployment";
    case WorkloadKind::ReplicaSet:
        return "ReplicaSet";
    case WorkloadKind::ReplicationController:
        return "ReplicationController";
    case WorkloadKind::DaemonSet:
        return "DaemonSet";
    case WorkloadKind::StatefulSet:
        return "StatefulSet";
    case WorkloadKind::Job:
        return "Job";
    case WorkloadKind::CronJob:
        return "CronJob";
    case WorkloadKind::LeaderWorkerSet:
        return "LeaderWorkerSet";
    case WorkloadKind::JobSet:
        return "JobSet";
    case WorkloadKind::DisaggregatedSet:
        return "DisaggregatedSet";
    case WorkloadKind::PodTemplate:
        return "PodTemplate";
    case WorkloadKind::Unknown:
        return "unknown";
    }
    return "unknown";
}

bool isLeaderWorker(WorkloadKind kind) {
    return kind == WorkloadKind::LeaderWorkerSet || kind == WorkloadKind::DisaggregatedSet;
}

namespace {

const Node* mapping(const Node* node) {
    return node && node->isMapping() ? node : nullptr;
}

PodTemplate fromTemplate(const Object& object, WorkloadKind kind, const Node* templateNode) {
    PodTemplate result;
    result.owner = &object;
    result.kind = kind;
    result.templateNode = mapping(templateNode);
    if (result.templateNode) {
        result.metadata = mapping(result.templateNode->get("metadata"));
        result.spec = mapping(result.templateNode->get("spec"));
    }
    return result;
}

// A LeaderWorkerSet spec's leader and worker templates; without a leaderTemplate the leaders
// are made from the worker template.
void leaderWorkerTemplates(const Object& object, WorkloadKind kind, const Node* spec,
                           std::vector<PodTemplate>& templates) {
    const Node* lwt = spec ? mapping(spec->get("leaderWorkerTemplate")) : nullptr;
    if (!lwt) return;
    const Node* worker = lwt->get("workerTemplate");
    const Node* leader = lwt->get("leaderTemplate");
    PodTemplate leaderTemplate = fromTemplate(object, kind, leader ? leader : worker);
    leaderTemplate.role = "leader";
    PodTemplate workerTemplate = fromTemplate(object, kind, worker);
    workerTemplate.role = "worker";
    templates.push_back(leaderTemplate);
    templates.push_back(workerTemplate);
}

} // namespace

WorkloadKind builtinWorkloadKind(std::string_view group, std::string_view kind) {
    struct Known {
        std::string_view group;
        std::string_view kind;
        WorkloadKind workload;
    };
    static constexpr Known known[] = {
        {"", "Pod", WorkloadKind::Pod},
        {"", "ReplicationController", WorkloadKind::ReplicationController},
        {"", "PodTemplate", WorkloadKind::PodTemplate},
        {"apps", "Deployment", WorkloadKind::Deployment},
        {"apps", "ReplicaSet", WorkloadKind::ReplicaSet},
        {"apps", "DaemonSet", WorkloadKind::DaemonSet},
        {"apps", "StatefulSet", WorkloadKind::StatefulSet},
        // Pre-1.16 manifests (extensions/v1beta1) still fill example folders.
        {"extensions", "Deployment", WorkloadKind::Deployment},
        {"extensions", "ReplicaSet", WorkloadKind::ReplicaSet},
        {"extensions", "DaemonSet", WorkloadKind::DaemonSet},
        {"batch", "Job", WorkloadKind::Job},
        {"batch", "CronJob", WorkloadKind::CronJob},
        {"leaderworkerset.x-k8s.io", "LeaderWorkerSet", WorkloadKind::LeaderWorkerSet},
        {"jobset.x-k8s.io", "JobSet", WorkloadKind::JobSet},
        {"disaggregatedset.x-k8s.io", "DisaggregatedSet", WorkloadKind::DisaggregatedSet},
    };
    for (const Known& k : known)
        if (k.group == group && k.kind == kind) return k.workload;
    return WorkloadKind::Unknown;
}

std::vector<PodTemplate> podTemplatesOf(const Object& object) {
    return podTemplatesOf(object, builtinWorkloadKind(object.group, object.kind));
}

std::vector<PodTemplate> podTemplatesOf(const Object& object, WorkloadKind kind) {
    std::vector<PodTemplate> templates;
    const Node* spec = mapping(object.spec());
    switch (kind) {
    case WorkloadKind::Pod: {
        PodTemplate pod = fromTemplate(object, kind, object.node);
        templates.push_back(pod);
        break;
    }
    case WorkloadKind::PodTemplate:
        templates.push_back(fromTemplate(object, kind, object.node->get("template")));
        break;
    case WorkloadKind::Deployment:
    case WorkloadKind::ReplicaSet:
    case WorkloadKind::ReplicationController:
    case WorkloadKind::DaemonSet:
    case WorkloadKind::StatefulSet:
        if (spec) templates.push_back(fromTemplate(object, kind, spec->get("template")));
        break;
    case WorkloadKind::Job:
        if (spec) {
            PodTemplate job = fromTemplate(object, kind, spec->get("template"));
            job.jobSpec = spec;
            templates.push_back(job);
        }
        break;
    case WorkloadKind::CronJob:
        if (const Node* jobSpec = spec ? mapping(spec->at({"jobTemplate", "spec"})) : nullptr) {
            PodTemplate job = fromTemplate(object, kind, jobSpec->get("template"));
            job.jobSpec = jobSpec;
            templates.push_back(job);
        }
        break;
    case WorkloadKind::LeaderWorkerSet:
        leaderWorkerTemplates(object, kind, spec, templates);
        break;
    case WorkloadKind::DisaggregatedSet:
        // spec.roles[i].spec is a LeaderWorkerSet spec (DisaggregatedRoleSpec).
        if (const Node* roles = spec ? spec->get("roles") : nullptr; roles && roles->isSequence()) {
            for (std::size_t i = 0; i < roles->items().size(); ++i) {
                const Node* role = mapping(roles->items()[i]);
                const Node* name = role ? role->get("name") : nullptr;
                std::size_t first = templates.size();
                leaderWorkerTemplates(object, kind, role ? mapping(role->get("spec")) : nullptr,
                                      templates);
                for (std::size_t t = first; t < templates.size(); ++t) {
                    templates[t].replicatedJobIndex = static_cast<int>(i);
                    if (name && name->isScalar()) templates[t].disaggregatedRole = name->value();
                }
            }
        }
        break;
    case WorkloadKind::JobSet:
        if (const Node* jobs = spec ? spec->get("replicatedJobs") : nullptr;
            jobs && jobs->isSequence()) {
            for (std::size_t i = 0; i < jobs->items().size(); ++i) {
                const Node* replicated = mapping(jobs->items()[i]);
                const Node* jobSpec =
                    replicated ? mapping(replicated->at({"template", "spec"})) : nullptr;
                PodTemplate job =
                    fromTemplate(object, kind, jobSpec ? jobSpec->get("template") : nullptr);
                job.jobSpec = jobSpec;
                job.replicatedJobIndex = static_cast<int>(i);
                if (const Node* name = replicated ? replicated->get("name") : nullptr;
                    name && name->isScalar())
                    job.role = name->value();
                templates.push_back(job);
            }
        }
        break;
    case WorkloadKind::Unknown:
        if (!spec) break;
        if (const Node* podTemplate = mapping(spec->get("template")))
            templates.push_back(fromTemplate(object, kind, podTemplate));
        else if (const Node* jobSpec = mapping(spec->at({"jobTemplate", "spec"})))
            templates.push_back(fromTemplate(object, kind, jobSpec->get("template")));
        break;
    }
    return templates;
}

bool isWorkloadPatch(const Object& object) {
    switch (builtinWorkloadKind(object.group, object.kind)) {
    case WorkloadKind::Deployment:
    case WorkloadKind::ReplicaSet:
    case WorkloadKind::DaemonSet:
    case WorkloadKind::StatefulSet: {
        const Node* spec = object.spec();
        return !spec || !spec->isMapping() || !spec->get("selector");
    }
    default:
        return false;
    }
}

std::vector<ContainerRef> containersOf(const Node* podSpec) {
    std::vector<ContainerRef> containers;
    if (!podSpec || !podSpec->isMapping()) return containers;
    auto collect = [&](std::string_view key, ContainerKind kind) {
        const Node* list = podSpec->get(key);
        if (!list || !list->isSequence()) return;
        for (const Node* item : list->items()) {
            if (!item->isMapping()) continue;
            const Node* name = item->get("name");
            containers.push_back(
                {item, kind, name && name->isScalar() ? std::string_view(name->value()) : ""});
        }
    };
    collect("containers", ContainerKind::Container);
    collect("initContainers", ContainerKind::InitContainer);
    collect("ephemeralContainers", ContainerKind::EphemeralContainer);
    return containers;
}

} // namespace ordlint
