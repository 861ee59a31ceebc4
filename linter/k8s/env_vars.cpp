#include "env_vars.hpp"

#include "k8s_facts.hpp"
#include "text.hpp"

#include <algorithm>
#include <cctype>

namespace ordlint {

ExpansionScan scanExpansion(std::string_view value) {
    ExpansionScan scan;
    for (std::size_t cursor = 0; cursor + 1 < value.size(); ++cursor) {
        if (value[cursor] != '$') continue;
        char next = value[cursor + 1];
        if (next == '(') {
            std::size_t close = value.find(')', cursor + 2);
            if (close == std::string_view::npos) {
                scan.unclosed.push_back(cursor);
                ++cursor; // the kubelet copies "$(" and goes on after it
                continue;
            }
            scan.references.push_back(
                {value.substr(cursor + 2, close - cursor - 2), cursor, close + 1});
            cursor = close;
        } else {
            ++cursor; // "$$" is an escaped "$"; "$x" is copied as is
        }
    }
    return scan;
}

bool isVariableName(std::string_view name) {
    if (name.empty()) return false;
    auto allowed = [](char c, bool first) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
               (!first && std::isdigit(static_cast<unsigned char>(c)));
    };
    if (!allowed(name[0], true)) return false;
    return std::all_of(name.begin() + 1, name.end(), [&](char c) { return allowed(c, false); });
}

bool ContainerEnvironment::isServiceLink(std::string_view name) const {
    if (!servicePrefixes) return false;
    for (const std::string& prefix : *servicePrefixes) {
        if (name.substr(0, prefix.size()) != prefix) continue;
        std::string_view rest = name.substr(prefix.size());
        if (rest.substr(0, 8) == "SERVICE_" || rest == "PORT" || rest.substr(0, 5) == "PORT_")
            return true;
    }
    return false;
}

namespace {
bool definedIn(const std::vector<EnvDefinition>& list, std::string_view name, std::size_t count) {
    for (std::size_t i = 0; i < std::min(count, list.size()); ++i)
        if (list[i].name == name) return true;
    return false;
}
} // namespace

bool ContainerEnvironment::definedBefore(std::string_view name, std::size_t index) const {
    return definedIn(prepended, name, prepended.size()) || fromEnvFrom.count(std::string(name)) ||
           definedIn(env, name, index) || isServiceLink(name);
}

bool ContainerEnvironment::definedAnywhere(std::string_view name) const {
    return definedBefore(name, env.size()) || definedIn(appended, name, appended.size());
}

const EnvDefinition* ContainerEnvironment::definedFrom(std::string_view name,
                                                       std::size_t index) const {
    for (std::size_t i = index; i < env.size(); ++i)
        if (env[i].name == name) return &env[i];
    return nullptr;
}

const EnvDefinition* ContainerEnvironment::appendedDefinition(std::string_view name) const {
    for (const EnvDefinition& definition : appended)
        if (definition.name == name) return &definition;
    return nullptr;
}

std::vector<std::string> ContainerEnvironment::allNames() const {
    std::vector<std::string> names(fromEnvFrom.begin(), fromEnvFrom.end());
    for (const auto* list : {&prepended, &env, &appended})
        for (const EnvDefinition& definition : *list)
            names.push_back(definition.name);
    return names;
}

namespace {

std::vector<std::string> mappingKeys(const Node* node) {
    std::vector<std::string> keys;
    if (!node || !node->isMapping()) return keys;
    for (const MapEntry& entry : node->entries())
        if (entry.key->isScalar()) keys.emplace_back(entry.key->value());
    return keys;
}

// Service "my-db" -> "MY_DB_", the prefix of its service-link variables.
std::string serviceEnvPrefix(std::string_view service) {
    std::string prefix;
    for (char c : service)
        prefix += c == '-' ? '_' : asciiUpper(c);
    return prefix + "_";
}

bool requestsTpu(const Node* container) {
    const Node* resources = container->get("resources");
    if (!resources || !resources->isMapping()) return false;
    for (const char* kind : {"limits", "requests"})
        if (const Node* list = resources->get(kind);
            list && list->isMapping() && list->get(kTpuResource))
            return true;
    return false;
}

// A Kustomize patch (or other fragment merged into a base elsewhere) lists only what it
// changes: env entries defined in the base are not in it.
bool looksLikePatch(const PodTemplate& pod, const ContainerRef& container) {
    if (!container.node->get("image") && container.kind != ContainerKind::EphemeralContainer)
        return true;
    return isWorkloadPatch(*pod.owner);
}

} // namespace

