// wirepad core: H2Batch (h2_batch.h), many exchanges as streams of one HTTP/2 connection.
#include "h2_batch.h"

#include <algorithm>

namespace wirepad {

H2Batch::H2Batch(Transport& transport, std::vector<HttpExchange> exchanges, std::size_t max_in_flight)
    : transport_(transport), exchanges_(std::move(exchanges)), max_in_flight_(std::max<std::size_t>(1, max_in_flight)) {
  for (HttpExchange& e : exchanges_) e.join_h2_batch();
}

H2Batch::~H2Batch() {
  if (connection_) connection_->close();
}

void H2Batch::event(double now, std::string text) { connection_log_.events.push_back({now - started_, std::move(text)}); }

void H2Batch::start() {
  if (exchanges_.empty()) return;
  started_ = transport_.now();
  connection_log_.started_unix_ms = transport_.unix_ms();
  connection_log_.phase = Phase::resolving;
  connection_log_.target_url = exchanges_[0].log().target_url;
  for (HttpExchange& e : exchanges_) e.start(started_, connection_log_.started_unix_ms);
  event(started_, "one connection for " + std::to_string(exchanges_.size()) + " requests, multiplexed as HTTP/2 streams");
  // open() may deliver events before it returns; flush() waits for connection_ to exist.
  std::unique_ptr<Connection> connection = transport_.open(exchanges_[0].endpoint(), *this);
  connection_ = std::move(connection);
  flush(transport_.now());
}

void H2Batch::cancel(std::string_view by) {
  const double now = transport_.now();
  for (HttpExchange& e : exchanges_) e.cancel(now, by);
  if (connection_) connection_->close();
  connection_log_.phase = Phase::cancelled;
}

std::size_t H2Batch::skip_finished() const {
  while (first_unfinished_ < exchanges_.size() && exchanges_[first_unfinished_].finished()) ++first_unfinished_;
  return first_unfinished_;
}

bool H2Batch::finished() const { return skip_finished() == exchanges_.size(); }

void H2Batch::on_relay_open(double now) {
  for (HttpExchange& e : exchanges_) e.on_relay_open(now);
}

void H2Batch::on_relay_report(const RelayReport& report, double now) {
  for (HttpExchange& e : exchanges_) e.on_relay_report(report, now);
}

void H2Batch::on_resolved(const std::string& address, double now) {
  connection_log_.remote_address = address;
  connection_log_.timings.namelookup = now - started_;
  event(now, "connecting to " + address);
  for (HttpExchange& e : exchanges_) e.on_resolved(address, now);
}

void H2Batch::on_connected(double now) {
  connection_log_.timings.connect = now - started_;
  event(now, "connected");
  for (HttpExchange& e : exchanges_) e.on_connected(now);
  if (!exchanges_[0].endpoint().tls) {
    if (exchanges_[0].http_version() == HttpVersion::http2_prior_knowledge) {
      begin_h2(now, "prior knowledge");
    } else {  // only prior knowledge speaks HTTP/2 on plain TCP (docs/http2.md)
      refused_h2_ = true;
      Error error = make_error(ErrorCode::http2_error, "HTTP/2 on plain http needs prior knowledge: the requests could not share one connection, and none was sent.");
      for (HttpExchange& e : exchanges_) e.on_error(error, now);
    }
  }
  flush(now);
}

void H2Batch::on_secured(const TlsFacts& facts, double now) {
  connection_log_.tls = facts;
  connection_log_.timings.appconnect = now - started_;
  for (HttpExchange& e : exchanges_) e.on_secured(facts, now);
  if (facts.alpn == "h2") {
    begin_h2(now, "ALPN h2");
  } else {
    refused_h2_ = true;
    Error error = make_error(ErrorCode::http2_error, "The server chose " + (facts.alpn.empty() ? std::string("no protocol") : facts.alpn) +
                                                          " in ALPN, not h2: the requests could not share one connection, and none was sent.");
    event(now, error.message);
    for (HttpExchange& e : exchanges_) e.on_error(error, now);
  }
  flush(now);
}

void H2Batch::begin_h2(double now, const std::string& how) {
  if (client_) return;
  client_ = std::make_shared<H2Client>();
  how_ = how + ", multiplexed";
  connection_log_.http2.used = true;
  connection_log_.http2.how = how_;
  connection_log_.phase = Phase::waiting;
  event(now, "speaking HTTP/2 (" + how + ")");
  submit_more(now);
}

void H2Batch::submit_more(double now) {
  if (!client_ || !client_->alive()) return;
  std::size_t in_flight = 0;
  for (std::size_t i = skip_finished(); i < next_; ++i) in_flight += exchanges_[i].finished() ? 0 : 1;
  const std::size_t limit = std::min<std::size_t>(max_in_flight_, std::max<std::uint32_t>(1, client_->remote_max_streams()));
  while (next_ < exchanges_.size() && in_flight < limit) {
    HttpExchange& e = exchanges_[next_++];
    if (e.finished()) continue;
    e.attach_h2(client_, now, how_);
    ++in_flight;
  }
}

void H2Batch::progress(double now) {
  for (std::size_t i = skip_finished(); i < next_; ++i) exchanges_[i].on_h2_progress(now);
}

void H2Batch::flush(double now) {
  if (!connection_) return;
  if (client_) {
    std::string out = client_->take_outgoing(now - started_);
    if (!out.empty()) {
      connection_log_.wire.push_back({true, now - started_, connection_log_.bytes_sent.size(), out.size()});
      connection_log_.bytes_sent += out;
      connection_->send(out);
    }
    client_->copy_new_frames(connection_log_.http2.frames);
    if (client_->error()) progress(now);  // each exchange fails with the connection's error
  }
  hand_over();
  if (finished()) {
    connection_log_.timings.total = now - started_;
    if (connection_log_.phase != Phase::cancelled) connection_log_.phase = Phase::done;
    connection_->close();
  }
}

void H2Batch::hand_over() {
  if (!take_ || refused_h2_) return;
  while (handed_ < exchanges_.size() && exchanges_[handed_].finished()) {
    ExchangeLog log = exchanges_[handed_].take_log();
    // Its stream's state in the session (fields, data taken) is not needed any more either.
    if (client_ && log.http2.stream > 0) client_->forget_stream(log.http2.stream);
    take_(handed_++, std::move(log));
  }
}

void H2Batch::on_data(std::string_view bytes, double now) {
  if (connection_log_.timings.starttransfer < 0) connection_log_.timings.starttransfer = now - started_;
  connection_log_.wire.push_back({false, now - started_, connection_log_.bytes_received.size(), bytes.size()});
  connection_log_.bytes_received.append(bytes);
  if (!client_) return;
  client_->receive(bytes, now - started_);
  progress(now);
  submit_more(now);
  flush(now);
}

void H2Batch::on_closed(double now) {
  event(now, "connection closed by the server");
  Error unsent = make_error(ErrorCode::closed_early, "The server closed the shared connection before this request was sent on it.");
  for (std::size_t i = 0; i < exchanges_.size(); ++i) {
    if (i < next_) exchanges_[i].on_closed(now);
    else exchanges_[i].on_error(unsent, now);
  }
  flush(now);
}

void H2Batch::on_error(const Error& error, double now) {
  event(now, error.message);
  connection_log_.error = error;
  connection_log_.phase = Phase::failed;
  for (HttpExchange& e : exchanges_) e.on_error(error, now);
  flush(now);
}

double H2Batch::next_deadline() const {
  double deadline = -1;
  // The attached ones, and the first still waiting (the others wait with the same limits).
  const std::size_t end = std::min(exchanges_.size(), next_ + 1);
  for (std::size_t i = skip_finished(); i < end; ++i) {
    const HttpExchange& e = exchanges_[i];
    if (e.finished()) continue;
    double d = e.next_deadline();
    if (d >= 0 && (deadline < 0 || d < deadline)) deadline = d;
  }
  return deadline;
}

void H2Batch::on_tick(double now) {
  for (HttpExchange& e : exchanges_) e.on_tick(now);
  submit_more(now);  // a timed-out stream frees its place (its stream is left to the server)
  flush(now);
}

}  // namespace wirepad
