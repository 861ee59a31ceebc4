#include "downward_api.hpp"
#include "edit_distance.hpp"
#include "fixes.hpp"
#include "k8s_facts.hpp"
#include "rule_contract.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

namespace ordlint {

namespace {

// [CV] validEnvDownwardAPIFieldPathExpressions / validVolumeDownwardAPIFieldPathExpressions.
const std::vector<std::string> kEnvPaths = {"metadata.name",
                                            "metadata.namespace",
                                            "metadata.uid",
                                            "spec.nodeName",
                                            "spec.serviceAccountName",
                                            "status.hostIP",
                                            "status.hostIPs",
                                            "status.podIP",
                                            "status.podIPs"};
const std::vector<std::string> kVolumePaths = {"metadata.name", "metadata.namespace",
                                               "metadata.uid", "metadata.labels",
                                               "metadata.annotations"};
// Paths the API server's conversion knows but neither list allows.
const std::vector<std::string> kConvertibleOnly = {"spec.restartPolicy", "spec.schedulerName",
                                                   "status.phase"};

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string keyProblem(std::string_view path, std::string_view key) {
    return qualifiedNameProblem(
        path == "metadata.annotations" ? std::string_view(asciiLowercase(key)) : key);
}

struct Finding {
    std::string message;
    std::string help;
    std::optional<std::string> corrected; // the fieldPath to write instead, when unambiguous
};

// A near-miss of the subscript syntax: `metadata.labels.app`, `metadata.labels["app"]`,
// `metadata.labels[app]`, `metadata.labels[ 'app' ]`. Returns the corrected path.
std::optional<std::string> correctedSubscript(std::string_view fieldPath) {
    static const RE2 dotted(R"((metadata\.(?:labels|annotations))\.(.+))");
    static const RE2 bracketed(
        R"((metadata\.(?:labels|annotations))\s*\[\s*(["']?)([^"'\]]*)(["']?)\s*\]?)");
    std::string base, key, open, close;
    if (RE2::FullMatch(fieldPath, dotted, &base, &key) ||
        (RE2::FullMatch(fieldPath, bracketed, &base, &open, &key, &close) && open == close)) {
        while (!key.empty() && key.back() == ' ')
            key.pop_back();
        if (!key.empty() && keyProblem(base, key).empty()) return base + "['" + key + "']";
    }
    return std::nullopt;
}

std::optional<Finding> checkFieldPath(std::string_view fieldPath, DownwardApiPlace place,
                                      const std::string& consequence, const KubeVersion& version) {
    bool env = place == DownwardApiPlace::EnvVar;
    std::string shown = quotedForMessage(fieldPath);
    std::string_view where = env ? "an env var" : "a downwardAPI volume file";
    if (fieldPath.empty())
        return Finding{fmt::format("fieldPath is empty; {}", consequence),
                       "name a pod field, e.g. metadata.name",
                       {}};

    if (auto subscripted = splitSubscriptedPath(fieldPath)) {
        if (subscripted->path != "metadata.labels" && subscripted->path != "metadata.annotations")
            return Finding{fmt::format("fieldPath {} subscripts {}, but only metadata.labels and "
                                       "metadata.annotations take a ['KEY'] subscript; {}",
                                       shown, subscripted->path, consequence),
                           "use metadata.labels['KEY'] or metadata.annotations['KEY']",
                           {}};
        std::string problem = keyProblem(subscripted->path, subscripted->key);
        if (!problem.empty())
            return Finding{
                fmt::format("{} in fieldPath {} is not a valid {} key ({}); {}",
                            quotedForMessage(subscripted->key), shown,
                            subscripted->path == "metadata.labels" ? "label" : "annotation",
                            problem, consequence),
                "use the key exactly as it appears in the pod's metadata",
                {}};
        return std::nullopt;
    }

    if (env && fieldPath == "spec.host") return std::nullopt; // an old alias of spec.nodeName
    const std::vector<std::string>& allowed = env ? kEnvPaths : kVolumePaths;
    const std::vector<std::string>& other = env ? kVolumePaths : kEnvPaths;
    // In the alpha release (gate off by default) it is kube-version-feature's warning.
    if (env && fieldPath == "status.hostIPs" && version < kPodHostIPsAlpha)
        return Finding{
            fmt::format("fieldPath \"status.hostIPs\" needs Kubernetes {} or later (feature {}), "
                        "but --kube-version is {}.{}; {}",
                        kPodHostIPsGate.sinceText(), kPodHostIPsGate.name, version.major,
                        version.minor, consequence),
            "use status.hostIP (the primary host IP)",
            {}};
    if (contains(allowed, fieldPath)) return std::nullopt;

    if (auto corrected = correctedSubscript(fieldPath))
        return Finding{
            fmt::format("fieldPath {} is not a downward-API field (a label or annotation is "
                        "selected with a single-quoted subscript); {}",
                        shown, consequence),
            fmt::format("write {}", *corrected), *corrected};
    if (env && (fieldPath == "metadata.labels" || fieldPath == "metadata.annotations"))
        return Finding{
            fmt::format("fieldPath {} (the whole map) is allowed only in a downwardAPI volume, "
                        "not in an env var; {}",
                        shown, consequence),
            fmt::format("select one key: {}['KEY'], or mount the map with a downwardAPI volume",
                        fieldPath),
            {}};
    if (contains(other, fieldPath) || (!env && fieldPath == "spec.host"))
        return Finding{fmt::format("fieldPath {} is allowed in {} but not in {}; {}", shown,
                                   env ? "a downwardAPI volume" : "an env var", where, consequence),
                       env ? "mount it with a downwardAPI volume instead"
                           : "expose it through an env var (valueFrom.fieldRef) instead",
                       {}};
    if (contains(kConvertibleOnly, fieldPath))
        return Finding{fmt::format("fieldPath {} is not supported by the downward API in {}; {}",
                                   shown, where, consequence),
                       fmt::format("supported here: {}", fmt::join(allowed, ", ")),
                       {}};

    std::optional<std::string> nearest = uniqueNearest(fieldPath, allowed, 2);
    return Finding{
        fmt::format("fieldPath {} is not a downward-API field (\"field label not supported\"); {}",
                    shown, consequence),
        nearest ? fmt::format("did you mean {}?", *nearest)
                : fmt::format("supported in {}: {}{}", where, fmt::join(allowed, ", "),
                              ", metadata.labels['KEY'], metadata.annotations['KEY']"),
        nearest};
}

class InvalidFieldPathRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        for (const Object& object : context.workspace.objects) {
            std::vector<PodTemplate> pods = distinctPodTemplatesOf(object);
            for (const PodTemplate& pod : pods) {
                for (const DownwardApiRef& ref : downwardApiRefsOf(pod)) {
                    if (!ref.fieldRef) continue;
                    checkApiVersion(object, pod, ref, reporter);
                    const Node* fieldPath = ref.fieldRef->get("fieldPath");
                    std::optional<std::string_view> text =
                        fieldPath ? fieldPath->string() : std::nullopt;
                    if (!text) continue; // absent or not a string: the schema rule reports it
                    auto finding = checkFieldPath(*text, ref.place, rejectionConsequence(pod),
                                                  context.settings.kubeVersion);
                    if (!finding) continue;
                    Diagnostic& d = reporter.report(object, fieldPath->range, finding->message);
                    d.help = finding->help;
                    if (finding->corrected)
                        d.fix = replacementFix(*fieldPath, *finding->corrected,
                                               ref.fieldRef->flowStyle);
                }
            }
        }
    }

  private:
    static void checkApiVersion(const Object& object, const PodTemplate& pod,
                                const DownwardApiRef& ref, Reporter& reporter) {
        const Node* apiVersion = ref.fieldRef->get("apiVersion");
        if (!apiVersion || !apiVersion->isScalar() || apiVersion->value().empty() ||
            apiVersion->value() == "v1")
            return;
        Diagnostic& d =
            reporter.report(object, apiVersion->range,
                            fmt::format("fieldRef apiVersion \"{}\" is not supported "
                                        "(\"unsupported pod version\"); the downward "
                                        "API reads the pod as v1; {}",
                                        apiVersion->value(), rejectionConsequence(pod)));
        d.help = "write apiVersion: v1, or leave it out (it defaults to v1)";
        if (auto edit = replaceScalar(*apiVersion, "v1", ref.fieldRef->flowStyle))
            d.fix = Fix{"replace with v1", {*edit}};
    }
};

} // namespace

std::unique_ptr<Rule> makeInvalidFieldPathRule() {
    return std::make_unique<InvalidFieldPathRule>();
}

} // namespace ordlint
