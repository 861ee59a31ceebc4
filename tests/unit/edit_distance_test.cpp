// Edit distances: Levenshtein (two edits for a swap) and optimal string alignment (one), the
// limit, and the unique nearest candidate.
#include "edit_distance.hpp"

#include <catch2/catch.hpp>

using namespace ordlint;

TEST_CASE("edit distance counts a swap of neighbours as one edit only when asked") {
    CHECK(editDistance("teir", "tier", 2) == 2);
    CHECK(editDistance("teir", "tier", 2, LetterCase::Sensitive, Swaps::OneEdit) == 1);
    CHECK(editDistance("compnoent", "component", 2, LetterCase::Sensitive, Swaps::OneEdit) == 1);
    // Each character takes part in one swap at most: "ca" -> "abc" is 3, not 2.
    CHECK(editDistance("ca", "abc", 5, LetterCase::Sensitive, Swaps::OneEdit) == 3);
    CHECK(editDistance("trie", "tier", 2, LetterCase::Sensitive, Swaps::OneEdit) == 2);
    CHECK(editDistance("abcd", "badc", 3, LetterCase::Sensitive, Swaps::OneEdit) == 2);
    CHECK(editDistance("same", "same", 2, LetterCase::Sensitive, Swaps::OneEdit) == 0);
    CHECK(editDistance("", "ab", 2, LetterCase::Sensitive, Swaps::OneEdit) == 2);
}

TEST_CASE("edit distance stops at its limit with or without swaps") {
    CHECK(editDistance("kitten", "sitting", 2) == 3);
    CHECK(editDistance("kitten", "sitting", 5) == 3);
    CHECK(editDistance("abcdef", "badcfe", 2, LetterCase::Sensitive, Swaps::OneEdit) == 3);
    CHECK(editDistance("abcdef", "badcfe", 3, LetterCase::Sensitive, Swaps::OneEdit) == 3);
    CHECK(editDistance("apple", "APPLE", 1, LetterCase::Ignored, Swaps::OneEdit) == 0);
}

TEST_CASE("the unique nearest candidate uses the same distance") {
    CHECK(uniqueNearest("teir", {"tier", "team"}, 2, Swaps::OneEdit) == std::string("tier"));
    // Levenshtein puts both at two edits: a tie, so no proposal.
    CHECK_FALSE(uniqueNearest("teir", {"tier", "team"}, 2).has_value());
}
