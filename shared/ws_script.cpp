// wirepad core: ws_script.h.
#include "ws_script.h"

namespace wirepad {

WsSessionOptions ws_session_options(const WsScript& script, const ExchangeOptions& options) {
  WsSessionOptions out;
  out.url = script.url;
  out.handshake.headers = script.headers;
  out.handshake.subprotocols = script.subprotocols;
  out.handshake.compress = script.compress || script.no_context_takeover;
  if (script.no_context_takeover) {
    out.handshake.deflate.client_no_context_takeover = true;
    out.handshake.deflate.server_no_context_takeover = true;
  }
  // 0 means "no limit" in an experiment's options; the session needs a number.
  out.connect_timeout = options.connect_timeout > 0 ? options.connect_timeout : 3600;
  out.handshake_timeout = options.first_byte_timeout > 0 ? options.first_byte_timeout : 3600;
  out.verify_tls = options.verify_tls;
  out.ca_file = options.ca_file;
  return out;
}

std::vector<WsStep> ws_steps_to_run(const WsScript& script, double close_wait) {
  std::vector<WsStep> steps = script.steps;
  if (steps.empty() || steps.back().kind != WsStepKind::close) {
    WsStep close;
    close.kind = WsStepKind::close;
    close.code = 1000;
    close.seconds = close_wait;
    steps.push_back(close);
  }
  return steps;
}

}  // namespace wirepad
