#pragma once
// "Did you mean" support: edit distance, and the one candidate close enough to be meant.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// Levenshtein distance; any result above `limit` is returned as `limit + 1`.
std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit);

// The candidate within `limit` edits of `word` (or equal ignoring case), when exactly one
// candidate is nearest; nullopt when none is close or the nearest are tied.
std::optional<std::string>
uniqueNearest(std::string_view word, const std::vector<std::string>& candidates, std::size_t limit);

} // namespace ordlint
