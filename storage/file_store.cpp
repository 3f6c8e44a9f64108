#include "storage/file_store.hpp"

#include "core/file_io.hpp"

#include <cerrno>
#include <filesystem>
#include <unistd.h>

namespace s2d::storage {

FileStore::FileStore(std::string root) : root_(std::move(root)) {}

std::string FileStore::path(const std::string& workspace_id, const std::string& file_id) const {
  return root_ + "/" + workspace_id + "/" + file_id;
}

bool FileStore::write(const std::string& workspace_id, const std::string& file_id,
                      std::string_view bytes, std::string* error) const {
  auto directory = root_ + "/" + workspace_id;
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  return write_file_atomically(path(workspace_id, file_id), bytes, error);
}

bool FileStore::exists(const std::string& workspace_id, const std::string& file_id) const {
  return ::access(path(workspace_id, file_id).c_str(), R_OK) == 0;
}

bool FileStore::remove(const std::string& workspace_id, const std::string& file_id) const {
  return ::unlink(path(workspace_id, file_id).c_str()) == 0 || errno == ENOENT;
}

}  // namespace s2d::storage
