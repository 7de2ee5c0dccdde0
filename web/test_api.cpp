// web: the exported functions behind window.wirepad. Each returns a JSON text that
// web/test_api.js parses; the text lives in a static string until the next call.
#include "web/test_api.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

#include "shared/experiment.h"

namespace wirepad::web {
namespace {

ui::AppState* g_state = nullptr;
WebPlatform* g_platform = nullptr;
long g_frames = 0;
std::string g_reply;

const char* reply(const nlohmann::json& j) {
  g_reply = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return g_reply.c_str();
}

nlohmann::json failure(const Error& error) {
  nlohmann::json j = {{"ok", false}, {"code", std::string(to_string(error.code))}, {"error", error.message}};
  if (error.offset >= 0) j["offset"] = error.offset;
  return j;
}

// Defined in web/test_api.js (linked with --post-js).
EM_JS(void, define_window_wirepad, (), { wirepadInstallTestApi(); });

}  // namespace

void install_test_api(ui::AppState& state, WebPlatform& platform) {
  g_state = &state;
  g_platform = &platform;
  define_window_wirepad();
}

void set_frame_count(long frames) { g_frames = frames; }

}  // namespace wirepad::web

using namespace wirepad;

extern "C" {

// window.wirepad.load(experiment): parses an experiment document and puts it in the composer.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_load(const char* experiment_json) {
  Result<Experiment> experiment = parse_experiment(experiment_json ? experiment_json : "");
  if (!experiment) return web::reply(web::failure(experiment.error()));
  ui::load_experiment(*web::g_state, *experiment);
  return web::reply({{"ok", true}});
}

// window.wirepad.send(): what the Send button does.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_send() {
  ui::send(*web::g_state, *web::g_platform);
  if (web::g_state->composer_error) return web::reply(web::failure(web::g_state->composer_error));
  return web::reply({{"ok", true}});
}

// window.wirepad.experiment(): the composer as an experiment document (serialize_experiment),
// so a test can change one field and load it back without restating the whole format.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_experiment() {
  web::g_reply = serialize_experiment(ui::experiment_from_state(*web::g_state));
  return web::g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* wirepad_api_cancel() {
  web::g_platform->cancel();
  return web::reply({{"ok", true}});
}

// window.wirepad.state(): exchange_log_to_json of the current exchange, or {"phase":"idle"}.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_state() {
  const ExchangeLog* log = web::g_platform->current();
  if (!log) return web::reply({{"phase", "idle"}});
  web::g_reply = exchange_log_to_json(*log);
  return web::g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE long wirepad_api_frames() { return web::g_frames; }

}  // extern "C"
