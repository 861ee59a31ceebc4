// removed-api: an object of a built-in API version that an earlier Kubernetes release served
// and the target release (--kube-version) no longer serves. The release that removed it and
// the replacement come from the one lifecycle table (linter/schema/api_lifecycle.inc).
#include "api_catalog.hpp"
#include "api_version_fix.hpp"
#include "rule_contract.hpp"
#include "schema_store.hpp"

#include <fmt/format.h>

namespace ordlint {

namespace {

class RemovedApiRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const ApiCatalog& catalog = ApiCatalog::bundled();
        KubeVersion target = context.settings.kubeVersion;
        for (const Object& object : context.workspace.objects) {
            ApiStatus status = catalog.status(object.apiVersion, object.kind, target);
            if (status.state != ApiState::Removed || !status.lifecycle) continue;
            const ApiLifecycle& line = *status.lifecycle;
            std::string deprecated = line.deprecated ? fmt::format(" (deprecated since {})",
                                                                   releaseName(*line.deprecated))
                                                     : "";
            reportApiVersion(
                reporter, object, line, target,
                fmt::format("{} {} is no longer served: Kubernetes {} removed it{}, and "
                            "--kube-version is {}; "
                            "the API server rejects the object (no matches for kind \"{}\" in "
                            "version \"{}\")",
                            object.apiVersion, object.kind, releaseName(*line.removed), deprecated,
                            releaseName(target), object.kind, object.apiVersion));
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeRemovedApiRule() {
    return std::make_unique<RemovedApiRule>();
}

} // namespace ordlint
