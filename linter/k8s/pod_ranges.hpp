#pragma once
// The arithmetic of the pod model: integer intervals, label values as patterns over integer
// variables, and regions (unions of boxes of intervals) of variable assignments. Everything
// is a range, never an enumeration: a StatefulSet of 10^6 replicas costs what one of 3 costs.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

// Stands for "no upper bound" (replicas that are not a literal number).
constexpr std::int64_t kUnbounded = std::numeric_limits<std::int64_t>::max() / 4;

// True for kUnbounded and for values derived from it (kUnbounded - 1, an offset added).
inline bool isUnbounded(std::int64_t value) {
    return value >= kUnbounded / 2;
}

struct Interval {
    std::int64_t lo = 0;
    std::int64_t hi = -1; // inclusive; lo > hi is empty
    bool empty() const { return lo > hi; }
    bool contains(std::int64_t v) const { return lo <= v && v <= hi; }
    Interval intersect(const Interval& other) const {
        return {std::max(lo, other.lo), std::min(hi, other.hi)};
    }
    bool operator==(const Interval&) const = default;
    // "1..5", "3", "0 and up"
    std::string describe() const;
};

// A label value as a function of the pod's variables: literal text and decimal variables
// (written without leading zeros, as controllers write them), optionally followed by
// anything (a hash, a uid, the number a CronJob appends to its Job names).
struct ValuePart {
    std::string literal;
    int variable = -1; // >= 0: the class variable rendered here, plus `offset`
    std::int64_t offset = 0;
};

struct ValuePattern {
    std::vector<ValuePart> parts;
    bool anySuffix = false;

    static ValuePattern exact(std::string value);
    static ValuePattern any() { return anyWithPrefix(""); }
    static ValuePattern anyWithPrefix(std::string prefix);
    static ValuePattern number(std::string prefix, int variable, std::int64_t offset = 0);

    bool isExact() const;
    std::string exactValue() const; // the literal text (meaningful when isExact())
};

// A set of variable assignments: a union of boxes, one interval per variable.
using Box = std::vector<Interval>;
using Region = std::vector<Box>;

Region intersect(const Region& a, const Region& b);
Region subtract(const Region& region, const Box& box);

// The assignments within `pods` for which `pattern` renders exactly `text` (a pattern with
// variables; see matchValue in pod_model.hpp for fixed and any-suffix patterns).
Region renderingsOf(const ValuePattern& pattern, std::string_view text, const Region& pods);

} // namespace ordlint
