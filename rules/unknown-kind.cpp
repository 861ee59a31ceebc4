// unknown-kind: an apiVersion/kind that the target release does not serve and never did
// (`apps/v1 Deplyment`, `policy/v1 PodSecurityPolicy`), or whose group is a near miss of a
// built-in or bundled CRD group (`app/v1`), with no CRD in the run defining it; with
// --strict also custom kinds that nothing defines. The classification is shared with the
// pod model (a mistyped workload is modelled as the workload meant): run_kinds.hpp.
#include "api_catalog.hpp"
#include "rule_contract.hpp"
#include "run_kinds.hpp"
#include "schema_store.hpp"

#include <fmt/format.h>

#include <set>

namespace ordlint {

namespace {

std::string describe(const KindSuggestion& suggestion) {
    return suggestion.apiVersion + " " + suggestion.kind;
}

// "ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet" for apps/v1.
std::string kindsOf(std::string_view apiVersion, KubeVersion target) {
    const nlohmann::json& kinds = bundledSchemaIndex().at("kinds");
    std::set<std::string> names;
    std::string prefix = std::string(apiVersion) + "/";
    for (const auto& [key, entry] : kinds.items()) {
        if (key.rfind(prefix, 0) != 0 || key.find('/', prefix.size()) != std::string::npos)
            continue;
        std::string kind = key.substr(prefix.size());
        if (kind == "DeleteOptions" || kind == "WatchEvent" || kind == "Status") continue;
        if (ApiCatalog::bundled().status(apiVersion, kind, target).state == ApiState::Served)
            names.insert(kind);
    }
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

class UnknownKindRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        KubeVersion target = context.settings.kubeVersion;
        std::string release = releaseName(target);
        RunKinds fallback;
        const RunKinds& run = context.runKinds ? *context.runKinds : fallback;
        for (const Object& object : context.workspace.objects) {
            auto unknown = unknownKind(object, target, run, context.settings.strict);
            if (!unknown) continue;
            const Node* kindNode = object.node->get("kind");
            const Node* apiVersionNode = object.node->get("apiVersion");
            bool kindIsWrong = unknown->suggestion && unknown->suggestion->kind != object.kind;
            const Node* at = kindIsWrong ? kindNode : apiVersionNode;
            SourceRange range = at ? at->range : object.anchorRange();
            std::string what = fmt::format("{} {}", object.apiVersion, object.kind);
            std::string message, help;
            switch (unknown->reason) {
            case UnknownKind::Reason::NotServed:
                // A group of a bundled CRD (LWS, JobSet, Chaos Mesh, ...) is not Kubernetes'.
                message =
                    ApiCatalog::bundled().isBuiltinGroup(object.group)
                        ? fmt::format("{}: Kubernetes {} serves no kind \"{}\" in {}, and no CRD "
                                      "of the run defines it: the API server rejects the object",
                                      what, release, object.kind, object.apiVersion)
                        : fmt::format("{}: the bundled CRDs of {} serve no kind \"{}\" in {}, and "
                                      "no CRD of the run defines it: an API server with those CRDs "
                                      "rejects the object",
                                      what, object.group, object.kind, object.apiVersion);
                if (unknown->suggestion) {
                    help = fmt::format("did you mean {}?", describe(*unknown->suggestion));
                } else if (std::string kinds = kindsOf(object.apiVersion, target); !kinds.empty()) {
                    help = fmt::format("{} serves {}", object.apiVersion, kinds);
                }
                break;
            case UnknownKind::Reason::NotYetServed:
                message = fmt::format(
                    "{} is served only from Kubernetes {}, and --kube-version is {}: the API "
                    "server of the target cluster rejects the object",
                    what, releaseName(*unknown->firstServed), release);
                help = unknown->suggestion
                           ? fmt::format("use {}, which {} serves, or raise --kube-version",
                                         describe(*unknown->suggestion), release)
                           : "raise --kube-version if the cluster is newer";
                break;
            case UnknownKind::Reason::NearMissGroup:
                message = fmt::format("{}: \"{}\" is no API group of Kubernetes {} or of a bundled "
                                      "CRD, and no CRD of "
                                      "the run defines it; it is one or two letters from \"{}\"",
                                      what, object.group, release, unknown->nearGroup);
                help = unknown->suggestion
                           ? fmt::format("did you mean {}?", describe(*unknown->suggestion))
                           : fmt::format("did you mean group \"{}\"?", unknown->nearGroup);
                break;
            case UnknownKind::Reason::NoSchema:
                message = fmt::format(
                    "{}: no CRD of the run, --schema-dir schema or bundled CRD defines this kind, "
                    "so the object is not validated (--strict)",
                    what);
                help = "add the CRD to the input, to --context, or to a folder given with "
                       "--schema-dir";
                break;
            }
            Diagnostic& d = reporter.report(object, range, std::move(message));
            d.help = std::move(help);
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeUnknownKindRule() {
    return std::make_unique<UnknownKindRule>();
}

} // namespace ordlint
