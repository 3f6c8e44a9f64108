#include "generation/remote_images.hpp"

#include "generation/render_job.hpp"
#include "net/http_client.hpp"
#include "renderers/document/image_probe.hpp"
#include "renderers/office_template/office_template.hpp"

#include <algorithm>
#include <chrono>

namespace s2d {
namespace {

// All the pictures of one generation together: they travel to a render slot
// (or a worker node) inside its request.
constexpr std::size_t kMaxTotalBytes = 64 * 1024 * 1024;
// All the fetches of one generation take at most this many single timeouts.
constexpr int kTimeoutsPerGeneration = 4;

nlohmann::json unavailable(const std::string& url, const std::string& reason, const std::string& why) {
  auto error = generation_error("render_error", "image_unavailable",
                                "The image '" + url.substr(0, 200) + "' could not be fetched: " + why + ".");
  error["placeholder"] = url.substr(0, 200);
  error["context"] = {{"url", url.substr(0, 2048)}, {"reason", reason}};
  return error;
}

// Every distinct URL the documents' merges name, in the order met; more
// than `limit` is an error.
nlohmann::json collect_urls(const std::string& kind, const std::string& source,
                            const std::vector<nlohmann::json>& documents, const std::vector<render::Asset>& assets,
                            std::size_t limit, std::vector<std::string>* urls) {
  office_template::Kind office_kind;
  if (!office_template::parse_kind(kind, &office_kind)) return nullptr;
  office_template::Options options;
  options.assets = &assets;
  for (const auto& document : documents) {
    for (auto& url : office_template::remote_image_urls(source, office_kind, document, options)) {
      if (std::find(urls->begin(), urls->end(), url) != urls->end()) continue;
      if (urls->size() == limit)
        return generation_error("render_error", "limit_exceeded",
                                "The data names more than " + std::to_string(limit) +
                                    " distinct https images (images.max_per_generation).");
      urls->push_back(std::move(url));
    }
  }
  return nullptr;
}

// One picture, within `timeout`; `*total` counts the bytes of the
// generation's pictures so far. Null, or the error naming the URL.
nlohmann::json fetch_one(net::HttpClient& client, const std::string& url, std::chrono::milliseconds timeout,
                         std::size_t max_bytes, std::size_t* total, render::Asset* out) {
  net::HttpRequest request;
  request.url = url;
  request.headers = {{"Accept", "image/png, image/jpeg"}};
  request.timeout = timeout;
  request.connect_timeout = std::min(timeout, std::chrono::milliseconds(5000));
  request.max_response_bytes = max_bytes;
  request.user_agent = net::user_agent("s2d-images");
  auto response = client.send(request);
  if (!response.ok()) return unavailable(url, std::string(response.error_code()), response.error_message);
  if (response.status != 200) {
    const bool redirect = response.status >= 300 && response.status < 400;
    auto error = unavailable(url, redirect ? "redirect" : "http_status",
                             "the server answered HTTP " + std::to_string(response.status) +
                                 (redirect ? " (redirects are not followed)" : ""));
    error["context"]["status"] = response.status;
    return error;
  }
  if (response.truncated)
    return unavailable(url, "too_large", "it is larger than images.max_bytes (" + std::to_string(max_bytes) + " bytes)");
  *total += response.body.size();
  if (*total > kMaxTotalBytes) return unavailable(url, "too_large", "the images of this generation exceed 64 MiB together");
  doc::ImageInfo info;
  if (!doc::probe_image(response.body, &info)) return unavailable(url, "not_an_image", "it is neither a PNG nor a JPEG file");
  *out = render::Asset{url, info.mime, std::move(response.body)};
  return nullptr;
}

}  // namespace

RemoteImages fetch_remote_images(const Services& services, const std::string& kind, const std::string& source,
                                 const std::vector<nlohmann::json>& documents,
                                 const std::vector<render::Asset>& assets) {
  RemoteImages out;
  const auto& settings = services.settings;
  std::vector<std::string> urls;
  out.error = collect_urls(kind, source, documents, assets, std::size_t(settings.image_max_per_generation), &urls);
  if (!out.error.is_null() || urls.empty()) return out;

  net::HttpClient client(services.egress);
  const std::chrono::milliseconds each(settings.image_fetch_timeout_seconds * 1000LL);
  const auto deadline = std::chrono::steady_clock::now() + each * kTimeoutsPerGeneration;
  std::size_t total = 0;
  for (const auto& url : urls) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      out.error = unavailable(url, "timeout", "the images of this generation took longer than " +
                                                  std::to_string(kTimeoutsPerGeneration) +
                                                  " times images.fetch_timeout_seconds together");
      return out;
    }
    render::Asset image;
    out.error = fetch_one(client, url, std::min(each, left), std::size_t(settings.image_max_bytes), &total, &image);
    if (!out.error.is_null()) return out;
    out.assets.push_back(std::move(image));
  }
  return out;
}

}  // namespace s2d