EnvironmentIndex::EnvironmentIndex(const Workspace& workspace) {
    for (const Object& object : workspace.objects) {
        if (!object.group.empty()) continue;
        if (object.kind == "ConfigMap") {
            std::vector<std::string> keys = mappingKeys(object.node->get("data"));
            std::vector<std::string> binary = mappingKeys(object.node->get("binaryData"));
            keys.insert(keys.end(), binary.begin(), binary.end());
            configMapKeys_[{object.ns, object.name}].emplace_back(&object, std::move(keys));
        } else if (object.kind == "Secret") {
            std::vector<std::string> keys = mappingKeys(object.node->get("data"));
            std::vector<std::string> string = mappingKeys(object.node->get("stringData"));
            keys.insert(keys.end(), string.begin(), string.end());
            secretKeys_[{object.ns, object.name}].emplace_back(&object, std::move(keys));
        } else if (object.kind == "Service") {
            const Node* spec = object.spec();
            std::string type = scalarAt(spec, "type");
            std::string clusterIP = scalarAt(spec, "clusterIP");
            // The kubelet makes variables only for Services with a cluster IP.
            if (type == "ExternalName" || clusterIP == "None") continue;
            NamespaceServices& services = servicePrefixes_[object.ns];
            if (!services.allPrefixes)
                services.allPrefixes = std::make_shared<std::vector<std::string>>(1, "KUBERNETES_");
            services.allPrefixes->push_back(serviceEnvPrefix(object.name));
            services.services.emplace_back(&object, serviceEnvPrefix(object.name));
            services.anyImplicit = services.anyImplicit || object.implicitNamespace;
        }
    }
}

ContainerEnvironment EnvironmentIndex::environmentOf(const PodTemplate& pod,
                                                     const ContainerRef& container) const {
    ContainerEnvironment environment;
    const std::string& ns = pod.owner->ns;
    bool regular = container.kind != ContainerKind::EphemeralContainer;
    environment.unknownProducer = pod.kind == WorkloadKind::Unknown;
    if (looksLikePatch(pod, container)) environment.complete = false;

    if (isLeaderWorker(pod.kind) && regular) {
        for (std::string_view name : kLwsEnvVars)
            environment.prepended.push_back({std::string(name), nullptr});
        // The TPU variables are only injected for TPU pods; their position is not modelled,
        // so they count as defined everywhere.
        if (requestsTpu(container.node))
            for (std::string_view name : kLwsTpuEnvVars)
                environment.prepended.push_back({std::string(name), nullptr});
    }

    if (const Node* envFrom = container.node->get("envFrom"); envFrom && envFrom->isSequence()) {
        for (const Node* source : envFrom->items()) {
            if (!source->isMapping()) continue;
            std::string prefix = scalarAt(source, "prefix");
            const Node* configMap = source->get("configMapRef");
            const Node* secret = source->get("secretRef");
            const auto& index = configMap ? configMapKeys_ : secretKeys_;
            const Node* ref = configMap ? configMap : secret;
            if (!ref || !ref->isMapping()) {
                environment.complete = false;
                continue;
            }
            auto found = index.find({ns, scalarAt(ref, "name")});
            const std::vector<std::string>* keys = nullptr;
            if (found != index.end())
                for (const auto& [object, objectKeys] : found->second)
                    if (!keys && sameNamespace(*pod.owner, *object)) keys = &objectKeys;
            if (!keys) {
                environment.complete = false;
                continue;
            }
            for (const std::string& key : *keys)
                environment.fromEnvFrom.insert(prefix + key);
        }
    }

    if (const Node* env = container.node->get("env"); env && env->isSequence())
        for (const Node* entry : env->items())
            if (entry->isMapping()) environment.env.push_back({scalarAt(entry, "name"), entry});

    // The JobSet webhook defaults a replicated job's completionMode to Indexed
    // (kubernetes-sigs/jobset pkg/webhooks/jobset_webhook.go, Default).
    std::string completionMode = scalarAt(pod.jobSpec, "completionMode");
    if (pod.kind == WorkloadKind::JobSet && completionMode.empty()) completionMode = "Indexed";
    bool indexedJob = pod.jobSpec && completionMode == "Indexed";
    if (indexedJob && regular &&
        !definedIn(environment.env, kCompletionIndexEnvVar, environment.env.size()))
        environment.appended.push_back({std::string(kCompletionIndexEnvVar), nullptr});

    // The API server's own Service is always linked; the namespace's only when enabled.
    static const auto apiServerOnly =
        std::make_shared<const std::vector<std::string>>(1, "KUBERNETES_");
    const Node* links = pod.spec ? pod.spec->get("enableServiceLinks") : nullptr;
    bool serviceLinks = !(links && links->isScalar() && links->value() == "false");
    auto found = servicePrefixes_.find(ns);
    if (!serviceLinks || found == servicePrefixes_.end()) {
        environment.servicePrefixes = apiServerOnly;
    } else if (!found->second.anyImplicit && !pod.owner->implicitNamespace) {
        environment.servicePrefixes = found->second.allPrefixes;
    } else {
        auto prefixes = std::make_shared<std::vector<std::string>>(1, "KUBERNETES_");
        for (const auto& [service, prefix] : found->second.services)
            if (sameNamespace(*pod.owner, *service)) prefixes->push_back(prefix);
        environment.servicePrefixes = std::move(prefixes);
    }
    return environment;
}

} // namespace ordlint
