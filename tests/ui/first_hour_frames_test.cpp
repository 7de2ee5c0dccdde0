// ui: what a new user's first hour found (issue 14), driven through ImGui frames with no
// window over the real NativePlatform, lab servers and a workspace folder: every view shows the
// current exchange, quitting asks and the session comes back, tabs are named after their
// request and can be renamed, share links open where `wirepad serve` runs and import back,
// history colours by status class, Esc closes what is on top, nothing is clipped mid-letter.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <imgui.h>
#include <imgui_internal.h>
#include <sstream>
#include <thread>

#include "headless_imgui.h"
#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "native/serve_runtime.h"
#include "posix/workspace_store.h"
#include "shared/share_link.h"
#include "ui/byte_format.h"
#include "ui/import_dialog.h"
#include "ui/keys.h"
#include "ui/session.h"
#include "ui/status_colors.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

using namespace wirepad;
using namespace wirepad::native;
using wirepad::posix::FileWorkspaceStore;
using wirepad::test::HeadlessImGui;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char pattern[] = "/tmp/wirepad-ui-hour-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string slurp(const std::string& relative) const {
    std::ifstream in(path / relative, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

void frames_until_finished(HeadlessImGui& gui, ui::AppState& state, NativePlatform& platform) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool finished = false;
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) { finished = log && log->finished(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(finished);
  gui.frames(state, platform, 2);
}

// A port nothing listens on (bound, then closed).
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A listener that never accepts: a request to it waits for its first byte until cancelled.
struct SilentServer {
  int fd = -1;
  int port = 0;
  SilentServer() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 4);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~SilentServer() { ::close(fd); }
};

bool any_popup_open() { return ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel); }

void click_at(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, std::array<float, 2> at, int clicks = 1) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(at[0], at[1]);
  gui.frame(state, platform);
  for (int i = 0; i < clicks; ++i) {
    io.MouseDown[0] = true;
    gui.frame(state, platform);
    io.MouseDown[0] = false;
    gui.frame(state, platform);
  }
  gui.frame(state, platform);
}

void click(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& button) {
  REQUIRE(state.io.buttons.count(button) == 1);
  click_at(gui, state, platform, state.io.buttons.at(button));
}

void type(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& text) {
  for (char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
  gui.frame(state, platform);
}

// Glyphs drawn across the edge of their clip rectangle in the windows whose name contains
// `name`: a label clipped mid-letter (ImGui's ellipsis clips glyphs on the CPU, so a label cut
// with "..." has none).
int glyphs_cut_at_edge(const std::string& name) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  // A glyph's vertex has one of its glyph's corners in the atlas as UV (lines and shapes use
  // the white pixel or the baked lines: a Separator runs to the window's edge on purpose).
  auto glyph_at = [](const ImVec2& uv) -> unsigned {
    for (const ImFontGlyph& glyph : ImGui::GetFont()->Glyphs)
      if ((uv.x == glyph.U0 || uv.x == glyph.U1) && (uv.y == glyph.V0 || uv.y == glyph.V1)) return glyph.Codepoint;
    return 0;
  };
  int cut = 0;
  for (ImGuiWindow* window : g.Windows) {
    if (!window->WasActive || std::string(window->Name).find(name) == std::string::npos) continue;
    const ImDrawList& list = *window->DrawList;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      for (unsigned i = 0; i < cmd.ElemCount; ++i) {
        const ImDrawVert& v = list.VtxBuffer[int(cmd.VtxOffset + list.IdxBuffer[int(cmd.IdxOffset + i)])];
        if (v.pos.x <= cmd.ClipRect.z + 0.5f) continue;
        const unsigned codepoint = glyph_at(v.uv);
        if (codepoint <= ' ') continue;  // not a visible glyph
        // An ellipsis (U+2026, or U+0085 in ImGui's own font) is the wanted outcome, not a cut.
        if (codepoint == 0x2026 || codepoint == 0x85 || codepoint == '.') continue;
        ++cut;
        UNSCOPED_INFO("U+" << std::hex << codepoint << std::dec << " past the clip edge in " << window->Name << " at " << v.pos.x << ","
                          << v.pos.y << " (edge " << cmd.ClipRect.z << ")");
      }
    }
  }
  return cut;
}

}  // namespace

