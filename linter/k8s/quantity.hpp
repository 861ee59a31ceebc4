#pragma once
// Kubernetes resource quantities ("1Mi", "1000m", "1e3"), as far as ordlint needs them: to
// compare a value with the API server's canonical form (`Quantity.String()`), which is what
// its validation compares (1000m == 1, 1024Ki == 1Mi, but 1024 is "1024", not "1Ki").

#include <optional>
#include <string>
#include <string_view>

namespace ordlint {

struct Quantity {
    enum class Format { DecimalSI, BinarySI, DecimalExponent };
    bool negative = false;
    bool zero = false;
    // The value is exactly `odd * 2^twos * 5^fives` with `odd` coprime to 10 (0 when it did
    // not fit in 64 bits, which never matters here: only powers of 2 and 10 are compared).
    unsigned long long odd = 0;
    int twos = 0;
    int fives = 0;
    Format format = Format::DecimalSI;
};

// Parses the API server's quantity syntax; nullopt when the text is not a quantity.
std::optional<Quantity> parseQuantity(std::string_view text);

// The canonical string when it is "1" followed by a suffix ("1", "1m", "1k", "1Mi", ...), the
// only canonical forms a downward-API divisor may have; nullopt for anything else.
std::optional<std::string> canonicalUnitForm(const Quantity& quantity);

// The unit spelling ("1Ki", "1k", "1m", "1") with exactly this value, whatever its format;
// nullopt when the value is not such a power. Used to propose a value-preserving fix.
std::optional<std::string> unitWithSameValue(const Quantity& quantity);

} // namespace ordlint
