#pragma once
// What the client prints: tables for people, the progress line of a batch,
// and whether a stream is a terminal (live lines) or a pipe (plain lines).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace s2d::cli {

bool is_terminal(int fd);

// A JSON value as a table cell: strings as they are, null as "-".
std::string cell_text(const nlohmann::json& value);

// Columns padded to their widest cell, a header row first, to stdout.
void print_table(const std::vector<std::string>& columns, const nlohmann::json& rows);

struct BatchProgress {
  std::int64_t total = 0, completed = 0, failed = 0, canceled = 0;
  double items_per_second = 0;  // 0: not known yet
};

// "[#####.....]  512/1000  51%  42.1/s  ETA 12s  3 failed" (the bar `bar_width` wide).
std::string progress_line(const BatchProgress& progress, int bar_width);

// "1h02m", "3m05s", "12s".
std::string duration_text(double seconds);

}  // namespace s2d::cli
