#include "services/metrics.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace s2d {
namespace {

struct Family {
  const char* name;  // with the s2d_ prefix; counters end in _total
  const char* help;
  std::array<const char*, 2> labels;  // label names, unused ones nullptr
};

const Family& family(Counter counter) {
  static const std::array<Family, std::size_t(Counter::count_)> families = {{
      {"s2d_http_requests_total", "HTTP requests answered, by route template and status class.", {"route", "status_class"}},
      {"s2d_generations_total", "Generations finished, by final status and output format.", {"status", "format"}},
      {"s2d_renders_total", "Document renders, by output format and outcome.", {"format", "outcome"}},
      {"s2d_webhook_attempts_total", "Webhook delivery attempts, by outcome.", {"outcome"}},
      {"s2d_auth_failures_total", "Requests refused for their credentials, by error code.", {"reason"}},
  }};
  return families[std::size_t(counter)];
}

struct HistogramFamily {
  Family family;
  const std::vector<double>* bounds;  // upper bounds in seconds, ascending; +Inf implied
};

const HistogramFamily& family(Histogram histogram) {
  static const std::vector<double> fast = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  static const std::vector<double> slow = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};
  static const std::array<HistogramFamily, std::size_t(Histogram::count_)> families = {{
      {{"s2d_http_request_duration_seconds", "Time from routing a request to its response, by route template.", {"route"}}, &fast},
      {{"s2d_generation_queue_wait_seconds", "Time from accepting a generation to its start.", {}}, &slow},
      {{"s2d_render_duration_seconds", "Time of one render in the render pool (queue included), by output format.", {"format"}}, &slow},
      {{"s2d_webhook_attempt_duration_seconds", "Time of one webhook delivery attempt.", {}}, &fast},
  }};
  return families[std::size_t(histogram)];
}

const GaugeSample& level_family(LevelGauge gauge) {
  static const std::array<GaugeSample, std::size_t(LevelGauge::count_)> families = {{
      {"generations_waiting", "Accepted generations waiting for their workspace's concurrency share.", 0},
      {"generations_in_flight", "Generations admitted and not finished.", 0},
  }};
  return families[std::size_t(gauge)];
}

// Label values escaped as the exposition format asks: backslash, quote, newline.
std::string escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string label_text(const std::array<const char*, 2>& names, const std::vector<std::string>& values,
                       const std::string& extra = "") {
  std::string out;
  for (std::size_t i = 0; i < names.size() && names[i] && i < values.size(); ++i)
    out += std::string(out.empty() ? "" : ",") + names[i] + "=\"" + escaped(values[i]) + "\"";
  if (!extra.empty()) out += (out.empty() ? "" : ",") + extra;
  return out.empty() ? "" : "{" + out + "}";
}

std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(std::int64_t(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

void header(std::ostringstream& out, const char* name, const char* help, const char* type) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

}  // namespace

void Metrics::count(Counter counter, std::vector<std::string> labels, double by) {
  std::lock_guard<std::mutex> lock(mutex_);
  counters_[std::size_t(counter)][std::move(labels)] += by;
}

void Metrics::observe(Histogram histogram, std::vector<std::string> labels, double seconds) {
  const auto& bounds = *family(histogram).bounds;
  std::lock_guard<std::mutex> lock(mutex_);
  auto& series = histograms_[std::size_t(histogram)][std::move(labels)];
  if (series.buckets.empty()) series.buckets.assign(bounds.size(), 0);
  for (std::size_t i = 0; i < bounds.size(); ++i)
    if (seconds <= bounds[i]) {
      ++series.buckets[i];
      break;
    }
  series.sum += seconds;
  ++series.count;
}

void Metrics::add(LevelGauge gauge, double delta) {
  std::lock_guard<std::mutex> lock(mutex_);
  levels_[std::size_t(gauge)] += delta;
}

std::string Metrics::exposition(const std::vector<GaugeSample>& sampled) const {
  std::ostringstream out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::size_t c = 0; c < counters_.size(); ++c) {
    const auto& f = family(Counter(c));
    header(out, f.name, f.help, "counter");
    for (const auto& [labels, value] : counters_[c]) out << f.name << label_text(f.labels, labels) << " " << number(value) << "\n";
  }
  for (std::size_t h = 0; h < histograms_.size(); ++h) {
    const auto& f = family(Histogram(h));
    const std::string name = f.family.name;
    header(out, f.family.name, f.family.help, "histogram");
    for (const auto& [labels, series] : histograms_[h]) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < f.bounds->size(); ++i) {
        cumulative += series.buckets[i];
        out << name << "_bucket" << label_text(f.family.labels, labels, "le=\"" + number((*f.bounds)[i]) + "\"") << " "
            << cumulative << "\n";
      }
      out << name << "_bucket" << label_text(f.family.labels, labels, "le=\"+Inf\"") << " " << series.count << "\n";
      out << name << "_sum" << label_text(f.family.labels, labels) << " " << number(series.sum) << "\n";
      out << name << "_count" << label_text(f.family.labels, labels) << " " << series.count << "\n";
    }
  }
  auto gauge = [&out](const GaugeSample& sample) {
    const std::string name = "s2d_" + sample.name;
    header(out, name.c_str(), sample.help.c_str(), "gauge");
    out << name << " " << number(sample.value) << "\n";
  };
  for (std::size_t g = 0; g < levels_.size(); ++g) {
    auto sample = level_family(LevelGauge(g));
    sample.value = levels_[g];
    gauge(sample);
  }
  for (const auto& sample : sampled) gauge(sample);
  return out.str();
}

std::string status_class(int status) { return std::to_string(status / 100) + "xx"; }

std::uint64_t process_rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * std::uint64_t(sysconf(_SC_PAGESIZE));
}

}  // namespace s2d
