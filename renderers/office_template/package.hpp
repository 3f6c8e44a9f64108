#pragma once
// The template's ZIP package: read once into parts, written back with the
// parts a merge did not touch copied without decompressing them.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::office_template {

// Bounds against ZIP bombs: a template is a document, not an archive of archives.
inline constexpr std::size_t kMaxEntries = 4000;
inline constexpr std::size_t kMaxUnpackedBytes = 256u << 20;
inline constexpr std::size_t kMaxPartBytes = 64u << 20;

// The names of the package's entries, with the XML parts read on demand.
class PackageIn {
 public:
  // false + *message when the bytes are not a ZIP or break the bounds above.
  bool open(std::string_view bytes, std::string* message);
  PackageIn();
  ~PackageIn();
  PackageIn(const PackageIn&) = delete;
  PackageIn& operator=(const PackageIn&) = delete;

  const std::vector<std::string>& names() const { return names_; }
  bool has(const std::string& name) const { return index_.count(name) != 0; }
  // The uncompressed bytes of one entry; false when missing or unreadable.
  bool read(const std::string& name, std::string* out, std::string* message) const;

  struct Archive;
  Archive* archive() const { return archive_.get(); }
  long long index_of(const std::string& name) const;

 private:
  std::unique_ptr<Archive> archive_;
  std::vector<std::string> names_;
  std::map<std::string, long long> index_;
  std::size_t unpacked_bytes_ = 0;
};

// The merged package: replaced parts from memory, everything else copied
// from the template as stored.
class PackageOut {
 public:
  explicit PackageOut(bool deterministic);
  ~PackageOut();
  PackageOut(const PackageOut&) = delete;
  PackageOut& operator=(const PackageOut&) = delete;

  void add(const std::string& name, std::string bytes);
  void copy(const PackageIn& from, const std::string& name);
  std::string finish();   // throws std::runtime_error if libzip fails

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2d::office_template
