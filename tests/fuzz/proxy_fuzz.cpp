// Fuzz target: the proxy decision and the proxy's answer to CONNECT (shared/proxy_choice.h,
// shared/proxy_hop.h). The first byte picks the target URL and which input the rest is: a
// no_proxy list, a proxy URL (as -x and as http_proxy), or a CONNECT answer. Properties: the
// wildcard "*" always matches; a chosen proxy has a host and a port and a url() that parses;
// an answer read as established has a 2xx status and a head within the input, one read as
// failed has a sentence; no prefix of an established answer is read as established earlier.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/proxy_choice.h"
#include "shared/proxy_hop.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* urls[] = {"http://www.example.com/a", "https://example.com/", "http://127.0.0.1:8080/",
                               "https://[::1]/"};
  Url url = parse_url(urls[data[0] % 4]).value();
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch ((data[0] >> 2) % 3) {
    case 0: {
      if (!no_proxy_matches(url.host, "*")) std::abort();
      (void)no_proxy_matches(url.host, text);
      ProxySettings s;
      s.proxy = "127.0.0.1:3128";
      Result<ProxyChoice> c = choose_proxy(url, s, {{"no_proxy", text}});
      if (!c) std::abort();
      break;
    }
    case 1: {
      ProxySettings s;
      s.proxy = text;
      for (const Result<ProxyChoice>& c : {choose_proxy(url, s, {}), choose_proxy(url, {}, {{"all_proxy", text}})}) {
        if (!c) {
          if (c.error().message.empty()) std::abort();
          continue;
        }
        if (c->direct) continue;
        if (c->host.empty() || c->port == 0 || !parse_url(c->url())) std::abort();
        if (c->tunnel != url.is_tls()) std::abort();
      }
      break;
    }
    default: {
      ConnectReply r = read_connect_reply(text, "127.0.0.1:3128", "example.com:443");
      if (r.state == ConnectReply::State::established) {
        if (r.status < 200 || r.status > 299 || r.head_size == 0 || r.head_size > text.size()) std::abort();
        ConnectReply earlier = read_connect_reply(text.substr(0, r.head_size - 1), "p", "o");
        if (earlier.state == ConnectReply::State::established) std::abort();
      } else if (r.state == ConnectReply::State::failed && r.error.message.empty()) {
        std::abort();
      }
      break;
    }
  }
  return 0;
}
