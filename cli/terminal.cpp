#include "cli/terminal.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>

namespace s2d::cli {

bool is_terminal(int fd) { return isatty(fd) == 1; }

std::string cell_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "-";
  return value.dump();
}

void print_table(const std::vector<std::string>& columns, const nlohmann::json& rows) {
  std::vector<std::size_t> widths;
  for (const auto& column : columns) {
    std::size_t width = column.size();
    for (const auto& row : rows) width = std::max(width, cell_text(row.value(column, nlohmann::json())).size());
    widths.push_back(width);
  }
  auto print_row = [&](auto cell) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i + 1 < columns.size()) std::cout << std::left << std::setw(int(widths[i])) << cell(i) << "  ";
      else std::cout << cell(i) << "\n";
    }
  };
  print_row([&](std::size_t i) { return columns[i]; });
  for (const auto& row : rows) print_row([&](std::size_t i) { return cell_text(row.value(columns[i], nlohmann::json())); });
  std::cout.flush();
}

std::string duration_text(double seconds) {
  const auto total = std::int64_t(std::llround(std::max(0.0, seconds)));
  char text[32];
  if (total >= 3600) std::snprintf(text, sizeof text, "%lldh%02lldm", (long long)(total / 3600), (long long)(total % 3600 / 60));
  else if (total >= 60) std::snprintf(text, sizeof text, "%lldm%02llds", (long long)(total / 60), (long long)(total % 60));
  else std::snprintf(text, sizeof text, "%llds", (long long)total);
  return text;
}

std::string progress_line(const BatchProgress& progress, int bar_width) {
  const std::int64_t done = progress.completed + progress.failed + progress.canceled;
  const double fraction = progress.total > 0 ? std::clamp(double(done) / double(progress.total), 0.0, 1.0) : 0.0;
  const int filled = int(fraction * bar_width);
  std::string line = "[" + std::string(std::size_t(filled), '#') + std::string(std::size_t(bar_width - filled), '.') + "]";
  char figures[160];
  std::snprintf(figures, sizeof figures, "  %lld/%lld  %d%%", (long long)done, (long long)progress.total,
                int(fraction * 100));
  line += figures;
  if (progress.items_per_second > 0) {
    std::snprintf(figures, sizeof figures, "  %.1f/s  ETA %s", progress.items_per_second,
                  duration_text(double(progress.total - done) / progress.items_per_second).c_str());
    line += figures;
  }
  if (progress.failed > 0) line += "  " + std::to_string(progress.failed) + " failed";
  return line;
}

}  // namespace s2d::cli
