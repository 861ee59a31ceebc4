#pragma once
// "Did you mean" support: edit distance, and the one candidate close enough to be meant.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

enum class LetterCase { Sensitive, Ignored };
// Levenshtein counts a swap of two neighbouring characters as two edits; the optimal string
// alignment distance counts it as one ("teir" is one edit from "tier"), each character
// taking part in at most one swap.
enum class Swaps { TwoEdits, OneEdit };

// Levenshtein distance (or, with Swaps::OneEdit, optimal string alignment distance); any
// result above `limit` is returned as `limit + 1`. With LetterCase::Ignored, ASCII letters
// that differ only in case are the same character.
std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit,
                         LetterCase letterCase = LetterCase::Sensitive,
                         Swaps swaps = Swaps::TwoEdits);

// The candidate within `limit` edits of `word` (or equal ignoring case), when exactly one
// candidate is nearest; nullopt when none is close or the nearest are tied.
std::optional<std::string> uniqueNearest(std::string_view word,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit, Swaps swaps = Swaps::TwoEdits);

} // namespace ordlint
