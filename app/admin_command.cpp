#include "app/commands.hpp"

#include "net/http_client.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iomanip>
#include <iostream>

namespace s2d::app {
namespace {

std::string text_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "-";
  return value.dump();
}

void print_table(const nlohmann::json& nodes) {
  const std::vector<const char*> columns = {"id", "name", "address", "version", "state", "slots", "busy",
                                            "completed", "failed", "restarts", "joined_at", "last_seen_at"};
  std::vector<std::size_t> widths;
  for (const char* column : columns) {
    std::size_t width = std::string(column).size();
    for (const auto& node : nodes) width = std::max(width, text_of(node.value(column, nlohmann::json())).size());
    widths.push_back(width);
  }
  auto row = [&](auto cell) {
    for (std::size_t i = 0; i < columns.size(); ++i)
      std::cout << std::left << std::setw(int(widths[i])) << cell(i) << (i + 1 < columns.size() ? "  " : "\n");
  };
  row([&](std::size_t i) { return std::string(columns[i]); });
  for (const auto& node : nodes) row([&](std::size_t i) { return text_of(node.value(columns[i], nlohmann::json())); });
}

}  // namespace

int admin_nodes(const AdminNodesCommand& command) {
  const char* token = std::getenv("S2D_OPERATOR_TOKEN");
  if (!token || !*token) {
    std::cerr << "s2d admin nodes: set S2D_OPERATOR_TOKEN to the server's operator.token\n";
    return 2;
  }
  // The operator names the server: any address may be asked.
  std::string problem;
  auto anywhere = net::EgressPolicy::from_list("0.0.0.0/0,::/0", &problem);
  net::HttpClient client(std::move(*anywhere));
  net::HttpRequest request;
  request.url = command.url + "/v1/admin/nodes";
  request.headers = {{"Authorization", std::string("Bearer ") + token}};
  request.max_response_bytes = 16 << 20;
  auto response = client.send(request);
  if (!response.ok()) {
    std::cerr << "s2d admin nodes: " << request.url << ": " << response.error_message << "\n";
    return 1;
  }
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status != 200 || !body.is_object() || !body.contains("data")) {
    std::cerr << "s2d admin nodes: " << request.url << " answered " << response.status << ": " << response.body << "\n";
    return 1;
  }
  print_table(body["data"]);
  return 0;
}

}  // namespace s2d::app
