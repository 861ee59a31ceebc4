#include "pod_ranges.hpp"

#include <fmt/format.h>

namespace ordlint {

std::string Interval::describe() const {
    if (empty()) return "nothing";
    if (lo == hi) return std::to_string(lo);
    if (isUnbounded(hi)) return fmt::format("{} and up", lo);
    return fmt::format("{}..{}", lo, hi);
}

ValuePattern ValuePattern::exact(std::string value) {
    ValuePattern pattern;
    pattern.parts.push_back({std::move(value), -1, 0});
    return pattern;
}

ValuePattern ValuePattern::anyWithPrefix(std::string prefix) {
    ValuePattern pattern;
    if (!prefix.empty()) pattern.parts.push_back({std::move(prefix), -1, 0});
    pattern.anySuffix = true;
    return pattern;
}

ValuePattern ValuePattern::number(std::string prefix, int variable, std::int64_t offset) {
    ValuePattern pattern;
    if (!prefix.empty()) pattern.parts.push_back({std::move(prefix), -1, 0});
    pattern.parts.push_back({{}, variable, offset});
    return pattern;
}

bool ValuePattern::isExact() const {
    return !anySuffix && std::all_of(parts.begin(), parts.end(),
                                     [](const ValuePart& p) { return p.variable < 0; });
}

std::string ValuePattern::exactValue() const {
    std::string text;
    for (const ValuePart& part : parts)
        if (part.variable < 0) text += part.literal;
    return text;
}

// ---------------------------------------------------------------------------------------
// Regions

namespace {

bool boxEmpty(const Box& box) {
    return std::any_of(box.begin(), box.end(), [](const Interval& i) { return i.empty(); });
}

} // namespace

Region intersect(const Region& a, const Region& b) {
    Region result;
    for (const Box& x : a) {
        for (const Box& y : b) {
            Box box(x.size());
            for (std::size_t d = 0; d < x.size(); ++d)
                box[d] = x[d].intersect(y[d]);
            if (!boxEmpty(box)) result.push_back(std::move(box));
        }
    }
    return result;
}

Region subtract(const Region& region, const Box& cut) {
    Region result;
    for (const Box& box : region) {
        Box overlap(box.size());
        for (std::size_t d = 0; d < box.size(); ++d)
            overlap[d] = box[d].intersect(cut[d]);
        if (boxEmpty(overlap)) {
            result.push_back(box);
            continue;
        }
        // Peel off, dimension by dimension, what lies below and above the cut.
        Box rest = box;
        for (std::size_t d = 0; d < box.size(); ++d) {
            if (rest[d].lo < overlap[d].lo) {
                Box below = rest;
                below[d] = {rest[d].lo, overlap[d].lo - 1};
                result.push_back(std::move(below));
            }
            if (rest[d].hi > overlap[d].hi) {
                Box above = rest;
                above[d] = {overlap[d].hi + 1, rest[d].hi};
                result.push_back(std::move(above));
            }
            rest[d] = overlap[d];
        }
    }
    return result;
}

namespace {

void matchParts(const ValuePattern& pattern, std::string_view text, std::size_t part,
                std::size_t pos, Box& current, Region& out) {
    if (part == pattern.parts.size()) {
        if (pos == text.size()) out.push_back(current);
        return;
    }
    const ValuePart& piece = pattern.parts[part];
    if (piece.variable < 0) {
        if (text.substr(pos).starts_with(piece.literal))
            matchParts(pattern, text, part + 1, pos + piece.literal.size(), current, out);
        return;
    }
    // A decimal without leading zeros: "0", or a non-zero digit followed by digits.
    std::size_t end = pos;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9')
        ++end;
    if (end == pos) return;
    std::size_t longest = text[pos] == '0' ? 1 : std::min<std::size_t>(end - pos, 18);
    std::int64_t number = 0;
    for (std::size_t length = 1; length <= longest; ++length) {
        number = number * 10 + (text[pos + length - 1] - '0');
        Interval saved = current[static_cast<std::size_t>(piece.variable)];
        std::int64_t value = number - piece.offset;
        Interval narrowed = saved.intersect({value, value});
        if (narrowed.empty()) continue;
        current[static_cast<std::size_t>(piece.variable)] = narrowed;
        matchParts(pattern, text, part + 1, pos + length, current, out);
        current[static_cast<std::size_t>(piece.variable)] = saved;
    }
}

} // namespace

Region renderingsOf(const ValuePattern& pattern, std::string_view text, const Region& pods) {
    Region where;
    for (Box box : pods)
        matchParts(pattern, text, 0, 0, box, where);
    return where;
}

} // namespace ordlint
