#include "slots/codec.hpp"

#include <cstring>

namespace s2d::slots {
namespace {

constexpr char kMagic[4] = {'S', '2', 'D', 'S'};
enum class Kind : std::uint8_t { job = 1, result = 2 };

class Writer {
 public:
  explicit Writer(Kind kind) {
    out_.append(kMagic, sizeof kMagic);
    integer(kWireVersion, 2);
    integer(std::uint8_t(kind), 1);
  }
  void integer(std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(char((value >> (8 * i)) & 0xff));
  }
  void text(std::string_view value) {
    integer(value.size(), 8);
    out_.append(value);
  }
  void texts(const std::vector<std::string>& values) {
    integer(values.size(), 4);
    for (const auto& value : values) text(value);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads fields in order; the first failure sticks and every later read
// yields an empty value, so decoders check once at the end.
class Reader {
 public:
  Reader(std::string_view in, Kind kind) : in_(in) {
    if (in_.size() < sizeof kMagic || std::memcmp(in_.data(), kMagic, sizeof kMagic) != 0) {
      fail("not a render slot message");
      return;
    }
    in_.remove_prefix(sizeof kMagic);
    auto version = integer(2);
    if (ok() && version != kWireVersion) {
      fail("render slot wire version " + std::to_string(version) + ", expected " + std::to_string(kWireVersion));
      return;
    }
    if (ok() && integer(1) != std::uint8_t(kind)) fail("unexpected render slot message kind");
  }
  std::uint64_t integer(int bytes) {
    if (!ok() || in_.size() < std::size_t(bytes)) return fail("truncated render slot message"), 0;
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value |= std::uint64_t(std::uint8_t(in_[std::size_t(i)])) << (8 * i);
    in_.remove_prefix(std::size_t(bytes));
    return value;
  }
  std::string text() {
    auto size = integer(8);
    if (!ok() || size > in_.size()) return fail("truncated render slot message"), std::string();
    std::string value(in_.substr(0, size));
    in_.remove_prefix(size);
    return value;
  }
  bool flag() {
    auto value = integer(1);
    if (value > 1) fail("render slot message: a flag is neither 0 nor 1");
    return value == 1;
  }
  // Every element takes at least 8 bytes, which bounds a count before any allocation.
  std::size_t count() {
    auto n = integer(4);
    if (ok() && n > in_.size() / 8) return fail("render slot message: count past its end"), 0;
    return std::size_t(n);
  }
  std::vector<std::string> texts() {
    std::vector<std::string> values(count());
    for (auto& value : values) value = text();
    return values;
  }
  bool finish(std::string* error) {
    if (ok() && !in_.empty()) fail("render slot message: trailing bytes");
    if (!ok() && error) *error = error_;
    return ok();
  }
  bool ok() const { return error_.empty(); }

 private:
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  std::string_view in_;
  std::string error_;
};

void write_failure(Writer& w, const render::Failure& failure) {
  w.text(failure.type);
  w.text(failure.code);
  w.text(failure.message);
  w.text(failure.placeholder);
  w.text(failure.tag);
  w.integer(std::uint32_t(failure.line), 4);
  w.integer(std::uint32_t(failure.column), 4);
  w.text(failure.context.dump());
}

render::Failure read_failure(Reader& r) {
  render::Failure failure;
  failure.type = r.text();
  failure.code = r.text();
  failure.message = r.text();
  failure.placeholder = r.text();
  failure.tag = r.text();
  failure.line = int(std::int32_t(r.integer(4)));
  failure.column = int(std::int32_t(r.integer(4)));
  auto context = nlohmann::json::parse(r.text(), nullptr, false);
  failure.context = context.is_object() ? std::move(context) : nlohmann::json::object();
  return failure;
}

}  // namespace

std::string encode_job(const Job& job) {
  Writer w(Kind::job);
  w.text(job.template_kind);
  w.text(job.source);
  w.text(job.data_json);
  w.texts(job.formats);
  w.text(job.locale);
  w.text(job.default_locale);
  w.text(job.timezone);
  w.integer(job.assets.size(), 4);
  for (const auto& asset : job.assets) {
    w.text(asset.name);
    w.text(asset.mime);
    w.text(asset.bytes);
  }
  w.integer(job.deterministic ? 1 : 0, 1);
  w.integer(job.max_output_bytes, 8);
  w.integer(job.max_iterations, 8);
  w.integer(std::uint32_t(job.max_depth), 4);
  return w.take();
}

std::optional<Job> decode_job(std::string_view payload, std::string* error) {
  Reader r(payload, Kind::job);
  Job job;
  job.template_kind = r.text();
  job.source = r.text();
  job.data_json = r.text();
  job.formats = r.texts();
  job.locale = r.text();
  job.default_locale = r.text();
  job.timezone = r.text();
  job.assets.resize(r.count());
  for (auto& asset : job.assets) {
    asset.name = r.text();
    asset.mime = r.text();
    asset.bytes = r.text();
  }
  job.deterministic = r.flag();
  job.max_output_bytes = r.integer(8);
  job.max_iterations = r.integer(8);
  job.max_depth = std::int32_t(r.integer(4));
  if (!r.finish(error)) return std::nullopt;
  return job;
}

std::string encode_result(const render::Result& result) {
  Writer w(Kind::result);
  w.integer(result.outputs.size(), 4);
  for (const auto& output : result.outputs) {
    w.text(output.format);
    w.text(output.content_type);
    w.text(output.bytes);
    w.integer(std::uint32_t(output.pages), 4);
  }
  w.integer(result.error ? 1 : 0, 1);
  if (result.error) write_failure(w, *result.error);
  w.texts(result.warnings);
  return w.take();
}

std::optional<render::Result> decode_result(std::string_view payload, std::string* error) {
  Reader r(payload, Kind::result);
  render::Result result;
  result.outputs.resize(r.count());
  for (auto& output : result.outputs) {
    output.format = r.text();
    output.content_type = r.text();
    output.bytes = r.text();
    output.pages = int(std::int32_t(r.integer(4)));
  }
  if (r.flag()) result.error = read_failure(r);
  result.warnings = r.texts();
  if (!r.finish(error)) return std::nullopt;
  return result;
}

}  // namespace s2d::slots
