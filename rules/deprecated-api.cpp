// deprecated-api: an object of a built-in API version that the target release still serves
// but deprecates: the API server answers every request with a deprecation warning, and the
// version goes away in the release the lifecycle table names (or none, for GA APIs such as
// v1 Endpoints). Data: linter/schema/api_lifecycle.inc.
#include "api_catalog.hpp"
#include "api_version_fix.hpp"
#include "rule_contract.hpp"
#include "schema_store.hpp"

#include <fmt/format.h>

namespace ordlint {

namespace {

class DeprecatedApiRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        const ApiCatalog& catalog = ApiCatalog::bundled();
        KubeVersion target = context.settings.kubeVersion;
        for (const Object& object : context.workspace.objects) {
            ApiStatus status = catalog.status(object.apiVersion, object.kind, target);
            if (status.state != ApiState::Served || !status.deprecated || !status.lifecycle)
                continue;
            const ApiLifecycle& line = *status.lifecycle;
            std::string removal =
                line.removed ? fmt::format("Kubernetes {} removes it", releaseName(*line.removed))
                             : std::string("no release that removes it is announced yet");
            reportApiVersion(
                reporter, object, line, target,
                fmt::format("{} {} is deprecated since Kubernetes {} (--kube-version is {}): the "
                            "API server "
                            "answers with a deprecation warning; {}",
                            object.apiVersion, object.kind, releaseName(*line.deprecated),
                            releaseName(target), removal));
        }
    }
};

} // namespace

std::unique_ptr<Rule> makeDeprecatedApiRule() {
    return std::make_unique<DeprecatedApiRule>();
}

} // namespace ordlint
