#include "cli/http.hpp"

#include "core/crypto.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <cctype>
#include <cstdio>
#include <mutex>

#ifndef S2D_VERSION
#error "S2D_VERSION must be defined by the build"
#endif

namespace s2d::cli {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;
// Bodies kept in memory (API replies; a page of request logs is the largest).
constexpr std::size_t kMaxKeptBodyBytes = 64 << 20;

struct Transfer {
  CURL* curl;
  HttpResponse* response;
  std::size_t head_bytes = 0;
  // Where a 2xx body goes; other statuses keep it in response->body.
  std::function<bool(std::string_view)> sink;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  transfer->head_bytes += bytes;
  if (transfer->head_bytes > kMaxHeadBytes) return 0;
  std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) transfer->response->headers.clear();  // a 100 Continue head came first
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  transfer->response->headers.emplace_back(std::move(name), std::string(value));
  return bytes;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  long status = 0;
  curl_easy_getinfo(transfer->curl, CURLINFO_RESPONSE_CODE, &status);  // the head is complete before any body byte
  if (transfer->sink && status >= 200 && status < 300)
    return transfer->sink(std::string_view(data, bytes)) ? bytes : 0;
  if (transfer->response->body.size() + bytes > kMaxKeptBodyBytes) return 0;
  transfer->response->body.append(data, bytes);
  return bytes;
}

}  // namespace

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return &value;
  return nullptr;
}

struct Http::Handle {
  CURL* curl = nullptr;
  Handle() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl = curl_easy_init();
  }
  ~Handle() { curl_easy_cleanup(curl); }

  HttpResponse perform(const HttpRequest& request, std::function<bool(std::string_view)> sink) {
    HttpResponse response;
    Transfer transfer{curl, &response, 0, std::move(sink)};
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "s2d-cli/" S2D_VERSION);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request.timeout_ms);
    if (request.idle_timeout_s > 0) {
      curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request.idle_timeout_s);
    }
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    else if (request.method != "GET") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    double seconds = 0;
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &seconds);
    response.seconds = seconds;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    const bool stopped_by_sink = code == CURLE_WRITE_ERROR && response.status >= 200 && response.status < 300;
    if (code != CURLE_OK && !stopped_by_sink) {
      response.network_error = std::string(curl_easy_strerror(code)) + " (" + request.url + ")";
    }
    return response;
  }
};

Http::Http() : handle_(std::make_unique<Handle>()) {}
Http::~Http() = default;

HttpResponse Http::send(const HttpRequest& request) { return handle_->perform(request, nullptr); }

HttpResponse Http::stream(const HttpRequest& request, const std::function<bool(std::string_view)>& on_chunk) {
  return handle_->perform(request, on_chunk);
}

HttpResponse Http::download(const HttpRequest& request, const std::string& path, std::string* sha256_hex) {
  const std::string part = path + ".part";
  std::FILE* file = std::fopen(part.c_str(), "wb");
  if (!file) {
    HttpResponse failed;
    failed.network_error = "cannot write " + part;
    return failed;
  }
  EVP_MD_CTX* digest = EVP_MD_CTX_new();
  EVP_DigestInit_ex(digest, EVP_sha256(), nullptr);
  bool written = true;
  auto response = handle_->perform(request, [&](std::string_view bytes) {
    EVP_DigestUpdate(digest, bytes.data(), bytes.size());
    written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    return written;
  });
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(digest, hash, &length);
  EVP_MD_CTX_free(digest);
  written = std::fclose(file) == 0 && written;
  if (!response.success() || !written) {
    std::remove(part.c_str());
    if (response.success()) response.network_error = "cannot write " + part;
    return response;
  }
  if (std::rename(part.c_str(), path.c_str()) != 0) {
    std::remove(part.c_str());
    response.network_error = "cannot rename " + part + " to " + path;
    return response;
  }
  *sha256_hex = crypto::hex_encode(std::string(reinterpret_cast<const char*>(hash), length));
  return response;
}

}  // namespace s2d::cli
