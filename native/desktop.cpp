// native: run_desktop: an SDL2 window drawn with OpenGL 3 or SDL's software renderer
// (native/desktop_window.h says which and why), and the shared ui::draw_app. The loop sleeps
// in SDL_WaitEventTimeout while nothing happens; network
// threads wake it with an SDL user event, so a response shows the moment its bytes arrive.
// An idle window costs next to no CPU: a frame that changes nothing on screen is not drawn
// (drawing is most of a frame's cost on a CPU), and the text cursor stops
// blinking 10 s after the last input, as GTK's does (docs/desktop-performance.md).
#include "native/desktop.h"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <vector>

#include "imgui.h"
#include "imgui_impl_sdl.h"
#include "native/desktop_services.h"
#include "native/desktop_window.h"
#include "native/native_platform.h"
#include "native/startup_report.h"
#include "posix/workspace_store.h"
#include "shared/experiment.h"
#include "shared/share_link.h"
#include "ui/app.h"
#include "ui/clipboard.h"
#include "ui/fonts.h"
#include "ui/session.h"
#include "ui/workspace.h"
#include "ui/listen_panel.h"
#include "ui/socket_lessons.h"
#include "ui/socket_panel.h"
#include "ui/ws_panel.h"

namespace wirepad::native {
namespace {

Uint32 g_wake_event = 0;

void wake_ui_thread() {
  SDL_Event event{};
  event.type = g_wake_event;
  SDL_PushEvent(&event);  // thread-safe; a full queue only drops a redundant wake-up
}

// Puts the experiment in `path` into the composer, or says in the composer why it cannot.
// Returns the kind of experiment opened (http when it could not be opened).
ExperimentKind open_experiment_file(ui::AppState& state, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    state.composer_error = make_error(ErrorCode::invalid_experiment, "could not open " + path + ": no such file or not readable");
    return ExperimentKind::http;
  }
  std::stringstream text;
  text << in.rdbuf();
  Result<Experiment> experiment = parse_experiment(text.str());
  if (!experiment) {
    state.composer_error = experiment.error();
    state.composer_error.message = path + ": " + state.composer_error.message;
    return ExperimentKind::http;
  }
  if (experiment->kind == ExperimentKind::socket) ui::load_socket_experiment(state, *experiment);
  else ui::load_experiment(state, *experiment);
  return experiment->kind;
}

std::vector<unsigned char> read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Debian's fonts (scripts/setup.sh installs the packages); missing ones fall back gracefully.
// The fallbacks are merged in later, when characters the main font lacks are first shown
// (ui/fonts.h says why).
constexpr const char* kMainFont = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";  // fonts-dejavu-core
constexpr const char* kFallbackFonts[ui::kFallbackCount] = {
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",   // cjk: fonts-droid-fallback
    "/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf",       // hangul: fonts-nanum
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",  // symbols and emoji: fonts-symbola
};
constexpr const char* kFallbackNames[ui::kFallbackCount] = {"CJK", "Korean", "symbol"};

float font_pixels(float scale) { return 15.0f * scale; }

void load_fonts(float scale) {
  ui::FontData fonts;
  fonts.main = read_file(kMainFont);
  std::string note = ui::install_fonts(std::move(fonts), font_pixels(scale));
  if (!note.empty()) std::cerr << "wirepad: " << note << "\n";
}

// Between frames: the atlas again with the characters found so far (a fallback font's file is
// read the first time characters it draws are found), and the font texture replaced.
void add_watched_glyphs(DesktopWindow& window, ui::GlyphWatch& watch) {
  static bool read[ui::kFallbackCount] = {};
  const auto began = std::chrono::steady_clock::now();
  std::string loaded;
  for (int f = 0; f < ui::kFallbackCount; ++f) {
    if (!watch.wants[f] || read[f]) continue;
    read[f] = true;
    ui::set_fallback_font(ui::Fallback(f), read_file(kFallbackFonts[f]));
    loaded += std::string("loaded the ") + kFallbackNames[f] + " font, ";
  }
  const std::size_t glyphs = watch.found.size();
  std::string note = ui::set_watched_glyphs(watch);
  window.rebuild_font_texture();          // builds the atlas again, with the new glyphs
  ImGui::GetIO().Fonts->ClearTexData();   // the renderer's texture has the pixels now
  if (!note.empty()) std::cerr << "wirepad: " << note << "\n";
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  std::cerr << "wirepad: new characters on screen: " << loaded << glyphs
            << " characters beyond the European ranges in the atlas (" << ms.count() << " ms)\n";
}

// HiDPI: the display's DPI against the 96 DPI ImGui's sizes assume.
float display_scale() {
  float dpi = 0;
  if (SDL_GetDisplayDPI(0, &dpi, nullptr, nullptr) != 0 || dpi <= 0) return 1.0f;
  float scale = dpi / 96.0f;
  return scale < 1.0f ? 1.0f : scale > 3.0f ? 3.0f : scale;
}

// A fingerprint of what a frame would draw: equal fingerprints, equal pixels.
std::uint64_t draw_data_hash(const ImDrawData& data) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a's constants, 8 bytes at a time
  auto mix = [&h](const void* bytes, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      h = (h ^ word) * 1099511628211ull;
    }
    for (; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
  };
  mix(&data.DisplaySize, sizeof data.DisplaySize);
  mix(&data.FramebufferScale, sizeof data.FramebufferScale);
  for (int i = 0; i < data.CmdListsCount; ++i) {
    const ImDrawList& list = *data.CmdLists[i];
    mix(list.VtxBuffer.Data, std::size_t(list.VtxBuffer.Size) * sizeof(ImDrawVert));
    mix(list.IdxBuffer.Data, std::size_t(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      mix(&cmd.ClipRect, sizeof cmd.ClipRect);
      mix(&cmd.TextureId, sizeof cmd.TextureId);
      mix(&cmd.VtxOffset, sizeof cmd.VtxOffset);
      mix(&cmd.IdxOffset, sizeof cmd.IdxOffset);
      mix(&cmd.ElemCount, sizeof cmd.ElemCount);
    }
  }
  return h;
}

bool is_input(const SDL_Event& event) {
  switch (event.type) {
    case SDL_KEYDOWN: case SDL_KEYUP: case SDL_TEXTINPUT: case SDL_MOUSEMOTION: case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: case SDL_MOUSEWHEEL: case SDL_DROPFILE:
      return true;
    default:
      return false;
  }
}

struct SdlSession {
  ~SdlSession() { SDL_Quit(); }
};

struct ImGuiSession {
  ImGuiSession() { ImGui::CreateContext(); }
  ~ImGuiSession() { ImGui::DestroyContext(); }
};

}  // namespace

