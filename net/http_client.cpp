#include "net/http_client.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <mutex>
#include <unordered_map>

#ifndef S2D_VERSION
#error "S2D_VERSION must be defined by the build"
#endif

namespace s2d::net {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kMaxUrlLength = 8192;
// Response heads beyond this are an attack or a broken server; curl has no
// total limit of its own in the versions we build against.
constexpr std::size_t kMaxResponseHeadBytes = 64 * 1024;
constexpr std::size_t kMaxIdleHandlesPerOrigin = 8;
constexpr std::size_t kMaxIdleHandles = 64;

void initialize_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

// RFC 9110 token characters (header names).
bool is_token(std::string_view text) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kSymbols.find(c) != std::string_view::npos;
  });
}

// "" when the request can be sent, else what is wrong with it.
std::string request_problem(const HttpRequest& request) {
  static constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  if (std::find(std::begin(kMethods), std::end(kMethods), request.method) == std::end(kMethods))
    return "unsupported HTTP method '" + request.method + "'";
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) return "invalid header name '" + name + "'";
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
      return "header '" + name + "' has a line break or NUL in its value";
    for (std::string_view reserved : {"host", "content-length", "transfer-encoding"})
      if (equals_ignoring_case(name, reserved)) return "header '" + name + "' is set by the client itself";
  }
  if (request.timeout.count() <= 0 || request.connect_timeout.count() <= 0)
    return "timeouts must be positive";
  return "";
}

struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

// The URL as curl parsed it. curl is handed this same parse (CURLOPT_CURLU),
// so the host we check is the host curl connects to.
struct Target {
  std::unique_ptr<CURLU, CurlUrlDeleter> url;
  std::string scheme;
  std::string host;  // IPv6 literals without brackets
  long port = 0;

  std::string origin() const { return scheme + "://" + host + ":" + std::to_string(port); }
};

std::optional<std::string> url_part(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK) return std::nullopt;
  std::string text(value);
  curl_free(value);
  return text;
}

// Fills target; "" on success, else why the URL is refused. The message does
// not repeat the URL: query strings may carry credentials.
std::string parse_target(const std::string& text, Target* target) {
  if (text.size() > kMaxUrlLength) return "the URL is longer than " + std::to_string(kMaxUrlLength) + " characters";
  target->url.reset(curl_url());
  if (!target->url) return "out of memory while parsing the URL";
  CURLU* url = target->url.get();
  if (CURLUcode code = curl_url_set(url, CURLUPART_URL, text.c_str(), 0); code != CURLUE_OK)
    return std::string("the URL is not a valid absolute URL: ") + curl_url_strerror(code);
  target->scheme = lower(url_part(url, CURLUPART_SCHEME).value_or(""));
  if (target->scheme != "http" && target->scheme != "https")
    return "only http and https URLs may be called, not '" + target->scheme + "'";
  if (url_part(url, CURLUPART_USER) || url_part(url, CURLUPART_PASSWORD))
    return "URLs with user:password are not accepted; send credentials in a header";
  if (url_part(url, CURLUPART_ZONEID)) return "IPv6 zone ids are not accepted in URLs";
#ifdef CURLU_PUNYCODE
  auto host = url_part(url, CURLUPART_HOST, CURLU_PUNYCODE);
#else
  auto host = url_part(url, CURLUPART_HOST);
#endif
  if (!host || host->empty()) return "the URL has no host";
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  target->host = *host;
  std::string port = url_part(url, CURLUPART_PORT, CURLU_DEFAULT_PORT).value_or("");
  std::from_chars(port.data(), port.data() + port.size(), target->port);
  return "";
}

// What the curl callbacks of one call write into.
struct Exchange {
  const std::vector<IpAddress>* permitted = nullptr;
  std::size_t max_body = 0;

  std::string body;
  bool truncated = false;
  HeaderList headers;
  std::size_t head_bytes = 0;
  bool head_too_large = false;
  std::string refused_socket_address;  // set when curl tried an unchecked address
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  std::size_t length = size * count;
  std::size_t room = exchange.max_body - exchange.body.size();
  if (length <= room) {
    exchange.body.append(data, length);
    return length;
  }
  // Keep what fits and stop reading: returning less than given aborts the
  // transfer, so an endless body costs at most max_body bytes.
  exchange.body.append(data, room);
  exchange.truncated = true;
  return 0;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  std::size_t length = size * count;
  exchange.head_bytes += length;
  if (exchange.head_bytes > kMaxResponseHeadBytes) {
    exchange.head_too_large = true;
    return 0;
  }
  std::string_view line(data, length);
  // A status line starts a new response head (after a 1xx interim one).
  if (line.substr(0, 5) == "HTTP/") {
    exchange.headers.clear();
    return length;
  }
  bool continuation = !line.empty() && (line.front() == ' ' || line.front() == '\t');
  line = trim(line);
  if (line.empty()) return length;
  if (continuation) {
    if (!exchange.headers.empty()) exchange.headers.back().second.append(" ").append(line);
    return length;
  }
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos)
    exchange.headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  return length;
}

