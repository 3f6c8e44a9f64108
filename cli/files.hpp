#pragma once
// Output files on the local disk: the names the client gives them and the
// download that skips a file already there with the right SHA-256.

#include "cli/api.hpp"
#include "cli/views.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace s2d::cli {

// A file-name stem from a value the server holds (an item key): kept when it
// is 1-128 of [A-Za-z0-9._-] not starting with '.', else `fallback`.
std::string safe_stem(const std::string& text, const std::string& fallback);

// "<stem>.<format>", or "<stem>-<record_index>.<format>" for one of several records' documents.
std::string output_file_name(const std::string& stem, const OutputView& output);

enum class Fetched { downloaded, already_there, failed };

struct FetchResult {
  Fetched outcome = Fetched::failed;
  std::string path;
  int exit_code = kExitOk;  // when failed
};

// Downloads `output.url` to dir/name unless a file there already has
// `output.sha256`; a download whose bytes do not match the SHA-256 fails.
FetchResult fetch_output(Api& api, const std::string& dir, const std::string& name, const OutputView& output,
                         const char* command);

// Creates the directory (and its parents); false with a message on stderr.
bool make_directory(const std::string& dir, const char* command);

}  // namespace s2d::cli
