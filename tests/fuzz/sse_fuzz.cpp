// Fuzz target: the text/event-stream parser (shared/sse_parser.h).
// The first byte picks the piece size (1..256) for the split replay and small limits (bit 7:
// max_line 64, max_event_data 256) so the limit errors are reached too.
// Properties: the same bytes give the same events, last event ID, retry, discarded count and
// error whole, in pieces and one byte at a time; every event's [offset, offset+size) lies inside
// the input and starts after the previous one; data is valid UTF-8; an error has an offset in
// the input. Replayed over the corpus by replay_main.cpp in ctest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "shared/sse_parser.h"
#include "shared/ws_utf8.h"

using namespace wirepad;

namespace {

struct Outcome {
  std::vector<SseEvent> events;
  std::string last_id;
  std::optional<std::uint64_t> retry;
  std::size_t discarded = 0;
  Error error;
};

Outcome parse(std::string_view input, std::size_t piece, const SseLimits& limits) {
  SseParser parser(limits);
  Outcome out;
  double now = 0;
  for (std::size_t at = 0; at < input.size(); at += piece) parser.feed(input.substr(at, piece), now += 1, out.events);
  out.discarded = parser.finish();
  out.last_id = parser.last_event_id();
  out.retry = parser.retry_ms();
  out.error = parser.error();
  return out;
}

void same(const Outcome& a, const Outcome& b) {
  if (a.events.size() != b.events.size() || a.last_id != b.last_id || a.retry != b.retry ||
      a.error.code != b.error.code || a.error.offset != b.error.offset || a.error.message != b.error.message)
    std::abort();
  if (!a.error && a.discarded != b.discarded) std::abort();
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const SseEvent& x = a.events[i];
    const SseEvent& y = b.events[i];
    if (x.type != y.type || x.data != y.data || x.id != y.id || x.retry_ms != y.retry_ms || x.offset != y.offset)
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int mode = data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  SseLimits limits;
  if (mode & 0x80) {
    limits.max_line = 64;
    limits.max_event_data = 256;
  }
  Outcome whole = parse(input, input.size() + 1, limits);
  same(whole, parse(input, std::size_t(1 + (mode & 0x7F) * 2), limits));
  same(whole, parse(input, 1, limits));
  std::size_t previous_end = 0;
  for (const SseEvent& e : whole.events) {
    if (e.offset < previous_end || e.offset + e.size > input.size() || e.size == 0) std::abort();
    previous_end = e.offset + e.size;
    if (find_invalid_utf8(e.data) != std::string_view::npos || find_invalid_utf8(e.type) != std::string_view::npos ||
        find_invalid_utf8(e.id) != std::string_view::npos)
      std::abort();
    if (e.id.find('\0') != std::string::npos) std::abort();
  }
  if (whole.error && (whole.error.offset < 0 || std::size_t(whole.error.offset) > input.size())) std::abort();
  return 0;
}
