// ui/settings and ui/file_import: the settings document round-trips and persists only on a
// change; a dropped experiment or curl command loads into the composer, anything else is
// explained there and nothing typed is lost.
#include <catch2/catch.hpp>
#include <string>

#include "shared/experiment.h"
#include "ui/app.h"
#include "ui/file_import.h"
#include "ui/settings.h"

using namespace wirepad;

TEST_CASE("settings: round trip, bad values named, saved only when changed", "[ui][settings]") {
  ui::AppState state;
  state.dark_theme = false;
  state.text_scale = 1.25f;
  state.show_history = false;
  std::string json = ui::settings_to_json(state);

  ui::AppState fresh;
  CHECK_FALSE(ui::apply_settings_json(fresh, json));
  CHECK_FALSE(fresh.dark_theme);
  CHECK(fresh.text_scale == 1.25f);
  CHECK_FALSE(fresh.show_history);

  int saves = 0;
  std::string saved;
  fresh.viewers.services.save_settings = [&](const std::string& s) {
    ++saves;
    saved = s;
  };
  ui::persist_settings(fresh);
  CHECK(saves == 0);  // just loaded: nothing changed
  fresh.dark_theme = true;
  ui::persist_settings(fresh);
  ui::persist_settings(fresh);
  CHECK(saves == 1);
  CHECK(saved.find("\"theme\": \"dark\"") != std::string::npos);

  ui::AppState bad;
  Error error = ui::apply_settings_json(bad, R"({"theme": "purple", "text_scale": 9, "show_history": false})");
  REQUIRE(error);
  CHECK(error.message.find("theme") != std::string::npos);
  CHECK(bad.dark_theme);           // kept its default
  CHECK(bad.text_scale == 2.5f);   // clamped
  CHECK_FALSE(bad.show_history);   // the good value still applied
  CHECK(ui::apply_settings_json(bad, "not json"));
}

TEST_CASE("a dropped file: experiment, curl command, or a clear error that keeps the text", "[ui][drop]") {
  ui::AppState state;
  Experiment e;
  e.name = "dropped";
  e.request.method = "POST";
  e.request.url = "http://127.0.0.1:1/x";
  e.request.body = "hi";
  CHECK(ui::import_dropped_file(state, "a.json", serialize_experiment(e)));
  CHECK(state.name == "dropped");
  CHECK(state.method == "POST");
  CHECK(state.body == "hi");
  CHECK_FALSE(state.composer_error);

  CHECK(ui::import_dropped_file(state, "c.sh", "curl -X PUT -H 'X-A: 1' http://127.0.0.1:2/y\n"));
  CHECK(state.method == "PUT");
  CHECK(state.url == "http://127.0.0.1:2/y");
  REQUIRE(state.headers.size() == 1);
  CHECK(state.viewers.drop_note.find("c.sh") != std::string::npos);

  CHECK_FALSE(ui::import_dropped_file(state, "photo.png", "\x89PNG\r\n"));
  CHECK(state.composer_error.message.find("photo.png is not text") != std::string::npos);
  CHECK(state.url == "http://127.0.0.1:2/y");  // what was loaded before is kept

  // Text that does not import opens the Import dialog with the text and where it breaks.
  CHECK_FALSE(ui::import_dropped_file(state, "broken.json", "{\"wirepad\": 1,"));
  CHECK(state.io.import.open_requested);
  CHECK(state.io.import.text == "{\"wirepad\": 1,");
  CHECK(state.io.import.error.message.find("not valid JSON at byte 14") != std::string::npos);
  CHECK_FALSE(ui::import_dropped_file(state, "bad.sh", "curl 'unclosed"));
  CHECK(state.io.import.text == "curl 'unclosed");
  CHECK(state.io.import.error.offset == 5);
  CHECK(state.url == "http://127.0.0.1:2/y");
}
