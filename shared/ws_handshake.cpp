// wirepad core: ws_handshake.h.
#include "ws_handshake.h"

#include <mbedtls/md.h>

#include <cstdlib>

#include "base64.h"
#include "text_util.h"

namespace wirepad {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3

WsError hs_error(WsErrorKind kind, std::string message) { return WsError{kind, std::move(message), -1, -1}; }

// Splits a comma-separated header list (RFC 9110 §5.6.1), trimming each element; empty
// elements are skipped, as the list syntax allows.
std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> out;
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view item = text::trim_ows(value.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    value = value.substr(comma + 1);
  }
  return out;
}

bool header_value_ok(std::string_view v) {
  for (char c : v)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

}  // namespace

Result<Url> parse_ws_url(std::string_view text) {
  // The URL parser knows http(s); a ws URL is the same shape with another scheme and the
  // same default ports (RFC 6455 §3), so it is read as http(s) and renamed.
  std::string_view rest = text;
  std::string scheme;
  if (std::size_t sep = text.find("://"); sep != std::string_view::npos) {
    scheme = text::lower(text.substr(0, sep));
    rest = text.substr(sep + 3);
  }
  if (scheme != "ws" && scheme != "wss")
    return make_error(ErrorCode::unsupported_scheme,
                      "a WebSocket URL starts with ws:// or wss://" +
                          (scheme.empty() ? std::string(", as in ws://127.0.0.1:8080/chat")
                                          : ", not " + scheme + "://" +
                                                (scheme == "http" || scheme == "https"
                                                     ? " (the handshake is HTTP, but the URL says ws)"
                                                     : "")),
                      0);
  if (text.find('#') != std::string_view::npos)
    return make_error(ErrorCode::invalid_url, "a WebSocket URL has no fragment (RFC 6455 §3); remove the '#...'",
                      std::int64_t(text.find('#')));
  Result<Url> url = parse_url((scheme == "wss" ? "https://" : "http://") + std::string(rest));
  if (!url) {
    Error e = url.error();
    if (e.offset >= 0) e.offset += std::int64_t(scheme.size()) - (scheme == "wss" ? 5 : 4);
    return e;
  }
  url->scheme = scheme;
  return url;
}

std::string ws_accept_value(std::string_view key) {
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);
  if (info == nullptr) std::abort();  // SHA-1 is in every libmbedcrypto we link: a build mistake
  std::string input = std::string(key) + std::string(kGuid);
  unsigned char digest[20];
  if (mbedtls_md(info, reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest) != 0) std::abort();
  return encode_base64(std::string_view(reinterpret_cast<const char*>(digest), 20));
}

Result<WsHandshakeRequest> build_handshake_request(const Url& url, const WsHandshakeOptions& options,
                                                   const WsRandom& random) {
  if (!url.userinfo.empty())
    return make_error(ErrorCode::invalid_request,
                      "the URL has a user name; WebSocket URLs carry none (RFC 6455 §3). Send credentials with "
                      "-H 'Authorization: ...'");
  // These belong to the handshake itself: a second copy would contradict it.
  for (const Header& h : options.headers) {
    for (std::string_view own : {"Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
                                 "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol"}) {
      if (iequals(h.name, own))
        return make_error(ErrorCode::invalid_request,
                          "the header " + std::string(own) + " is written by the handshake itself" +
                              (own == "Sec-WebSocket-Protocol"    ? "; use --subprotocol NAME"
                               : own == "Sec-WebSocket-Extensions" ? "; use --compress for permessage-deflate"
                                                                   : ""));
    }
    if (!text::is_token(h.name))
      return make_error(ErrorCode::invalid_request, "the header name '" + h.name + "' is not a token (RFC 9110 §5.1)");
    if (!header_value_ok(h.value))
      return make_error(ErrorCode::invalid_request, "the value of " + h.name + " contains CR, LF or NUL");
  }
  for (const std::string& p : options.subprotocols)
    if (!text::is_token(p))
      return make_error(ErrorCode::invalid_request,
                        "the subprotocol '" + p + "' is not a token (RFC 6455 §4.1: no spaces, commas or quotes)");
  std::string nonce = random(16);
  if (nonce.size() != 16) return make_error(ErrorCode::invalid_request, "the random source gave no key bytes");
  WsHandshakeRequest r;
  r.key = encode_base64(nonce);
  std::string& b = r.bytes;
  b = "GET " + url.target + " HTTP/1.1\r\n";
  b += "Host: " + url.authority() + "\r\n";
  b += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  b += "Sec-WebSocket-Key: " + r.key + "\r\n";
  b += "Sec-WebSocket-Version: 13\r\n";
  if (!options.subprotocols.empty()) {
    b += "Sec-WebSocket-Protocol: ";
    for (std::size_t i = 0; i < options.subprotocols.size(); ++i) b += (i ? ", " : "") + options.subprotocols[i];
    b += "\r\n";
  }
  if (options.compress) b += "Sec-WebSocket-Extensions: " + to_header_value(options.deflate) + "\r\n";
  bool has_ua = false;
  for (const Header& h : options.headers) has_ua = has_ua || iequals(h.name, "User-Agent");
  if (!has_ua && !options.user_agent.empty()) b += "User-Agent: " + options.user_agent + "\r\n";
  for (const Header& h : options.headers) b += h.name + ": " + h.value + "\r\n";
  b += "\r\n";
  return r;
}

