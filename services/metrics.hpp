#pragma once
// The process's Prometheus metrics: counters and histograms recorded where
// things happen (HTTP front, generation actors, webhook deliveries), gauges
// sampled when /metrics is read. Thread-safe; one lock, held only to add a
// number or to copy them out.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace s2d {

enum class Counter {
  http_requests,     // route, status_class
  generations,       // status, format
  renders,           // format, outcome
  webhook_attempts,  // outcome
  auth_failures,     // reason
  count_
};

enum class Histogram {
  http_request_duration,     // route
  generation_queue_wait,     // (none)
  render_duration,           // format
  webhook_attempt_duration,  // (none)
  count_
};

// Gauges kept up to date as things change (the rest are sampled).
enum class LevelGauge {
  generations_waiting,    // accepted, waiting for the workspace's concurrency share
  generations_in_flight,  // admitted, not finished
  count_
};

struct GaugeSample {
  std::string name;  // without the s2d_ prefix
  std::string help;
  double value = 0;
};

class Metrics {
 public:
  // Label values in the order of the family's label names (see the comments above).
  void count(Counter counter, std::vector<std::string> labels, double by = 1);
  void observe(Histogram histogram, std::vector<std::string> labels, double seconds);
  void add(LevelGauge gauge, double delta);

  // The text exposition format (0.0.4) of every family, the sampled gauges after them.
  std::string exposition(const std::vector<GaugeSample>& sampled) const;

 private:
  struct Series {
    std::vector<std::uint64_t> buckets;  // cumulative only when written out
    double sum = 0;
    std::uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::array<std::map<std::vector<std::string>, double>, std::size_t(Counter::count_)> counters_;
  std::array<std::map<std::vector<std::string>, Series>, std::size_t(Histogram::count_)> histograms_;
  std::array<double, std::size_t(LevelGauge::count_)> levels_{};
};

// "2xx" for 204, and so on.
std::string status_class(int status);

// The resident set size of this process in bytes (0 when /proc is not there).
std::uint64_t process_rss_bytes();

}  // namespace s2d