// The last guard before connect(): curl may only open sockets to addresses
// the egress check approved.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
  auto& exchange = *static_cast<Exchange*>(user);
  auto ip = IpAddress::from_sockaddr(&address->addr);
  if (!ip || std::find(exchange.permitted->begin(), exchange.permitted->end(), *ip) == exchange.permitted->end()) {
    exchange.refused_socket_address = ip ? ip->to_string() : "a non-IP address";
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

NetError error_for(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return NetError::timeout;
    case CURLE_COULDNT_CONNECT: return NetError::connect_failed;
    case CURLE_COULDNT_RESOLVE_HOST: return NetError::dns_failed;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return NetError::invalid_url;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED: return NetError::tls_failed;
    default: return NetError::io_error;
  }
}

HttpResponse failure(NetError error, std::string message) {
  HttpResponse response;
  response.error = error;
  response.error_message = std::move(message);
  return response;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void append(Slist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown != nullptr) {
    list.release();
    list.reset(grown);
  }
}

// "host:port:addr,[v6addr]": curl's DNS cache entry that pins the host to the
// checked addresses. Not needed for IP literals, which curl never resolves.
Slist pinned_resolve_entry(const Target& target, const std::vector<IpAddress>& addresses) {
  Slist entry;
  if (IpAddress::parse(target.host)) return entry;
  std::string line = target.host + ":" + std::to_string(target.port) + ":";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i > 0) line += ",";
    bool v6 = addresses[i].family == IpAddress::Family::v6;
    line += v6 ? "[" + addresses[i].to_string() + "]" : addresses[i].to_string();
  }
  append(entry, line);
  return entry;
}

Slist request_headers(const HttpRequest& request) {
  Slist headers;
  bool has_expect = false;
  for (const auto& [name, value] : request.headers) {
    has_expect = has_expect || equals_ignoring_case(name, "expect");
    // curl's syntax for a header with an empty value is "Name;".
    append(headers, value.empty() ? name + ";" : name + ": " + value);
  }
  // curl would send "Expect: 100-continue" with larger bodies and wait for a
  // reply many webhook receivers never send.
  if (!has_expect) append(headers, "Expect:");
  return headers;
}

void set_method_and_body(CURL* curl, const HttpRequest& request) {
  const std::string& method = request.method;
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
}

// Clears every option of the handle, keeping its live connections, so that
// nothing points at this call's stack once the handle is idle in the pool.
struct OptionsReset {
  CURL* curl;
  ~OptionsReset() { curl_easy_reset(curl); }
};

HttpResponse perform(CURL* curl, const HttpRequest& request, const Target& target,
                     const std::vector<IpAddress>& permitted, const std::string& ca_file, milliseconds total,
                     milliseconds connect) {
  Exchange exchange;
  exchange.permitted = &permitted;
  exchange.max_body = request.max_response_bytes;
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string agent = request.user_agent.empty() ? user_agent("s2d") : request.user_agent;
  Slist resolve = pinned_resolve_entry(target, permitted);
  Slist headers = request_headers(request);

  OptionsReset reset_after{curl};
  curl_easy_setopt(curl, CURLOPT_CURLU, target.url.get());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // never a proxy from http_proxy & co.
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(total.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(connect.count()));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve.get());
  if (!ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  set_method_and_body(curl, request);

  CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_WRITE_ERROR && exchange.truncated) code = CURLE_OK;
  if (!exchange.refused_socket_address.empty())
    return failure(NetError::egress_refused,
                   "egress to " + exchange.refused_socket_address + " refused: it is not an address the check approved");
  if (exchange.head_too_large)
    return failure(NetError::io_error,
                   "the response head is larger than " + std::to_string(kMaxResponseHeadBytes) + " bytes");
  if (code != CURLE_OK) {
    std::string message = curl_easy_strerror(code);
    if (error_buffer[0] != '\0') message += std::string(": ") + error_buffer;
    return failure(error_for(code), message);
  }

  HttpResponse response;
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = int(status);
  char* ip = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) response.connected_ip = ip;
  response.headers = std::move(exchange.headers);
  response.body = std::move(exchange.body);
  response.truncated = exchange.truncated;
  if (const std::string* retry_after = response.header("retry-after"))
    response.retry_after = parse_retry_after(*retry_after, std::chrono::system_clock::now());
  return response;
}

