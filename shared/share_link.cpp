// wirepad core: share links (see share_link.h and docs/share-links.md).
// Depends on: share_link.h, base64.h, url.h, zlib (raw deflate, RFC 1951).
#include "share_link.h"

#include <zlib.h>

#include <cstdint>

#include "base64.h"
#include "url.h"

namespace wirepad {

namespace {

Error link_error(std::string message, std::size_t position) {
  return make_error(ErrorCode::invalid_experiment, std::move(message), std::int64_t(position));
}

// Raw deflate (no zlib header or checksum), so browsers can also read it with
// DecompressionStream("deflate-raw").
std::string deflate_raw(std::string_view input) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, uLong(input.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = uInt(input.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

enum class InflateFailure { none, damaged, cut, too_large, trailing };

struct Inflated {
  std::string bytes;
  InflateFailure failure = InflateFailure::none;
  std::size_t at = 0;  // compressed bytes consumed when it failed
};

Inflated inflate_raw(std::string_view input, std::size_t limit) {
  Inflated result;
  z_stream z{};
  inflateInit2(&z, -15);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = uInt(input.size());
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    result.bytes.append(buffer, sizeof buffer - z.avail_out);
    if (result.bytes.size() > limit) {
      result.failure = InflateFailure::too_large;
      break;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      result.failure = InflateFailure::cut;
      break;
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      result.failure = InflateFailure::cut;
      break;
    }
  }
  if (result.failure == InflateFailure::none) {
    if (rc == Z_STREAM_END && z.avail_in != 0) result.failure = InflateFailure::trailing;
    else if (rc != Z_STREAM_END) result.failure = InflateFailure::damaged;
  }
  result.at = input.size() - z.avail_in;
  inflateEnd(&z);
  return result;
}

// "user:password" in a URL is a secret too; the user name stays.
bool strip_url_password(std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < start) return false;
  std::size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return false;
  url.erase(colon, at - colon);
  return true;
}

}  // namespace

ShareLink make_share_link(const Experiment& experiment, const ShareLinkOptions& options) {
  ShareLink link;
  Experiment shared = experiment;
  if (!options.include_secrets) {
    for (HeaderRow& h : shared.request.headers) {
      if ((iequals(h.name, "Authorization") || iequals(h.name, "Proxy-Authorization") || iequals(h.name, "Cookie")) &&
          !h.value.empty()) {
        h.value.clear();
        link.left_out.push_back("the value of the " + h.name + " header");
      }
    }
    if (strip_url_password(shared.request.url)) link.left_out.push_back("the password in the URL");
    for (std::string& what : clear_auth_secrets(shared.request)) link.left_out.push_back(std::move(what));
  }
  std::string json = serialize_experiment(shared);
  link.json_bytes = json.size();
  link.fragment = encode_share_fragment(json);
  return link;
}

std::string encode_share_fragment(std::string_view json) {
  return "x=" + std::to_string(kShareLinkVersion) + "." + encode_base64url(deflate_raw(json));
}

std::string share_link_url(std::string_view base, const ShareLink& link) {
  std::string_view page = base.substr(0, base.find('#'));
  return std::string(page) + "#" + link.fragment;
}

Result<Experiment> open_share_link(std::string_view link) {
  // Where the x= parameter starts: after '#', possibly among other fragment parameters.
  std::size_t hash = link.find('#');
  std::size_t scan = hash == std::string_view::npos ? 0 : hash + 1;
  std::size_t x = std::string_view::npos;
  for (std::size_t i = scan; i < link.size(); i = link.find('&', i) == std::string_view::npos ? link.size() : link.find('&', i) + 1) {
    if (link.substr(i, 2) == "x=") {
      x = i;
      break;
    }
  }
  if (x == std::string_view::npos) {
    return link_error("This is not a Wirepad share link: it has no \"#x=\" part. Copy the whole link.",
                      hash == std::string_view::npos ? 0 : hash);
  }
  std::size_t version_start = x + 2;
  std::size_t dot = link.find('.', version_start);
  std::size_t end = link.find('&', version_start);
  if (end == std::string_view::npos) end = link.size();
  while (end > version_start && (link[end - 1] == ' ' || link[end - 1] == '\n' || link[end - 1] == '\r' || link[end - 1] == '\t')) --end;
  if (dot == std::string_view::npos || dot >= end || dot == version_start) {
    return link_error("The share link has no format version after \"x=\" (at character " +
                          std::to_string(version_start) + "); it is cut or damaged. Copy the whole link.",
                      version_start);
  }
  std::int64_t version = 0;
  for (std::size_t i = version_start; i < dot; ++i) {
    if (link[i] < '0' || link[i] > '9' || version > 1000000) {
      return link_error("The share link's format version is not a number (character " + std::to_string(i) +
                            "); it is damaged. Copy the whole link.",
                        i);
    }
    version = version * 10 + (link[i] - '0');
  }
  if (version > kShareLinkVersion) {
    return link_error("This link was made by a newer Wirepad (link format " + std::to_string(version) +
                          "); this version opens format " + std::to_string(kShareLinkVersion) +
                          ". Update Wirepad to open it.",
                      version_start);
  }
  if (version < 1) {
    return link_error("The share link's format version " + std::to_string(version) + " does not exist; it is damaged.",
                      version_start);
  }

  std::size_t payload_start = dot + 1;
  std::string_view payload = link.substr(payload_start, end - payload_start);
  if (payload.empty()) {
    return link_error("The share link ends right after \"x=1.\" (character " + std::to_string(payload_start) +
                          "): it was cut. Copy the whole link.",
                      payload_start);
  }
  Result<std::string> compressed = decode_base64url(payload);
  if (!compressed) {
    std::size_t at = payload_start + std::size_t(compressed.error().offset);
    bool cut = std::size_t(compressed.error().offset) == payload.size();
    return link_error(cut ? "The share link was cut at character " + std::to_string(at) + ". Copy the whole link."
                          : "The share link is damaged at character " + std::to_string(at) + ": '" +
                                std::string(1, link[at]) + "' cannot appear in it. Copy the whole link again.",
                      at);
  }
  Inflated json = inflate_raw(compressed.value(), kShareLinkMaxJson);
  std::size_t at = payload_start + (json.at * 4 + 2) / 3;  // compressed byte -> link character
  if (at > end) at = end;
  switch (json.failure) {
    case InflateFailure::none: break;
    case InflateFailure::cut:
      return link_error("The share link was cut at character " + std::to_string(end) + ": the experiment in it is incomplete. Copy the whole link.", end);
    case InflateFailure::damaged:
      return link_error("The share link is damaged near character " + std::to_string(at) +
                            ": its compressed data is invalid. Copy the whole link again.",
                        at);
    case InflateFailure::trailing:
      return link_error("The share link has extra characters after its end, from character " + std::to_string(at) + ".", at);
    case InflateFailure::too_large:
      return link_error("The share link expands to more than " + std::to_string(kShareLinkMaxJson) +
                            " bytes, more than any experiment Wirepad makes; it was not opened.",
                        payload_start);
  }
  Result<Experiment> experiment = parse_experiment(json.bytes);
  if (!experiment) {
    return make_error(ErrorCode::invalid_experiment, "The experiment in the share link cannot be read: " + experiment.error().message, experiment.error().offset);
  }
  return experiment;
}

}  // namespace wirepad
