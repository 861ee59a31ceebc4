#include "model.hpp"

#include <algorithm>
#include <array>

namespace ordlint {

std::string apiGroupOf(std::string_view apiVersion) {
    auto slash = apiVersion.find('/');
    return slash == std::string_view::npos ? std::string()
                                           : std::string(apiVersion.substr(0, slash));
}

bool foldersRelated(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (!b.starts_with(a)) return false;
    // "/a" contains "/a/b" but not "/ab"; the root "/" contains everything.
    return a.size() == b.size() || b[a.size()] == '/' || (!a.empty() && a.back() == '/');
}

bool sameNamespace(const Object& a, const Object& b) {
    if (a.clusterScoped || b.clusterScoped || a.ns != b.ns) return false;
    return (!a.implicitNamespace && !b.implicitNamespace) || foldersRelated(a.folder, b.folder);
}

bool isBuiltinClusterScoped(std::string_view group, std::string_view kind) {
    struct GroupKind {
        std::string_view group;
        std::string_view kind;
    };
    static constexpr std::array<GroupKind, 32> clusterScoped{{
        {"", "Namespace"},
        {"", "Node"},
        {"", "PersistentVolume"},
        {"", "ComponentStatus"},
        {"rbac.authorization.k8s.io", "ClusterRole"},
        {"rbac.authorization.k8s.io", "ClusterRoleBinding"},
        {"apiextensions.k8s.io", "CustomResourceDefinition"},
        {"apiregistration.k8s.io", "APIService"},
        {"storage.k8s.io", "StorageClass"},
        {"storage.k8s.io", "CSIDriver"},
        {"storage.k8s.io", "CSINode"},
        {"storage.k8s.io", "VolumeAttachment"},
        {"storage.k8s.io", "VolumeAttributesClass"},
        {"scheduling.k8s.io", "PriorityClass"},
        {"node.k8s.io", "RuntimeClass"},
        {"networking.k8s.io", "IngressClass"},
        {"networking.k8s.io", "IPAddress"},
        {"networking.k8s.io", "ServiceCIDR"},
        {"admissionregistration.k8s.io", "MutatingWebhookConfiguration"},
        {"admissionregistration.k8s.io", "ValidatingWebhookConfiguration"},
        {"admissionregistration.k8s.io", "ValidatingAdmissionPolicy"},
        {"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"},
        {"admissionregistration.k8s.io", "MutatingAdmissionPolicy"},
        {"admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"},
        {"certificates.k8s.io", "CertificateSigningRequest"},
        {"certificates.k8s.io", "ClusterTrustBundle"},
        {"flowcontrol.apiserver.k8s.io", "FlowSchema"},
        {"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"},
        {"resource.k8s.io", "DeviceClass"},
        {"resource.k8s.io", "ResourceSlice"},
        {"policy", "PodSecurityPolicy"},
        {"internal.apiserver.k8s.io", "StorageVersion"},
    }};
    return std::any_of(clusterScoped.begin(), clusterScoped.end(),
                       [&](const GroupKind& gk) { return gk.group == group && gk.kind == kind; });
}

SourceRange Object::anchorRange() const {
    if (const Node* meta = metadata(); meta && meta->isMapping())
        if (const Node* nameNode = meta->get("name")) return nameNode->range;
    if (const Node* kindNode = node->get("kind")) return kindNode->range;
    return node->range;
}

} // namespace ordlint
