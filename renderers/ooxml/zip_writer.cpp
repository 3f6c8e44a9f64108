#include "renderers/ooxml/zip_writer.hpp"

#include <zip.h>

#include <cstdio>
#include <stdexcept>

namespace s2d::office {
namespace {

constexpr std::size_t kSmallestDeflated = 2048;
constexpr zip_uint32_t kDeflateLevel = 1;
constexpr zip_uint16_t kDosTimeMidnight = 0;
constexpr zip_uint16_t kDosDate1980Jan1 = (0 << 9) | (1 << 5) | 1;

[[noreturn]] void fail(const std::string& what, zip_error_t* error) {
  std::string message = "zip: " + what + ": " + zip_error_strerror(error);
  zip_error_fini(error);
  throw std::runtime_error(message);
}

[[noreturn]] void fail(const std::string& what, zip_t* archive) {
  throw std::runtime_error("zip: " + what + ": " + zip_strerror(archive));
}

}  // namespace

ZipWriter::ZipWriter(bool deterministic) : deterministic_(deterministic) {
  zip_error_t error;
  zip_error_init(&error);
  buffer_ = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer_) fail("creating the buffer", &error);
  archive_ = zip_open_from_source(buffer_, ZIP_TRUNCATE, &error);
  if (!archive_) {
    zip_source_free(buffer_);
    fail("opening the archive", &error);
  }
  zip_source_keep(buffer_);  // survive zip_close so finish() can read the bytes
  zip_error_fini(&error);
}

ZipWriter::~ZipWriter() {
  if (archive_) zip_discard(archive_);
  if (buffer_) zip_source_free(buffer_);
}

void ZipWriter::add(const std::string& name, std::string bytes, bool compress) {
  const auto& stored = contents_.emplace_back(std::move(bytes));
  zip_source_t* source = zip_source_buffer(archive_, stored.data(), stored.size(), 0);
  if (!source) fail("adding " + name, archive_);
  const zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    fail("adding " + name, archive_);
  }
  const auto entry = static_cast<zip_uint64_t>(index);
  // Setting up a deflate stream costs more than deflating a small part saves.
  const bool deflate = compress && stored.size() >= kSmallestDeflated;
  if (zip_set_file_compression(archive_, entry, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, kDeflateLevel) != 0)
    fail("compressing " + name, archive_);
  if (deterministic_ && zip_file_set_dostime(archive_, entry, kDosTimeMidnight, kDosDate1980Jan1, 0) != 0)
    fail("dating " + name, archive_);
}

std::string ZipWriter::finish() {
  if (zip_close(archive_) != 0) fail("closing the archive", archive_);
  archive_ = nullptr;
  if (zip_source_open(buffer_) != 0) fail("reading the archive", zip_source_error(buffer_));
  std::string bytes;
  char chunk[16384];
  zip_int64_t got = 0;
  while ((got = zip_source_read(buffer_, chunk, sizeof chunk)) > 0) bytes.append(chunk, static_cast<std::size_t>(got));
  const bool read_failed = got < 0;
  zip_source_close(buffer_);
  if (read_failed) fail("reading the archive", zip_source_error(buffer_));
  zip_source_free(buffer_);
  buffer_ = nullptr;
  contents_.clear();
  return bytes;
}

}  // namespace s2d::office
