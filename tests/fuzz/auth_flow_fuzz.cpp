// Fuzz target: the send-time auth round trips (shared/auth_flow.h) fed what a server sends.
// The first byte picks the flow (even: Digest, odd: OAuth 2.0 client credentials); the rest,
// split at the first NUL, is a 401's WWW-Authenticate field lines ('\n'-separated) and the
// token endpoint's body. Properties: every step is send, done or failed with a sentence;
// every header value of a request to send is free of CR, LF and NUL (what a server sends
// never splits the next request); a Digest answer carries the original body.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "shared/auth_flow.h"

using namespace wirepad;

namespace {

void check(const AuthStep& step) {
  if (step.kind == AuthStep::Kind::failed && step.error.message.empty()) std::abort();
  if (step.kind != AuthStep::Kind::send) return;
  for (const Header& h : step.request.headers)
    for (char c : h.value)
      if (c == '\r' || c == '\n' || c == '\0') std::abort();
}

ExchangeLog response(int status, const std::vector<std::string>& challenges, const std::string& body) {
  ExchangeLog log;
  log.phase = Phase::done;
  log.has_response_head = true;
  log.response.status = status;
  for (const std::string& c : challenges) log.response.headers.add("WWW-Authenticate", c);
  log.response.body = body;
  return log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool digest = (data[0] & 1) == 0;
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t nul = rest.find('\0');
  std::string fields = rest.substr(0, nul), body = nul == std::string::npos ? std::string() : rest.substr(nul + 1);
  std::vector<std::string> lines;
  for (std::size_t at = 0;;) {
    std::size_t nl = fields.find('\n', at);
    lines.push_back(fields.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  RequestSpec spec;
  spec.method = "POST";
  spec.url = "http://127.0.0.1:8080/p?q=1";
  spec.body = "payload";
  if (digest) {
    spec.auth.kind = AuthKind::digest;
    spec.auth.digest = {"user", "pass"};
  } else {
    spec.auth.kind = AuthKind::oauth2;
    spec.auth.oauth2.token_url = "http://127.0.0.1:8080/token";
    spec.auth.oauth2.client_id = "app";
  }
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, {});
  if (!resolved) std::abort();
  AuthFlowInputs inputs;
  inputs.unix_time = 1700000000;
  inputs.cnonce = "0a4f113b";
  AuthFlow flow(resolved.value(), inputs);
  AuthStep step = flow.start();
  check(step);
  if (step.kind != AuthStep::Kind::send) std::abort();
  // Up to three answers: the first as given, then the same again (a refusal or a stale nonce).
  for (int round = 0; round < 3 && step.kind == AuthStep::Kind::send; ++round) {
    const int status = digest ? 401 : (round == 0 ? 200 : 401);
    step = flow.after_response(response(status, lines, body));
    check(step);
    if (digest && step.kind == AuthStep::Kind::send && step.request.body != "payload") std::abort();
  }
  return 0;
}
