#pragma once
// Settings from one TOML file with S2D_* environment overrides.
//
// Precedence: built-in default < TOML file < environment < command line.
// Every setting is listed once in setting_specs(); docs/configuration.md
// documents each (a test keeps the two in step).

#include "core/settings.hpp"

#include <functional>
#include <string>
#include <vector>

namespace s2d::app {

struct SettingSpec {
  const char* key;          // TOML key: "section.name"
  const char* env;          // environment variable
  const char* description;
  std::function<bool(Settings&, const std::string& text, std::string* error)> apply;
};

const std::vector<SettingSpec>& setting_specs();

// Reads `config_path` (may be empty: defaults only) then the environment.
bool load_settings(const std::string& config_path, Settings* settings, std::string* error);

// "host:port", "[v6]:port" or ":port".
bool parse_listen(const std::string& text, Settings* settings, std::string* error);

}  // namespace s2d::app
