// native: the socket subcommands of the CLI: `wirepad socket` (a script from flags) and
// socket experiments run by `wirepad run`.
#pragma once
#include <string>

#include "shared/experiment.h"

namespace wirepad::native {

// Runs the script, printing the transcript (sent/received bytes escaped, steps, events) on
// stdout, or the session as JSON with `json`. Exit: 0 when every step passed, 1 when a step
// or the connection failed (the reason on stderr, naming the step), 2 for bad input.
// `wait_hint` ends the message of a step that waited in vain: how to wait longer, in the
// words of the command that started it (a flag, a key in a file).
int run_socket_script(const SocketScript& script, const ExchangeOptions& options, bool json,
                      const std::string& wait_hint = {});

// The same conversation without printing: its log once every step ran (or one failed, or the
// total timeout passed). Errors: a script that cannot run (SocketSession::create's).
Result<SocketLog> converse_socket(const SocketScript& script, const ExchangeOptions& options);

// `wirepad socket [--udp] [--hex] [--timeout S] [--json] HOST PORT [--send DATA | --expect DATA |
// --sleep S]...`: connect, the steps in order, close. DATA uses escapes (\r \n \xNN), or hex
// with --hex.
int run_socket_command(int argc, char** argv, int first);

// `wirepad udp-send [--broadcast] [--ttl N] [--no-loopback] [--interface IF] [--hex] HOST PORT DATA`
int run_udp_send_command(int argc, char** argv, int first);
// `wirepad listen [--udp] [--bind ADDR] [--group G] [--interface IF] [--reply DATA] [--count N]
// [--timeout S] [--hex] PORT`: prints each datagram / connection's bytes with the sender.
int run_listen_command(int argc, char** argv, int first);

}  // namespace wirepad::native
