#include "core/csv_records.hpp"

#include "core/json_text.hpp"
#include "core/utf8.hpp"

#include <set>
#include <vector>

namespace s2d {
namespace {

struct Cell {
  std::string text;
  bool quoted = false;
};

// Reads one row starting at `*pos`; false with `error` on an unclosed quote.
bool read_row(std::string_view text, std::size_t* pos, int* line, std::vector<Cell>* row, std::string* error) {
  row->clear();
  Cell cell;
  std::size_t i = *pos;
  const int row_line = *line;
  while (true) {
    if (i < text.size() && text[i] == '"' && cell.text.empty() && !cell.quoted) {
      cell.quoted = true;
      ++i;
      while (true) {
        if (i >= text.size()) {
          *error = "line " + std::to_string(row_line) + ": a quoted field is never closed";
          return false;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.text.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++*line;
        cell.text.push_back(text[i++]);
      }
    }
    if (i >= text.size() || text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      row->push_back(std::move(cell));
      if (i < text.size()) i += text[i] == '\r' ? 2 : 1;
      ++*line;
      *pos = i;
      return true;
    }
    if (text[i] == ',') {
      row->push_back(std::move(cell));
      cell = Cell{};
      ++i;
      continue;
    }
    if (cell.quoted) {
      *error = "line " + std::to_string(row_line) + ": text after the closing quote of a field";
      return false;
    }
    cell.text.push_back(text[i++]);
  }
}

// A number or boolean when the text is exactly how JSON writes that value.
nlohmann::json typed_value(const Cell& cell) {
  const std::string& text = cell.text;
  if (cell.quoted || text.empty()) return text;
  const char first = text[0];
  if (first != '-' && first != 't' && first != 'f' && (first < '0' || first > '9')) return text;
  // Through the depth-bounded parser like every JSON the server reads; a
  // number out of range stays the text it was.
  nlohmann::json parsed;
  if (parse_json(text, &parsed) || !(parsed.is_number() || parsed.is_boolean()) || parsed.dump() != text) return text;
  return parsed;
}

bool blank(const std::vector<Cell>& row) { return row.size() == 1 && row[0].text.empty() && !row[0].quoted; }

}  // namespace

CsvRecords parse_csv_records(std::string_view text, std::size_t max_records) {
  CsvRecords out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string problem;
  if (!valid_utf8(text, &problem)) {
    out.error = "the CSV is not valid UTF-8: " + problem;
    return out;
  }
  std::size_t pos = 0;
  int line = 1;
  std::vector<Cell> header;
  if (text.empty() || !read_row(text, &pos, &line, &header, &out.error) || blank(header)) {
    if (out.error.empty()) out.error = "the CSV has no header row";
    return out;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i].text.empty()) {
      out.error = "line 1: column " + std::to_string(i + 1) + " has no name";
      return out;
    }
    if (!seen.insert(header[i].text).second) {
      out.error = "line 1: the column name '" + header[i].text + "' appears twice";
      return out;
    }
  }
  std::vector<Cell> row;
  while (pos < text.size()) {
    const int row_line = line;
    if (!read_row(text, &pos, &line, &row, &out.error)) {
      out.records = nlohmann::json::array();
      return out;
    }
    if (blank(row)) continue;
    if (row.size() != header.size()) {
      out.error = "line " + std::to_string(row_line) + ": " + std::to_string(row.size()) + " fields, the header has " +
                  std::to_string(header.size());
      out.records = nlohmann::json::array();
      return out;
    }
    if (out.records.size() == max_records) {
      out.error = "the CSV has more than " + std::to_string(max_records) + " records";
      out.records = nlohmann::json::array();
      return out;
    }
    nlohmann::json record = nlohmann::json::object();
    for (std::size_t i = 0; i < row.size(); ++i) record[header[i].text] = typed_value(row[i]);
    out.records.push_back(std::move(record));
  }
  return out;
}

}  // namespace s2d
