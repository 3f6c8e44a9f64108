#include "slots/cluster_token.hpp"

#include "core/crypto.hpp"
#include "core/file_io.hpp"

namespace s2d::slots {

bool load_cluster_token(const std::string& path, std::string* token, std::string* error) {
  if (path.empty()) {
    *error = "cluster.token_file (S2D_CLUSTER_TOKEN_FILE) is not set";
    return false;
  }
  auto contents = read_file(path);
  if (!contents) {
    *error = "cannot read the cluster token file " + path;
    return false;
  }
  std::string text = std::move(*contents);
  auto first = text.find_first_not_of(" \t\r\n");
  auto last = text.find_last_not_of(" \t\r\n");
  text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  if (text.size() < kMinTokenBytes) {
    *error = "the cluster token in " + path + " must be at least " + std::to_string(kMinTokenBytes) + " characters";
    return false;
  }
  *token = std::move(text);
  return true;
}

bool cluster_token_matches(std::string_view expected, std::string_view presented) {
  if (expected.empty()) return false;
  return crypto::constant_time_equal(crypto::sha256_hex(expected), crypto::sha256_hex(presented));
}

}  // namespace s2d::slots
