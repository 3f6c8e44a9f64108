#include "datasources/connectors.hpp"

#include <algorithm>

namespace s2d::datasources {
namespace {
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::chrono::milliseconds ConnectorCall::remaining() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

SourceError unreachable(std::string message) { return SourceError{kUnreachable, std::move(message), {}}; }

SourceError query_failed(std::string message) { return SourceError{kQueryFailed, std::move(message), {}}; }

SourceError too_large(std::string message) { return SourceError{kTooLarge, std::move(message), {}}; }

SourceError limit_exceeded(const char* limit, std::size_t max, std::string message) {
  SourceError error = too_large(std::move(message));
  error.context["limit"] = limit;
  error.context["max"] = max;
  return error;
}

std::optional<SourceError> RecordBudget::add(std::size_t raw_bytes) {
  ++records_;
  bytes_ += raw_bytes;
  if (records_ > limits_.max_records)
    return limit_exceeded("max_records", limits_.max_records,
                          "the source returned more than " + std::to_string(limits_.max_records) +
                              " records (the limit, children rows included)");
  if (bytes_ > limits_.max_bytes)
    return limit_exceeded("max_bytes", limits_.max_bytes,
                          "the source returned more than " + std::to_string(limits_.max_bytes) +
                              " bytes of values (the limit)");
  return std::nullopt;
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
      text.replace(at, secret.size(), kRedacted);
  }
  return text;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace s2d::datasources
