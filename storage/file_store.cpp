#include "storage/file_store.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace s2d::storage {
namespace {

bool fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(std::size_t(written));
  }
  return true;
}

}  // namespace

FileStore::FileStore(std::string root) : root_(std::move(root)) {}

std::string FileStore::path(const std::string& workspace_id, const std::string& file_id) const {
  return root_ + "/" + workspace_id + "/" + file_id;
}

bool FileStore::write(const std::string& workspace_id, const std::string& file_id,
                      std::string_view bytes, std::string* error) const {
  auto directory = root_ + "/" + workspace_id;
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  auto final_path = path(workspace_id, file_id);
  auto temp_path = final_path + ".tmp";
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && write_all(fd, bytes) && ::fsync(fd) == 0;
  int saved_errno = errno;
  if (fd >= 0) ::close(fd);
  ok = ok && ::rename(temp_path.c_str(), final_path.c_str()) == 0;
  if (!ok) saved_errno = errno;
  ok = ok && fsync_path(directory, O_RDONLY | O_DIRECTORY);
  if (!ok) {
    if (error) *error = "cannot write " + final_path + ": " + std::strerror(saved_errno);
    ::unlink(temp_path.c_str());
  }
  return ok;
}

bool FileStore::exists(const std::string& workspace_id, const std::string& file_id) const {
  return ::access(path(workspace_id, file_id).c_str(), R_OK) == 0;
}

bool FileStore::remove(const std::string& workspace_id, const std::string& file_id) const {
  return ::unlink(path(workspace_id, file_id).c_str()) == 0 || errno == ENOENT;
}

}  // namespace s2d::storage
