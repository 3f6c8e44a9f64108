#include "services/services.hpp"

#include <algorithm>
#include <thread>

namespace s2d {

std::string Services::public_url() const {
  if (!settings.public_url.empty()) {
    auto url = settings.public_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  auto host = settings.listen_host;
  if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(settings.listen_port);
}

void OutboxSignal::connect(Receiver receiver) {
  std::lock_guard<std::mutex> lock(mutex_);
  receiver_ = std::move(receiver);
}

void OutboxSignal::disconnect() {
  std::lock_guard<std::mutex> lock(mutex_);
  receiver_ = nullptr;
}

void OutboxSignal::notify(std::vector<std::string> outbox_keys) {
  if (outbox_keys.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (receiver_) receiver_(std::move(outbox_keys));
}

int Services::render_slots() const {
  if (settings.render_slots >= 0) return settings.render_slots;
  return std::max(1, int(std::thread::hardware_concurrency()));
}

int Services::default_workspace_concurrency() const {
  if (settings.workspace_concurrency > 0) return settings.workspace_concurrency;
  // With no local slots the renders go to workers: size by this machine's cores.
  int slots = render_slots();
  return 2 * (slots > 0 ? slots : std::max(1, int(std::thread::hardware_concurrency())));
}

}  // namespace s2d
