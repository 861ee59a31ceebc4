#pragma once
// Which built-in API versions and kinds a Kubernetes release serves: the bundled OpenAPI
// documents (1.28 to 1.36, schemas/index.json), the bundled CRDs, and the one table of
// deprecated and removed APIs (api_lifecycle.inc). Read by the unknown-kind, removed-api and
// deprecated-api rules, by schema validation (which kinds to validate at a release) and by the
// engine (typos of workload kinds are modelled as the workload).

#include "model.hpp"
#include "settings.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// One line of api_lifecycle.inc.
struct ApiLifecycle {
    std::string_view apiVersion;
    std::string_view kind;
    std::optional<KubeVersion> deprecated; // warnings from this release on
    std::optional<KubeVersion> removed;    // not served from this release on
    std::string_view replacements;         // "apiVersion Kind since; ..."
    bool sameReading = false;              // rewriting apiVersion to a replacement is safe
    std::string_view advice;
    std::string_view source;
};

struct ApiReplacement {
    std::string apiVersion;
    std::string kind;
    KubeVersion since;
};

enum class ApiState {
    Served,       // the target serves it (possibly deprecated)
    Removed,      // an earlier release served it, the target does not
    NotYetServed, // a later bundled release serves it, the target and earlier ones do not
    Unknown,      // no bundled release or table line knows it
};

struct ApiStatus {
    ApiState state = ApiState::Unknown;
    const ApiLifecycle* lifecycle = nullptr; // its line in api_lifecycle.inc, if any
    bool deprecated = false;                 // Served with a deprecation warning at the target
    bool bundledSchema = false;              // Served and a bundled schema validates it
    std::optional<KubeVersion> firstServed;  // NotYetServed: the first bundled release serving it
};

// The nearest served apiVersion/kind to one that is not served, and how far it is.
struct KindSuggestion {
    std::string apiVersion;
    std::string kind;
};

class ApiCatalog {
  public:
    static const ApiCatalog& bundled();

    ApiStatus status(std::string_view apiVersion, std::string_view kind, KubeVersion target) const;

    // `v1` documents that are no core-group objects: a kubeconfig (`Config`), kube-scheduler's
    // policy file (`Policy`), OpenShift's legacy kinds (`v1 DeploymentConfig`, `v1 Route`); and
    // kustomize's built-in plugin configurations (`apiVersion: builtin`).
    static bool isNotCoreKind(std::string_view apiVersion, std::string_view kind);

    // The core group, apps, batch, policy, autoscaling, extensions, every group of the bundled
    // OpenAPI documents and of the lifecycle table.
    bool isBuiltinGroup(std::string_view group) const;
    // A group whose kinds the bundled CRDs define, all of them (chaos-mesh.org, keda.sh, ...).
    bool isFullyBundledCrdGroup(std::string_view group) const;
    // A group some bundled CRD defines kinds of (monitoring.coreos.com too).
    bool isBundledCrdGroup(std::string_view group) const;
    // A group within edit distance 2 of a built-in or bundled CRD group (1 for short groups)
    // and not itself one: `app`, `networking.k8s.i`, `chaosmesh.org`.
    std::optional<std::string> nearMissGroup(std::string_view group) const;

    // The nearest apiVersion/kind the target serves to one it does not, when the kind is the
    // same or a near spelling and the group (or the whole apiVersion) a near spelling:
    // `apps/v1 Deplyment`, `app/v1 StatefulSet`, `apps.v1 Deployment`, `v1 Podd`.
    std::optional<KindSuggestion> nearestServed(std::string_view apiVersion, std::string_view kind,
                                                KubeVersion target) const;
    // Any served apiVersion for this kind (`extensions/v1beta1 Ingress` -> networking.k8s.io/v1).
    std::optional<KindSuggestion> servedVersionOf(std::string_view kind, KubeVersion target) const;

    // The replacements of a table line, and the first one `target` serves.
    static std::vector<ApiReplacement> replacements(const ApiLifecycle& line);
    std::optional<ApiReplacement> servedReplacement(const ApiLifecycle& line,
                                                    KubeVersion target) const;

    const std::vector<ApiLifecycle>& lifecycle() const { return lifecycle_; }

    // The targets --kube-version accepts: three releases before the oldest bundled one, up to
    // the newest bundled one.
    KubeVersion oldestAccepted() const;
    KubeVersion newestAccepted() const;
    bool accepts(KubeVersion target) const {
        return target >= oldestAccepted() && target <= newestAccepted();
    }

  private:
    ApiCatalog();
    struct Kind {
        std::string apiVersion;
        std::string group;
        std::string kind;
        std::vector<std::pair<KubeVersion, KubeVersion>> served; // empty: every release (a CRD)
        bool crd = false;
    };
    bool servedAt(const Kind& kind, KubeVersion release) const;
    const Kind* find(std::string_view apiVersion, std::string_view kind) const;

    std::vector<Kind> kinds_; // sorted by apiVersion/kind
    std::vector<ApiLifecycle> lifecycle_;
    std::vector<std::string> builtinGroups_;
    std::vector<std::string> crdGroups_;
    std::vector<std::string> fullCrdGroups_;
};

// Ranks API versions: v1 > v1beta2 > v1beta1 > v1alpha1; v2 > v1.
int apiVersionRank(std::string_view version);

} // namespace ordlint