int run_desktop(const DesktopOptions& options) {
  StartupReport startup;
  startup.mark("before_desktop");  // argument parsing and the lab servers (cli.cpp)
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    std::cerr << "wirepad: cannot open a window: " << SDL_GetError() << " (use `wirepad serve` for the browser build)\n";
    return 1;
  }
  SdlSession sdl;
  startup.mark("sdl_init");
  g_wake_event = SDL_RegisterEvents(1);
  IMGUI_CHECKVERSION();
  ImGuiSession imgui;
  ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed; nothing to remember yet
  ImGui::StyleColorsDark();
  RendererChoice renderer = choose_renderer(options.renderer);
  std::string why_not;
  std::unique_ptr<DesktopWindow> window = DesktopWindow::open(renderer.kind, "Wirepad", 1280, 800, why_not);
  if (!window && renderer.kind == RendererKind::gl && options.renderer == "auto") {
    // A driver without OpenGL 3.2 (an old GPU, a broken install): the window still opens.
    std::cerr << "wirepad: " << why_not << "; drawing with SDL's software renderer instead\n";
    renderer = {RendererKind::software, "OpenGL 3.2 was not available (" + why_not + ")"};
    window = DesktopWindow::open(renderer.kind, "Wirepad", 1280, 800, why_not);
  }
  if (!window) {
    std::cerr << "wirepad: " << why_not << " (try --renderer " << (renderer.kind == RendererKind::gl ? "software" : "gl")
              << ", or `wirepad serve` for the browser build)\n";
    return 1;
  }
  startup.mark("window");  // with ImGui's backends for it
  float scale = display_scale();
  ImGui::GetStyle().ScaleAllSizes(scale);
  load_fonts(scale);
  startup.mark("fonts");

  int result = 0;
  {
    NativePlatform platform(wake_ui_thread);
    ui::AppState state;
    install_desktop_services(state, *window);  // textures, Save as pcap, settings file (desktop_services.cpp)
    ui::guard_clipboard(state);  // a copy too large for X11 is refused, not fatal (ui/clipboard.h)
    if (state.ui_scale > 0 && std::abs(state.ui_scale - scale) > 0.01f) {
      // The settings name a scale (View > Interface scale): sizes and fonts again, before the
      // atlas is first built.
      scale = state.ui_scale;
      ImGui::GetStyle() = ImGuiStyle();
      ImGui::GetStyle().ScaleAllSizes(scale);
      load_fonts(scale);
    }
    state.display_scale = scale;
    state.lab_hello_port = options.hello_port;
    state.lab_tcp_echo_port = options.tcp_echo_port;
    state.lab_udp_echo_port = options.udp_echo_port;
    state.socket.port = options.tcp_echo_port;
    ui::load_example(state, ui::hello_experiment(options.hello_port));
    state.can_quit = true;  // File > Quit, Ctrl+Q; closing the window asks the same way
    // The workspace folder: the sidebar's tree, environments, history (docs/workspace.md).
    std::unique_ptr<posix::FileWorkspaceStore> workspace;
    Result<std::unique_ptr<posix::FileWorkspaceStore>> opened =
        posix::FileWorkspaceStore::open(posix::choose_workspace_folder(options.workspace));
    if (opened) {
      workspace = std::move(opened.value());
      platform.set_workspace(workspace.get());
      ui::open_workspace(state, *workspace);
      ui::restore_session(state, *workspace);  // the tabs open when the app last quit (ui/session.h)
    } else {
      std::cerr << "wirepad: " << opened.error().message << " (working without a workspace)\n";
      state.workspace.error = opened.error();
    }
    ExperimentKind kind = ExperimentKind::http;
    if (!options.open_file.empty()) {
      // A file inside the workspace opens as its tab (Ctrl+S saves it back); any other file
      // opens as an untitled copy.
      std::error_code ec;
      std::filesystem::path file = std::filesystem::weakly_canonical(options.open_file, ec);
      std::filesystem::path root = workspace ? std::filesystem::weakly_canonical(workspace->location(), ec) : "";
      std::string relative = workspace ? file.lexically_relative(root).generic_string() : "";
      if (workspace && !relative.empty() && relative.rfind("..", 0) != 0 && ui::is_experiment_path(relative))
        ui::open_workspace_file(state, *workspace, relative);
      else
        kind = open_experiment_file(state, options.open_file);
      if (state.mode == ui::Mode::socket) kind = ExperimentKind::socket;
      if (state.mode == ui::Mode::websocket) kind = ExperimentKind::websocket;
    }
    state.focus_url = kind == ExperimentKind::http;
    if (options.listen_port >= 0) {
      state.socket.listen.bind = "127.0.0.1";
      state.socket.listen.port = options.listen_port;
      ui::listen_start(state, platform);
      state.socket.listen_tab = true;
      state.mode = ui::Mode::socket;
      state.select_mode = true;
    }
    bool from_link = false;
    if (!options.open_link.empty()) {
      Result<Experiment> linked = open_share_link(options.open_link);
      if (linked) {
        ui::open_link_in_tab(state, linked.value());
        from_link = true;
        std::cerr << "wirepad: the link opens a request to " << state.link_host << "; it is not sent until you press Send\n";
      } else {
        state.composer_error = linked.error();
      }
    }
    // An opened link never sends by itself, whatever the flags say.
    const bool socket_script = options.send_on_start && !from_link && kind == ExperimentKind::socket;
    const bool ws_script = options.send_on_start && !from_link && kind == ExperimentKind::websocket;
    if (socket_script) ui::socket_run_script(state, platform);
    else if (ws_script) ui::ws_run_script(state, platform);
    else if (options.send_on_start && !from_link) ui::send(state, platform);
    else if (options.fetch_token_on_start && !from_link) ui::fetch_oauth_token(state, platform);
    const int sent_tab = state.id;  // the tab --send-on-start sent from (its result is printed)
    if (options.send_on_start && from_link) std::cerr << "wirepad: --send-on-start ignored: an opened link never sends by itself\n";
    state.viewers.open_tab = options.open_tab;

    startup.mark("app_state");  // settings, workspace, history, the opened file or link
    bool first_frame = true;
    ui::GlyphWatch glyph_watch;
    using clock = std::chrono::steady_clock;
    // While text streams in, new characters keep appearing: the atlas is rebuilt for them at
    // most twice a second, not on every frame.
    clock::time_point glyphs_built{};
    const auto started = clock::now();
    int busy_frames = 3;      // frames to draw before sleeping again: ImGui settles in a few
    std::uint64_t shown_hash = 0;  // of the frame on screen (0: not known)
    long frames_drawn = 0, frames_presented = 0;
    std::vector<double> runner_frame_ms;  // each frame's time (draw_app to present) while a test run went on
    double render_ms = 0;  // in draw() and present(), over the frames presented (--startup-report)
    auto last_input = clock::now();
    int frames_counted = 0;  // toward quit_after_frames
    bool running = true;
    while (running) {
      SDL_Event event;
      bool in_flight = false;  // any tab's
      for (const auto& run : state.runs)
        platform.with_exchange(run.first, [&](const ExchangeLog* log) { in_flight |= log && !log->finished(); });
      // Sleep until something happens.
      // In flight: every network event wakes the loop; the timeout only ticks the request's clock.
      // Otherwise the timeout serves the cursor's blink and the workspace's external-edit check.
      // A test run (ui/runner.h) advances a little each frame: frames keep coming while it runs.
      int wait_ms = busy_frames > 0 || options.quit_after_frames > 0 || ui::runner_busy(state) ? 0 : in_flight ? 50 : 500;
      bool had_events = false;
      if (wait_ms > 0 ? SDL_WaitEventTimeout(&event, wait_ms) : SDL_PollEvent(&event)) {
        had_events = true;
        do {
          if (is_input(event)) last_input = clock::now();
          ImGui_ImplSDL2_ProcessEvent(&event);
          // Closing the window (or SIGINT/SIGTERM, which SDL turns into SDL_QUIT) asks about
          // unsaved tabs first; asked twice, it quits (ui::request_quit). Their edits are in
          // the session either way (ui/session.h).
          if (event.type == SDL_QUIT) ui::request_quit(state);
          if (event.type == SDL_DROPFILE) {  // a file dropped on the window: into the composer
            open_dropped_file(state, event.drop.file);
            SDL_free(event.drop.file);
          }
          if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
              event.window.windowID == SDL_GetWindowID(window->sdl()))
            ui::request_quit(state);
        } while (SDL_PollEvent(&event));
        busy_frames = 3;
      } else if (busy_frames > 0) {
        --busy_frames;
      }

      if (!first_frame && ui::watch_for_glyphs(glyph_watch, state, platform) &&
          clock::now() - glyphs_built >= std::chrono::milliseconds(500)) {
        add_watched_glyphs(*window, glyph_watch);
        glyphs_built = clock::now();
        busy_frames = 3;
      }
      ImGui::GetIO().ConfigInputTextCursorBlink = clock::now() - last_input < std::chrono::seconds(10);
      window->new_frame();  // the first one builds the font atlas and its texture
      if (first_frame) {
        // The atlas's pixels (alpha and a 4x RGBA copy) are in the renderer's texture now: free them.
        ImGui::GetIO().Fonts->ClearTexData();
        startup.mark("atlas_texture");
      }
      const bool runner_frame = ui::runner_busy(state);  // a test run is going on (frame times below)
      const auto frame_began = clock::now();
      ImGui::NewFrame();
      ui::draw_app(state, platform);
      ImGui::Render();
      if (state.quit_confirmed) running = false;  // the session was saved in that frame
      if (first_frame) startup.mark("first_draw");
      ++frames_drawn;
      // A frame no event caused that would draw what is on screen already is not drawn: the
      // window keeps its pixels (an expose or resize is an event, so it is always redrawn).
      // Frames an event caused are drawn without hashing; the next quiet frame is then drawn
      // once more and remembered.
      bool present = true;
      if (had_events || first_frame || options.quit_after_frames > 0) {
        shown_hash = 0;
      } else {
        const std::uint64_t hash = draw_data_hash(*ImGui::GetDrawData());
        present = hash != shown_hash;
        shown_hash = hash;
      }
      const auto render_began = clock::now();
      if (present) {
        ++frames_presented;
        window->draw(ImGui::GetDrawData());
      }
      auto render_time = clock::now() - render_began;

      if (options.quit_after_frames > 0) {
        // With --send-on-start the count starts once the exchange has finished, so the
        // last frame (and the screenshot) shows the response; 30 s is the backstop.
        bool finished = true;
        if (socket_script) platform.with_socket([&](const SocketLog* log) { finished = log && log->finished(); });
        else if (ws_script) platform.with_ws([&](const WsLog* log) { finished = log && log->finished(); });
        else if (options.send_on_start && !from_link)
          platform.with_exchange(sent_tab, [&](const ExchangeLog* log) { finished = log && log->finished(); });
        else if (options.fetch_token_on_start && !from_link)
          finished = !ui::fetching_oauth_token(state) && !state.runs[sent_tab].auth.authorizing;
        if (finished) ++frames_counted;
        bool backstop = clock::now() - started > std::chrono::seconds(30);
        if (frames_counted >= options.quit_after_frames || backstop) {
          if (!options.screenshot.empty()) {
            std::string why = window->save_png(options.screenshot);
            if (!why.empty()) {
              std::cerr << "wirepad: screenshot: " << why << "\n";
              result = 1;
            }
          }
          if (backstop && !finished) {
            std::cerr << "wirepad: the request did not finish within 30 s\n";
            result = 1;
          }
          running = false;
        }
      }
      const auto present_began = clock::now();
      if (present) window->present();
      render_time += clock::now() - present_began;
      if (!first_frame) render_ms += std::chrono::duration<double, std::milli>(render_time).count();
      if (runner_frame) runner_frame_ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - frame_began).count());
      if (first_frame && options.startup_report) {
        window->finish();  // the frame is on screen, not just queued
        startup.mark("swap");
        std::cerr << startup.line() << " renderer=" << (renderer.kind == RendererKind::gl ? "gl" : "software") << std::endl;
        std::cerr << "renderer: " << window->renderer_name() << ": " << renderer.why << std::endl;
      }
      first_frame = false;
    }
    if (options.startup_report)
      std::cerr << "frames: drawn=" << frames_drawn << " presented=" << frames_presented << " render_ms_mean="
                << (frames_presented > 1 ? render_ms / double(frames_presented - 1) : 0) << std::endl;
    if (options.startup_report && !runner_frame_ms.empty()) {
      // The window's responsiveness during a run (docs/benchmarks.md): every frame's time.
      std::vector<double> sorted = runner_frame_ms;
      std::sort(sorted.begin(), sorted.end());
      auto at = [&](double p) { return sorted[std::min(sorted.size() - 1, std::size_t(p * double(sorted.size() - 1) + 0.5))]; };
      std::cerr << "runner frames=" << sorted.size() << " frame_ms_median=" << at(0.5) << " frame_ms_p99=" << at(0.99)
                << " frame_ms_max=" << sorted.back() << std::endl;
    }
    // Print the outcome, so scripts driving the desktop app see what the window showed.
    if (socket_script) {
      platform.with_socket([&](const SocketLog* log) {
        if (log) std::cout << "socket " << to_string(log->state) << (log->error ? ": " + log->error.message : "") << "\n";
      });
    } else if (options.send_on_start && !from_link) {
      platform.with_exchange(sent_tab, [&](const ExchangeLog* log) {
        if (!log) return;
        if (log->has_response_head) std::cout << "status " << log->response.status << " " << log->response.reason << "\n";
        if (log->error) std::cout << "error " << to_string(log->error.code) << ": " << log->error.message << "\n";
      });
    } else if (options.fetch_token_on_start && !from_link) {
      const ui::AuthFollowState& auth = state.runs[sent_tab].auth;
      if (auth.error) std::cout << "error " << to_string(auth.error.code) << ": " << auth.error.message << "\n";
      else if (!auth.token_saved.empty()) std::cout << "token kept as " << auth.token_saved << "\n";
    }
  }
  return result;
}

}  // namespace wirepad::native
