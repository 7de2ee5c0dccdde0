// native: the lab servers every socket tutorial starts with, run in-process by `wirepad lab`,
// the desktop app and `wirepad serve`: an HTTP hello-world server (cpp-httplib; the
// httpbin-style endpoints of lab_httpbin.h share its port), a TCP echo server, a UDP echo
// server and a WebSocket echo server (lab_ws_echo.h), all on 127.0.0.1; on request also the
// chaos lab, an HTTP server that misbehaves on purpose.
// Depends on: cpp-httplib, POSIX sockets, lab_ws_echo.h (Boost.Beast).
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace wirepad::native {

struct LabOptions {
  std::string bind = "127.0.0.1";
  int hello_port = 8080;  // 0 = any free port
  int tcp_echo_port = 9000;
  int udp_echo_port = 9001;
  int ws_echo_port = 9002;  // -1 = not started
  // The chaos lab (native/chaos_server.h): -1 = not started (the default, so the desktop app
  // and `serve` start it only when asked), 0 = any free port. `wirepad lab` uses 8081.
  int chaos_port = -1;
};

// One line per server or per failure, e.g. "hello   http://127.0.0.1:8080/" or
// "tcp-echo not started: port 9000 is in use (choose another with --tcp-echo-port)".
struct LabStatus {
  int hello_port = 0;  // 0 when not running
  int tcp_echo_port = 0;
  int udp_echo_port = 0;
  int ws_echo_port = 0;
  int chaos_port = 0;
  std::vector<std::string> lines;
};

class LabServers {
 public:
  LabServers();
  ~LabServers();  // stops every server and joins its thread
  // Starts what it can; a port already taken is reported in the status, never fatal.
  LabStatus start(const LabOptions& options);
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirepad::native
