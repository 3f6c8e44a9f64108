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

}  // namespace s2d