milliseconds at_least_one_ms(milliseconds value) { return std::max(value, milliseconds(1)); }

}  // namespace

// Idle curl easy handles, by origin. A handle keeps its connections open
// between calls, so taking an idle handle of the same origin reuses its
// keep-alive connection, whichever thread asks. A handle is used by one call
// at a time; the pool is the only state shared between threads.
class HttpClient::HandlePool {
 public:
  HandlePool() = default;
  HandlePool(const HandlePool&) = delete;
  HandlePool& operator=(const HandlePool&) = delete;
  ~HandlePool() {
    for (auto& [origin, handles] : idle_)
      for (CURL* handle : handles) curl_easy_cleanup(handle);
  }

  CURL* take(const std::string& origin) {
    {
      std::lock_guard lock(mutex_);
      if (auto found = idle_.find(origin); found != idle_.end()) {
        CURL* handle = found->second.back();
        found->second.pop_back();
        if (found->second.empty()) idle_.erase(found);
        --idle_count_;
        return handle;
      }
    }
    return curl_easy_init();
  }

  void give_back(const std::string& origin, CURL* handle) {
    {
      std::lock_guard lock(mutex_);
      auto& handles = idle_[origin];
      if (handles.size() < kMaxIdleHandlesPerOrigin && idle_count_ < kMaxIdleHandles) {
        handles.push_back(handle);
        ++idle_count_;
        return;
      }
      if (handles.empty()) idle_.erase(origin);
    }
    curl_easy_cleanup(handle);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<CURL*>> idle_;
  std::size_t idle_count_ = 0;
};

HttpClient::HttpClient(EgressPolicy policy) : policy_(std::move(policy)), pool_(std::make_unique<HandlePool>()) {
  initialize_curl_once();
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::send(const HttpRequest& request) {
  const auto started = Clock::now();
  auto elapsed = [&] { return std::chrono::duration_cast<milliseconds>(Clock::now() - started); };
  auto finished = [&](HttpResponse response) {
    response.latency = elapsed();
    return response;
  };

  if (std::string problem = request_problem(request); !problem.empty())
    return finished(failure(NetError::invalid_request, problem));
  Target target;
  if (std::string problem = parse_target(request.url, &target); !problem.empty())
    return finished(failure(NetError::invalid_url, problem));

  EgressCheck check = resolve_for_egress(target.host, policy_, std::min(request.connect_timeout, request.timeout));
  if (!check.ok()) return finished(failure(check.error, check.message));
  milliseconds remaining = request.timeout - elapsed();
  if (remaining.count() <= 0) return finished(failure(NetError::timeout, "the time ran out during the DNS lookup"));

  std::string origin = target.origin();
  CURL* curl = pool_->take(origin);
  if (curl == nullptr) return finished(failure(NetError::io_error, "curl_easy_init failed"));
  HttpResponse response = perform(curl, request, target, check.addresses, policy_.ca_file, at_least_one_ms(remaining),
                                  at_least_one_ms(std::min(request.connect_timeout, remaining)));
  pool_->give_back(origin, curl);
  return finished(std::move(response));
}

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (equals_ignoring_case(key, name)) return &value;
  return nullptr;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc()) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  // Every HTTP-date form names a month; curl_getdate alone would also take
  // bare numbers and time zones.
  if (std::none_of(value.begin(), value.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  std::time_t date = curl_getdate(std::string(value).c_str(), nullptr);
  if (date == -1) return std::nullopt;
  auto delay = std::chrono::system_clock::from_time_t(date) - now;
  return std::max(std::chrono::seconds(0), std::chrono::ceil<std::chrono::seconds>(delay));
}

std::string user_agent(std::string_view product) { return std::string(product) + "/" + S2D_VERSION; }

std::string check_url(const std::string& url, const EgressPolicy* policy) {
  Target target;
  if (auto problem = parse_target(url, &target); !problem.empty()) return problem;
  if (!policy) return "";
  auto address = IpAddress::parse(target.host);
  if (!address) return "";  // a name: its addresses are checked when it is called
  auto reason = policy->refusal_reason(*address);
  if (reason.empty()) return "";
  return address->to_string() + " is refused (" + reason +
         " address): only public addresses, or those the operator allows (egress.allow), can be called";
}

}  // namespace s2d::net
