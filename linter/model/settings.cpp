#include "settings.hpp"

#include <fnmatch.h>

#include <algorithm>

namespace ordlint {

std::optional<KubeVersion> parseKubeVersion(std::string_view text) {
    KubeVersion version;
    std::size_t dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) return std::nullopt;
    auto number = [](std::string_view digits, int& value) {
        if (digits.empty() || digits.size() > 4) return false;
        value = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    };
    if (!number(text.substr(0, dot), version.major) || !number(text.substr(dot + 1), version.minor))
        return std::nullopt;
    return version;
}

bool IgnoreEntry::covers(std::string_view rule, std::string_view objectKind,
                         std::string_view objectNs, std::string_view objectName) const {
    auto matches = [](const std::string& glob, std::string_view value) {
        return glob.empty() || fnmatch(glob.c_str(), std::string(value).c_str(), 0) == 0;
    };
    bool ruleListed = std::any_of(rules.begin(), rules.end(),
                                  [&](const std::string& id) { return id == "all" || id == rule; });
    return ruleListed && matches(kind, objectKind) && matches(ns, objectNs) &&
           matches(name, objectName);
}

} // namespace ordlint
