// s2d admin nodes: the operator's view of the render nodes.
#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "cli/views.hpp"

#include <iostream>

namespace s2d::cli {

int run_admin_nodes(const CommonOptions& common) {
  if (common.connection.operator_token.empty()) {
    std::cerr << "s2d admin nodes: set S2D_OPERATOR_TOKEN (or --operator-token) to the server's operator.token\n";
    return kExitUsage;
  }
  Api api(common.connection);
  auto reply = api.call_operator("/v1/admin/nodes");
  if (!reply.ok()) return report_failure("admin nodes", reply);
  const auto nodes = view_of<PageView>(reply.body).data;
  if (common.json) std::cout << nodes.dump() << "\n";
  else
    print_table({"id", "name", "address", "version", "state", "slots", "busy", "completed", "failed", "restarts",
                 "joined_at", "last_seen_at"},
                nodes);
  return kExitOk;
}

}  // namespace s2d::cli
