#include "renderers/office_template/package.hpp"

#include <zip.h>

#include <deque>
#include <stdexcept>

namespace s2d::office_template {
namespace {

constexpr std::size_t kSmallestDeflated = 1024;
constexpr zip_uint32_t kDeflateLevel = 1;
constexpr zip_uint16_t kDosDate1980Jan1 = (0 << 9) | (1 << 5) | 1;

[[noreturn]] void fail(const std::string& what, zip_t* archive) {
  throw std::runtime_error("zip: " + what + ": " + zip_strerror(archive));
}

}  // namespace

struct PackageIn::Archive {
  zip_t* zip = nullptr;
  ~Archive() {
    if (zip) zip_discard(zip);
  }
};

PackageIn::PackageIn() = default;
PackageIn::~PackageIn() = default;

bool PackageIn::open(std::string_view bytes, std::string* message) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (!zip) {
    if (source) zip_source_free(source);
    *message = std::string("the file is not a ZIP package (") + zip_error_strerror(&error) + ")";
    zip_error_fini(&error);
    return false;
  }
  zip_error_fini(&error);
  archive_ = std::make_unique<Archive>();
  archive_->zip = zip;
  const zip_int64_t count = zip_get_num_entries(zip, 0);
  if (count < 0 || static_cast<std::size_t>(count) > kMaxEntries) {
    *message = "the package has more than " + std::to_string(kMaxEntries) + " entries";
    return false;
  }
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &stat) != 0 || !stat.name) continue;
    unpacked_bytes_ += static_cast<std::size_t>(stat.size);
    if (stat.size > kMaxPartBytes || unpacked_bytes_ > kMaxUnpackedBytes) {
      *message = std::string("the package unpacks to more than the allowed size (at ") + stat.name + ")";
      return false;
    }
    names_.emplace_back(stat.name);
    index_[stat.name] = i;
  }
  return true;
}

long long PackageIn::index_of(const std::string& name) const {
  auto found = index_.find(name);
  return found == index_.end() ? -1 : found->second;
}

bool PackageIn::read(const std::string& name, std::string* out, std::string* message) const {
  const long long index = index_of(name);
  if (index < 0) {
    *message = "the package has no part " + name;
    return false;
  }
  zip_stat_t stat;
  zip_stat_index(archive_->zip, static_cast<zip_uint64_t>(index), 0, &stat);
  zip_file_t* file = zip_fopen_index(archive_->zip, static_cast<zip_uint64_t>(index), 0);
  if (!file) {
    *message = "cannot read part " + name + ": " + zip_strerror(archive_->zip);
    return false;
  }
  out->assign(static_cast<std::size_t>(stat.size), '\0');
  const zip_int64_t got = zip_fread(file, out->data(), stat.size);
  zip_fclose(file);
  if (got != static_cast<zip_int64_t>(stat.size)) {
    *message = "part " + name + " is damaged (short read)";
    return false;
  }
  return true;
}

struct PackageOut::Impl {
  bool deterministic = false;
  zip_source_t* buffer = nullptr;
  zip_t* archive = nullptr;
  std::deque<std::string> contents;   // libzip reads them at close; deque keeps addresses

  void finish_entry(zip_int64_t index, const std::string& name, std::size_t size, bool fresh) {
    if (index < 0) fail("adding " + name, archive);
    const auto entry = static_cast<zip_uint64_t>(index);
    if (fresh && zip_set_file_compression(archive, entry, size >= kSmallestDeflated ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                          kDeflateLevel) != 0)
      fail("compressing " + name, archive);
    if (deterministic && zip_file_set_dostime(archive, entry, 0, kDosDate1980Jan1, 0) != 0) fail("dating " + name, archive);
  }
};

PackageOut::PackageOut(bool deterministic) : impl_(std::make_unique<Impl>()) {
  impl_->deterministic = deterministic;
  zip_error_t error;
  zip_error_init(&error);
  impl_->buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (impl_->buffer) impl_->archive = zip_open_from_source(impl_->buffer, ZIP_TRUNCATE, &error);
  if (!impl_->archive) {
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (impl_->buffer) zip_source_free(impl_->buffer);
    throw std::runtime_error("zip: creating the archive: " + message);
  }
  zip_source_keep(impl_->buffer);
  zip_error_fini(&error);
}

PackageOut::~PackageOut() {
  if (impl_->archive) zip_discard(impl_->archive);
  if (impl_->buffer) zip_source_free(impl_->buffer);
}

void PackageOut::add(const std::string& name, std::string bytes) {
  const auto& stored = impl_->contents.emplace_back(std::move(bytes));
  zip_source_t* source = zip_source_buffer(impl_->archive, stored.data(), stored.size(), 0);
  if (!source) fail("adding " + name, impl_->archive);
  const zip_int64_t index = zip_file_add(impl_->archive, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) zip_source_free(source);
  impl_->finish_entry(index, name, stored.size(), true);
}

// A whole entry read from another archive is copied in its compressed form.
void PackageOut::copy(const PackageIn& from, const std::string& name) {
  const long long from_index = from.index_of(name);
  if (from_index < 0) return;
  zip_source_t* source = zip_source_zip(impl_->archive, from.archive()->zip, static_cast<zip_uint64_t>(from_index), 0, 0, -1);
  if (!source) fail("copying " + name, impl_->archive);
  const zip_int64_t index = zip_file_add(impl_->archive, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) zip_source_free(source);
  impl_->finish_entry(index, name, 0, false);
}

std::string PackageOut::finish() {
  if (zip_close(impl_->archive) != 0) fail("closing the archive", impl_->archive);
  impl_->archive = nullptr;
  if (zip_source_open(impl_->buffer) != 0) throw std::runtime_error("zip: reading the archive");
  std::string bytes;
  char chunk[65536];
  zip_int64_t got = 0;
  while ((got = zip_source_read(impl_->buffer, chunk, sizeof chunk)) > 0) bytes.append(chunk, static_cast<std::size_t>(got));
  zip_source_close(impl_->buffer);
  if (got < 0) throw std::runtime_error("zip: reading the archive");
  zip_source_free(impl_->buffer);
  impl_->buffer = nullptr;
  impl_->contents.clear();
  return bytes;
}

}  // namespace s2d::office_template
