// A1 references inside formulas, found without a full formula parser: string
// literals are skipped, sheet prefixes ('Q1 sales'!B2, Data!A1) recognised,
// and a token only counts as a reference when no name character touches it.
#include "renderers/office_template/xlsx.hpp"

#include <cctype>

namespace s2d::office_template::xlsx {
namespace {

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

struct Ref {
  bool column_absolute = false, row_absolute = false;
  int column = 0, row = 0;
  std::size_t end = 0;
};

// Parses $A$1 / B7 at `at`; false when the text there is not a cell reference.
bool parse_ref(std::string_view text, std::size_t at, Ref* ref) {
  std::size_t i = at;
  if (i < text.size() && text[i] == '$') ref->column_absolute = true, ++i;
  int column = 0, letters = 0;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) && letters < 4) {
    column = column * 26 + (std::toupper(static_cast<unsigned char>(text[i])) - 'A' + 1);
    ++i, ++letters;
  }
  if (letters == 0 || letters > 3) return false;
  if (i < text.size() && text[i] == '$') ref->row_absolute = true, ++i;
  long row = 0;
  int digits = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 8) row = row * 10 + (text[i++] - '0'), ++digits;
  if (digits == 0 || row < 1 || row > 1048576 || column > 16384) return false;
  if (i < text.size() && (name_char(text[i]) || text[i] == '(')) return false;
  ref->column = column;
  ref->row = static_cast<int>(row);
  ref->end = i;
  return true;
}

std::string column_name(int column) {
  std::string out;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

std::string write_ref(const Ref& ref) {
  return (ref.column_absolute ? "$" : "") + column_name(ref.column) + (ref.row_absolute ? "$" : "") +
         std::to_string(ref.row);
}

// Calls visit(sheet, ref, part) for each reference; returns the rewritten text.
template <typename Visit>
std::string rewrite(std::string_view formula, Visit visit) {
  std::string out;
  out.reserve(formula.size() + 8);
  std::size_t i = 0;
  while (i < formula.size()) {
    const char c = formula[i];
    if (c == '"') {   // string literal, "" is an escaped quote
      std::size_t j = i + 1;
      while (j < formula.size() && !(formula[j] == '"' && (j + 1 >= formula.size() || formula[j + 1] != '"')))
        j += formula[j] == '"' ? 2 : 1;
      out.append(formula.substr(i, std::min(j + 1, formula.size()) - i));
      i = j + 1;
      continue;
    }
    const bool boundary = i == 0 || !name_char(formula[i - 1]);
    if (!boundary || !(c == '\'' || c == '$' || std::isalpha(static_cast<unsigned char>(c)))) {
      out += c;
      ++i;
      continue;
    }
    std::string sheet;
    std::size_t start = i;
    if (c == '\'') {
      std::size_t j = i + 1;
      while (j < formula.size() && !(formula[j] == '\'' && (j + 1 >= formula.size() || formula[j + 1] != '\''))) {
        if (formula[j] == '\'') ++j;
        sheet += formula[j++];
      }
      if (j + 1 < formula.size() && formula[j + 1] == '!') {
        start = j + 2;
      } else {
        out.append(formula.substr(i, j + 1 - i));
        i = j + 1;
        continue;
      }
    } else {
      std::size_t j = i;
      while (j < formula.size() && name_char(formula[j])) ++j;
      if (j < formula.size() && formula[j] == '!') {
        sheet = std::string(formula.substr(i, j - i));
        start = j + 1;
      }
    }
    Ref first;
    if (!parse_ref(formula, start, &first)) {
      std::size_t j = start;   // a name or function: copied whole
      while (j < formula.size() && (name_char(formula[j]) || formula[j] == '$')) ++j;
      if (j == i) ++j;
      out.append(formula.substr(i, j - i));
      i = j;
      continue;
    }
    out.append(formula.substr(i, start - i));
    Ref second;
    const bool range = first.end < formula.size() && formula[first.end] == ':' && parse_ref(formula, first.end + 1, &second);
    visit(sheet, first, range ? 1 : 0);
    out += write_ref(first);
    i = first.end;
    if (range) {
      visit(sheet, second, 2);
      out += ":" + write_ref(second);
      i = second.end;
    }
  }
  return out;
}

}  // namespace

bool parse_cell(std::string_view text, int* column, int* row) {
  Ref ref;
  if (!parse_ref(text, 0, &ref) || ref.end != text.size()) return false;
  *column = ref.column;
  *row = ref.row;
  return true;
}

std::string cell_name(int column, int row) { return column_name(column) + std::to_string(row); }

std::string rewrite_formula(std::string_view formula, const RowMap& map) {
  return rewrite(formula, [&](const std::string& sheet, Ref& ref, int part) { ref.row = map(sheet, ref.row, part); });
}

std::string shift_formula(std::string_view formula, int rows, int columns) {
  return rewrite(formula, [&](const std::string&, Ref& ref, int) {
    if (!ref.row_absolute) ref.row = std::max(1, ref.row + rows);
    if (!ref.column_absolute) ref.column = std::max(1, ref.column + columns);
  });
}

}  // namespace s2d::office_template::xlsx
