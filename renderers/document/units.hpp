#pragma once
// Parsing of the small value types templates write: numbers, lengths, page
// sizes and colors. Locale-independent (a '.' is always the decimal point).

#include <string>
#include <string_view>

namespace s2d::doc {

constexpr double kPointsPerMm = 72.0 / 25.4;

// A plain decimal number such as 12, -3.5 or .75 (no units, no exponent).
bool parse_number(std::string_view text, double* value);

// A length in mm, cm, in or pt; a bare number is millimetres.
bool parse_length_mm(std::string_view text, double* mm);

// A named size (A3, A4, A5, Letter, Legal; any case) or "WxH" with lengths as
// above, in portrait or landscape as written.
bool parse_page_size_mm(std::string_view text, double* width_mm, double* height_mm);

// "#rgb" or "#rrggbb" (any case) to "#rrggbb" lowercase.
bool normalize_color(std::string_view text, std::string* color);

}  // namespace s2d::doc
