// wirepad core: share links. An experiment travels in a URL fragment, which browsers never
// send to a server: "#x=1.<base64url(raw deflate(experiment JSON))>". "1" is the link format
// version; the JSON is serialize_experiment's document. Authorization, Proxy-Authorization
// and Cookie values and passwords in the URL are left out unless the user asks, and the
// caller is told what was left out. See docs/share-links.md.
// Depends on: experiment.h, base64.h; zlib inside the .cpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "experiment.h"

namespace wirepad {

inline constexpr int kShareLinkVersion = 1;
inline constexpr std::size_t kShareLinkMaxJson = 1 << 20;  // what a link may expand to

struct ShareLinkOptions {
  bool include_secrets = false;
};

struct ShareLink {
  std::string fragment;                // "x=1.…", without the '#'
  std::vector<std::string> left_out;   // "the value of the Authorization header", ...
  std::size_t json_bytes = 0;          // the document before compression
};

ShareLink make_share_link(const Experiment& experiment, const ShareLinkOptions& options = {});
// The fragment for a document as it is ("x=1." + base64url(raw deflate(json))): the lower
// layer of make_share_link, without any secret handling.
std::string encode_share_fragment(std::string_view json);
// "base" + "#" + fragment; base is e.g. "http://127.0.0.1:8080/" (anything before '#' is kept).
std::string share_link_url(std::string_view base, const ShareLink& link);

// Accepts a whole URL, "#x=…" or "x=…". Errors: invalid_experiment, with the character
// position in `link` for a cut or damaged link, a clear message for a newer link format, and
// parse_experiment's errors (newer experiment format, bad JSON) for the document inside.
Result<Experiment> open_share_link(std::string_view link);

}  // namespace wirepad
