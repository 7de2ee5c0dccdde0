// ui: the state of the response viewers added for issue "a front end people prefer to Postman"
// (Wire, Layers, Preview tabs, the status bar, persisted settings, dropped files), and the
// few services only a main can provide (GL textures, saving a file, persisting settings).
// Every service is optional: the headless UI tests leave them empty and the views say what
// they cannot do instead of doing it.
// Depends on: shared/error.h, ui/line_index.h, shared/wire_segments.h, shared/protocol_layers.h.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"
#include "shared/protocol_layers.h"
#include "shared/wire_segments.h"
#include "ui/h2_frames_view.h"
#include "ui/line_index.h"

namespace wirepad::ui {

// Set by the desktop and the browser main.
struct Services {
  // RGBA8 pixels -> a texture id for ImGui::Image (an OpenGL texture name), 0 when it failed.
  std::function<void*(const unsigned char* rgba, int width, int height)> upload_texture;
  std::function<void(void*)> free_texture;
  // Desktop: writes `bytes` to the path `name` (~ is the home folder); browser: downloads
  // them as a file named `name`. The error says what went wrong and where.
  std::function<Error(const std::string& name, std::string_view bytes)> save_file;
  // Browser: opens the page's file dialog; the chosen file comes back through
  // ui::load_import_file (web/web_files.cpp). Empty on the desktop, which takes a typed path.
  std::function<void()> pick_file;
  // Browser: reads the system clipboard (navigator.clipboard, asynchronous: the text arrives
  // in the Import dialog later). The canvas gets no paste events, so Ctrl+V cannot reach it.
  std::function<void()> paste_into_import;
  // Stores the settings document (JSON) for the next start.
  std::function<void(const std::string& json)> save_settings;
  // Desktop: the base URL of a `wirepad serve` running on this machine ("" when none), which
  // serve writes to a runtime file (native/serve_runtime.h). Share links open there.
  std::function<std::string()> running_serve_url;
};

// One direction of the Wire view: its segments and the row each one starts at.
struct WireStream {
  std::vector<WireSegment> segments;
  std::vector<std::size_t> first_row;  // per segment, plus the total at the end
  LineIndex lines;                      // data segments are drawn one text line per row
  std::size_t size = ~std::size_t(0);  // the byte count the segments were made for
};

struct WireViewState {
  unsigned long generation = ~0ul;
  WireStream sent;
  WireStream received;
  std::size_t leniencies = 0;  // segments with a leniency, both directions
  std::size_t next_leniency = 0;
  long scroll_to_row = -1;
};

struct LayersViewState {
  unsigned long generation = ~0ul;
  std::size_t bytes_seen = ~std::size_t(0);
  LayerModel model;
  bool udp = false;           // the user's choice: the same bytes as UDP datagrams
  bool modelled_udp = false;  // what `model` was computed with
  std::string pcap_path = "~/wirepad-exchange.pcap";
  std::string save_note;  // "saved 3.2 KiB to ..." or why not
  bool save_failed = false;
};

struct PreviewViewState {
  unsigned long generation = ~0ul;
  std::size_t body_size = ~std::size_t(0);
  bool made_done = false;  // whether the exchange had finished when the preview was made
  std::string kind;     // "html", "xml", "image", "" (no preview for this content type)
  std::string pretty;   // the indented markup
  LineIndex lines;      // of `pretty`
  void* texture = nullptr;
  int image_width = 0;
  int image_height = 0;
  std::string image_note;  // what the decoder said, or why nothing is shown
  std::vector<std::string> notes;  // the pretty-printer's notes on malformed markup
  float zoom = 0.0f;  // 0: fit the area (at most 4x)
};

// The Events tab (ui/events_view.h).
struct EventsViewState {
  unsigned long generation = ~0ul;
  int selected = -1;         // the row whose data is shown below the list; -1: none
  bool follow = true;        // scroll to the newest event as events arrive
  std::size_t seen = 0;      // events in the list last frame (follow scrolls when it grows)
  int pretty_for = -1;       // the row `pretty` was made for
  unsigned long pretty_generation = ~0ul;
  std::string pretty;        // its data, JSON indented
  unsigned long shown_generation = ~0ul;  // the exchange whose Events tab was brought forward
};

struct SettingsMemory {
  std::string saved;  // the last document handed to save_settings
};

struct ViewersState {
  Services services;
  WireViewState wire;
  LayersViewState layers;
  PreviewViewState preview;
  EventsViewState events;
  H2FramesViewState h2_frames;
  SettingsMemory settings;
  std::string drop_note;  // the last dropped file that was loaded
  std::string clipboard_note;  // a copy that was refused, and why (ui/clipboard.h)
  std::string open_tab;   // "Frames", "Wire", "Layers", "Preview" or "Events" (or "Composer:Body", ...): bring it forward once (tests, --open-tab)
};

}  // namespace wirepad::ui
