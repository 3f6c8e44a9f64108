#include "renderers/chart/resolve.hpp"

#include <functional>

namespace s2d::chart {
namespace {

// Lines (0-based, in `body`) that open a ```chart or ~~~chart fence.
std::vector<int> chart_fence_lines(std::string_view body) {
  std::vector<int> lines;
  int line = 0;
  for (std::size_t start = 0; start < body.size(); ++line) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view row = body.substr(start, end - start);
    while (!row.empty() && (row.front() == ' ' || row.front() == '>' || row.front() == '\t')) row.remove_prefix(1);
    const char fence = row.empty() ? 0 : row.front();
    if (fence == '`' || fence == '~') {
      std::size_t marks = 0;
      while (marks < row.size() && row[marks] == fence) ++marks;
      std::string_view info = row.substr(marks);
      while (!info.empty() && info.front() == ' ') info.remove_prefix(1);
      while (!info.empty() && (info.back() == ' ' || info.back() == '\r')) info.remove_suffix(1);
      if (marks >= 3 && info == "chart") lines.push_back(line);
    }
    start = end + 1;
  }
  return lines;
}

void each_chart(doc::Blocks& blocks, const std::function<void(doc::Block&)>& visit) {
  for (auto& block : blocks) {
    if (block.kind == doc::Block::Kind::chart) visit(block);
    for (auto& item : block.items) each_chart(item.blocks, visit);
    each_chart(block.children, visit);
  }
}

}  // namespace

std::size_t count_charts(const doc::Blocks& blocks) {
  std::size_t count = 0;
  for (const auto& block : blocks) {
    if (block.kind == doc::Block::Kind::chart) ++count;
    for (const auto& item : block.items) count += count_charts(item.blocks);
    count += count_charts(block.children);
  }
  return count;
}

bool resolve_charts(doc::Document* document, const ResolveInput& input, SpecError* error) {
  const std::size_t total = count_charts(document->blocks);
  if (total == 0) return true;
  // When the merge made as many charts as the template has fences, chart k
  // is fence k and errors point into the template; otherwise (charts in
  // loops) they point at the merged line.
  const auto fences = chart_fence_lines(input.template_body);
  const bool same = fences.size() == total;
  int ordinal = 0;
  std::size_t rows = 0;
  bool ok = true;
  each_chart(document->blocks, [&](doc::Block& block) {
    if (!ok) return;
    SpecInput spec;
    spec.text = block.text;
    spec.ordinal = ++ordinal;
    spec.first_line = input.body_first_line +
                      (same ? fences[static_cast<std::size_t>(ordinal - 1)] + 1 : block.first_line);
    spec.locale = input.locale;
    spec.strict = input.strict;
    auto chart = std::make_shared<Chart>();
    if (!parse_chart(spec, input.data, chart.get(), error)) {
      ok = false;
      return;
    }
    rows += chart->categories.size();
    if (rows > kMaxDocumentRows) {
      *error = SpecError();
      error->chart = chart->title.empty() ? "chart " + std::to_string(ordinal) : chart->title;
      error->field = "data";
      error->message = error->chart + ": the document's charts hold more than 100000 rows together";
      error->line = spec.first_line;
      error->column = 1;
      ok = false;
      return;
    }
    block.chart = std::move(chart);
  });
  return ok;
}

}  // namespace s2d::chart
