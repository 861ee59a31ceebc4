#include "path_filter.hpp"

#include <re2/re2.h>

#include <stdexcept>

namespace ordlint {

namespace fs = std::filesystem;

namespace {

// The RE2 syntax of a glob, matched against a '/'-separated path relative to the base.
std::string globToRegex(std::string glob) {
    bool anchored = glob.find('/') != std::string::npos && glob.find('/') + 1 != glob.size();
    while (!glob.empty() && glob.back() == '/')
        glob.pop_back();
    if (!glob.empty() && glob.front() == '/') glob.erase(0, 1);
    std::string regex = anchored ? "" : "(?:.*/)?";
    for (std::size_t i = 0; i < glob.size(); ++i) {
        char c = glob[i];
        if (c == '*' && i + 1 < glob.size() && glob[i + 1] == '*') {
            bool slashAfter = i + 2 < glob.size() && glob[i + 2] == '/';
            regex += slashAfter ? "(?:.*/)?" : ".*";
            i += slashAfter ? 2 : 1;
        } else if (c == '*') {
            regex += "[^/]*";
        } else if (c == '?') {
            regex += "[^/]";
        } else if (c == '[') {
            std::size_t close = glob.find(']', i + 2);
            if (close == std::string::npos)
                throw std::invalid_argument("unclosed [ in \"" + glob + "\"");
            std::string set = glob.substr(i + 1, close - i - 1);
            if (set[0] == '!') set[0] = '^';
            regex += "[" + set + "]";
            i = close;
        } else {
            regex += RE2::QuoteMeta(std::string(1, c));
        }
    }
    return regex + "(?:/.*)?";
}

std::shared_ptr<const RE2> compile(const std::string& glob) {
    RE2::Options options;
    options.set_log_errors(false);
    auto regex = std::make_shared<const RE2>(globToRegex(glob), options);
    if (!regex->ok()) throw std::invalid_argument("\"" + glob + "\": " + regex->error());
    return regex;
}

} // namespace

PathFilter::PathFilter(const std::vector<std::string>& globs, fs::path base)
    : base_(fs::absolute(base).lexically_normal()) {
    for (const std::string& glob : globs) {
        bool negated = glob.size() > 1 && glob.front() == '!';
        std::string pattern = negated ? glob.substr(1) : glob;
        if (!pattern.empty()) patterns_.push_back({compile(pattern), negated});
    }
}

std::optional<std::string> PathFilter::globError(const std::string& glob) {
    if (glob.empty()) return "an empty glob matches nothing";
    if (glob == "!") return "\"!\" re-includes nothing: write the glob after it";
    try {
        compile(glob.front() == '!' ? glob.substr(1) : glob);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return std::nullopt;
}

bool PathFilter::excludes(const fs::path& path) const {
    if (patterns_.empty()) return false;
    std::error_code error;
    fs::path absolute = fs::absolute(path, error).lexically_normal();
    fs::path relative = absolute.lexically_relative(base_);
    // Outside the base only name globs can apply: match the path as given.
    std::string subject = relative.empty() || *relative.begin() == ".."
                              ? path.lexically_normal().generic_string()
                              : relative.generic_string();
    while (subject.rfind("./", 0) == 0)
        subject.erase(0, 2);
    // As in .gitignore, the last glob that matches decides.
    bool excluded = false;
    for (const Pattern& pattern : patterns_)
        if (excluded == pattern.negated && RE2::FullMatch(subject, *pattern.regex))
            excluded = !pattern.negated;
    return excluded;
}

} // namespace ordlint
