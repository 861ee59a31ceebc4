// unresolvable-pod-dns: a literal pod DNS name (`web-5.web`, `job-3.workers`) that no pod of
// the input's workloads will ever have: the pod name is outside every allowed scale, the
// subdomain is not the workload's governing Service or subdomain, or the namespace part names
// another namespace than the workload's. Host names are found and indexed by pod_dns.hpp.
#include "edit_distance.hpp"
#include "fixes.hpp"
#include "pod_dns.hpp"
#include "rule_contract.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ordlint {

namespace {

// Drops leading zeros from every run of digits: "web-03" -> "web-3".
std::string withoutLeadingZeros(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        bool startsRun = digit && (i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9'));
        if (startsRun)
            while (i + 1 < text.size() && text[i] == '0' && text[i + 1] >= '0' &&
                   text[i + 1] <= '9')
                ++i;
        out += text[i];
    }
    return out;
}

// Ends in `-<number>`, as the pods of StatefulSets and Indexed Jobs do.
bool podLike(std::string_view pod) {
    std::size_t dash = pod.rfind('-');
    if (dash == std::string_view::npos || dash + 1 == pod.size()) return false;
    return std::all_of(pod.begin() + static_cast<std::ptrdiff_t>(dash) + 1, pod.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

bool resolves(const std::vector<const PodHostFamily*>& families, std::string_view pod,
              std::string_view subdomain) {
    return std::any_of(families.begin(), families.end(), [&](const PodHostFamily* family) {
        return family->hasSubdomain && !family->resolving(pod, subdomain).empty();
    });
}

// A pod W creates, under a subdomain that misses W's by a suffix or a typo
// (`trainer-0.trainer-headless` when W's is `trainer`, `web-0.webx`): a DNS name gone wrong,
// not a file name (`web-0.log`).
bool nearMissOfSubdomain(const std::vector<const PodHostFamily*>& families,
                         const HostReference& r) {
    return std::any_of(families.begin(), families.end(), [&](const PodHostFamily* family) {
        if (!family->hasSubdomain || !family->subdomain.isExact() || !family->produces(r.pod))
            return false;
        std::string right = family->subdomain.exactValue();
        std::size_t typos = right.size() < 5 ? 1 : 2;
        return r.subdomain.starts_with(right + "-") ||
               right.starts_with(std::string(r.subdomain) + "-") ||
               editDistance(r.subdomain, right, typos, LetterCase::Ignored) <= typos;
    });
}

// A pod W creates, under W's own name as the subdomain (`train-0.train` for an Indexed Job
// whose subdomain is `workers`, a JobSet's default subdomain once `network.subdomain` is set):
// a DNS name that assumed the default, not a file name.
bool subdomainNamesWorkload(const std::vector<const PodHostFamily*>& families,
                            const HostReference& r) {
    return std::any_of(families.begin(), families.end(), [&](const PodHostFamily* family) {
        return family->produces(r.pod) && r.subdomain == family->workload().object->name;
    });
}

// "StatefulSet etcd creates etcd-0..etcd-2 (HorizontalPodAutoscaler etcd scales it to 1..3
// replicas)", "LeaderWorkerSet vllm creates worker pods vllm-{0..1}-{1..3}".
std::string creates(const PodHostFamily& family) {
    const Workload& workload = family.workload();
    std::string what;
    if (workload.kind == WorkloadKind::JobSet)
        what = fmt::format("pods {} (replicated job {})", family.describeHosts(), family.pod->role);
    else if (!family.pod->role.empty())
        what = fmt::format("{} pods {}", family.pod->role, family.describeHosts());
    else
        what = family.describeHosts();
    return fmt::format("{} creates {}{}", workload.describe(), what, workload.rangeNote());
}

// How to make the workload produce `pod` (whose variables, parsed at any scale, are `wanted`).
std::string growHelp(const PodHostFamily& family, std::string_view pod) {
    PodClass wide;
    wide.variables = family.pod->variables;
    for (PodVariable& variable : wide.variables)
        variable.range = {0, kUnbounded};
    ValueMatch match = matchValue(family.hostname, pod, wide);
    if (match.where.empty()) return {};
    const Box& wanted = match.where.front();
    const Workload& workload = family.workload();
    const std::string& kind = workload.object->kind;
    const std::string& name = workload.object->name;
    for (std::size_t v = 0; v < wanted.size(); ++v) {
        const Interval& range = family.pod->variables[v].range;
        std::int64_t value = wanted[v].lo;
        if (range.contains(value)) continue;
        const std::string& variable = family.pod->variables[v].name;
        if (value < range.lo) {
            if (variable == "ordinal")
                return fmt::format("set spec.ordinals.start: {} on {} {}", value, kind, name);
            return {};
        }
        if (workload.autoscaler && (variable == "ordinal" || variable == "group"))
            return fmt::format("raise the maximum of {} {} to {}", workload.autoscaler->kind,
                               workload.autoscaler->name,
                               variable == "ordinal" ? value - workload.ordinalsStart + 1
                                                     : value + 1);
        if (variable == "ordinal")
            return fmt::format("scale {} {} to replicas: {}", kind, name,
                               value - workload.ordinalsStart + 1);
        if (variable == "group")
            return fmt::format("raise replicas to {} on {} {}", value + 1, kind, name);
        if (variable == "worker")
            return fmt::format("raise leaderWorkerTemplate.size to {} on {} {}", value + 1, kind,
                               name);
        if (variable == "job")
            return fmt::format("raise the replicas of replicated job {} to {} on {} {}",
                               family.pod->role, value + 1, kind, name);
        if (variable == "completion" && workload.kind == WorkloadKind::JobSet)
            return fmt::format("raise completions of replicated job {} to {} on {} {}",
                               family.pod->role, value + 1, kind, name);
        if (variable == "completion")
            return fmt::format("raise completions to {} on {} {}", value + 1, kind, name);
    }
    return {};
}

std::string subdomainSource(const PodHostFamily& family) {
    switch (family.workload().kind) {
    case WorkloadKind::StatefulSet:
        return "spec.serviceName";
    case WorkloadKind::Job:
        return "spec.template.spec.subdomain";
    case WorkloadKind::JobSet:
        return "spec.network.subdomain, default the JobSet's name";
    case WorkloadKind::LeaderWorkerSet:
        return "its headless Service";
    default:
        return "spec.subdomain";
    }
}

class UnresolvablePodDnsRule : public Rule {
  public:
    void check(const LintContext& context, Reporter& reporter) const override {
        PodHostIndex index(*context.pods, context.workspace);
        if (index.families().empty()) return;
        forEachHostReference(context.workspace, index, [&](const HostReference& reference) {
            checkReference(index, reference, reporter);
        });
    }

  private:
    static void checkReference(const PodHostIndex& index, const HostReference& r,
                               Reporter& reporter) {
        const Object& object = *r.object;
        std::string_view ns = r.ns.empty() ? std::string_view(object.ns) : r.ns;
        std::vector<const PodHostFamily*> bySubdomain = index.bySubdomain(ns, r.subdomain);
        std::vector<const PodHostFamily*> byName = index.byPodName(ns, r.pod);
        auto elsewhere = [&](const PodHostFamily* family) {
            return !hostNamespaceReaches(r, *family->workload().object);
        };
        std::erase_if(bySubdomain, elsewhere);
        std::erase_if(byName, elsewhere);
        if (resolves(bySubdomain, r.pod, r.subdomain) || resolves(byName, r.pod, r.subdomain))
            return;
        // Under a Service without a selector, host names are whatever its EndpointSlices say
        // (Kubernetes' DNS spec gives every endpoint with a hostname its record): not ours to
        // judge.
        if (index.hasServiceWithoutSelector(ns, r.subdomain)) return;
        // The right pod of a StatefulSet without a serviceName: governing-service's finding.
        for (const PodHostFamily* family : byName)
            if (!family->hasSubdomain && family->produces(r.pod) &&
                family->workload().kind == WorkloadKind::StatefulSet)
                return;

        if (bySubdomain.empty() && byName.empty()) {
            otherNamespace(index, r, ns, reporter);
            return;
        }
        // `web-5.log` is a file name, not a DNS name: a subdomain that is no workload's must
        // look like one (a Service of the namespace, a port, a scheme, a namespace part).
        bool looksLikeDns = !bySubdomain.empty() || r.hostContext || r.clusterSuffix ||
                            !r.ns.empty() || index.hasService(ns, r.subdomain) ||
                            nearMissOfSubdomain(byName, r) || subdomainNamesWorkload(byName, r);
        if (!looksLikeDns) return;
        // Leading zeros: controllers write decimal numbers without them.
        std::string normalized = withoutLeadingZeros(r.pod);
        if (normalized != r.pod) {
            std::vector<const PodHostFamily*> families = index.byPodName(ns, normalized);
            if (resolves(families, normalized, r.subdomain)) {
                Diagnostic& d =
                    report(r, reporter,
                           fmt::format("{} names pod {}, but controllers write indexes without "
                                       "leading zeros: the pod is {}, and {} never resolves",
                                       subject(r), r.pod, normalized, quoted(r.host)));
                d.help = fmt::format("write {}", normalized);
                if (auto edit = locateInScalar(*r.scalar, r.offset, r.pod.size()))
                    d.fix = Fix{fmt::format("replace with {}", normalized), {{*edit, normalized}}};
                return;
            }
        }
        for (const PodHostFamily* family : byName)
            if (family->produces(r.pod)) {
                wrongSubdomain(r, *family, reporter);
                return;
            }
        // Only the subdomain ties it to a workload: `bootstrap.kafka` is more likely the Service
        // bootstrap in namespace kafka than a pod. Judge only pod-like names (`<name>-<n>`, or
        // named after a workload of the subdomain) that are no Service's name, where nothing
        // unknown could create pods.
        if (byName.empty()) {
            bool namedAfter =
                std::any_of(bySubdomain.begin(), bySubdomain.end(), [&](const PodHostFamily* f) {
                    const std::string& name = f->workload().object->name;
                    return r.pod.size() > name.size() && r.pod.starts_with(name) &&
                           r.pod[name.size()] == '-';
                });
            if (!(podLike(r.pod) || namedAfter) || index.hasServiceAnywhere(r.pod) ||
                index.knownNamespace(r.subdomain) || index.unknownProducerIn(ns))
                return;
        }
        noSuchPod(r, byName.empty() ? bySubdomain : byName, reporter);
    }

    static std::string quoted(std::string_view host) { return fmt::format("`{}`", host); }

    static std::string subject(const HostReference& r) {
        return fmt::format("{} in {} of {} {}", quoted(r.host), r.where, r.object->kind,
                           r.object->name);
    }

    static Diagnostic& report(const HostReference& r, Reporter& reporter, std::string message) {
        SourceRange at =
            locateInScalar(*r.scalar, r.offset, r.host.size()).value_or(r.scalar->range);
        return reporter.report(*r.object, at, std::move(message));
    }

    static void noSuchPod(const HostReference& r, const std::vector<const PodHostFamily*>& families,
                          Reporter& reporter) {
        std::vector<std::string> producers;
        std::vector<const Workload*> workloads;
        for (const PodHostFamily* family : families) {
            producers.push_back(creates(*family));
            if (std::find(workloads.begin(), workloads.end(), &family->workload()) ==
                workloads.end())
                workloads.push_back(&family->workload());
        }
        if (producers.size() > 3) {
            std::size_t more = producers.size() - 2;
            producers.resize(2);
            producers.push_back(fmt::format("{} more", more));
        }
        Diagnostic& d = report(
            r, reporter,
            fmt::format(
                "{} names pod {}, which no workload ever creates ({}): the name never resolves",
                subject(r), r.pod, fmt::join(producers, "; ")));
        std::string grow;
        for (const PodHostFamily* family : families)
            if (grow.empty() && family->hasShape(r.pod)) grow = growHelp(*family, r.pod);
        d.help = fmt::format("use one of {}{}", families.front()->describeHosts(),
                             grow.empty() ? std::string() : ", or " + grow);
        for (const Workload* workload : workloads)
            d.related.push_back({workload->rangeSource(),
                                 fmt::format("pods of {} are decided here", workload->describe())});
    }

    static void wrongSubdomain(const HostReference& r, const PodHostFamily& family,
                               Reporter& reporter) {
        const Workload& workload = family.workload();
        if (!family.hasSubdomain) {
            std::string why = workload.kind == WorkloadKind::JobSet
                                  ? "sets network.enableDNSHostnames: false"
                                  : "sets no spec.template.spec.subdomain";
            Diagnostic& d =
                report(r, reporter,
                       fmt::format("{} names pod {} of {}, which {}: its pods get no DNS name, "
                                   "so the name never resolves",
                                   subject(r), r.pod, workload.describe(), why));
            d.help =
                workload.kind == WorkloadKind::JobSet
                    ? "remove enableDNSHostnames: false"
                    : fmt::format(
                          "set spec.template.spec.subdomain: {} on {} (with a headless Service "
                          "{} that selects its pods)",
                          r.subdomain, workload.describe(), r.subdomain);
            d.related.push_back({workload.object->anchorRange(), workload.describe()});
            return;
        }
        std::string right = family.describeSubdomainOf(r.pod);
        Diagnostic& d = report(
            r, reporter,
            fmt::format(
                "{} names pod {} of {} in subdomain {}, but its pods' DNS names are {}.{} ({}): "
                "the name never resolves",
                subject(r), r.pod, workload.describe(), r.subdomain, r.pod, right,
                subdomainSource(family)));
        d.help = fmt::format("write {}.{}", r.pod, right);
        if (right.find("..") == std::string::npos) {
            std::size_t at = r.offset + r.pod.size() + 1;
            if (auto edit = locateInScalar(*r.scalar, at, r.subdomain.size()))
                d.fix = Fix{fmt::format("replace with {}", right), {{*edit, right}}};
        }
        if (family.subdomainField)
            d.related.push_back({family.subdomainField->range,
                                 fmt::format("the subdomain of {}'s pods", workload.describe())});
        else
            d.related.push_back({workload.object->anchorRange(), workload.describe()});
    }

    // The name resolves in another namespace than the one it is used in (or names).
    static void otherNamespace(const PodHostIndex& index, const HostReference& r,
                               std::string_view ns, Reporter& reporter) {
        // Namespaces are compared only where they are known: written in metadata.namespace, or
        // given with --namespace (an object without either goes wherever `kubectl -n` sends it).
        if (r.ns.empty() && r.object->implicitNamespace) return;
        std::vector<const PodHostFamily*> families = index.bySubdomainAnywhere(r.subdomain);
        for (const PodHostFamily* family : index.byPodNameAnywhere(r.pod))
            if (std::find(families.begin(), families.end(), family) == families.end())
                families.push_back(family);
        std::vector<const PodHostFamily*> there;
        for (const PodHostFamily* family : families)
            if (family->ns() != ns && !family->workload().object->implicitNamespace &&
                family->hasSubdomain && !family->resolving(r.pod, r.subdomain).empty())
                there.push_back(family);
        if (there.empty()) return;
        const PodHostFamily& family = *there.front();
        std::string_view home = family.ns();
        Diagnostic& d =
            report(r, reporter,
                   fmt::format("{} names pod {} of {}, which is in namespace \"{}\", not \"{}\": "
                               "the name never resolves",
                               subject(r), r.pod, family.workload().describe(), home, ns));
        if (r.ns.empty())
            d.help = fmt::format("write {}.{}.{} to reach it from namespace \"{}\"", r.pod,
                                 r.subdomain, home, ns);
        else
            d.help = fmt::format("write namespace {} in the name", home);
        d.related.push_back(
            {family.workload().object->anchorRange(), family.workload().describe(true)});
    }
};

} // namespace

std::unique_ptr<Rule> makeUnresolvablePodDnsRule() {
    return std::make_unique<UnresolvablePodDnsRule>();
}

} // namespace ordlint
