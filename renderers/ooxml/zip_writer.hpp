#pragma once
// An in-memory ZIP archive (libzip) for OOXML packages.

#include <deque>
#include <memory>
#include <string>

struct zip;
struct zip_source;

namespace s2d::office {

class ZipWriter {
 public:
  // deterministic: every entry gets the same fixed DOS timestamp
  // (1980-01-01 00:00), so equal input gives equal bytes.
  explicit ZipWriter(bool deterministic);
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // XML and other text parts are deflated; media that is compressed already
  // (PNG, JPEG) is stored as is.
  void add(const std::string& name, std::string bytes, bool compress = true);

  // Closes the archive and returns its bytes; the writer is spent afterwards.
  std::string finish();

 private:
  bool deterministic_;
  zip_source* buffer_ = nullptr;
  zip* archive_ = nullptr;
  std::deque<std::string> contents_;  // libzip reads them at close; deque keeps their addresses
};

}  // namespace s2d::office
