#include "cli/batch_input.hpp"

#include "core/crypto.hpp"
#include "core/csv_records.hpp"

namespace s2d::cli {
namespace {

constexpr std::size_t kMaxKeyBaseLength = 200;  // Idempotency-Key allows 255

}  // namespace

std::string rows_from_csv(std::string_view text, nlohmann::json* rows) {
  auto parsed = parse_csv_records(text, kMaxRows);
  if (!parsed.error.empty()) return parsed.error;
  *rows = std::move(parsed.records);
  return "";
}

std::string rows_from_jsonl(std::string_view text, nlohmann::json* rows) {
  *rows = nlohmann::json::array();
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto row = nlohmann::json::parse(line, nullptr, false);
    if (!row.is_object()) return "line " + std::to_string(line_number) + ": not a JSON object";
    if (rows->size() == kMaxRows) return "more than " + std::to_string(kMaxRows) + " rows";
    rows->push_back(std::move(row));
  }
  return "";
}

std::string derived_key(const std::string& key, std::string_view part) {
  const std::string base = key.size() > kMaxKeyBaseLength ? crypto::sha256_hex(key) : key;
  return base + "." + std::string(part);
}

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += "\"\"";
    else quoted.push_back(c);
  }
  return quoted + "\"";
}

}  // namespace s2d::cli
