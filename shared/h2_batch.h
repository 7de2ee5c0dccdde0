// wirepad core: several requests to one origin over one HTTP/2 connection, as concurrent
// streams (RFC 9113 §5): what `wirepad send --http2 URL URL ...` does with URLs that share an
// origin, and what makes 10,000 small requests cost one connection. Each request keeps its own
// ExchangeLog (response, body, timings, timeline); the connection's bytes, wire chunks and
// frames are kept once, in connection().
// Depends on: exchange.h, h2_client.h, transport.h.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "exchange.h"
#include "h2_client.h"
#include "transport.h"

namespace wirepad {

class H2Batch : private ConnectionEvents {
 public:
  // `exchanges` all go to the first one's origin (same scheme, host and port; the caller
  // checks) and ask for HTTP/2 (options.http_version http2 or prior knowledge). At most
  // `max_in_flight` streams are open at once (and never more than the server allows).
  H2Batch(Transport& transport, std::vector<HttpExchange> exchanges, std::size_t max_in_flight = 100);
  ~H2Batch() override;
  void start();
  void cancel(std::string_view by = "the user");
  bool finished() const;
  std::size_t size() const { return exchanges_.size(); }
  const ExchangeLog& log(std::size_t i) const { return exchanges_[i].log(); }
  ExchangeLog take_log(std::size_t i) { return exchanges_[i].take_log(); }
  // The connection: its timeline, timings, TLS, bytes both ways and every frame (http2).
  const ExchangeLog& connection() const { return connection_log_; }
  // The server did not choose h2 in ALPN: nothing was sent, every exchange failed with a
  // message saying so; the caller may send them one by one over HTTP/1.1 instead.
  bool refused_h2() const { return refused_h2_; }
  // Each log handed over as soon as it and every one before it are finished, in the order
  // given: a batch of 10,000 then holds only what is in flight, and a caller can print as
  // answers come. `take` gets the index and the log (log(i)/take_log(i) are empty after). Not
  // while the server refused h2 (refused_h2()): those stay, to be sent one by one.
  using TakeFinished = std::function<void(std::size_t index, ExchangeLog log)>;
  void hand_over_finished(TakeFinished take) { take_ = std::move(take); }

 private:
  void on_relay_open(double now) override;
  void on_relay_report(const RelayReport& report, double now) override;
  void on_resolved(const std::string& address, double now) override;
  void on_connected(double now) override;
  void on_secured(const TlsFacts& facts, double now) override;
  void on_data(std::string_view bytes, double now) override;
  void on_closed(double now) override;
  void on_error(const Error& error, double now) override;
  double next_deadline() const override;
  void on_tick(double now) override;

  void begin_h2(double now, const std::string& how);
  void submit_more(double now);  // attach waiting exchanges while streams are free
  void progress(double now);     // after a read: every attached exchange looks at its stream
  void flush(double now);        // write what nghttp2 wants sent; close when all are finished
  void event(double now, std::string text);
  void hand_over();  // to take_, the finished prefix not handed over yet

  Transport& transport_;
  std::vector<HttpExchange> exchanges_;
  std::size_t max_in_flight_;
  std::shared_ptr<H2Client> client_;
  std::unique_ptr<Connection> connection_;
  ExchangeLog connection_log_;
  std::string how_;
  std::size_t next_ = 0;  // the first exchange not attached yet
  // Exchanges before this one are all finished (they finish roughly in order, so the scans
  // below start here and a batch of 10,000 does not walk all of them on every read).
  mutable std::size_t first_unfinished_ = 0;
  std::size_t skip_finished() const;
  double started_ = 0;
  bool refused_h2_ = false;
  TakeFinished take_;
  std::size_t handed_ = 0;  // logs before this one went to take_
};

}  // namespace wirepad
