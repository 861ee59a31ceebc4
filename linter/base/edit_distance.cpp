#include "edit_distance.hpp"

#include "text.hpp"

#include <algorithm>

namespace ordlint {

std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit,
                         LetterCase letterCase, Swaps swaps) {
    bool ignoreCase = letterCase == LetterCase::Ignored;
    auto same = [&](char x, char y) {
        return ignoreCase ? asciiLower(x) == asciiLower(y) : x == y;
    };
    std::size_t lengthGap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (lengthGap > limit) return limit + 1;
    // Three rows: a swap looks two rows back.
    std::vector<std::size_t> beforePrevious(b.size() + 1), previous(b.size() + 1),
        current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        std::size_t rowMin = current[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t substitution = previous[j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            if (swaps == Swaps::OneEdit && i > 1 && j > 1 && same(a[i - 1], b[j - 2]) &&
                same(a[i - 2], b[j - 1]))
                current[j] = std::min(current[j], beforePrevious[j - 2] + 1);
            rowMin = std::min(rowMin, current[j]);
        }
        // With swaps a later row can still come back below the limit through beforePrevious,
        // but only from a row whose minimum was at most limit: checking two rows is enough.
        if (rowMin > limit && (swaps == Swaps::TwoEdits ||
                               *std::min_element(previous.begin(), previous.end()) > limit))
            return limit + 1;
        std::swap(beforePrevious, previous);
        std::swap(previous, current);
    }
    return std::min(previous[b.size()], limit + 1);
}

std::optional<std::string> uniqueNearest(std::string_view word,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit, Swaps swaps) {
    std::optional<std::string> best;
    std::size_t bestDistance = limit + 1;
    bool tied = false;
    for (const std::string& candidate : candidates) {
        if (candidate == word) continue;
        std::size_t distance =
            equalsIgnoringAsciiCase(candidate, word)
                ? 0
                : editDistance(word, candidate, limit, LetterCase::Sensitive, swaps);
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
