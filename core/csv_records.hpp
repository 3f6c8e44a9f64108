#pragma once
// CSV uploads of `records` data sources -> JSON records.
//
// RFC 4180: comma-separated, fields with commas, quotes or line breaks in
// double quotes ("" inside is a quote), CRLF or LF line ends, an optional
// UTF-8 byte-order mark. The header row names the fields (non-empty,
// unique); every row has as many cells as the header.
//
// Values are typed only where the text says unambiguously what it is: an
// unquoted cell becomes a number when JSON writes that number back as the
// same text (`42`, `-7`, `12.5`; not `007`, `12.50`, `1e3`), `true` and
// `false` become booleans, and everything else (including empty cells and
// every quoted cell) stays a string. So `"007"` or `"42"` keep their text.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace s2d {

struct CsvRecords {
  nlohmann::json records = nlohmann::json::array();
  std::string error;  // set: the upload is refused (with the line it concerns)
};

CsvRecords parse_csv_records(std::string_view text, std::size_t max_records);

}  // namespace s2d