TEST_CASE("after a failed or cancelled request the Body tab shows that exchange, not the previous tree",
          "[ui][integration][first-hour]") {
  httplib::Server server;
  server.Get("/json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"from": "the previous response"})", "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  struct Stop {
    httplib::Server& s;
    std::thread& t;
    ~Stop() {
      while (!s.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      s.stop();
      t.join();
    }
  } stop{server, thread};

  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(port) + "/json";
  ui::send(state, platform);
  frames_until_finished(gui, state, platform);
  REQUIRE(state.body_view.json);  // the tree of a JSON response

  SECTION("refused") {
    state.url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
    ui::send(state, platform);
    frames_until_finished(gui, state, platform);
    platform.with_exchange(state.id, [](const ExchangeLog* log) { REQUIRE(log->phase == Phase::failed); });
  }
  SECTION("cancelled while waiting") {
    SilentServer silent;
    state.url = "http://127.0.0.1:" + std::to_string(silent.port) + "/";
    ui::send(state, platform);
    gui.frames(state, platform, 3);
    platform.cancel(state.id);
    frames_until_finished(gui, state, platform);
    platform.with_exchange(state.id, [](const ExchangeLog* log) { REQUIRE(log->phase == Phase::cancelled); });
  }
  CHECK_FALSE(state.body_view.json);           // no tree from the previous response
  CHECK(state.body_view.json_note.empty());
  CHECK(state.body_view.lines.line_count() <= 1);  // the (empty) body of this exchange
  CHECK(state.viewers.wire.generation == ~0ul);  // (not drawn: other tabs re-index on their own)
}

TEST_CASE("the history colours each outcome by its class, as the response summary does", "[ui][first-hour]") {
  HeadlessImGui gui;
  struct Case {
    const char* outcome;
    bool failed;
    ui::OutcomeClass expected;
  };
  const Case cases[] = {{"200 OK", false, ui::OutcomeClass::success},
                        {"301 Moved Permanently", false, ui::OutcomeClass::redirection},
                        {"404 Not Found", false, ui::OutcomeClass::client_error},
                        {"501 Not Implemented", false, ui::OutcomeClass::server_error},
                        {"connect_refused", true, ui::OutcomeClass::transport_error},
                        {"cancelled", true, ui::OutcomeClass::transport_error}};
  for (const Case& c : cases) {
    CAPTURE(c.outcome);
    ui::History history;
    ui::HistoryEntry entry;
    entry.experiment.request.method = "GET";
    entry.experiment.request.url = "http://127.0.0.1:8080/";
    entry.outcome = c.outcome;
    entry.failed = c.failed;
    history.entries.push_back(entry);
    CHECK(ui::outcome_class(history.entries[0]) == c.expected);
    gui.window_frame("history", [&] { ui::draw_history_panel(history); });
    // The outcome's text is drawn in its class's colour, and never in the success green
    // unless it is a success.
    auto drawn_in = [](ImU32 colour) {
      for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (std::string(w->Name).find("history") != std::string::npos)
          for (const ImDrawVert& v : w->DrawList->VtxBuffer)
            if (v.col == colour) return true;
      return false;
    };
    CHECK(drawn_in(ImGui::ColorConvertFloat4ToU32(ui::outcome_color(c.expected))));
    if (c.expected != ui::OutcomeClass::success)
      CHECK_FALSE(drawn_in(ImGui::ColorConvertFloat4ToU32(ui::outcome_color(ui::OutcomeClass::success))));
  }
}

TEST_CASE("the Environments window is opaque and Esc closes it", "[ui][first-hour]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.workspace.show_environment_editor = true;
  gui.frames(state, platform, 3);
  ImGuiWindow* window = ImGui::FindWindowByName("Environments");
  REQUIRE(window);
  REQUIRE(window->DrawList->VtxBuffer.Size > 0);
  CHECK((window->DrawList->VtxBuffer[0].col >> IM_COL32_A_SHIFT) == 255);  // its background
  gui.press(state, platform, ImGuiKey_Escape, /*ctrl=*/false);
  CHECK_FALSE(state.workspace.show_environment_editor);
}

TEST_CASE("Esc closes the dialog on top, and only then cancels the exchange", "[ui][integration][first-hour]") {
  SilentServer silent;
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(silent.port) + "/";
  ui::send(state, platform);
  gui.frames(state, platform, 2);
  auto phase = [&] {
    Phase p = Phase::idle;
    platform.with_exchange(state.id, [&](const ExchangeLog* log) { p = log ? log->phase : Phase::idle; });
    return p;
  };
  for (const char* dialog : {"share", "import", "export"}) {
    CAPTURE(dialog);
    if (std::string(dialog) == "share") state.share.open_requested = true;
    if (std::string(dialog) == "import") state.io.import.open_requested = true;
    if (std::string(dialog) == "export") state.io.exporting.open_requested = true;
    gui.frames(state, platform, 3);
    REQUIRE(any_popup_open());
    gui.press(state, platform, ImGuiKey_Escape, /*ctrl=*/false);
    CHECK_FALSE(any_popup_open());
    CHECK_FALSE(Phase::cancelled == phase());  // the dialog took Esc
  }
  gui.press(state, platform, ImGuiKey_Escape, /*ctrl=*/false);  // nothing on top now
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (phase() != Phase::cancelled && std::chrono::steady_clock::now() < deadline) gui.frame(state, platform);
  CHECK(phase() == Phase::cancelled);
}

TEST_CASE("quitting with unsaved tabs asks: Cancel, Discard, Save all", "[ui][first-hour][quit]") {
  TempDir dir;
  auto opened = FileWorkspaceStore::open(dir.path.string());
  REQUIRE(opened.ok());
  std::unique_ptr<FileWorkspaceStore> store = std::move(opened.value());
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(store.get());
  ui::AppState state;
  state.can_quit = true;
  ui::load_example(state, ui::hello_experiment(8080));
  ui::open_workspace(state, *store);
  gui.frame(state, platform);

  SECTION("nothing unsaved: Ctrl+Q quits at once") {
    gui.press_index(state, platform, ui::keys::kQ, /*ctrl=*/true);
    CHECK(state.quit_confirmed);
  }
  SECTION("unsaved: asks; Cancel keeps going, Discard reverts and quits") {
    state.url = "http://127.0.0.1:8080/edited";
    gui.press_index(state, platform, ui::keys::kQ, /*ctrl=*/true);
    CHECK(state.quit_requested);
    CHECK_FALSE(state.quit_confirmed);
    CHECK(any_popup_open());
    click(gui, state, platform, "quit.cancel");
    CHECK_FALSE(state.quit_requested);
    CHECK_FALSE(any_popup_open());
    CHECK(state.url == "http://127.0.0.1:8080/edited");

    ui::request_quit(state);  // the window's close button
    gui.frames(state, platform, 2);
    click(gui, state, platform, "quit.discard");
    CHECK(state.quit_confirmed);
    CHECK(state.url != "http://127.0.0.1:8080/edited");  // the untitled edit is gone
  }
  SECTION("unsaved: Save all saves each tab, untitled ones under a name of their own") {
    state.url = "http://127.0.0.1:8080/edited";
    ui::request_quit(state);
    gui.frames(state, platform, 2);
    click(gui, state, platform, "quit.save_all");
    CHECK(state.quit_confirmed);
    REQUIRE(state.workspace.files.size() == 1);
    Result<Experiment> saved = parse_experiment(dir.slurp(state.workspace.files[0]));
    REQUIRE(saved.ok());
    CHECK(saved->request.url == "http://127.0.0.1:8080/edited");
  }
  SECTION("Esc is Cancel; closing the window twice while asked quits") {
    state.url = "http://127.0.0.1:8080/edited";
    ui::request_quit(state);
    ui::request_quit(state);  // SDL's window close and SDL_QUIT arrive together: one request
    gui.frames(state, platform, 2);
    CHECK_FALSE(state.quit_confirmed);
    gui.press(state, platform, ImGuiKey_Escape, /*ctrl=*/false);
    CHECK_FALSE(state.quit_requested);
    ui::request_quit(state);
    gui.frames(state, platform, 2);
    ui::request_quit(state);
    CHECK(state.quit_confirmed);
  }
}

TEST_CASE("the browser has no Quit: Ctrl+Q does nothing", "[ui][first-hour][quit]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;  // can_quit stays false, as in web/main.cpp
  state.url = "http://127.0.0.1:8080/edited";
  gui.frame(state, platform);
  gui.press_index(state, platform, ui::keys::kQ, /*ctrl=*/true);
  CHECK_FALSE(state.quit_requested);
  CHECK_FALSE(any_popup_open());
}

TEST_CASE("the open tabs, their unsaved edits and the environment come back at the next start",
          "[ui][first-hour][session]") {
  TempDir dir;
  auto opened = FileWorkspaceStore::open(dir.path.string());
  REQUIRE(opened.ok());
  std::unique_ptr<FileWorkspaceStore> store = std::move(opened.value());
  REQUIRE_FALSE(store->write("environments.json", R"({"environments": [{"name": "lab", "variables": []}]})"));
  Experiment saved_file = ui::hello_experiment(8080);
  saved_file.name = "Saved one";
  saved_file.request.url = "http://127.0.0.1:8080/saved";
  REQUIRE_FALSE(store->write("users/saved.json", serialize_experiment(saved_file)));

  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(store.get());
  {
    ui::AppState state;
    ui::load_example(state, ui::hello_experiment(8080));
    ui::open_workspace(state, *store);
    gui.frame(state, platform);
    ui::open_workspace_file(state, *store, "users/saved.json");
    state.body = "an edit not saved yet";
    Experiment typed = ui::blank_experiment();
    typed.request.url = "http://127.0.0.1:8080/typed";
    ui::new_tab(state, typed);
    state.method = "POST";
    ui::choose_environment(state, store.get(), "lab");
    gui.frame(state, platform);
    ui::bring_forward(state, 1);  // the saved file's tab in front
    gui.frames(state, platform, 40);  // the session is written within half a second
  }
  CHECK(dir.slurp(".wirepad/state.json").find("an edit not saved yet") != std::string::npos);

  ui::AppState next;  // the next start
  ui::load_example(next, ui::hello_experiment(8080));
  ui::open_workspace(next, *store);
  ui::restore_session(next, *store);
  gui.frame(next, platform);
  // The untouched example was not kept; the file's tab (in front) and the typed one were.
  REQUIRE(next.tabs.size() == 2);
  CHECK(next.file == "users/saved.json");
  CHECK(next.body == "an edit not saved yet");
  CHECK(ui::tab_dirty(next));  // still unsaved: Ctrl+S or the Quit prompt saves it
  CHECK(next.workspace.active_environment == "lab");
  const ui::TabState& other = next.tabs[next.active_tab == 0 ? 1 : 0];
  CHECK(other.file.empty());
  CHECK(other.method == "POST");
  CHECK(other.url == "http://127.0.0.1:8080/typed");
  CHECK(other.name == "POST 127.0.0.1:8080/typed");  // still named after its request
}

TEST_CASE("a tab is named from its request until the user names it, and double-click or F2 renames it",
          "[ui][first-hour][tabs]") {
  TempDir dir;
  auto opened = FileWorkspaceStore::open(dir.path.string());
  REQUIRE(opened.ok());
  std::unique_ptr<FileWorkspaceStore> store = std::move(opened.value());
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(store.get());
  ui::AppState state;
  ui::load_example(state, ui::hello_experiment(8080));
  ui::open_workspace(state, *store);
  gui.frame(state, platform);
  CHECK(ui::tab_title(state) == "Hello, World!");  // the example, as it opened

  state.method = "POST";
  state.url = "http://127.0.0.1:8080/anything";
  gui.frame(state, platform);
  CHECK(ui::tab_title(state) == "POST 127.0.0.1:8080/anything");
  state.url = "https://example.com/a/very/long/path/that/goes/on/and/on/and/on/for/a/while/longer";
  gui.frame(state, platform);
  CHECK(state.name.size() <= 60);
  CHECK(state.name.rfind("POST https://example.com/a/very/", 0) == 0);

  // A new tab: "untitled" until it has a URL.
  gui.press_index(state, platform, ui::keys::kT, /*ctrl=*/true);
  CHECK(state.name == "untitled");
  state.url = "http://127.0.0.1:9/x";
  gui.frame(state, platform);
  CHECK(state.name == "GET 127.0.0.1:9/x");

  // Double-click the tab: the Rename dialog; the typed name sticks whatever the URL becomes.
  const std::string tab_button = "tab." + std::to_string(state.id);
  REQUIRE(state.io.buttons.count(tab_button));
  click_at(gui, state, platform, state.io.buttons.at(tab_button), 2);
  REQUIRE(any_popup_open());
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = true;  // select all, then type over it
  io.KeysDown[256 + ImGuiKey_A] = true;
  gui.frame(state, platform);
  io.KeysDown[256 + ImGuiKey_A] = false;
  io.KeyCtrl = false;
  type(gui, state, platform, "List the items");
  gui.press(state, platform, ImGuiKey_Enter, /*ctrl=*/false);
  CHECK_FALSE(any_popup_open());
  CHECK(state.name == "List the items");
  CHECK(state.named);
  state.url = "http://127.0.0.1:9/y";
  gui.frame(state, platform);
  CHECK(ui::tab_title(state) == "List the items");
  // Saved with the experiment.
  REQUIRE(ui::save_front_tab(state, *store, "items.json"));
  CHECK(parse_experiment(dir.slurp("items.json"))->name == "List the items");

  // F2, an empty name: the automatic one again.
  gui.press_index(state, platform, ui::keys::kF2, /*ctrl=*/false);
  REQUIRE(any_popup_open());
  io.KeyCtrl = true;
  io.KeysDown[256 + ImGuiKey_A] = true;
  gui.frame(state, platform);
  io.KeysDown[256 + ImGuiKey_A] = false;
  io.KeyCtrl = false;
  gui.press(state, platform, ImGuiKey_Backspace, /*ctrl=*/false);
  CHECK(state.workspace.rename_text.empty());
  click(gui, state, platform, "rename.ok");
  CHECK(state.name == "GET 127.0.0.1:9/y");
}

TEST_CASE("share links open where the running wirepad serve is, and the dialog says which base",
          "[ui][first-hour][share]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  gui.frame(state, platform);
  std::string running = "http://127.0.0.1:7123/";
  state.viewers.services.running_serve_url = [&] { return running; };
  state.share.open_requested = true;
  gui.frames(state, platform, 6);
  CHECK(state.share.link.rfind("http://127.0.0.1:7123/#x=", 0) == 0);
  CHECK(state.share.base_source.find("running") != std::string::npos);
  CHECK(glyphs_cut_at_edge("Share link") == 0);  // the ticks fit, one a line
  gui.press(state, platform, ImGuiKey_Escape, false);

  running.clear();  // serve stopped
  state.share.open_requested = true;
  gui.frames(state, platform, 2);
  CHECK(state.share.link.rfind("http://127.0.0.1:7070/#x=", 0) == 0);
  CHECK(state.share.base_source.find("no running wirepad serve") != std::string::npos);
  gui.press(state, platform, ImGuiKey_Escape, false);

  state.share.base_setting = "http://lab.example:8000/";  // typed in the dialog: wins
  state.share.open_requested = true;
  gui.frames(state, platform, 2);
  CHECK(state.share.link.rfind("http://lab.example:8000/#x=", 0) == 0);
  CHECK(state.share.base_source.find("your setting") != std::string::npos);
}

TEST_CASE("wirepad serve's runtime file tells the desktop its URL while it runs", "[ui][first-hour][share]") {
  TempDir dir;
  const char* before = std::getenv("XDG_RUNTIME_DIR");
  const std::string saved = before ? before : "";
  ::setenv("XDG_RUNTIME_DIR", dir.path.c_str(), 1);
  CHECK(running_serve_url().empty());
  {
    ServeRuntimeFile file("http://127.0.0.1:7077/");
    CHECK(running_serve_url() == "http://127.0.0.1:7077/");
  }
  CHECK(running_serve_url().empty());  // removed when serve stops
  // A file left by a serve that was killed (its process is gone) is not believed.
  fs::create_directories(dir.path / "wirepad");
  std::ofstream(dir.path / "wirepad/serve.json") << R"({"url": "http://127.0.0.1:7078/", "pid": 999999999})";
  CHECK(running_serve_url().empty());
  if (before) ::setenv("XDG_RUNTIME_DIR", saved.c_str(), 1);
  else ::unsetenv("XDG_RUNTIME_DIR");
}

TEST_CASE("File > Import takes a share link: the experiment it carries, opened as a link", "[ui][first-hour][import]") {
  Experiment e = ui::hello_experiment(8080);
  e.name = "Shared with me";
  e.request.method = "DELETE";
  e.request.url = "http://127.0.0.1:9/items/7";
  const std::string link = share_link_url("http://127.0.0.1:7070/", make_share_link(e));
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  gui.frame(state, platform);

  // Pasted into the dialog: one request, the link's experiment.
  state.io.import.text = "  " + link + "\n";
  state.io.import.dirty = true;
  state.io.import.open_requested = true;
  gui.frames(state, platform, 3);
  REQUIRE_FALSE(state.io.import.error);
  REQUIRE(state.io.import.batch);
  REQUIRE(state.io.import.batch->requests.size() == 1);
  CHECK(state.io.import.share_link);
  CHECK(state.io.import.batch->requests[0].experiment == e);

  // A file holding a link (dropped, or File > Import's Open): opens in a tab that says where
  // it would send, unsent.
  gui.press(state, platform, ImGuiKey_Escape, false);
  const std::size_t tabs = state.tabs.size();
  CHECK(ui::import_file(state, "link.txt", link));
  gui.frame(state, platform);
  CHECK(state.tabs.size() == tabs + 1);
  CHECK(state.method == "DELETE");
  CHECK(state.link_host == "http://127.0.0.1:9");
  platform.with_exchange(state.id, [](const ExchangeLog* log) { CHECK(log == nullptr); });

  // A damaged link says so, as a link.
  state.io.import.text = link.substr(0, link.size() - 10);
  state.io.import.dirty = true;
  ui::parse_import(state.io.import);
  CHECK(state.io.import.share_link);
  CHECK(state.io.import.error);
}

TEST_CASE("counts are written with their noun in the right number", "[ui][first-hour][plural]") {
  CHECK(ui::counted(1, "request") == "1 request");
  CHECK(ui::counted(0, "request") == "0 requests");
  CHECK(ui::counted(2, "reply", "replies") == "2 replies");
  CHECK(ui::counted_plural(1, "datagrams") == "1 datagram");
  CHECK(ui::counted_plural(3, "datagrams") == "3 datagrams");
  CHECK(ui::escape_bytes(std::string(5, 'a'), 4).find("(1 more byte)") != std::string::npos);
  CHECK(ui::escape_bytes(std::string(6, 'a'), 4).find("(2 more bytes)") != std::string::npos);
}

TEST_CASE("long labels in the sidebar end in an ellipsis instead of being cut mid-letter", "[ui][first-hour][clip]") {
  TempDir dir;
  auto opened = FileWorkspaceStore::open(dir.path.string() + "/a-workspace-folder-with-a-rather-long-name-indeed");
  REQUIRE(opened.ok());
  std::unique_ptr<FileWorkspaceStore> store = std::move(opened.value());
  REQUIRE_FALSE(store->write("collections/a-collection-with-a-long-name/an-experiment-with-a-long-name-too.json",
                             serialize_experiment(ui::hello_experiment(8080))));
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(store.get());
  ui::AppState state;
  ui::open_workspace(state, *store);
  ui::HistoryEntry entry;
  entry.experiment.request.method = "GET";
  entry.experiment.request.url = "http://127.0.0.1:8080/a/long/path/in/the/history/list/that/does/not/fit";
  entry.outcome = "200 OK";
  state.history.entries.push_back(entry);
  gui.frames(state, platform, 3);
  CHECK(glyphs_cut_at_edge("sidebar") == 0);  // the workspace tree and its folder's path
  // The history list in a sidebar's width.
  gui.window_frame("narrow", [&] {
    ImGui::BeginChild("sidebar_like", ImVec2(220, 0), true);
    ui::draw_history_panel(state.history);
    ImGui::EndChild();
  });
  CHECK(glyphs_cut_at_edge("narrow") == 0);
}

TEST_CASE("the Layers banner wraps at any width instead of running past the edge", "[ui][integration][first-hour][clip]") {
  LabServers lab;
  LabOptions ports;
  ports.hello_port = 0;
  ports.tcp_echo_port = 0;
  ports.udp_echo_port = 0;
  LabStatus status = lab.start(ports);
  REQUIRE(status.hello_port > 0);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  ui::load_example(state, ui::hello_experiment(status.hello_port));
  state.viewers.open_tab = "Layers";
  ui::send(state, platform);
  frames_until_finished(gui, state, platform);
  for (float width : {1280.0f, 900.0f}) {
    CAPTURE(width);
    ImGui::GetIO().DisplaySize = ImVec2(width, 800);
    gui.frames(state, platform, 3);
    // The response pane minus its tables (their cells clip by design, and scroll).
    CHECK(glyphs_cut_at_edge("/response_") == 0);
  }
}
