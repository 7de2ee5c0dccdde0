// native: ui::LocalServices for the desktop: the socket lab's listener (PosixListener) and
// file access for payloads and saved scripts.
// Depends on: ui/local_services.h, native/posix_listener.h.
#pragma once
#include <functional>

#include "native/posix_listener.h"
#include "ui/local_services.h"

namespace wirepad::native {

class NativeServices final : public ui::LocalServices {
 public:
  explicit NativeServices(std::function<void()> wake = {}) : listener_(std::move(wake)) {}
  Error start_listen(const ListenRequest& request) override { return listener_.start(request); }
  void stop_listen() override { listener_.stop(); }
  Error listen_send(int peer, std::string_view bytes) override { return listener_.send(peer, bytes); }
  Error listen_shutdown(int peer) override { return listener_.shutdown_write(peer); }
  Error listen_close(int peer) override { return listener_.close_peer(peer); }
  Error join_group(const std::string& group, const std::string& interface_name) override { return listener_.join(group, interface_name); }
  Error leave_group(const std::string& group, const std::string& interface_name) override { return listener_.leave(group, interface_name); }
  void with_listen(const std::function<void(const ListenLog*)>& view) override { listener_.with_log(view); }
  Result<std::string> read_file(const std::string& path) override;
  Error write_file(const std::string& path, std::string_view contents) override;

 private:
  PosixListener listener_;
};

}  // namespace wirepad::native
