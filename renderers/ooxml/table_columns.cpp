#include "renderers/ooxml/table_columns.hpp"

#include "renderers/text/sanitize.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace s2d::office {
namespace {

constexpr double kLongestCellCap = 34;  // ems: beyond this a cell wraps anyway
constexpr double kBoldWidening = 1.1;   // header cells
constexpr double kSafety = 1.05;        // runs may be bold or use a wider fallback font

double longest_word(const std::string& text) {
  double longest = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find_first_of(" \n", start), text.size());
    longest = std::max(longest, text_ems(std::string_view(text).substr(start, end - start)));
    start = end + 1;
  }
  return longest;
}

std::vector<double> scaled(const std::vector<double>& lengths, double total) {
  double sum = 0;
  for (const double length : lengths) sum += length;
  std::vector<double> out;
  for (const double length : lengths) out.push_back(sum > 0 ? length * total / sum : total / lengths.size());
  return out;
}

}  // namespace

double text_ems(std::string_view utf8) {
  double ems = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x80) {  // a multi-byte character: measure it whole
      std::size_t length = 1;
      while (i + length < utf8.size() && (static_cast<unsigned char>(utf8[i + length]) & 0xC0) == 0x80) ++length;
      ems += text::display_width(utf8.substr(i, length)) == 2 ? 1.0 : 0.62;
      i += length - 1;
    } else if (std::isdigit(c)) {
      ems += 0.64;
    } else if (std::string_view(" .,:;'!|ijlft").find(static_cast<char>(c)) != std::string_view::npos) {
      ems += 0.32;
    } else if (std::string_view("-/()[]\"r").find(static_cast<char>(c)) != std::string_view::npos) {
      ems += 0.4;
    } else if (std::string_view("mwMW@%").find(static_cast<char>(c)) != std::string_view::npos) {
      ems += 0.95;
    } else if (std::isupper(c)) {
      ems += 0.72;
    } else {
      ems += 0.61;
    }
  }
  return ems;
}

std::vector<long long> column_widths(const doc::Block& table, long long total, double em, long long padding) {
  std::size_t columns = 0;
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  if (columns == 0) return {};
  std::vector<double> minimum(columns, 1.0), preferred(columns, 1.0);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const double widening = kSafety * (r == 0 ? kBoldWidening : 1.0);
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const std::string text = text::plain_text(table.rows[r][c].inlines);
      minimum[c] = std::max(minimum[c], longest_word(text) * widening);
      preferred[c] = std::max(preferred[c], std::min(kLongestCellCap, text_ems(text)) * widening);
    }
  }
  for (std::size_t c = 0; c < columns; ++c) {
    minimum[c] = minimum[c] * em + padding;
    preferred[c] = std::max(minimum[c], preferred[c] * em + padding);
  }
  double minimum_sum = 0, preferred_sum = 0;
  for (std::size_t c = 0; c < columns; ++c) {
    minimum_sum += minimum[c];
    preferred_sum += preferred[c];
  }
  std::vector<double> widths;
  if (preferred_sum <= total) {
    widths = scaled(preferred, static_cast<double>(total));
  } else if (minimum_sum <= total) {
    std::vector<double> wants(columns);
    for (std::size_t c = 0; c < columns; ++c) wants[c] = preferred[c] - minimum[c];
    const auto extra = scaled(wants, total - minimum_sum);
    for (std::size_t c = 0; c < columns; ++c) widths.push_back(minimum[c] + extra[c]);
  } else {
    widths = scaled(minimum, static_cast<double>(total));
  }
  std::vector<long long> out;
  long long used = 0;
  for (std::size_t c = 0; c + 1 < columns; ++c) {
    out.push_back(std::llround(widths[c]));
    used += out.back();
  }
  out.push_back(total - used);
  return out;
}

}  // namespace s2d::office
