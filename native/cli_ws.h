// native: `wirepad ws`, a WebSocket conversation from flags (RFC 6455, RFC 7692), modelled on
// `wirepad socket`: connect (ws:// or wss://), the opening handshake, the steps in order, the
// closing handshake. Prints every frame both ways with its header fields and payload, and
// each whole message; -v adds the handshake's bytes and each frame's wire bytes in hex.
#pragma once
#include <string>
#include <vector>

#include "shared/ws_session.h"

namespace wirepad::native {

// How the log is printed.
struct WsPrintOptions {
  bool verbose = false;  // the handshake's bytes and every frame's wire bytes in hex
  bool hex = false;      // payloads as hex instead of escaped text
  bool json = false;     // the whole log as JSON (shared/ws_log_json.h) instead of lines
};

// The log as the CLI prints it (one line per event, frame and message, in the order they
// happened). Separate from the runner so tests can print a session driven by hand.
std::string format_ws_log(const WsLog& log, const WsPrintOptions& print);

// Runs the conversation over the POSIX transport, printing as above. Exit: 0 when every step
// passed and the close handshake completed, 1 when a step or the connection failed (the
// reason on stderr, naming the step and the rule), 2 for bad input.
// The conversation without printing: its log once it finished, went idle after its steps, or
// `total_timeout` passed (then cancelled, and `timed_out` set). Errors: what
// WsSession::create refuses (a bad URL, header or step).
Result<WsLog> converse_ws(WsSessionOptions options, std::vector<WsStep> steps, double total_timeout, bool* timed_out = nullptr);

// `timeout_hint` ends the message of a step that timed out (how to wait longer).
int run_ws_session(WsSessionOptions options, std::vector<WsStep> steps, const WsPrintOptions& print,
                   double total_timeout, const std::string& timeout_hint = "; --timeout SECONDS waits longer");

// `wirepad ws URL [options] [--send TEXT | --send-binary DATA | --send-file F | --ping DATA |
// --expect TEXT | --expect-regex RE | --sleep S | --close CODE[:REASON]]...`
int run_ws_command(int argc, char** argv, int first);

}  // namespace wirepad::native
