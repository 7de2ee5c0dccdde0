// Fuzz target: the bytes an HTTP/2 server sends, after a GET with prior knowledge went out.
// The first byte picks the piece size (1..256) for the split replay.
// Properties: no crash and no hang; the exchange ends (done, or failed with a message); the
// same bytes give the same phase and status whole and in pieces, and the same body when done;
// received frames sit end to end from offset 0; the frame splitter alone finds the same frames
// whole and one byte at a time. Replayed over the corpus by replay_main.cpp in ctest.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "shared/exchange.h"
#include "shared/h2_frame.h"

using namespace wirepad;

namespace {

// Says which property failed before aborting, so a crash input explains itself.
#define check(condition)                                                                   \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "h2_fuzz: %s does not hold (line %d)\n", #condition, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)

ExchangeLog run(std::string_view input, std::size_t piece) {
  ExchangeOptions options;
  options.http_version = HttpVersion::http2_prior_knowledge;
  HttpRequest request;
  request.url = "http://127.0.0.1:8080/fuzz";
  Result<HttpExchange> created = HttpExchange::create(request, options);
  check(created.ok());
  HttpExchange exchange = std::move(created).value();
  double now = 0;
  exchange.start(now);
  exchange.on_resolved("127.0.0.1:8080", now);
  exchange.on_connected(now);
  (void)exchange.take_outgoing();
  for (std::size_t at = 0; at < input.size() && !exchange.finished(); at += piece) {
    exchange.on_data(input.substr(at, piece), now += 0.001);
    (void)exchange.take_outgoing();
  }
  exchange.on_closed(now += 0.001);
  (void)exchange.take_outgoing();
  check(exchange.finished());
  return exchange.take_log();
}

std::vector<H2Frame> split(std::string_view input, std::size_t piece) {
  std::vector<H2Frame> frames;
  H2FrameSplitter splitter(false, false);
  for (std::size_t at = 0; at < input.size(); at += piece) splitter.feed(input.substr(at, piece), 0, frames);
  return frames;
}

bool same_frames(const std::vector<H2Frame>& a, const std::vector<H2Frame>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const H2Frame& x = a[i];
    const H2Frame& y = b[i];
    if (x.sent != y.sent || x.offset != y.offset || x.length != y.length || x.type != y.type || x.flags != y.flags ||
        x.stream != y.stream || x.complete != y.complete || x.summary != y.summary || !(x.fields == y.fields))
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t piece = std::size_t(data[0]) + 1;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  ExchangeLog whole = run(input, input.size() ? input.size() : 1);
  ExchangeLog pieces = run(input, piece);
  check(whole.phase == Phase::done || whole.phase == Phase::failed);
  check(whole.phase != Phase::failed || !whole.error.message.empty());
  check(whole.phase == pieces.phase);
  check(whole.response.status == pieces.response.status);
  // A stream that fails may have delivered part of its body first, and how much depends on how
  // the bytes arrived (nghttp2 checks a content-length overrun per piece of DATA it is given):
  // only a whole answer must be the same whatever the pieces.
  if (whole.phase == Phase::done) check(whole.response.body == pieces.response.body);

  std::size_t at = 0;
  for (const H2Frame& f : whole.http2.frames) {
    if (f.sent) continue;
    check(f.offset == at);
    if (!f.complete) break;  // the last one, cut short: its declared size was never received
    at += f.size();
  }
  check(at <= whole.bytes_received.size());

  check(same_frames(split(input, input.size() ? input.size() : 1), split(input, 1)));
  return 0;
}
