#include "http/console.hpp"

#include "console/assets.hpp"

namespace s2d::http {
namespace {

constexpr std::string_view kRoot = "/console/";

// No inline script or style, nothing from elsewhere; blob: frames only for
// the template preview (a PDF the console fetched from the API itself).
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

Outgoing with_security_headers(Outgoing out) {
  out.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  out.headers.emplace_back("Cache-Control", "no-cache");
  return out;
}

Outgoing redirect_to_console() {
  Outgoing out;
  out.status = 302;
  out.content_type = "text/plain; charset=utf-8";
  out.headers.emplace_back("Location", std::string(kRoot));
  out.body = "The console is at /console/.\n";
  return with_security_headers(std::move(out));
}

bool is_console_path(std::string_view path) {
  return path == "/console" || path.substr(0, kRoot.size()) == kRoot;
}

}  // namespace

std::optional<Outgoing> console_response(std::string_view method, std::string_view path) {
  if (method != "GET" || (path != "/" && !is_console_path(path))) return std::nullopt;
  if (path == "/" || path == "/console") return redirect_to_console();
  const auto* asset = console::find_asset(path);
  if (!asset) return std::nullopt;  // the API's route_not_found envelope
  Outgoing out;
  out.content_type = std::string(asset->content_type) + "; charset=utf-8";
  out.body = std::string(asset->body);
  return with_security_headers(std::move(out));
}

}  // namespace s2d::http
