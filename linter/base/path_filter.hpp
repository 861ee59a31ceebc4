#pragma once
// The config file's `exclude` globs: which files and folders a run skips.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace ordlint {

// gitignore-like globs, relative to `base` (the folder of the config file):
//   `*` and `?` match within one path component, `**` across components, `[abc]` a set;
//   a glob without `/` matches a file or folder name at any depth (`*.tpl.yaml`, `generated`);
//   a glob with `/` is anchored at `base` (`charts/*/templates/**`, `/deploy/legacy`);
//   a folder that matches excludes everything under it;
//   `!glob` re-includes what an earlier glob excluded (the last glob that matches a path
//   decides), except below a folder that is excluded itself: a walk never enters it (as git).
class PathFilter {
  public:
    PathFilter() = default;
    // Throws std::invalid_argument naming the first glob that cannot be compiled.
    PathFilter(const std::vector<std::string>& globs, std::filesystem::path base);

    bool empty() const { return patterns_.empty(); }
    bool excludes(const std::filesystem::path& path) const;

    // Why `glob` is not a valid pattern, or nothing when it is.
    static std::optional<std::string> globError(const std::string& glob);

  private:
    std::filesystem::path base_;
    struct Pattern {
        std::shared_ptr<const re2::RE2> regex;
        bool negated = false; // `!glob`: matching paths are included again
    };
    std::vector<Pattern> patterns_;
};

} // namespace ordlint
