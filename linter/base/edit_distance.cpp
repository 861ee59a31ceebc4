#include "edit_distance.hpp"

#include "text.hpp"

#include <algorithm>

namespace ordlint {

std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit,
                         LetterCase letterCase) {
    bool ignoreCase = letterCase == LetterCase::Ignored;
    std::size_t lengthGap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (lengthGap > limit) return limit + 1;
    std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        std::size_t rowMin = current[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            bool same =
                ignoreCase ? asciiLower(a[i - 1]) == asciiLower(b[j - 1]) : a[i - 1] == b[j - 1];
            std::size_t substitution = previous[j - 1] + (same ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            rowMin = std::min(rowMin, current[j]);
        }
        if (rowMin > limit) return limit + 1;
        std::swap(previous, current);
    }
    return std::min(previous[b.size()], limit + 1);
}

std::optional<std::string> uniqueNearest(std::string_view word,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit) {
    std::optional<std::string> best;
    std::size_t bestDistance = limit + 1;
    bool tied = false;
    for (const std::string& candidate : candidates) {
        if (candidate == word) continue;
        std::size_t distance =
            equalsIgnoringAsciiCase(candidate, word) ? 0 : editDistance(word, candidate, limit);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
            tied = false;
        } else if (distance == bestDistance && distance <= limit && candidate != *best) {
            tied = true;
        }
    }
    if (bestDistance > limit || tied) return std::nullopt;
    return best;
}

} // namespace ordlint
