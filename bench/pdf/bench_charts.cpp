// The cost of drawn charts: the docs' QBR deck (three ```chart blocks) to
// PDF and PPTX, against the same deck with each chart replaced by a PNG of
// the same size (150 dpi, drawn once beforehand). Both variants go through
// s2d::render::render on one thread, interleaved for ROUNDS rounds; the best
// round of each counts. Time is the thread's CPU time (the machine is
// shared: waiting for a core is not the renderer's cost), wall time beside
// it. Prints one JSON line per variant, format and round, then the ratio of
// CPU time per document (charts / pictures).
//
//   bench_charts SOURCE_DIR [N] [ROUNDS]
#include "bench/pdf/corpus_run.hpp"
#include "renderers/chart/cairo_draw.hpp"
#include "renderers/chart/scene_maker.hpp"
#include "renderers/chart/spec.hpp"
#include "renderers/document/model.hpp"
#include "renderers/render.hpp"

#include <cairo.h>

#include <time.h>

#include <algorithm>
#include <map>

namespace {

constexpr double kDpi = 150;

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The chart drawn into a PNG of `width` x `height` points at 150 dpi.
std::string chart_png(const s2d::chart::Chart& chart, double width_pt) {
  s2d::doc::Document document;
  s2d::chart::SceneMaker maker(document);
  const auto scene = maker.make(chart, width_pt, 10000);
  const int pixels_x = static_cast<int>(scene->width / 72 * kDpi), pixels_y = static_cast<int>(scene->height / 72 * kDpi);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels_x, pixels_y);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, kDpi / 72, kDpi / 72);
  s2d::chart::draw(cr, *scene, 0, 0);
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(surface, append_png, &png);
  cairo_surface_destroy(surface);
  return png;
}

// The deck with every chart block replaced by a full-width picture of it.
s2d::render::Request pictures_variant(const s2d::render::Request& charts) {
  s2d::render::Request request = charts;
  std::string source;
  const std::string& text = charts.source;
  const double text_width_pt = (210.0 - 40.0) / 25.4 * 72;  // A4, 20 mm margins: the deck's page
  std::size_t at = 0;
  for (int number = 1;; ++number) {
    const auto open = text.find("```chart\n", at);
    if (open == std::string::npos) break;
    const auto close = text.find("\n```\n", open);
    const std::string spec = text.substr(open + 9, close + 1 - open - 9);
    s2d::chart::SpecInput input;
    input.text = spec;
    s2d::chart::Chart chart;
    s2d::chart::SpecError error;
    if (!s2d::chart::parse_chart(input, charts.data, &chart, &error))
      throw std::runtime_error("chart " + std::to_string(number) + ": " + error.message);
    const std::string name = "chart" + std::to_string(number) + ".png";
    request.assets.push_back({name, "image/png", chart_png(chart, text_width_pt)});
    source += text.substr(at, open - at) + "![" + chart.title + "](" + name + "){width=100%}\n";
    at = close + 5;
  }
  request.source = source + text.substr(at);
  return request;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_charts SOURCE_DIR [N] [ROUNDS]\n";
    return 64;
  }
  const std::string examples = std::string(argv[1]) + "/docs/examples/";
  const int count = argc > 2 ? std::stoi(argv[2]) : 50;
  const int rounds = argc > 3 ? std::stoi(argv[3]) : 3;
  s2d::render::Request charts;
  charts.source = s2d::bench::read_file(examples + "qbr-deck.md");
  charts.data = nlohmann::json::parse(s2d::bench::read_file(examples + "qbr-deck.json"));
  const s2d::render::Request pictures = pictures_variant(charts);
  std::map<std::string, double> best;  // variant/format -> CPU seconds per document
  for (int round = 0; round < rounds; ++round) {
    for (const char* format : {"pdf", "pptx"}) {
      for (const auto& [variant, base] : {std::pair<std::string, const s2d::render::Request*>{"charts", &charts},
                                          std::pair<std::string, const s2d::render::Request*>{"pictures", &pictures}}) {
        s2d::render::Request request = *base;
        request.formats = {format};
        const auto first = s2d::render::render(request);
        if (first.error) {
          std::cerr << variant << " " << format << ": " << first.error->message << "\n";
          return 1;
        }
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = thread_cpu_seconds();
        std::size_t bytes = 0;
        for (int i = 0; i < count; ++i) bytes = s2d::render::render(request).outputs.at(0).bytes.size();
        const double cpu = (thread_cpu_seconds() - cpu_start) / count;
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / count;
        const std::string key = variant + "/" + format;
        best[key] = best.count(key) ? std::min(best[key], cpu) : cpu;
        std::cout << nlohmann::json{{"variant", variant}, {"format", format}, {"round", round + 1}, {"docs", count},
                                    {"cpu_ms_per_doc", cpu * 1000}, {"wall_ms_per_doc", wall * 1000}, {"bytes", bytes}}
                         .dump()
                  << std::endl;
      }
    }
  }
  for (const char* format : {"pdf", "pptx"}) {
    const double drawn = best["charts/" + std::string(format)], pictured = best["pictures/" + std::string(format)];
    std::cout << nlohmann::json{{"format", format}, {"charts_cpu_ms", drawn * 1000}, {"pictures_cpu_ms", pictured * 1000},
                                {"ratio", drawn / pictured}}
                     .dump()
              << std::endl;
  }
  return 0;
}