WsError check_handshake_response(const HttpResponse& response, std::string_view key, const WsHandshakeOptions& options,
                                 WsAgreement& agreement) {
  if (response.status != 101)
    return hs_error(WsErrorKind::handshake_status,
                    "the server answered " + std::to_string(response.status) + " " + response.reason +
                        " instead of 101 Switching Protocols: it did not accept the WebSocket upgrade (RFC 6455 "
                        "§4.1); the response head and body are in the log");
  const std::string upgrade = combined_field_value(response.headers, "Upgrade");
  if (!iequals(text::trim_ows(upgrade), "websocket"))
    return hs_error(WsErrorKind::handshake_upgrade,
                    upgrade.empty() ? "the 101 response has no Upgrade header; it must say 'Upgrade: websocket' (RFC 6455 §4.1)"
                                    : "the 101 response says 'Upgrade: " + upgrade +
                                          "'; it must be 'websocket' (RFC 6455 §4.1)");
  bool has_upgrade_token = false;
  const std::string connection = combined_field_value(response.headers, "Connection");
  for (std::string_view t : split_list(connection)) has_upgrade_token = has_upgrade_token || iequals(t, "upgrade");
  if (!has_upgrade_token)
    return hs_error(WsErrorKind::handshake_connection,
                    "the 101 response's Connection header " +
                        (connection.empty() ? std::string("is missing") : "is '" + connection + "'") +
                        "; it must contain 'Upgrade' (RFC 6455 §4.1)");
  const std::string expected = ws_accept_value(key);
  std::optional<FieldView> accept = find_header(response.headers, "Sec-WebSocket-Accept");
  if (!accept)
    return hs_error(WsErrorKind::handshake_accept,
                    "the 101 response has no Sec-WebSocket-Accept; expected " + expected + " (RFC 6455 §4.2.2)");
  if (text::trim_ows(accept->value) != expected)
    return hs_error(WsErrorKind::handshake_accept,
                    "Sec-WebSocket-Accept is '" + std::string(accept->value) + "', expected " + expected +
                        " = base64(SHA-1(key + the RFC's GUID)) for the key " + std::string(key) +
                        " (RFC 6455 §4.2.2): the server did not read our key, or something in between answered");
  // Subprotocol: at most one, and one we offered (§4.1 item 6).
  const std::string proto = combined_field_value(response.headers, "Sec-WebSocket-Protocol");
  std::vector<std::string_view> protos = split_list(proto);
  if (protos.size() > 1)
    return hs_error(WsErrorKind::handshake_subprotocol,
                    "the server chose several subprotocols ('" + proto + "'); it must choose one (RFC 6455 §4.2.2)");
  agreement.subprotocol.clear();
  if (!protos.empty()) {
    bool offered = false;
    for (const std::string& p : options.subprotocols) offered = offered || p == protos[0];
    if (!offered)
      return hs_error(WsErrorKind::handshake_subprotocol,
                      "the server chose the subprotocol '" + std::string(protos[0]) + "', which was not offered" +
                          (options.subprotocols.empty() ? std::string(" (none was)") : std::string()) +
                          " (RFC 6455 §4.1)");
    agreement.subprotocol = std::string(protos[0]);
  }
  // Extensions: only what we offered, once (§4.1 item 5, RFC 7692 §7).
  agreement.extensions = combined_field_value(response.headers, "Sec-WebSocket-Extensions");
  agreement.deflate = false;
  for (std::string_view element : split_list(agreement.extensions)) {
    std::size_t semi = element.find(';');
    std::string name = text::lower(text::trim_ows(element.substr(0, semi)));
    if (name != "permessage-deflate" || !options.compress)
      return hs_error(WsErrorKind::handshake_extension,
                      "the server accepted the extension '" + name + "', which was not offered (RFC 6455 §4.1)");
    if (agreement.deflate)
      return hs_error(WsErrorKind::handshake_extension,
                      "the server accepted permessage-deflate twice; one offer was made (RFC 7692 §5)");
    Result<WsDeflateAgreement> params = accept_deflate_response(
        semi == std::string_view::npos ? std::string_view() : element.substr(semi), options.deflate);
    if (!params) {
      std::string m = params.error().message;
      const std::string prefix = "handshake_extension: ";
      if (m.rfind(prefix, 0) == 0) m = m.substr(prefix.size());
      return hs_error(WsErrorKind::handshake_extension, m);
    }
    agreement.deflate = true;
    agreement.deflate_params = params.value();
  }
  return {};
}

}  // namespace wirepad
