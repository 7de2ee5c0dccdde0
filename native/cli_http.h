// native: the HTTP subcommands of the CLI (send, run).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "shared/cookie_jar.h"
#include "shared/exchange.h"
#include "shared/request_resolve.h"

namespace wirepad::native {

struct HttpPrintOptions {
  bool verbose = false;  // -v: bytes sent, timeline, timings on stderr
  bool json = false;     // --json: the exchange as JSON on stdout (with -L: one line per hop)
  std::string cookie_jar_in;   // -b FILE: load this JSON cookie jar first (missing = empty)
  std::string cookie_jar_out;  // -c FILE: save the jar there afterwards
  bool decoded = false;  // --compressed: the body with its Content-Encoding undone (headers as received)
  // -o FILE: the body goes to FILE as it arrives and is not kept in memory ("-" stdout, as
  // curl -o); the status line and headers still go to stdout.
  std::string output;
  // `wirepad run FILE`: the file whose options set the limits (errors say where to raise
  // them); empty for `send`, whose flags do.
  std::string experiment_file;
  // A response with this status is one Wirepad answers itself (a Digest 401 challenge,
  // native/cli_auth.cpp): its head only, as curl -i --digest shows it. 0: none.
  int head_only_status = 0;
  // --sse: a text/event-stream body is printed event by event as it arrives (native/cli_sse.h);
  // Ctrl-C and --max-time end it with status 0. --sse-reconnect N: reconnects after the
  // server closes (Last-Event-ID, the server's retry:), at most N times.
  bool sse = false;
  int sse_reconnect = 0;
  int sse_connection = 0;  // which connection of a reconnecting stream is being printed
};

class BlockingHttpClient;
struct CliAuthOptions;  // cli_auth.h

// Exit status: 0 for any HTTP response, 1 for a network or protocol failure, 2 for bad input.
// With `client`, the exchange may reuse a connection an earlier one left open (keep-alive).
// With `jar`, the exchange uses and fills that jar and -b/-c are the caller's to load and
// save (several URLs on one command line share one jar, as with curl); without, it loads -b
// and saves -c itself.
// With `last`, the last hop's log is copied there (the auth round trips read its status).
int perform_and_print(const HttpRequest& request, const ExchangeOptions& options, const HttpPrintOptions& print,
                      BlockingHttpClient* client = nullptr, CookieJar* jar = nullptr, ExchangeLog* last = nullptr);
// Several requests to one origin as streams of one HTTP/2 connection (shared/h2_batch.h),
// each printed as perform_and_print prints it, in order; -v adds the connection's frames once.
// Returns nullopt, having sent nothing, when the server did not choose h2 in ALPN (the caller
// sends them one by one instead).
std::optional<int> perform_h2_batch_and_print(const std::vector<HttpRequest>& requests, const ExchangeOptions& options,
                                              const HttpPrintOptions& print);
// -b FILE as a jar (a missing file is an empty jar); nullopt after printing why it is not one.
std::optional<CookieJar> load_cookie_jar(const HttpPrintOptions& print);
// -c FILE; 1 after printing why it could not be written.
int save_cookie_jar(const CookieJar& jar, const HttpPrintOptions& print);
// `environment`: `wirepad run --env NAME` (with `workspace`, --workspace DIR; empty: the
// workspace above the file): its {{variables}} are filled in, and an OAuth 2.0 token fetched or
// refreshed is written back to it as secrets (cli_run_env.h). Empty: no environment, a
// {{variable}} is an error naming it.
int run_experiment_file(const std::string& path, const HttpPrintOptions& print, const std::string& environment = "",
                        const std::string& workspace = "");

// A request out of the send-time pipeline (shared/request_resolve.h), sent and printed: its
// notes on stderr, then what its auth still needs (a Digest challenge answered, a token or a
// signature), then perform_and_print. `send` and `run` both end here. Errors name
// print.experiment_file when there is one.
// `auth`: where an OAuth 2.0 token is kept (null: for this run only).
int send_resolved_request(const ResolvedRequest& resolved, const ExchangeOptions& options, const HttpPrintOptions& print,
                          BlockingHttpClient* client = nullptr, CookieJar* jar = nullptr, const CliAuthOptions* auth = nullptr);

}  // namespace wirepad::native
