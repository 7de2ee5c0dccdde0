// wirepad core: a WebSocket client conversation, step by step (RFC 6455): connect, the
// opening handshake, then the script's steps (send text or binary, ping, expect a message
// by substring or regex, sleep, close with a code and reason), the automatic pong, and the
// closing handshake in either direction. Sans-I/O like SocketSession: the transport's events
// and the time come in; bytes to send and the log (handshake bytes, every frame, every
// message, the steps' timeline, the first failure with its step) come out. WsCall drives it
// over any Transport, the same one HTTP exchanges and the socket lab use.
// Depends on: error.h, transport.h, url.h, socket_session.h (TranscriptEntry, StepRecord),
// response_parser.h, ws_handshake.h, ws_reader.h, ws_writer.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "response_parser.h"
#include "socket_session.h"
#include "transport.h"
#include "url.h"
#include "ws_handshake.h"
#include "ws_reader.h"
#include "ws_writer.h"

namespace wirepad {

enum class WsStepKind { send_text, send_binary, ping, expect, sleep, close };
std::string_view to_string(WsStepKind kind);

struct WsStep {
  WsStepKind kind = WsStepKind::send_text;
  std::string data;    // send/ping: the payload; expect: substring or pattern; close: the reason
  bool regex = false;  // expect: `data` is an ECMAScript regular expression over a message
  double seconds = 5;  // expect: how long to wait; sleep: how long; close: wait for the server's close
  std::uint16_t code = 1000;  // close: the code sent (0 = a close frame without a code)
  bool operator==(const WsStep&) const = default;
};

// Whether a step can be sent as written (a ping payload or close reason that fits, a close code
// that may be sent, a text message that is UTF-8, a regex that compiles); `number` names it
// in the message ("step 3 (ping): ..."). Errors: invalid_request.
Error check_ws_step(const WsStep& step, std::size_t number);

struct WsSessionOptions {
  std::string url;  // ws://... or wss://...
  WsHandshakeOptions handshake;
  double connect_timeout = 10;    // name lookup + connect + TLS
  double handshake_timeout = 10;  // from connected (or secured) to the 101
  bool verify_tls = true;
  std::string ca_file;
  AddressFamily family = AddressFamily::any;
  std::size_t max_message = 64u << 20;  // received, after inflating
  std::size_t fragment = 0;             // send messages in frames of at most this many bytes (0 = one frame)
  std::size_t max_logged_frames = 100000;  // frames kept in the log; the rest are counted
  // ... and the bytes they may hold (each kept frame's payload and wire bytes, up to 64 KiB
  // each): the first frames are kept until either limit, the rest counted. Without it a 1 GiB
  // stream of 64 KiB messages kept 4 GiB of frames (docs/benchmarks.md, WebSocket).
  std::size_t max_logged_frame_bytes = 64u << 20;
  // Messages' bytes the log keeps, the first ones (both directions; `wirepad ws
  // --max-logged-bytes`). A later message keeps its time, kind and size, and its bytes go once
  // no expect step can look at them any more (a sent one at once; a received one when an
  // expect has passed it, or when no expect is left). WsLog::messages_not_kept counts them.
  // Without it a 1 GiB stream held 2 GiB (docs/benchmarks.md, WebSocket).
  std::size_t max_logged_message_bytes = 256u << 20;
};

enum class WsDirection { sent, received };

struct WsFrameRecord {
  WsDirection direction = WsDirection::received;
  double at = 0;  // seconds from the session's start
  WsFrame frame;  // payload kept up to max_raw_bytes (the raw bytes say the rest was there)
};

struct WsMessageRecord {
  WsDirection direction = WsDirection::received;
  double at = 0;
  WsOpcode opcode = WsOpcode::text;  // text or binary
  std::string data;                  // uncompressed
  bool compressed = false;
  std::size_t frames = 1;
  std::uint64_t wire_bytes = 0;  // payload bytes on the wire (compressed size when compressed)
  // Over WsSessionOptions::max_logged_message_bytes: the message's length, its bytes not kept
  // (`data` is empty). 0 when they are kept.
  std::uint64_t bytes_not_kept = 0;
  std::uint64_t size() const { return data.size() + bytes_not_kept; }
  bool kept() const { return bytes_not_kept == 0; }
};

// One line of the conversation in the order it happened: which list, which entry.
struct WsTimelineItem {
  // handshake_request / handshake_response: WsLog::handshake_request / handshake_response
  // were written / came complete (or as far as they came, before a failure); index 0.
  enum class Kind : std::uint8_t { event, message, frame, handshake_request, handshake_response };
  Kind kind = Kind::event;
  std::size_t index = 0;  // into WsLog::events, messages or frames
};

enum class WsState { idle, connecting, handshaking, open, closing, closed, failed };
std::string_view to_string(WsState state);

struct WsLog {
  Url url;
  Endpoint endpoint;
  WsState state = WsState::idle;
  std::string remote_address;
  bool secured = false;
  TlsFacts tls;
  std::string handshake_request;   // as written
  std::string handshake_response;  // the response head as received (and a non-101's body)
  int status = 0;
  WsAgreement agreement;
  std::vector<WsFrameRecord> frames;
  std::size_t frames_not_kept = 0;  // over max_logged_frames
  std::vector<WsMessageRecord> messages;
  // Messages whose bytes were not kept (WsSessionOptions::max_logged_message_bytes), and how many bytes.
  std::size_t messages_not_kept = 0;
  std::uint64_t message_bytes_not_kept = 0;
  std::vector<TranscriptEntry> events;  // connected, ping/pong, close, errors: sentences with times
  std::vector<StepRecord> steps;        // step 1 is "connect and handshake"
  std::vector<WsTimelineItem> timeline;  // events, messages and frames interleaved as they happened
  bool close_sent = false, close_received = false;
  std::uint16_t close_sent_code = 0, close_received_code = 0;  // 0 = no code in the frame (1005)
  std::string close_sent_reason, close_received_reason;
  std::uint64_t bytes_sent = 0, bytes_received = 0;
  // The first failure: what (error.code, with the WsErrorKind name first in its message for
  // protocol errors), which kind, and which step (1-based; 0 when none).
  Error error;
  WsErrorKind error_kind = WsErrorKind::none;
  std::size_t failed_step = 0;
  std::size_t steps_done = 0;  // of steps.size() + 1 (the handshake)
  bool finished() const { return state == WsState::closed || state == WsState::failed; }
};

class WsSession {
 public:
  // Errors: invalid_url / unsupported_scheme for the URL, invalid_request for a header, a
  // subprotocol, a regex or a control payload over 125 bytes, naming the step.
  static Result<WsSession> create(WsSessionOptions options, std::vector<WsStep> steps, WsRandom random);

