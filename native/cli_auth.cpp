// native: cli_auth.h.
#include "native/cli_auth.h"

#include <csignal>
#include <ctime>
#include <iostream>
#include <random>

#include "native/blocking_client.h"
#include "native/oauth_loopback.h"
#include "native/posix_transport.h"
#include "shared/auth_flow.h"

namespace wirepad::native {
namespace {

volatile bool g_cancel = false;
void on_sigint(int) { g_cancel = true; }


void print_head_lines(const std::string& bytes, const char* prefix) {
  std::size_t end = bytes.find("\r\n\r\n");
  std::string head = bytes.substr(0, end);
  for (std::size_t at = 0; at <= head.size();) {
    std::size_t nl = head.find("\r\n", at);
    if (nl == std::string::npos) nl = head.size();
    std::cerr << prefix << head.substr(at, nl - at) << "\n";
    at = nl + 2;
  }
}

// The token request is not the user's request: it goes to stderr with -v, its head as sent
// (as curl -v shows a request), and of the answer what it granted, never the token itself.
Result<ExchangeLog> perform_token_request(const AuthStep& step, const ExchangeOptions& options, const HttpPrintOptions& print) {
  ExchangeOptions token_options = options;
  token_options.follow_redirects = false;  // a token endpoint that redirects is misconfigured: say so
  auto exchange = HttpExchange::create(step.request, token_options);
  if (!exchange) return make_error(exchange.error().code, "OAuth 2.0: the token URL: " + exchange.error().message);
  if (print.verbose) std::cerr << "* " << step.label << "\n";
  ExchangeLog log = perform_blocking(std::move(exchange).value(), &g_cancel);
  if (print.verbose) {
    print_head_lines(log.bytes_sent, "> ");
    if (log.has_response_head)
      std::cerr << "< " << http_version_text(log.response) << " " << log.response.status
                << (log.response.reason.empty() ? "" : " " + log.response.reason) << "\n";
  }
  if (log.phase != Phase::done)
    return make_error(log.error.code, "OAuth 2.0: the token request to " + step.request.url + " failed: " + log.error.message);
  return log;
}

std::string describe(const OAuth2Token& t) {
  std::string out = "token type " + t.token_type;
  if (t.expires_in) out += ", expires in " + std::to_string(*t.expires_in) + " s";
  if (!t.scope.empty()) out += ", scope \"" + t.scope + "\"";
  out += t.refresh_token.empty() ? ", no refresh token" : ", with a refresh token";
  return out;
}

int stop(const Error& e) {
  std::cerr << "wirepad: " << to_string(e.code) << ": " << e.message << "\n";
  return e.code == ErrorCode::invalid_request ? 2 : 1;
}

}  // namespace

std::string random_hex(int bytes) {
  std::random_device device;
  std::string out;
  for (int i = 0; i < bytes; ++i) out += "0123456789abcdef"[device() & 15], out += "0123456789abcdef"[device() & 15];
  return out;
}

int perform_with_auth(const ResolvedRequest& resolved, const ExchangeOptions& options, const HttpPrintOptions& print,
                      const CliAuthOptions& cli) {
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  AuthFlowInputs inputs;
  inputs.unix_time = now;
  inputs.cnonce = random_hex(16);
  inputs.code_verifier = random_hex(32);  // 64 characters of [0-9a-f]: within RFC 7636 §4.1's 43..128
  inputs.state = random_hex(16);
  inputs.first_request_whole = cli.first_request_whole;
  std::optional<OAuth2TokenVariables> token_names;
  if (resolved.auth.kind == AuthKind::oauth2) {
    token_names = cli.token_names ? *cli.token_names : oauth2_token_variables(resolved.auth.oauth2);
    inputs.refresh_token = stored_oauth2_token(cli.environment, *token_names).refresh_token;
  }
  // The authorization code grant: a loopback redirect URI (RFC 8252 §7.3), on the port the
  // settings' redirect URI names when it is a loopback one, else an ephemeral one.
  OAuthLoopback loopback;
  const OAuth2Auth& oauth = resolved.auth.oauth2;
  const bool needs_browser = resolved.pending == PendingAuth::oauth2_token && oauth.grant == OAuth2Grant::authorization_code;
  if (needs_browser) {
    std::uint16_t port = 0;
    std::string path = "/callback";
    if (Result<Url> u = parse_url(oauth.redirect_uri); u && u->scheme == "http" && (u->host == "127.0.0.1" || u->host == "localhost")) {
      if (u->explicit_port) port = u->port;
      path = u->target.substr(0, u->target.find('?'));
    } else if (!oauth.redirect_uri.empty()) {
      std::cerr << "wirepad: note: the redirect URI " << oauth.redirect_uri
                << " is not a loopback one; the command line listens on 127.0.0.1 instead (RFC 8252 §7.3)\n";
    }
    if (Error e = loopback.listen(port, path)) return stop(e);
    inputs.redirect_uri = loopback.redirect_uri();
  }

  AuthFlow flow(resolved, inputs);
  g_cancel = false;
  auto previous = std::signal(SIGINT, on_sigint);
  struct Restore {
    decltype(previous) handler;
    ~Restore() { std::signal(SIGINT, handler); }
  } restore{previous};

  std::size_t notes_shown = 0;
  auto show_notes = [&] {
    for (; notes_shown < flow.notes().size(); ++notes_shown) std::cerr << "wirepad: note: " << flow.notes()[notes_shown] << "\n";
  };
  AuthStep step = flow.start();
  for (;;) {
    show_notes();
    switch (step.kind) {
      case AuthStep::Kind::done: return 0;
      case AuthStep::Kind::failed: return stop(step.error);
      case AuthStep::Kind::authorize: {
        std::cerr << "wirepad: " << step.label << ": open this URL (waiting for the redirect to " << inputs.redirect_uri
                  << ", Ctrl+C cancels):\n"
                  << step.authorization_url << "\n";
        std::cerr.flush();
        if (open_in_browser(step.authorization_url)) std::cerr << "wirepad: opened it in the browser\n";
        Result<std::string> redirect = loopback.wait(cli.authorize_timeout_ms, &g_cancel);
        if (!redirect) return stop(redirect.error());
        step = flow.after_redirect(redirect.value());
        continue;
      }
      case AuthStep::Kind::send: break;
    }
    if (step.round == AuthRound::token) {
      Result<ExchangeLog> log = perform_token_request(step, options, print);
      if (!log) return stop(log.error());
      step = flow.after_response(log.value());
      if (const auto& token = flow.fetched_token(); token && step.kind == AuthStep::Kind::send) {
        if (print.verbose) std::cerr << "* OAuth 2.0: " << describe(*token) << "\n";
        if (cli.environment && token_names) {
          store_oauth2_token(*cli.environment, *token_names, *token, now);
          if (print.verbose) std::cerr << "* kept as the secret variable {{" << token_names->access_token << "}}\n";
        }
      }
      continue;
    }
    HttpPrintOptions this_print = print;
    ExchangeOptions this_options = options;
    if (step.round == AuthRound::digest_probe) {
      this_print.head_only_status = 401;  // the 401 it answers: its head only, as curl -i --digest
      this_options.follow_redirects = false;
      if (print.verbose) std::cerr << "* " << step.label << "\n";
    } else if (print.verbose && step.label != "the request") {
      std::cerr << "* " << step.label << "\n";
    }
    ExchangeLog last;
    int status = perform_and_print(step.request, this_options, this_print, nullptr, nullptr, &last);
    if (status != 0 || !last.has_response_head) return status;
    step = flow.after_response(last);
  }
}

}  // namespace wirepad::native
