#include "quantity.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <limits>

namespace ordlint {

namespace {

struct Suffix {
    std::string_view text;
    int base2;  // power of 2
    int base10; // power of 10
    Quantity::Format format;
};

constexpr std::array<Suffix, 15> kSuffixes{{
    {"Ki", 10, 0, Quantity::Format::BinarySI},
    {"Mi", 20, 0, Quantity::Format::BinarySI},
    {"Gi", 30, 0, Quantity::Format::BinarySI},
    {"Ti", 40, 0, Quantity::Format::BinarySI},
    {"Pi", 50, 0, Quantity::Format::BinarySI},
    {"Ei", 60, 0, Quantity::Format::BinarySI},
    {"n", 0, -9, Quantity::Format::DecimalSI},
    {"u", 0, -6, Quantity::Format::DecimalSI},
    {"m", 0, -3, Quantity::Format::DecimalSI},
    {"k", 0, 3, Quantity::Format::DecimalSI},
    {"M", 0, 6, Quantity::Format::DecimalSI},
    {"G", 0, 9, Quantity::Format::DecimalSI},
    {"T", 0, 12, Quantity::Format::DecimalSI},
    {"P", 0, 15, Quantity::Format::DecimalSI},
    {"E", 0, 18, Quantity::Format::DecimalSI},
}};

std::string_view decimalSuffix(int exponent) {
    switch (exponent) {
    case -9:
        return "n";
    case -6:
        return "u";
    case -3:
        return "m";
    case 0:
        return "";
    case 3:
        return "k";
    case 6:
        return "M";
    case 9:
        return "G";
    case 12:
        return "T";
    case 15:
        return "P";
    case 18:
        return "E";
    default:
        return "?";
    }
}

std::string_view binarySuffix(int exponent) {
    switch (exponent) {
    case 10:
        return "Ki";
    case 20:
        return "Mi";
    case 30:
        return "Gi";
    case 40:
        return "Ti";
    case 50:
        return "Pi";
    case 60:
        return "Ei";
    default:
        return "?";
    }
}

bool isPowerOfTwoAndFive(const Quantity& q) {
    return !q.negative && !q.zero && q.odd == 1;
}

// log2 of the value, for the "below 1024" test of BinarySI canonicalisation.
double log2Of(const Quantity& q) {
    return q.twos + q.fives * std::log2(5.0);
}

} // namespace

std::optional<Quantity> parseQuantity(std::string_view text) {
    Quantity q;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) q.negative = text[i++] == '-';
    std::string digits;
    int exponent10 = 0;
    bool sawDigit = false, sawDot = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            sawDigit = true;
            if (!(digits.empty() && c == '0')) digits += c;
            if (sawDot) --exponent10;
        } else if (c == '.' && !sawDot) {
            sawDot = true;
        } else {
            break;
        }
    }
    if (!sawDigit) return std::nullopt;
    std::string_view suffix = text.substr(i);
    const Suffix* known = nullptr;
    for (const Suffix& s : kSuffixes)
        if (s.text == suffix) known = &s;
    if (known) {
        q.twos += known->base2;
        exponent10 += known->base10;
        q.format = known->format;
    } else if (!suffix.empty()) {
        if (suffix[0] != 'e' && suffix[0] != 'E') return std::nullopt;
        std::string_view number = suffix.substr(1);
        bool negative = !number.empty() && number[0] == '-';
        if (!number.empty() && (number[0] == '-' || number[0] == '+')) number.remove_prefix(1);
        if (number.empty() || number.size() > 4) return std::nullopt;
        int value = 0;
        for (char c : number) {
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            value = value * 10 + (c - '0');
        }
        exponent10 += negative ? -value : value;
        q.format = Quantity::Format::DecimalExponent;
    }
    // Leading zeros were dropped; a fraction's dropped zeros already moved the exponent.
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
        ++exponent10;
    }
    if (digits.empty()) {
        q.zero = true;
        return q;
    }
    q.twos += exponent10;
    q.fives += exponent10;
    if (digits.size() > 19) return q; // odd stays 0: not a power of 2 and 5 we could compare
    unsigned long long mantissa = std::stoull(digits);
    while (mantissa % 2 == 0)
        mantissa /= 2, ++q.twos;
    while (mantissa % 5 == 0)
        mantissa /= 5, ++q.fives;
    q.odd = mantissa;
    return q;
}

std::optional<std::string> canonicalUnitForm(const Quantity& q) {
    if (!isPowerOfTwoAndFive(q)) return std::nullopt;
    Quantity::Format format = q.format;
    if (format == Quantity::Format::BinarySI) {
        bool integer = q.twos >= 0 && q.fives >= 0;
        if (log2Of(q) < 10 || !integer) format = Quantity::Format::DecimalSI;
    }
    switch (format) {
    case Quantity::Format::BinarySI:
        // The canonical base-1024 form has mantissa 1 only for an exact power of 1024.
        if (q.fives == 0 && q.twos % 10 == 0) return "1" + std::string(binarySuffix(q.twos));
        return std::nullopt;
    case Quantity::Format::DecimalSI:
        if (q.twos == q.fives && q.twos % 3 == 0 && q.twos >= -9 && q.twos <= 18)
            return "1" + std::string(decimalSuffix(q.twos));
        return std::nullopt;
    case Quantity::Format::DecimalExponent:
        if (q.twos == 0 && q.fives == 0) return std::string("1");
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> unitWithSameValue(const Quantity& q) {
    if (!isPowerOfTwoAndFive(q)) return std::nullopt;
    if (q.twos == q.fives && q.twos % 3 == 0 && q.twos >= -9 && q.twos <= 18)
        return "1" + std::string(decimalSuffix(q.twos));
    if (q.fives == 0 && q.twos % 10 == 0 && q.twos >= 10 && q.twos <= 60)
        return "1" + std::string(binarySuffix(q.twos));
    return std::nullopt;
}

} // namespace ordlint
