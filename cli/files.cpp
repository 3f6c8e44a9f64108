#include "cli/files.hpp"

#include "core/crypto.hpp"
#include "core/file_io.hpp"

#include <filesystem>
#include <iostream>

namespace s2d::cli {

std::string safe_stem(const std::string& text, const std::string& fallback) {
  if (text.empty() || text.size() > 128 || text.front() == '.') return fallback;
  for (unsigned char c : text)
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return fallback;
  return text;
}

std::string output_file_name(const std::string& stem, const OutputView& output) {
  std::string name = stem;
  if (output.record_index) name += "-" + std::to_string(*output.record_index);
  return name + "." + safe_stem(output.format, "bin");
}

bool make_directory(const std::string& dir, const char* command) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::cerr << "s2d " << command << ": cannot create " << dir << ": " << error.message() << "\n";
    return false;
  }
  return true;
}

FetchResult fetch_output(Api& api, const std::string& dir, const std::string& name, const OutputView& output,
                         const char* command) {
  FetchResult result;
  result.path = (std::filesystem::path(dir) / name).string();
  const std::string& expected = output.sha256;
  if (!expected.empty()) {
    if (auto existing = read_file(result.path); existing && crypto::sha256_hex(*existing) == expected) {
      result.outcome = Fetched::already_there;
      return result;
    }
  }
  const std::string& url = output.url;
  if (url.empty()) {
    std::cerr << "s2d " << command << ": " << name << " has no download URL (expired?)\n";
    result.exit_code = kExitApi;
    return result;
  }
  std::string sha256;
  auto response = api.download(url, result.path, &sha256);
  if (!response.success()) {
    if (response.network_error.rfind("cannot ", 0) == 0) {
      std::cerr << "s2d " << command << ": " << response.network_error << "\n";
      result.exit_code = kExitLocal;
    } else {
      result.exit_code = report_failure(command, response);
    }
    return result;
  }
  if (!expected.empty() && sha256 != expected) {
    std::cerr << "s2d " << command << ": " << result.path << ": the downloaded bytes do not match sha256 " << expected
              << "\n";
    result.exit_code = kExitApi;
    return result;
  }
  result.outcome = Fetched::downloaded;
  return result;
}

}  // namespace s2d::cli
