#include "cli/views.hpp"

namespace s2d::cli {
namespace {

// The field when it is there with the type asked for; else `out` is left as it is.
template <class T>
void read(const nlohmann::json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  try {
    it->get_to(out);
  } catch (const nlohmann::json::exception&) {
    // A field of another type than the API documents: keep the default.
  }
}

template <class T>
void read(const nlohmann::json& j, const char* key, std::optional<T>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  try {
    out = it->get<T>();
  } catch (const nlohmann::json::exception&) {
    out.reset();
  }
}

void read_raw(const nlohmann::json& j, const char* key, nlohmann::json& out) {
  auto it = j.find(key);
  out = it == j.end() ? nlohmann::json() : *it;
}

}  // namespace

void from_json(const nlohmann::json& j, ErrorView& e) {
  read(j, "type", e.type);
  read(j, "code", e.code);
  read(j, "message", e.message);
  read(j, "param", e.param);
  read(j, "request_id", e.request_id);
}

void from_json(const nlohmann::json& j, EnvelopeView& e) { read(j, "error", e.error); }

void from_json(const nlohmann::json& j, TemplateVersionView& v) { read(j, "version", v.version); }

void from_json(const nlohmann::json& j, OutputView& o) {
  read(j, "format", o.format);
  read(j, "url", o.url);
  read(j, "sha256", o.sha256);
  read(j, "record_index", o.record_index);
}

void from_json(const nlohmann::json& j, GenerationView& g) {
  read(j, "id", g.id);
  read(j, "status", g.status);
  read(j, "outputs", g.outputs);
  read(j, "error", g.error);
  read_raw(j, "batch_index", g.batch_index);
  read_raw(j, "batch_item_key", g.batch_item_key);
}

void from_json(const nlohmann::json& j, BatchCountsView& c) {
  read(j, "total", c.total);
  read(j, "pending", c.pending);
  read(j, "running", c.running);
  read(j, "completed", c.completed);
  read(j, "failed", c.failed);
  read(j, "canceled", c.canceled);
}

void from_json(const nlohmann::json& j, BatchView& b) {
  read(j, "id", b.id);
  read(j, "status", b.status);
  read(j, "counts", b.counts);
  read(j, "bundle_file", b.bundle_file);
}

void from_json(const nlohmann::json& j, TemplateView& t) {
  read(j, "id", t.id);
  read(j, "name", t.name);
  read(j, "archived", t.archived);
}

void from_json(const nlohmann::json& j, PageView& p) {
  read(j, "data", p.data);
  read(j, "has_more", p.has_more);
  if (!p.data.is_array()) p.data = nlohmann::json::array();
}

void from_json(const nlohmann::json& j, IdView& v) { read(j, "id", v.id); }

}  // namespace s2d::cli
