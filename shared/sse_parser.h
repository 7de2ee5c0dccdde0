// wirepad core: an incremental parser for `text/event-stream` bodies (Server-Sent Events, WHATWG
// HTML "9.2 Server-sent events", §9.2.5 "Parsing an event stream" and §9.2.6 "Interpreting an
// event stream"). Push-style and sans-I/O: feed() takes the body in pieces of any size (a CR at
// the end of one piece and the LF at the start of the next are one line end), with the time
// they arrived, and appends every event that a blank line completes. Nothing is dispatched for
// an event the stream ends in the middle of (the spec discards it); finish() says how many
// bytes that was.
// Depends on: shared/error.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace wirepad {

struct SseEvent {
  std::string type = "message";  // the `event:` field, "message" when the block named none
  std::string data;              // the `data:` lines joined with LF (no trailing LF)
  std::string id;                // the last event ID at dispatch (ids persist across events)
  // A `retry:` line in this event's block (milliseconds); the parser's retry_ms() keeps the
  // latest for the stream.
  std::optional<std::uint64_t> retry_ms;
  std::size_t offset = 0;  // body byte where the event's block starts (its first line)
  std::size_t size = 0;    // bytes of the block, up to and including the dispatching blank line
  double at = 0;           // when the blank line that dispatched it arrived (the caller's clock)
  int connection = 0;      // which connection of a reconnecting stream (0: the first; set by callers)
};

struct SseLimits {
  // One line (field name and value) may be this long; a longer one is an error (the stream is
  // not read further), so an endless line cannot take all memory.
  std::size_t max_line = 1 << 20;
  // The data of one event (its lines joined).
  std::size_t max_event_data = 16 << 20;
};

class SseParser {
 public:
  explicit SseParser(SseLimits limits = {}) : limits_(limits) {}

  // Parses the next piece of the body (received at `now`) and appends the events it completes
  // to `out`. Returns the error, which is sticky: after one, feed() does nothing.
  const Error& feed(std::string_view bytes, double now, std::vector<SseEvent>& out);
  // The body ended. Returns how many bytes of an incomplete event were discarded (the spec
  // dispatches nothing for it), 0 when the stream ended at an event boundary.
  std::size_t finish();

  // A reconnect continues a stream: the id it sent as Last-Event-ID is the last event ID until
  // the server sends another (the buffer is the EventSource's, kept across connections).
  void set_last_event_id(std::string id) { pending_id_ = last_event_id_ = std::move(id); }
  // The "last event ID" buffer as of the last dispatch: what a reconnect sends as Last-Event-ID.
  const std::string& last_event_id() const { return last_event_id_; }
  // The latest valid `retry:` value (digits only), milliseconds; nullopt when none came.
  std::optional<std::uint64_t> retry_ms() const { return retry_ms_; }
  std::size_t bytes_fed() const { return fed_; }
  std::size_t comments() const { return comments_; }            // lines starting with ':'
  std::size_t ignored_lines() const { return ignored_; }        // unknown fields, ids with NUL, bad retry
  std::size_t replaced_bytes() const { return replaced_; }      // ill-formed UTF-8 sequences shown as U+FFFD
  bool bom_skipped() const { return bom_skipped_; }
  const Error& error() const { return error_; }

 private:
  void take(std::string_view bytes, double now, std::vector<SseEvent>& out);
  void line_end(double now, std::vector<SseEvent>& out);
  void process_line(std::string_view line, double now, std::vector<SseEvent>& out);
  void dispatch(double now, std::vector<SseEvent>& out);
  void fail(std::string message);

  SseLimits limits_;
  std::size_t fed_ = 0;         // bytes given to feed() (the BOM included)
  std::size_t pos_ = 0;         // body offset of the next byte taken into a line
  std::size_t bom_matched_ = 0; // leading bytes matched against EF BB BF so far
  bool bom_done_ = false;
  bool bom_skipped_ = false;
  bool skip_lf_ = false;        // the last line ended with CR: an LF right after belongs to it
  std::string line_;            // the current line, not yet ended
  std::size_t line_start_ = 0;  // body offset of the current line
  bool in_block_ = false;       // a non-blank line came since the last blank line
  std::size_t block_start_ = 0;
  std::string data_;            // the data buffer (each line + LF)
  std::string type_;            // the event type buffer
  bool has_data_line_ = false;
  std::optional<std::uint64_t> block_retry_;
  std::string pending_id_;      // the last event ID buffer
  std::string last_event_id_;   // the last event ID string (set at dispatch)
  std::optional<std::uint64_t> retry_ms_;
  std::size_t comments_ = 0;
  std::size_t ignored_ = 0;
  std::size_t replaced_ = 0;
  Error error_;
};

// What an exchange keeps of a text/event-stream response (ExchangeLog::sse), parsed as the body
// arrives: the events so far and the stream's state.
struct SseLog {
  bool active = false;  // the response's Content-Type is text/event-stream
  std::vector<SseEvent> events;
  std::string last_event_id;                // what a reconnect sends as Last-Event-ID
  std::optional<std::uint64_t> retry_ms;   // the server's latest `retry:`
  std::size_t comments = 0;                 // `:` lines (keep-alives)
  std::size_t ignored_lines = 0;            // unknown fields, an id with NUL, a retry that is not digits
  std::size_t replaced = 0;                 // ill-formed UTF-8 sequences shown as U+FFFD
  std::size_t discarded = 0;                // bytes of an unfinished event when the body ended
  bool ended = false;                       // the body ended (or the exchange stopped)
  Error error;  // a limit the stream passed: later events are not parsed (the body still is kept)
};

// Whether a Content-Type value is text/event-stream (parameters and case ignored).
bool is_event_stream_type(std::string_view content_type);

// `bytes` with every byte that is not part of valid UTF-8 replaced by U+FFFD (the event-stream
// is UTF-8 whatever its charset parameter says, §9.2.5); `replaced` counts them.
std::string utf8_with_replacement(std::string_view bytes, std::size_t& replaced);

}  // namespace wirepad
