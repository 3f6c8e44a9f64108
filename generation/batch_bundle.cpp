#include "generation/batch_bundle.hpp"

#include "core/crypto.hpp"
#include "core/generation.hpp"
#include "core/ids.hpp"
#include "renderers/render.hpp"
#include "storage/schema.hpp"

#include <zip.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace s2d {
namespace {

struct ZipDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};

bool fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// sha256 of a file read in chunks, so a bundle of any size needs no more memory than one chunk.
std::string file_sha256_hex(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) return {};
  crypto::Sha256 hash;
  std::string chunk(1 << 16, '\0');
  while (std::size_t read = std::fread(chunk.data(), 1, chunk.size(), file.get()))
    hash.update(std::string_view(chunk.data(), read));
  return hash.hex();
}

}  // namespace

std::string bundle_entry_name(const Generation& item, const OutputFile& output) {
  std::string base = item.batch_item_key.is_string() ? item.batch_item_key.get<std::string>()
                                                     : std::to_string(item.batch_index);
  if (output.record_index >= 0) base += "-" + std::to_string(output.record_index + 1);
  return base + "." + render::file_extension_for(output.format);
}

BatchBundle write_batch_bundle(const Services& services, const BatchRecord& batch, std::int64_t now_ms) {
  BatchBundle out;
  const auto file_id = ids::make("fil");
  const auto final_path = services.files->path(batch.workspace_id, file_id);
  const auto temp_path = final_path + ".partial";
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(final_path).parent_path(), ec);
  int zip_error = 0;
  std::unique_ptr<zip_t, ZipDiscard> archive(zip_open(temp_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &zip_error));
  if (!archive) {
    out.error = "cannot create " + temp_path;
    return out;
  }
  // Sources are the output files themselves: libzip reads each while it writes the archive.
  bool added_all = true;
  services.db->scan(storage::Table::batch_items, storage::keys::scoped(batch.workspace_id, batch.id) + "/", {},
                    [&](std::string_view key, std::string_view) {
                      auto stored = storage::get_json(*services.db, storage::Table::generations,
                                                      storage::keys::scoped(batch.workspace_id,
                                                                            std::string(key.substr(key.rfind('/') + 1))));
                      if (!stored) return true;
                      const auto item = generation_from_storage(*stored);
                      if (item.status != GenerationStatus::completed) return true;
                      for (const auto& output : item.outputs) {
                        if (output.expired) continue;
                        const auto path = services.files->path(batch.workspace_id, output.file_id);
                        zip_source_t* source = zip_source_file(archive.get(), path.c_str(), 0, -1)  /* -1: to the end */;
                        if (!source) return added_all = false;
                        if (zip_file_add(archive.get(), bundle_entry_name(item, output).c_str(), source,
                                         ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
                          zip_source_free(source);
                          return added_all = false;
                        }
                      }
                      return true;
                    });
  if (!added_all) {
    out.error = std::string("adding an output failed: ") + zip_strerror(archive.get());
    std::filesystem::remove(temp_path, ec);
    return out;
  }
  if (zip_close(archive.get()) != 0) {
    out.error = std::string("writing the archive failed: ") + zip_strerror(archive.get());
    std::filesystem::remove(temp_path, ec);
    return out;
  }
  archive.release();  // zip_close freed it
  // An empty archive is not written by libzip: a batch with no completed output gets no bundle.
  if (!std::filesystem::exists(temp_path)) {
    out.ok = true;
    return out;
  }
  const auto size = std::int64_t(std::filesystem::file_size(temp_path, ec));
  const auto sha256 = file_sha256_hex(temp_path);
  if (ec || sha256.empty() || !fsync_path(temp_path, O_RDONLY) ||
      std::rename(temp_path.c_str(), final_path.c_str()) != 0 ||
      !fsync_path(std::filesystem::path(final_path).parent_path().string(), O_RDONLY | O_DIRECTORY)) {
    out.error = "storing the archive failed";
    std::filesystem::remove(temp_path, ec);
    return out;
  }
  out.ok = true;
  out.file = {file_id, sha256, size, now_ms};
  out.record.id = file_id;
  out.record.workspace_id = batch.workspace_id;
  out.record.generation_id = batch.id;
  out.record.format = "zip";
  out.record.content_type = "application/zip";
  out.record.size_bytes = size;
  out.record.sha256 = sha256;
  out.record.filename = batch.id + ".zip";
  out.record.created_ms = now_ms;
  return out;
}

}  // namespace s2d
