#pragma once
// The API's objects as the client reads them (API.md "Resources"), each
// decoded once here so the commands read members, not keys. Decoding is
// lenient in the way a client must be: a field the server does not send
// keeps its default, and fields a newer server adds are ignored.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace s2d::cli {

// The error object of the envelope, or a failed generation's error.
struct ErrorView {
  std::string type, code, message, param, request_id;
};
void from_json(const nlohmann::json& j, ErrorView& e);

// An output file (or a batch's bundle): where to fetch it and what it holds.
struct OutputView {
  std::string format;
  std::string url;     // empty once retention expired it
  std::string sha256;
  std::optional<std::int64_t> record_index;  // one of several records' documents
};
void from_json(const nlohmann::json& j, OutputView& o);

struct GenerationView {
  std::string id, status;
  std::vector<OutputView> outputs;
  std::optional<ErrorView> error;
  nlohmann::json batch_index;     // a number, or null outside a batch
  nlohmann::json batch_item_key;  // a string, or null
  bool terminal() const { return status == "completed" || status == "failed" || status == "canceled"; }
};
void from_json(const nlohmann::json& j, GenerationView& g);

struct BatchCountsView {
  std::int64_t total = 0, pending = 0, running = 0, completed = 0, failed = 0, canceled = 0;
};
void from_json(const nlohmann::json& j, BatchCountsView& c);

struct BatchView {
  std::string id, status;
  BatchCountsView counts;
  std::optional<OutputView> bundle_file;
  bool terminal() const { return status == "completed" || status == "canceled"; }
};
void from_json(const nlohmann::json& j, BatchView& b);

struct TemplateView {
  std::string id, name;
  bool archived = false;
};
void from_json(const nlohmann::json& j, TemplateView& t);

// An answer's error envelope: {"error": {...}}, when the answer is one.
struct EnvelopeView {
  std::optional<ErrorView> error;
};
void from_json(const nlohmann::json& j, EnvelopeView& e);

// A new template version (POST /v1/templates/{id}/versions).
struct TemplateVersionView {
  std::int64_t version = 0;
};
void from_json(const nlohmann::json& j, TemplateVersionView& v);

// A list page: its rows (decoded by the caller) and whether more follow.
struct PageView {
  nlohmann::json data = nlohmann::json::array();
  bool has_more = false;
};
void from_json(const nlohmann::json& j, PageView& p);

// Any object when only its id matters (a data source made for a batch, a log entry).
struct IdView {
  std::string id;
};
void from_json(const nlohmann::json& j, IdView& v);

// Decodes `body` as T; a body that is not an object gives T's defaults.
template <class T>
T view_of(const nlohmann::json& body) {
  T view;
  if (body.is_object()) from_json(body, view);
  return view;
}

}  // namespace s2d::cli
