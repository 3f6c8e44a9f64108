// The output formats s2d renders and how each is served.
#include "renderers/render.hpp"

#include <algorithm>

namespace s2d::render {
namespace {

struct FormatInfo {
  const char* name;
  const char* content_type;
  const char* extension;
};

constexpr FormatInfo kFormats[] = {
    {"pdf", "application/pdf", "pdf"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"html", "text/html; charset=utf-8", "html"},
    {"md", "text/markdown; charset=utf-8", "md"},
    {"txt", "text/plain; charset=utf-8", "txt"},
};

const FormatInfo* find_format(const std::string& format) {
  for (const auto& info : kFormats)
    if (format == info.name) return &info;
  return nullptr;
}

}  // namespace

const std::vector<std::string>& supported_formats() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& info : kFormats) out.emplace_back(info.name);
    return out;
  }();
  return names;
}

bool is_supported_format(const std::string& format) { return find_format(format) != nullptr; }

std::string content_type_for(const std::string& format) {
  const auto* info = find_format(format);
  return info ? info->content_type : "application/octet-stream";
}

std::string file_extension_for(const std::string& format) {
  const auto* info = find_format(format);
  return info ? info->extension : "bin";
}

}  // namespace s2d::render
