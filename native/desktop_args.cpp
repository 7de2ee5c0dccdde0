// native: desktop_args.h.
#include "native/desktop_args.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace wirepad::native {

bool parse_port(const std::string& text, int& port, std::string& error, const std::string& flag) {
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < 0 || v > 65535) {
    error = flag + " takes a port number from 0 to 65535, not '" + text + "'";
    return false;
  }
  port = int(v);
  return true;
}

bool lab_flag(Args& args, LabOptions& lab, bool& no_lab, std::string& error) {
  if (args.flag("", "--no-lab")) return no_lab = true;
  if (auto v = args.value("", "--bind", error)) return lab.bind = *v, true;
  if (auto v = args.value("", "--hello-port", error)) return parse_port(*v, lab.hello_port, error, "--hello-port"), true;
  if (auto v = args.value("", "--tcp-echo-port", error))
    return parse_port(*v, lab.tcp_echo_port, error, "--tcp-echo-port"), true;
  if (auto v = args.value("", "--udp-echo-port", error))
    return parse_port(*v, lab.udp_echo_port, error, "--udp-echo-port"), true;
  if (auto v = args.value("", "--ws-echo-port", error)) {
    if (*v == "-1") return lab.ws_echo_port = -1, true;  // not started (LabOptions::ws_echo_port)
    return parse_port(*v, lab.ws_echo_port, error, "--ws-echo-port"), true;
  }
  if (auto v = args.value("", "--chaos-port", error)) return parse_port(*v, lab.chaos_port, error, "--chaos-port"), true;
  return !error.empty();
}

std::string parse_desktop_args(Args& args, DesktopCommand& command) {
  DesktopOptions& desktop = command.desktop;
  std::string error;
  while (!args.done() && error.empty()) {
    if (auto v = args.value("", "--quit-after-frames", error)) {
      desktop.quit_after_frames = std::atoi(v->c_str());
    } else if (auto v = args.value("", "--screenshot", error)) {
      desktop.screenshot = *v;
    } else if (args.flag("", "--send-on-start")) {
      desktop.send_on_start = true;
    } else if (args.flag("", "--fetch-token-on-start")) {
      desktop.fetch_token_on_start = true;
    } else if (auto v = args.value("", "--renderer", error)) {
      if (*v != "auto" && *v != "gl" && *v != "software") return "--renderer takes auto, gl or software, not '" + *v + "'";
      desktop.renderer = *v;
    } else if (args.flag("", "--startup-report")) {
      desktop.startup_report = true;
    } else if (auto v = args.value("", "--workspace", error)) {
      desktop.workspace = *v;
    } else if (auto v = args.value("", "--open", error)) {
      desktop.open_link = *v;
    } else if (auto v = args.value("", "--open-tab", error)) {
      desktop.open_tab = *v;
    } else if (auto v = args.value("", "--listen", error)) {
      desktop.listen_port = std::atoi(v->c_str());  // the socket lab's Listen tab, TCP on 127.0.0.1
    } else if (lab_flag(args, command.lab, command.no_lab, error)) {
    } else if (error.empty()) {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') return "unknown option '" + a + "'";
      if (a.find("#x=") != std::string::npos) desktop.open_link = a;  // a share link, not a file
      else desktop.open_file = a;
    }
  }
  return error;
}

bool has_display() {
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

std::string desktop_executable_path() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path desktop = self.parent_path() / kDesktopExecutable;
  return ::access(desktop.c_str(), X_OK) == 0 ? desktop.string() : std::string();
}

}  // namespace wirepad::native
