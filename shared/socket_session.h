// wirepad core: a raw TCP or UDP conversation, step by step: connect, send, expect, sleep,
// close. The same session serves a learner pressing one button per step and a saved script
// replayed by `wirepad run` (an `expect` for sockets). Sans-I/O like HttpExchange: the
// transport's events and the time come in, bytes to send and the transcript come out;
// SocketCall drives it over any Transport.
// Depends on: error.h, transport.h.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "transport.h"

namespace wirepad {

// How the user typed a payload.
enum class PayloadFormat {
  text,     // sent as typed
  escaped,  // \r \n \t \0 \\ \xNN decoded
  hex,      // "48 65 6c 6c 6f" or "48656c6c6f"; spaces, ':' and '-' separate
};
std::string_view to_string(PayloadFormat format);
// The bytes a payload stands for; errors are invalid_request with the character position.
Result<std::string> decode_payload(std::string_view typed, PayloadFormat format);
// Bytes as escaped text that decode_payload(..., escaped) turns back into the same bytes.
std::string escape_payload(std::string_view bytes);

// receive: wait for whatever arrives next (like recv()); shutdown: TCP half-close (FIN, the
// peer reads EOF, we still receive).
enum class StepKind { connect, send, expect, sleep, close, receive, shutdown };
std::string_view to_string(StepKind kind);

// The most a UDP datagram can carry over IPv4: 65,535 - 20 (IP header) - 8 (UDP header).
inline constexpr std::size_t kMaxUdpPayload = 65507;

struct SocketStep {
  StepKind kind = StepKind::send;
  std::string bytes;     // send: what to send; expect: what must arrive (a substring)
  double seconds = 5;    // expect/receive: how long to wait; sleep: how long to sleep
  bool regex = false;    // expect: `bytes` is an ECMAScript regular expression over the bytes
  bool operator==(const SocketStep&) const = default;
};

// One step's outcome for the timeline: when it began and ended (seconds from the session's
// start) and, when it failed, why.
struct StepRecord {
  StepKind kind = StepKind::send;
  std::string label;   // "3. expect \"hello\" within 5 s"
  double started = 0;
  double ended = -1;   // -1 while it runs
  bool ok = false;
  std::string error;   // the failure's sentence
};

struct TranscriptEntry {
  enum class Kind { step, sent, received, event, error };
  Kind kind = Kind::event;
  double at = 0;      // seconds from the session's start
  std::string bytes;  // sent/received: the bytes exactly
  std::string text;   // step/event/error: a sentence
};

enum class SocketState { idle, connecting, open, closed, failed };
std::string_view to_string(SocketState state);

struct SocketLog {
  Endpoint endpoint;
  SocketState state = SocketState::idle;
  std::string remote_address;
  std::vector<TranscriptEntry> transcript;
  std::size_t bytes_sent = 0;
  std::size_t bytes_received = 0;
  std::size_t datagrams_received = 0;  // UDP: one per on_data
  double connect_seconds = -1;         // from start to connected
  std::size_t steps_done = 0;          // of the queued steps
  std::size_t steps_queued = 0;
  std::vector<StepRecord> steps;       // the timeline: one record per step begun
  std::vector<SocketStep> script;      // every step queued, in order: saved as a script
  bool peer_finished = false;          // TCP: the peer sent FIN (it may still read)
  bool write_shut = false;             // TCP: we sent FIN (shutdown step)
  // Set when a step failed (an expect that timed out, a send on a closed socket) or the
  // connection failed; says which step and why. The transcript is kept either way.
  Error error;
  bool finished() const { return state == SocketState::closed || state == SocketState::failed; }
  bool idle_between_steps() const { return steps_done == steps_queued; }
  // Opened with Endpoint::hold_before_connect (the "Create" button): the socket is made at
  // start and connect() waits for the connect step. True until that step begins.
  bool held = false;
};

class SocketSession {
 public:
  // `endpoint.protocol` picks TCP or UDP; TLS is not offered for raw sessions yet.
  static Result<SocketSession> create(const Endpoint& endpoint, std::vector<SocketStep> script = {});
  // A script must start with connect, connect once, and do nothing after close.
  static Error validate(const std::vector<SocketStep>& script);

  void start(double now);
  // Appends a step (a button press in the UI); it runs once the steps before it are done.
  // Errors: invalid_request when the step cannot follow what was queued.
  Error queue(SocketStep step, double now);

  // What the driver must do now.
  bool wants_open() const { return want_open_ && !opened_; }
  bool wants_close() const { return want_close_; }
  bool wants_shutdown() const { return want_shutdown_; }
  // A held socket's connect step began: the driver calls Connection::proceed().
  bool wants_proceed() const { return want_proceed_; }
  void mark_proceeded() { want_proceed_ = false; }
  void mark_shutdown(bool supported, double now);
  std::string take_outgoing();  // everything to send, joined (TCP is one stream)
  // The same, one string per send step: for UDP each is one datagram.
  std::vector<std::string> take_messages();
  double next_deadline() const;  // absolute; negative = none

  // Transport events.
  void on_resolved(const std::string& address, double now);
  void on_socket_created(const std::string& call, double now);
  void on_connected(double now);
  void on_data(std::string_view bytes, double now);
  void on_closed(double now);
  void on_error(const Error& error, double now);
  void on_tick(double now);
  void cancel(double now);
  void mark_opened() { opened_ = true; }
  void mark_closed() { want_close_ = false; }

  const SocketLog& log() const { return log_; }

 private:
  SocketSession() = default;
  double rel(double now) const { return now - started_; }
  void note(TranscriptEntry::Kind kind, double now, std::string text, std::string bytes = {});
  void fail(Error error, double now);
  void end_step(std::size_t index, double now);
  void run_steps(double now);  // advances through steps that can complete now
  std::string step_label(std::size_t index) const;

  std::vector<SocketStep> steps_;
  SocketLog log_;
  std::vector<std::string> outgoing_;  // one per send step
  std::string unmatched_;  // received since the last expect matched: what the next expect sees
  double started_ = 0;
  double step_started_ = 0;  // when the current step began (expect/sleep deadlines)
  bool step_running_ = false;
  bool want_open_ = false;
  bool opened_ = false;
  bool want_close_ = false;
  bool want_shutdown_ = false;
  bool want_proceed_ = false;
  bool connected_ = false;
  std::size_t received_at_step_start_ = 0;  // receive: bytes_received when it began
  bool peer_closed_ = false;
};

// Drives a SocketSession over a Transport. Not thread-safe: native front ends call it under
// the transport's events lock, like HttpCall.
class SocketCall : private ConnectionEvents {
 public:
  SocketCall(Transport& transport, SocketSession session);
  ~SocketCall() override;
  void start();
  Error queue(SocketStep step);
  void cancel();  // closes now; the transcript says so
  const SocketLog& log() const { return session_.log(); }
  bool finished() const { return session_.log().finished(); }

 private:
  void on_resolved(const std::string& address, double now) override;
  void on_socket_created(const std::string& call, double now) override;
  void on_connected(double now) override;
  void on_secured(const TlsFacts&, double) override {}
  void on_data(std::string_view bytes, double now) override;
  void on_closed(double now) override;
  void on_error(const Error& error, double now) override;
  double next_deadline() const override;
  void on_tick(double now) override;
  void pump();

  Transport& transport_;
  SocketSession session_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace wirepad
