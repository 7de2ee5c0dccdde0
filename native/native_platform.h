// native: ui::Platform for the desktop build. Each exchange runs on PosixTransport's threads;
// the UI thread reads the log under the same lock the transport delivers events with, so a
// frame never sees a half-updated log and the window never waits on the network.
// Depends on: ui/app.h, native/posix_transport.h.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "native/native_services.h"
#include "native/posix_transport.h"
#include "shared/exchange.h"
#include "shared/http_session.h"
#include "shared/socket_session.h"
#include "shared/ws_session.h"
#include "ui/app.h"

namespace wirepad::native {

class NativePlatform final : public ui::Platform {
 public:
  // `wake` is called from network threads after each event (e.g. to push an SDL event).
  explicit NativePlatform(std::function<void()> wake = {});
  ~NativePlatform() override;
  void start(int tab, HttpExchange exchange) override;
  void cancel(int tab, std::string_view by = "the user") override;
  void with_exchange(int tab, const std::function<void(const ExchangeLog*)>& view) override;
  std::shared_ptr<const ExchangeLog> share_finished_exchange(int tab) override;
  void drop_exchange(int tab) override;
  bool wait_for_exchange(int tab, double max_ms) override;
  void start_socket(SocketSession session) override;
  Error queue_socket_step(SocketStep step) override;
  void cancel_socket() override;
  void with_socket(const std::function<void(const SocketLog*)>& view) override;
  Error start_ws(WsSessionOptions options, std::vector<WsStep> steps) override;
  Error queue_ws_step(WsStep step) override;
  void cancel_ws() override;
  void with_ws(const std::function<void(const WsLog*)>& view) override;
  ui::LocalServices* local() override { return &services_; }
  bool can_create_before_connect() const override { return transport_.can_hold_before_connect(); }
  ProxyEnvironment proxy_environment() const override;  // getenv, once per send
  // The loopback redirect (native/oauth_loopback.h), waited for on a thread of its own.
  Result<std::string> begin_authorization(int tab, const std::string& configured) override;
  void open_authorization(int tab, const std::string& url) override;
  std::optional<Result<std::string>> poll_authorization(int tab) override;
  void cancel_authorization(int tab) override;
  // How long a sign-in is waited for: 5 minutes (the desktop and the browser alike); a test of
  // the timeout shortens it.
  void set_authorization_timeout_ms(int ms) { authorization_timeout_ms_ = ms; }

 private:
  std::shared_ptr<std::mutex> lock_;
  PosixTransport transport_;
  std::unique_ptr<HttpSession> session_;  // keep-alive: idle connections between sends
  // Each tab's exchange: in flight (call), or finished and shared (finished).
  struct Slot {
    std::unique_ptr<HttpCall> call;
    std::shared_ptr<const ExchangeLog> finished;
  };
  std::map<int, Slot> slots_;
  std::unique_ptr<SocketCall> socket_;
  std::unique_ptr<WsCall> ws_;
  NativeServices services_;  // the socket lab's listener and files
  std::function<void()> wake_;
  struct AuthorizationWait;
  std::map<int, std::shared_ptr<AuthorizationWait>> authorizations_;
  int authorization_timeout_ms_ = 5 * 60 * 1000;
};

}  // namespace wirepad::native
