#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

namespace s2d {

bool valid_utf8(std::string_view text, std::string* problem) {
  try {
    (void)nlohmann::json(std::string(text)).dump();
    return true;
  } catch (const nlohmann::json::type_error& error) {
    if (problem) *problem = error.what();
    return false;
  }
}

std::string utf8_replacing_invalid(std::string_view text) {
  const auto quoted = nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(quoted).get<std::string>();
}

}  // namespace s2d
