// web: ui::Platform for the browser build. Exchanges run over the WebTransport; the browser
// has one thread, so the log is read without a lock.
// Depends on: ui/app.h, web/web_transport.h.
#pragma once
#include <functional>
#include <map>
#include <memory>

#include "shared/exchange.h"
#include "shared/http_session.h"
#include "shared/socket_session.h"
#include "shared/ws_session.h"
#include "ui/app.h"
#include "web/fetch_call.h"
#include "web/web_oauth.h"
#include "web/web_transport.h"

namespace wirepad::web {

class WebPlatform final : public ui::Platform {
 public:
  explicit WebPlatform(WebTransport& transport) : transport_(transport) {}
  void start(int tab, HttpExchange exchange) override;
  void cancel(int tab, std::string_view by = "the user") override;
  void with_exchange(int tab, const std::function<void(const ExchangeLog*)>& view) override;
  std::shared_ptr<const ExchangeLog> share_finished_exchange(int tab) override;
  void drop_exchange(int tab) override;
  void start_socket(SocketSession session) override;
  Error queue_socket_step(SocketStep step) override;
  void cancel_socket() override;
  void with_socket(const std::function<void(const SocketLog*)>& view) override;
  bool can_create_before_connect() const override { return transport_.can_hold_before_connect(); }
  Error start_ws(WsSessionOptions options, std::vector<WsStep> steps) override;
  Error queue_ws_step(WsStep step) override;
  void cancel_ws() override;
  void with_ws(const std::function<void(const WsLog*)>& view) override;
  const WsLog* current_ws() const { return ws_ ? &ws_->log() : nullptr; }
  // Picked files, kept in IndexedDB (web/web_request_files.h).
  bool picks_files() const override { return true; }
  void pick_request_file(std::function<void(std::string name)> picked) override;
  std::vector<StoredFile> stored_request_files() const override;
  Result<std::string> read_stored_request_file(const std::string& name) const override;
  Error forget_request_file(const std::string& name) override;
  const SocketLog* current_socket() const { return socket_ ? &socket_->log() : nullptr; }
  // The tab's exchange log, or nullptr when it started none.
  const ExchangeLog* current(int tab) const;
  // OAuth 2.0 authorization code: a popup, and web/oauth-callback.html as the redirect URI.
  Result<std::string> begin_authorization(int tab, const std::string& configured) override;
  void open_authorization(int tab, const std::string& url) override;
  std::optional<Result<std::string>> poll_authorization(int tab) override;
  void cancel_authorization(int tab) override;

 private:
  WebTransport& transport_;
  HttpSession session_{transport_};  // keep-alive: idle relay connections between sends
  // Each tab's exchange: in flight (call, or fetch when the page has no relay), or finished
  // and shared (finished).
  struct Slot {
    std::unique_ptr<HttpCall> call;
    std::unique_ptr<FetchCall> fetch;
    std::shared_ptr<const ExchangeLog> finished;
  };
  std::map<int, Slot> slots_;
  std::unique_ptr<SocketCall> socket_;
  std::unique_ptr<WsCall> ws_;
  std::map<int, WebOAuth> sign_ins_;
};

}  // namespace wirepad::web
