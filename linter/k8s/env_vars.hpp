#pragma once
// Container environment variables as the kubelet builds and expands them: `$(NAME)`
// references (third_party/forked/golang/expansion), and which names a container defines, in
// which order (envFrom, env, service links, variables its controller injects).

#include "pod_templates.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// One `$(...)` the kubelet reads as a variable reference: everything up to the first `)` is
// the name, unchecked. Offsets are into the scanned value; `end` is past the `)`.
struct VariableReference {
    std::string_view name;
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct ExpansionScan {
    std::vector<VariableReference> references;
    std::vector<std::size_t> unclosed; // offsets of `$(` with no `)` after them
};

// Scans `value` exactly as the kubelet's Expand does: `$$` is an escaped `$` (so `$$(X)` is
// literal text), `$(` opens a reference closed by the first `)`.
ExpansionScan scanExpansion(std::string_view value);

// A conventional (C_IDENTIFIER-like) variable name: [-._a-zA-Z][-._a-zA-Z0-9]*.
bool isVariableName(std::string_view name);

struct EnvDefinition {
    std::string name;
    const Node* entry = nullptr; // the env[] entry; null for envFrom and injected variables
};

// The variables one container sees, in the kubelet's order.
struct ContainerEnvironment {
    // False when an envFrom source is not in the input, or the object is a patch to be merged
    // into a base elsewhere: some variables are unknown, so no reference can be called undefined.
    bool complete = true;
    // True for workload kinds ordlint does not model: their controller may inject anything.
    bool unknownProducer = false;
    std::vector<EnvDefinition> prepended; // controller-injected before env (LWS_*)
    std::set<std::string> fromEnvFrom;    // envFrom keys with their prefix
    std::vector<EnvDefinition> env;       // env[] in order
    std::vector<EnvDefinition> appended;  // controller-injected after env (JOB_COMPLETION_INDEX)
    // "WEB_" of Service web (WEB_SERVICE_*, WEB_PORT*) for each linked Service; shared by the
    // containers of a namespace.
    std::shared_ptr<const std::vector<std::string>> servicePrefixes;

    bool isServiceLink(std::string_view name) const;
    // Defined for an env[] value at position `index`: prepended, envFrom, earlier entries,
    // service links.
    bool definedBefore(std::string_view name, std::size_t index) const;
    // Defined for command and args: everything, in any order.
    bool definedAnywhere(std::string_view name) const;
    // The env[] entry at or after `index` that defines `name`, or null.
    const EnvDefinition* definedFrom(std::string_view name, std::size_t index) const;
    const EnvDefinition* appendedDefinition(std::string_view name) const;
    // Every name visible to command/args (for "did you mean" suggestions).
    std::vector<std::string> allNames() const;
};

// ConfigMaps, Secrets and Services of the input, by namespace; built once per run.
class EnvironmentIndex {
  public:
    explicit EnvironmentIndex(const Workspace& workspace);
    ContainerEnvironment environmentOf(const PodTemplate& pod, const ContainerRef& container) const;

  private:
    // (namespace, name) -> each object of that name and its keys; a pod sees the one in its
    // namespace (sameNamespace(): a namespace-less `default` is per folder).
    using KeysByName = std::map<std::pair<std::string, std::string>,
                                std::vector<std::pair<const Object*, std::vector<std::string>>>>;
    KeysByName configMapKeys_;
    KeysByName secretKeys_;
    // namespace -> its Services with a cluster IP and their prefixes, and "KUBERNETES_" with
    // all of them (shared when no Service or pod of the namespace took `default` implicitly).
    struct NamespaceServices {
        std::vector<std::pair<const Object*, std::string>> services;
        std::shared_ptr<std::vector<std::string>> allPrefixes;
        bool anyImplicit = false;
    };
    std::map<std::string, NamespaceServices> servicePrefixes_;
};

} // namespace ordlint
