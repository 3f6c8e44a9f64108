#pragma once
// The https pictures of an Office template, fetched before its render.
//
// A DOCX or PPTX {{image}} whose value is an https URL shows the picture at
// that URL. Render slots and worker nodes have no business on the network,
// so the node that gathers a render's input fetches the pictures here,
// through the egress guard (net/http_client.hpp), each bounded in time and
// size, and hands them to the render as assets named by their URL (asset
// names of templates cannot hold "://"). Blocking: run on the I/O pool.

#include "renderers/render.hpp"
#include "services/services.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace s2d {

struct RemoteImages {
  std::vector<render::Asset> assets;  // one per distinct URL, name = the URL
  nlohmann::json error;               // null, or API.md's error object (image_unavailable, limit_exceeded)
};

// The pictures that merging the Office template `source` (kind docx, pptx
// or xlsx) with each of `documents` names by https URL. `assets` are the
// template's own, so that merges reach the tags behind asset pictures too.
// The error names the URL (`placeholder`, `context.url`) and why
// (`context.reason`: egress_refused, dns_failed, connect_failed, timeout,
// tls_failed, io_error, invalid_url, http_status, redirect, too_large,
// not_an_image).
RemoteImages fetch_remote_images(const Services& services, const std::string& kind, const std::string& source,
                                 const std::vector<nlohmann::json>& documents,
                                 const std::vector<render::Asset>& assets);

}  // namespace s2d
