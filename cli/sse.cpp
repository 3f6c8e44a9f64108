#include "cli/sse.hpp"

namespace s2d::cli {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool all_digits(std::string_view text) {
  if (text.empty() || text.size() > 15) return false;  // 15 digits: no overflow, far beyond any sane delay
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

bool SseParser::feed(std::string_view bytes, const std::function<void(const SseEvent&)>& on_event) {
  if (failed_) return false;
  if (!started_) {
    // The mark may arrive split over chunks: wait until three bytes are there.
    line_.append(bytes);
    if (line_.size() < kByteOrderMark.size() && kByteOrderMark.substr(0, line_.size()) == line_) return true;
    started_ = true;
    std::string pending = std::move(line_);
    line_.clear();
    std::string_view rest = pending;
    if (rest.substr(0, kByteOrderMark.size()) == kByteOrderMark) rest.remove_prefix(kByteOrderMark.size());
    return feed(rest, on_event);
  }
  for (char c : bytes) {
    if (c == '\n' && after_cr_) {
      after_cr_ = false;
      continue;
    }
    after_cr_ = c == '\r';
    if (c == '\n' || c == '\r') {
      end_line(on_event);
      if (failed_) return false;
      continue;
    }
    if (line_.size() >= max_event_bytes_) {
      failed_ = true;
      return false;
    }
    line_.push_back(c);
  }
  return true;
}

void SseParser::end_line(const std::function<void(const SseEvent&)>& on_event) {
  std::string line = std::move(line_);
  line_.clear();
  if (line.empty()) {
    if (!data_.empty()) {
      SseEvent event;
      event.id = last_event_id_;
      if (!type_.empty()) event.type = type_;
      event.data = std::move(data_);
      event.data.pop_back();  // the LF after the last data line
      on_event(event);
    }
    data_.clear();
    type_.clear();
    return;
  }
  if (line.front() == ':') return;  // a comment
  const auto colon = line.find(':');
  std::string_view name = line, value;
  if (colon != std::string::npos) {
    name = std::string_view(line).substr(0, colon);
    value = std::string_view(line).substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  process_field(name, value);
}

void SseParser::process_field(std::string_view name, std::string_view value) {
  if (name == "event") {
    type_ = value;
  } else if (name == "data") {
    if (data_.size() + value.size() + 1 > max_event_bytes_) {
      failed_ = true;
      return;
    }
    data_.append(value);
    data_.push_back('\n');
  } else if (name == "id") {
    if (value.find('\0') == std::string_view::npos) last_event_id_ = value;
  } else if (name == "retry") {
    if (all_digits(value)) retry_ms_ = std::stoll(std::string(value));
  }
}

}  // namespace s2d::cli
