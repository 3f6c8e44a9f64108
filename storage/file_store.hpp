#pragma once
// Output files on local disk under <data-dir>/files/<workspace>/<file id>.
// Writes are durable (core/file_io.hpp) so a record that names a file never
// outlives the file through a crash.

#include <string>
#include <string_view>

namespace s2d::storage {

class FileStore {
 public:
  explicit FileStore(std::string root);

  bool write(const std::string& workspace_id, const std::string& file_id, std::string_view bytes,
             std::string* error) const;
  std::string path(const std::string& workspace_id, const std::string& file_id) const;
  bool exists(const std::string& workspace_id, const std::string& file_id) const;
  bool remove(const std::string& workspace_id, const std::string& file_id) const;

 private:
  std::string root_;
};

}  // namespace s2d::storage