  void start(double now);
  // Appends a step (a button in a UI); runs once the steps before it are done.
  Error queue(WsStep step, double now);

  bool wants_open() const { return want_open_ && !opened_; }
  void mark_opened() { opened_ = true; }
  std::string take_outgoing();
  bool wants_close() const { return want_close_; }
  void mark_closed() { want_close_ = false; }
  double next_deadline() const;
  // Every queued step has run and the connection is still open (a UI waits here; the CLI
  // always ends its script with close).
  bool idle() const;

  void on_resolved(const std::string& address, double now);
  void on_connected(double now);
  void on_secured(const TlsFacts& facts, double now);
  void on_data(std::string_view bytes, double now);
  void on_closed(double now);
  void on_error(const Error& error, double now);
  void on_tick(double now);
  void cancel(double now);

  const WsLog& log() const { return log_; }
  // The log moved out, when the conversation is over (a 1 GiB stream's copy took seconds).
  WsLog take_log() { return std::move(log_); }

 private:
  WsSession() = default;
  double rel(double now) const { return now - started_; }
  void note(TranscriptEntry::Kind kind, double now, std::string text);
  void fail(Error error, WsErrorKind kind, double now);
  void fail_protocol(const WsError& error, double now);
  void send_handshake(double now);
  void handshake_data(std::string_view bytes, double now);
  void finish_handshake(double now);
  void frames_data(std::string_view bytes, double now);
  void on_peer_close(std::uint16_t code, const std::string& reason, double now);
  void send_bytes(std::string bytes);
  // Trims a frame's payload to its kept wire bytes and says whether the log still has room
  // for it (max_logged_frames, max_logged_frame_bytes); counts it in frames_not_kept if not.
  bool keep_frame(WsFrame& frame);
  // Whether the log may keep another frame: when not, no record is made at all (a 64 KiB
  // frame's record was two copies of it, thrown away).
  bool frames_room() const;
  void record_sent(std::vector<WsFrame>& frames, double now);
  // Records frames[next, end) and moves `next` past them.
  void record_received(std::vector<WsFrame>& frames, std::size_t& next, std::size_t end, double now);
  void begin_step(double now);
  void end_step(double now);
  void run_steps(double now);  // run_steps_now, then release_unneeded
  void run_steps_now(double now);
  // Appends a message to the log, counting its bytes against max_logged_message_bytes.
  void add_message(WsMessageRecord message);
  // Lets go of the bytes of messages over the limit that no expect step can look at any more.
  void release_unneeded();
  std::string step_label(std::size_t index) const;  // index into steps_

  WsSessionOptions options_;
  std::vector<WsStep> steps_;
  WsRandom random_;
  WsLog log_;
  std::optional<WsReader> reader_;
  std::optional<WsWriter> writer_;
  ResponseParser head_parser_;
  std::string key_;
  std::string outgoing_;
  double started_ = 0;
  double deadline_ = -1;       // the running wait's (handshake, expect, sleep, close)
  double step_started_ = 0;
  std::size_t next_step_ = 0;  // into steps_
  bool step_running_ = false;
  std::size_t unmatched_ = 0;  // into log_.messages: what the next expect looks at
  std::size_t logged_frame_bytes_ = 0;  // held by log_.frames (keep_frame)
  std::uint64_t logged_message_bytes_ = 0;   // counted against max_logged_message_bytes
  std::size_t first_over_ = std::size_t(-1);  // the first message over it (all later are too)
  std::size_t release_from_ = 0;              // messages before it were looked at by release_unneeded
  std::size_t expects_left_ = 0;              // expect steps not yet begun
  // frames_data's lists, kept between calls so each read does not allocate them again.
  std::vector<WsFrame> in_frames_;
  std::vector<WsIncoming> in_events_;
  bool want_open_ = false, opened_ = false, want_close_ = false;
};

// Drives a WsSession over a Transport. Not thread-safe: native front ends call it under the
// transport's events lock, like SocketCall.
class WsCall : private ConnectionEvents {
 public:
  WsCall(Transport& transport, WsSession session);
  ~WsCall() override;
  void start();
  Error queue(WsStep step);
  void cancel();
  const WsLog& log() const { return session_.log(); }
  WsLog take_log() { return session_.take_log(); }  // at the end: the session is spent
  bool finished() const { return session_.log().finished(); }
  bool idle() const { return session_.idle(); }

 private:
  void on_resolved(const std::string& address, double now) override;
  void on_connected(double now) override;
  void on_secured(const TlsFacts& facts, double now) override;
  void on_data(std::string_view bytes, double now) override;
  void on_closed(double now) override;
  void on_error(const Error& error, double now) override;
  double next_deadline() const override;
  void on_tick(double now) override;
  void pump();

  Transport& transport_;
  WsSession session_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace wirepad
