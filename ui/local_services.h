// ui: what only the desktop build can do for the socket lab: listen (a TCP server or a bound
// UDP socket, multicast groups) and read or write files (a file as a payload, a script saved
// as an experiment). The browser has none of it (Platform::local() is null there), and the
// panels say why instead of offering it.
// Depends on: shared/ only.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "shared/error.h"
#include "shared/listen_log.h"

namespace wirepad::ui {

class LocalServices {
 public:
  virtual ~LocalServices() = default;
  virtual Error start_listen(const ListenRequest& request) = 0;
  virtual void stop_listen() = 0;
  virtual Error listen_send(int peer, std::string_view bytes) = 0;
  virtual Error listen_shutdown(int peer) = 0;
  virtual Error listen_close(int peer) = 0;
  virtual Error join_group(const std::string& group, const std::string& interface_name) = 0;
  virtual Error leave_group(const std::string& group, const std::string& interface_name) = 0;
  // `view` gets nullptr before the first listen; it must not call back into the services.
  virtual void with_listen(const std::function<void(const ListenLog*)>& view) = 0;
  virtual Result<std::string> read_file(const std::string& path) = 0;
  virtual Error write_file(const std::string& path, std::string_view contents) = 0;
};

// The listen panel's inputs.
struct ListenComposer {
  bool udp = false;
  std::string bind = "0.0.0.0";
  int port = 5000;
  bool broadcast = false;
  std::string group = "239.255.0.1";
  std::string interface_name;
  int selected_peer = 0;  // ListenPeer::id whose transcript is shown; 0 = the newest
  std::string reply = "hello from the server\\r\\n";
  bool hex_view = false;
  Error error;
};

}  // namespace wirepad::ui
