#pragma once
// Text from manifests and file names on its way to a terminal or a CI log: control
// characters, terminal escape sequences and invisible direction overrides are shown as
// escapes instead of being acted on.

#include <cstddef>
#include <string>
#include <string_view>

namespace ordlint {

// `text` with every character that a terminal or log viewer would act on shown as an escape:
// C0 controls but tab, and DEL, as `\x1b`; C1 controls and bidirectional overrides (the
// "Trojan Source" characters) as `\u0085`; bytes that are not UTF-8 as `\xc0`. Everything
// else is kept as it is.
std::string printable(std::string_view text);

// How one code point is shown: its bytes, or its escape. `length` is how many bytes of `text`
// at `at` it takes (at least 1).
std::string printableCodePoint(std::string_view text, std::size_t at, std::size_t& length);

} // namespace ordlint
