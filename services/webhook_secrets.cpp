#include "services/webhook_secrets.hpp"

#include "core/crypto.hpp"
#include "core/file_io.hpp"
#include "services/services.hpp"
#include "storage/schema.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace s2d {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr const char* kKeyFile = "/webhook-secrets.key";
constexpr const char* kMetaKey = "webhook_secret_key";

struct CipherDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter>;

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }
unsigned char* bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

// What the database keeps about the key: enough to notice a wrong or missing
// file, nothing that helps to recover it.
std::string key_fingerprint(const std::string& key) {
  return crypto::sha256_hex("s2d webhook secret key\n" + key).substr(0, 16);
}

std::optional<std::string> read_key_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::nullopt;
  std::string encoded = std::move(*text);
  while (!encoded.empty() && (encoded.back() == '\n' || encoded.back() == '\r')) encoded.pop_back();
  std::string key;
  if (!crypto::base64_decode(encoded, &key) || key.size() != kKeyBytes) return std::string();
  return key;
}

}  // namespace

SecretSealer::SecretSealer(std::string key) : key_(std::move(key)) {}

std::string SecretSealer::seal(std::string_view plaintext, std::string_view context) const {
  std::string nonce = crypto::random_bytes(kNonceBytes);
  std::string out(plaintext.size(), '\0');
  std::string tag(kTagBytes, '\0');
  Cipher ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(context), int(context.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), bytes(out), &length, bytes(plaintext), int(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), bytes(out) + length, &length) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagBytes), tag.data()) == 1;
  if (!ok) throw std::runtime_error("AES-256-GCM sealing failed");
  return crypto::base64_encode(nonce + out + tag);
}

std::optional<std::string> SecretSealer::open(std::string_view sealed, std::string_view context) const {
  std::string raw;
  if (!crypto::base64_decode(sealed, &raw) || raw.size() < kNonceBytes + kTagBytes) return std::nullopt;
  const std::string nonce = raw.substr(0, kNonceBytes);
  const std::string ciphertext = raw.substr(kNonceBytes, raw.size() - kNonceBytes - kTagBytes);
  std::string tag = raw.substr(raw.size() - kTagBytes);
  std::string out(ciphertext.size(), '\0');
  Cipher ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(context), int(context.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), bytes(out), &length, bytes(ciphertext), int(ciphertext.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagBytes), tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), bytes(out) + length, &length) == 1;
  if (!ok) return std::nullopt;
  return out;
}

bool load_secret_sealer(Services& services, std::string* error) {
  const std::string path = services.settings.data_dir + kKeyFile;
  auto recorded = storage::get_json(*services.db, storage::Table::meta, kMetaKey);
  auto key = read_key_file(path);
  if (key && key->empty()) {
    *error = path + " does not hold base64 of a 32-byte key";
    return false;
  }
  if (!key && recorded) {
    *error = path + " is missing, but this database holds webhook secrets sealed with it: restore the file";
    return false;
  }
  if (!key) {
    key = crypto::random_bytes(kKeyBytes);
    if (!write_file_atomically(path, crypto::base64_encode(*key) + "\n", error)) return false;
  }
  const std::string fingerprint = key_fingerprint(*key);
  if (recorded && recorded->value("fingerprint", "") != fingerprint) {
    *error = path + " holds another key than the one this database's webhook secrets were sealed with";
    return false;
  }
  if (!recorded) {
    storage::Batch batch;
    storage::put_json(batch, storage::Table::meta, kMetaKey, {{"fingerprint", fingerprint}});
    if (!services.committer->commit_now(batch, error)) return false;
  }
  services.secret_sealer = std::make_unique<SecretSealer>(std::move(*key));
  return true;
}

}  // namespace s2d
