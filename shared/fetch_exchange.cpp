// wirepad core: fetch_exchange.h, an exchange a browser's fetch() made, and what it hid.
#include "fetch_exchange.h"

#include <algorithm>

#include "text_util.h"
#include "url.h"

namespace wirepad {
namespace {

// "https://api.example.com:8443" of a URL, "" when it does not parse.
std::string origin_of(const std::string& url) {
  Result<Url> parsed = parse_url(url);
  if (!parsed) return {};
  return parsed->scheme + "://" + parsed->authority();
}

bool loopback_host(const std::string& url) {
  Result<Url> parsed = parse_url(url);
  if (!parsed) return false;
  const std::string host = text::lower(parsed->host);
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1" ||
         (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0);
}

void event(ExchangeLog& log, double at, std::string text) { log.events.push_back({at, std::move(text)}); }

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

}  // namespace

std::string fetch_forbidden_header_reason(std::string_view name) {
  const std::string n = text::lower(name);
  if (n == "host") return "the browser sets Host from the URL";
  if (n == "content-length") return "the browser counts the body itself";
  if (n == "connection" || n == "keep-alive" || n == "te" || n == "trailer" || n == "transfer-encoding" || n == "upgrade")
    return "the browser manages the connection and its framing";
  if (n == "cookie" || n == "cookie2") return "the browser sends the cookies it keeps for that site, never a page's";
  if (n == "origin" || n == "referer") return "the browser sets it to this page's";
  if (n == "accept-charset" || n == "accept-encoding") return "the browser says which encodings it accepts";
  if (n == "access-control-request-headers" || n == "access-control-request-method")
    return "the browser's own CORS preflight header";
  if (n == "date" || n == "dnt" || n == "expect" || n == "via" || n == "set-cookie")
    return "forbidden to pages by the Fetch standard";
  if (n.starts_with("proxy-") || n.starts_with("sec-")) return "forbidden to pages by the Fetch standard (Proxy-* and Sec-*)";
  if (n == "user-agent") return "Chromium sends its own User-Agent and ignores a page's";
  return {};
}

FetchPlan plan_fetch(const ExchangeLog& log, const std::string& page_origin) {
  FetchPlan plan;
  plan.method = log.request.method;
  plan.url = log.target_url.empty() ? log.request.url : log.target_url;
  plan.body = log.request.body;
  const std::string method = text::lower(plan.method);
  const std::string pair = " Pair this page with `wirepad serve` (the relay) to send it as typed.";
  if (method == "connect" || method == "trace" || method == "track") {
    plan.refused = make_error(ErrorCode::invalid_request,
                              "The browser's fetch() refuses the method " + plan.method + " from a page; nothing was sent." + pair);
    return plan;
  }
  if ((method == "get" || method == "head") && !plan.body.empty()) {
    plan.refused = make_error(ErrorCode::invalid_request, "The browser's fetch() cannot send a body with " + plan.method +
                                                              " (" + std::to_string(plan.body.size()) +
                                                              " bytes typed); nothing was sent. Use POST or PUT, or" + pair.substr(1));
    return plan;
  }
  Result<Url> url = parse_url(plan.url);
  if (!url || (url->scheme != "http" && url->scheme != "https")) {
    plan.refused = make_error(ErrorCode::unsupported_scheme, "Without a relay this page sends only http:// and https:// "
                                                             "URLs, with the browser's fetch(); '" + plan.url + "' is not one." + pair);
    return plan;
  }
  // Chromium blocks http:// from an https:// page (mixed content) except for loopback names.
  if (page_origin.starts_with("https://") && url->scheme == "http" && !loopback_host(plan.url)) {
    plan.refused = make_error(ErrorCode::invalid_request,
                              "This page is served over https, so the browser blocks a request to the http:// URL '" + plan.url +
                                  "' (mixed content); nothing was sent. Use https://, or" + pair.substr(1));
    return plan;
  }
  for (const Header& h : log.request.headers) {
    if (std::string why = fetch_forbidden_header_reason(h.name); !why.empty())
      plan.dropped.push_back(h.name + " (" + why + ")");
    else
      plan.headers.push_back(h);
  }
  return plan;
}

void begin_fetch_log(ExchangeLog& log, const FetchPlan& plan, std::int64_t unix_ms) {
  log.started_unix_ms = unix_ms;
  log.sent_headers = plan.headers;
  log.phase = plan.refused ? Phase::failed : Phase::waiting;
  event(log, 0, "no relay: this copy of the page is not served by `wirepad serve` nor paired with it, so the "
                "browser's fetch() sends the request and hides the wire");
  for (const std::string& d : plan.dropped) event(log, 0, "not sent: " + d);
  if (plan.refused) {
    log.error = plan.refused;
    event(log, 0, plan.refused.message);
    return;
  }
  event(log, 0, "fetch(" + plan.method + " " + plan.url + ")");
}

void finish_fetch_log(ExchangeLog& log, const FetchPlan& plan, const FetchAnswer& answer, const std::string& page_origin,
                      double timed_out_after) {
  const double total = answer.total_ms >= 0 ? answer.total_ms / 1000 : 0;
  if (answer.aborted) {
    log.phase = timed_out_after > 0 ? Phase::failed : Phase::cancelled;
    log.error = timed_out_after > 0
                    ? make_error(ErrorCode::total_timeout, "No whole answer within " + std::to_string(int(timed_out_after)) +
                                                               " s: the browser's fetch() was aborted.")
                    : make_error(ErrorCode::cancelled, "cancelled by the user; the browser's fetch() was aborted");
    event(log, total, log.error.message);
    return;
  }
  if (answer.failed) {
    std::vector<std::string> causes;
    const std::string target = origin_of(plan.url);
    if (!target.empty() && target != page_origin)
      causes.push_back("CORS: the server at " + target + " must allow this page's origin " + page_origin +
                       " (Access-Control-Allow-Origin), and answer a preflight OPTIONS first when the method is not "
                       "GET, HEAD or POST or a header or content type is not CORS-safelisted");
    if (plan.url.starts_with("https://")) causes.push_back("a certificate the browser does not trust");
    causes.push_back("nothing listening there, or the name does not resolve");
    log.phase = Phase::failed;
    log.error = make_error(ErrorCode::io_error,
                           "The browser's fetch() failed (" + answer.error_name + ": " + answer.error_message +
                               ") and does not tell a page why. Likely: " + join(causes, "; or ") +
                               ". The browser's console (F12) names the reason; paired with `wirepad serve` this page "
                               "shows the real answer.");
    event(log, total, log.error.message);
    return;
  }
  HttpResponse& r = log.response;
  log.has_response_head = true;
  r.status = answer.status;
  r.reason = answer.status_text;
  for (const auto& [name, value] : answer.headers) r.headers.add(name, value);
  r.body = answer.body;
  log.body_in_received = false;
  log.timings.pretransfer = 0;
  log.timings.starttransfer = answer.first_byte_ms >= 0 ? answer.first_byte_ms / 1000 : -1;
  log.timings.total = total;
  log.phase = Phase::done;
  event(log, log.timings.starttransfer >= 0 ? log.timings.starttransfer : total,
        "status " + std::to_string(r.status) + (r.reason.empty() ? "" : " " + r.reason) + " (fetch() resolved: the head arrived)");
  event(log, total, "body read: " + std::to_string(r.body.size()) + (r.body.size() == 1 ? " byte" : " bytes"));

  // What the browser hid, each said once.
  auto& w = log.warnings;
  w.push_back("Sent with the browser's fetch() (no relay): the raw bytes, the HTTP version and the lookup, connect "
              "and TLS times are not shown to a page. Pair this page with `wirepad serve` for the wire.");
  if (!plan.dropped.empty()) w.push_back("Not sent (the browser refuses them from a page): " + join(plan.dropped, ", ") + ".");
  w.push_back("The browser added its own request headers (User-Agent, Accept-Encoding, Sec-Fetch-*, and Origin and "
              "Referer where it sends them); they are not listed.");
  if (answer.type == "cors")
    w.push_back("Cross-origin answer: the browser shows only the CORS-safelisted headers (Cache-Control, "
                "Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those the server "
                "names in Access-Control-Expose-Headers; others may have come. Set-Cookie is never shown.");
  if (answer.redirected)
    w.push_back("The browser followed redirects to " + answer.url +
                ": fetch() shows a page neither a 3xx's status nor its Location, whatever the Follow redirects setting.");
  for (const auto& [name, value] : answer.headers)
    if (name == "content-encoding" && text::lower(value) != "identity")
      w.push_back("The body was decoded by the browser (Content-Encoding: " + value + "); the encoded bytes are not shown.");
}

}  // namespace wirepad
