// s2d templates push / list.
#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "cli/views.hpp"

#include "core/crypto.hpp"
#include "core/file_io.hpp"

#include <filesystem>
#include <iostream>

namespace s2d::cli {
namespace {

constexpr int kMaxPages = 1000;  // 100 templates a page

// The template kind a file's extension names; "" when it names none.
std::string kind_of(const std::string& path) {
  auto extension = std::filesystem::path(path).extension().string();
  for (char& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".md" || extension == ".markdown") return "markdown";
  if (extension == ".docx" || extension == ".pptx" || extension == ".xlsx") return extension.substr(1);
  return "";
}

// Every template of the workspace, following the pages; false after saying why not.
bool list_all(Api& api, nlohmann::json* templates, int* exit_code) {
  *templates = nlohmann::json::array();
  std::string after;
  for (int page = 0; page < kMaxPages; ++page) {
    std::string path = "/v1/templates?limit=100";
    if (!after.empty()) path += "&starting_after=" + url_encode(after);
    auto listed = api.call("GET", path);
    if (!listed.ok()) {
      *exit_code = report_failure("templates", listed);
      return false;
    }
    auto page_view = view_of<PageView>(listed.body);
    for (auto& item : page_view.data) {
      after = view_of<IdView>(item).id;
      templates->push_back(std::move(item));
    }
    if (!page_view.has_more) break;
  }
  return true;
}

}  // namespace

int run_templates_push(const CommonOptions& common, const TemplatesPushOptions& options) {
  if (!require_credentials(common, "templates push")) return kExitUsage;
  const auto kind = kind_of(options.path);
  if (kind.empty()) {
    std::cerr << "s2d templates push: " << options.path << ": the extension must be .md, .docx, .pptx or .xlsx\n";
    return kExitUsage;
  }
  auto content = read_file(options.path);
  if (!content) {
    std::cerr << "s2d templates push: cannot read " << options.path << "\n";
    return kExitUsage;
  }
  const auto name = options.name.empty() ? std::filesystem::path(options.path).stem().string() : options.name;
  Api api(common.connection);
  nlohmann::json templates;
  int exit_code = kExitOk;
  if (!list_all(api, &templates, &exit_code)) return exit_code;
  std::optional<TemplateView> existing;
  for (const auto& item : templates) {
    auto view = view_of<TemplateView>(item);
    if (view.name == name && !view.archived) existing = std::move(view);
  }

  const auto encoded = crypto::base64_encode(*content);
  ApiReply reply;
  if (existing) {
    const nlohmann::json body = {{"content_base64", encoded}};
    reply = api.call("POST", "/v1/templates/" + existing->id + "/versions", &body);
  } else {
    const nlohmann::json body = {{"name", name}, {"kind", kind}, {"content_base64", encoded}};
    reply = api.call("POST", "/v1/templates", &body);
  }
  if (!reply.ok()) return report_failure("templates push", reply);
  if (common.json) {
    std::cout << reply.body.dump() << "\n";
  } else if (existing) {
    std::cout << existing->id << "  " << name << "  version " << view_of<TemplateVersionView>(reply.body).version << "\n";
  } else {
    std::cout << view_of<IdView>(reply.body).id << "  " << name << "  version 1 (new template)\n";
  }
  return kExitOk;
}

int run_templates_list(const CommonOptions& common) {
  if (!require_credentials(common, "templates list")) return kExitUsage;
  Api api(common.connection);
  nlohmann::json templates;
  int exit_code = kExitOk;
  if (!list_all(api, &templates, &exit_code)) return exit_code;
  if (common.json) std::cout << templates.dump() << "\n";
  else print_table({"id", "name", "kind", "latest_version", "archived", "updated_at"}, templates);
  return kExitOk;
}

}  // namespace s2d::cli
