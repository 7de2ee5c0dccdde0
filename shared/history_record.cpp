// wirepad core: history_record.h. Depends on: history_record.h, base64.h, nlohmann-json
// (this file only, without exceptions).
#include "history_record.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "base64.h"
#include "content_decoding.h"
#include "h2_frame.h"
#include "http_message.h"
#include "json_input.h"

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

Error record_error(std::string message) { return make_error(ErrorCode::invalid_experiment, "history: " + std::move(message)); }

template <class Fields>  // Headers or FieldList
Json headers_json(const Fields& headers) {
  Json out = Json::array();
  for (const auto& h : headers) out.push_back(Json{{"name", h.name}, {"value", h.value}});
  return out;
}

// Readers that never throw: nlohmann's value() throws on a non-object or a wrong type, and
// the browser build has no exceptions. find() on a non-object is simply end().
std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

const Json& member(const Json& j, const char* key) {
  static const Json missing;
  auto it = j.find(key);
  return it != j.end() ? *it : missing;
}

Headers headers_from(const Json& j) {
  Headers out;
  if (!j.is_array()) return out;
  for (const Json& h : j)
    if (member(h, "name").is_string()) out.push_back({text(h, "name"), text(h, "value")});
  return out;
}

double number(const Json& j, const char* key, double fallback = -1) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

Phase phase_from(const std::string& name) {
  for (Phase p : {Phase::idle, Phase::resolving, Phase::connecting, Phase::tls_handshake, Phase::sending, Phase::waiting,
                  Phase::receiving, Phase::done, Phase::failed, Phase::cancelled})
    if (to_string(p) == name) return p;
  return Phase::failed;
}

ErrorCode code_from(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::cancelled); ++i)
    if (to_string(static_cast<ErrorCode>(i)) == name) return static_cast<ErrorCode>(i);
  return ErrorCode::io_error;
}

}  // namespace

std::string exchange_outcome(const ExchangeLog& log) {
  if (log.phase == Phase::done) return std::to_string(log.response.status) + " " + log.response.reason;
  return std::string(to_string(log.error.code));
}

std::string serialize_history_record(const HistoryRecord& record) {
  return serialize_history_record(record.experiment, record.environment, record.unix_time, record.log);
}

std::string serialize_history_record(const Experiment& experiment, const std::string& environment,
                                     std::int64_t unix_time, const ExchangeLog& log, std::size_t max_received) {
  const std::size_t kept = std::min(log.bytes_received.size(), max_received);
  const std::uint64_t not_kept = log.received_not_kept + (log.bytes_received.size() - kept);
  Json root = Json::object();
  root["wirepad_history"] = kHistoryFormatVersion;
  root["time"] = unix_time;
  root["environment"] = environment;
  // Before the experiment and the exchange: parse_history_summary reads only the file's start.
  root["summary"] = Json{{"outcome", exchange_outcome(log)},
                         {"failed", log.phase != Phase::done},
                         {"total", log.timings.total},
                         {"received", log.received_size()},
                         {"url", log.target_url},
                         {"remote_address", log.remote_address}};
  root["experiment"] = Json::parse(serialize_experiment(experiment), nullptr, false);
  Json x = Json::object();
  x["phase"] = std::string(to_string(log.phase));
  x["url"] = log.target_url;
  x["remote_address"] = log.remote_address;
  if (log.started_unix_ms != 0) x["started_unix_ms"] = log.started_unix_ms;  // missing: unknown (older records)
  x["request"] = Json{{"method", log.request.method},
                      {"url", log.request.url},
                      {"headers", headers_json(log.request.headers)},
                      {"body_base64", encode_base64url(log.request.body)}};
  x["sent_headers"] = headers_json(log.sent_headers);
  x["timings"] = Json{{"namelookup", log.timings.namelookup}, {"connect", log.timings.connect},
                      {"appconnect", log.timings.appconnect}, {"pretransfer", log.timings.pretransfer},
                      {"starttransfer", log.timings.starttransfer}, {"total", log.timings.total}};
  if (const RelayTimings& r = log.timings.relay; r.used())
    x["timings"]["relay"] = Json{{"open", r.open}, {"answered", r.answered}, {"dns", r.dns}, {"connect", r.connect}, {"tls", r.tls}};
  x["has_response_head"] = log.has_response_head;
  const HttpResponse& r = log.response;
  x["response"] = Json{{"version", std::to_string(r.version_major) + "." + std::to_string(r.version_minor)},
                       {"status", r.status},
                       {"reason", r.reason},
                       {"headers", headers_json(r.headers)},
                       {"trailers", headers_json(r.trailers)}};
  // A body that is a range of the received bytes is written as that range, not a second time.
  if (log.body_in_received) {
    std::size_t size = log.body_offset >= kept ? 0 : std::min(log.body_size, kept - log.body_offset);
    x["response"]["body_range"] = Json{{"offset", std::min(log.body_offset, kept)}, {"size", size}};
  } else {
    x["response"]["body_base64"] = encode_base64url(log.body().substr(0, max_received));
  }
  Json interim = Json::array();
  for (const InterimResponse& i : r.interim)
    interim.push_back(Json{{"status", i.status}, {"reason", i.reason}, {"headers", headers_json(i.headers)}});
  x["response"]["interim"] = std::move(interim);
  x["bytes_sent_base64"] = encode_base64url(log.bytes_sent);
  x["bytes_received_base64"] = "";  // spliced in below, encoded straight into the text
  // The wire order without repeating the bytes: sizes slice bytes_sent/bytes_received.
  Json wire = Json::array();
  for (const WireChunk& c : log.wire) wire.push_back(Json{{"sent", c.sent}, {"at", c.at}, {"size", c.size}});
  x["wire"] = std::move(wire);
  Json events = Json::array();
  for (const ExchangeEvent& e : log.events) events.push_back(Json{{"at", e.at}, {"text", e.text}});
  x["events"] = std::move(events);
  x["tls"] = log.tls ? Json{{"version", log.tls->version}, {"cipher", log.tls->cipher}, {"alpn", log.tls->alpn}, {"chain", log.tls->chain}}
                     : Json(nullptr);
  // HTTP/2: how it was chosen and our stream. The frames are found again in the bytes when the
  // record is read (their decoded field blocks are not kept: HPACK needs the whole connection).
  if (log.http2.used) x["http2"] = Json{{"how", log.http2.how}, {"stream", log.http2.stream}};
  x["warnings"] = log.warnings;
  if (kept < log.bytes_received.size())
    x["warnings"].push_back("the history kept the first " + std::to_string(kept) + " of the " +
                            std::to_string(log.received_size()) + " bytes received");
  if (not_kept > 0) x["received_not_kept"] = not_kept;
  x["error"] = log.error ? Json{{"code", std::string(to_string(log.error.code))}, {"message", log.error.message}, {"offset", log.error.offset}}
                         : Json(nullptr);
  root["exchange"] = std::move(x);
  // The received bytes are most of a large record: encoding them into a JSON value and then
  // dumping it would hold them twice more. The marker is unique: inside any JSON string its
  // quotes would be escaped.
  std::string text = root.dump(1, ' ', false, Json::error_handler_t::replace);
  constexpr std::string_view marker = "\"bytes_received_base64\": \"";
  std::size_t at = text.find(marker) + marker.size();
  std::string out;
  out.reserve(text.size() + (kept + 2) / 3 * 4 + 1);
  out.append(text, 0, at);
  append_base64url(out, std::string_view(log.bytes_received).substr(0, kept));
  out.append(text, at, std::string::npos);
  out += "\n";
  return out;
}

// The decoded body is not stored (it can be rebuilt, and is often 10x the encoded one): a
// re-opened gzip or br response decodes it again, so it reads as it did when it arrived.
static void redo_display_decoding(ExchangeLog& log) {
  const std::string value = combined_field_value(log.response.headers, "Content-Encoding");
  if (value.empty()) return;
  log.decoding.coding = value;
  Result<std::vector<ContentCoding>> codings = parse_content_encoding(value);
  if (!codings) {
    log.decoding.error = codings.error();
    return;
  }
  if (codings.value().empty()) {
    log.decoding.coding.clear();  // "identity": nothing to undo
    return;
  }
  if (log.body().empty()) {  // HEAD, 204, 304: nothing to undo
    log.decoding.complete = true;
    return;
  }
  ContentDecoder decoder(std::move(codings.value()));
  bool failed = decoder.feed(log.body(), log.decoding.decoded) == DecodeStatus::error;
  // A body cut for the history (received_not_kept) decodes as far as it goes, like one in flight.
  const bool whole = log.phase == Phase::done && log.received_not_kept == 0;
  if (!failed && whole) failed = decoder.finish(log.decoding.decoded) == DecodeStatus::error;
  if (failed) {
    log.decoding.error = decoder.error();
    std::string().swap(log.decoding.decoded);
    return;
  }
  log.decoding.complete = whole;
}

Result<HistoryRecord> parse_history_record(std::string_view json) {
  if (Error nul = json_input::check_no_nul(json, "the record")) return record_error(nul.message);
  Json root = json_input::parse_whole<Json>(json);
  if (root.is_discarded() || !root.is_object()) return record_error("not a JSON object");
  auto version = root.find("wirepad_history");
  if (version == root.end() || !version->is_number_integer()) return record_error("wirepad_history (the format version) is missing");
  if (version->get<std::int64_t>() > kHistoryFormatVersion) return record_error("written by a newer Wirepad");
  HistoryRecord record;
  if (member(root, "time").is_number_integer()) record.unix_time = member(root, "time").get<std::int64_t>();
  record.environment = text(root, "environment");
  if (!root.contains("experiment") || !root["experiment"].is_object()) return record_error("experiment is missing");
  Result<Experiment> experiment = parse_experiment(root["experiment"].dump());
  if (!experiment) return record_error("experiment: " + experiment.error().message);
  record.experiment = std::move(experiment.value());
  auto xi = root.find("exchange");
  if (xi == root.end() || !xi->is_object()) return record_error("exchange is missing");
  const Json& x = *xi;
  ExchangeLog& log = record.log;
  auto bytes = [&](const Json& j, const char* key, std::string& out) -> Error {
    Result<std::string> b = decode_base64url(text(j, key));
    if (!b) return record_error(std::string(key) + ": " + b.error().message);
    out = std::move(b.value());
    return {};
  };
  log.phase = phase_from(text(x, "phase"));
  log.target_url = text(x, "url");
  log.remote_address = text(x, "remote_address");
  if (const Json& started = member(x, "started_unix_ms"); started.is_number_integer())
    log.started_unix_ms = started.get<std::int64_t>();
  if (x.contains("request") && x["request"].is_object()) {
    const Json& q = x["request"];
    log.request.method = text(q, "method");
    log.request.url = text(q, "url");
    log.request.headers = headers_from(member(q, "headers"));
    if (Error e = bytes(q, "body_base64", log.request.body)) return e;
  }
  log.sent_headers = headers_from(member(x, "sent_headers"));
  if (x.contains("timings") && x["timings"].is_object()) {
    const Json& t = x["timings"];
    log.timings.namelookup = number(t, "namelookup");
    log.timings.connect = number(t, "connect");
    log.timings.appconnect = number(t, "appconnect");
    log.timings.pretransfer = number(t, "pretransfer");
    log.timings.starttransfer = number(t, "starttransfer");
    log.timings.total = number(t, "total");
    if (t.contains("relay") && t["relay"].is_object()) {
      const Json& r = t["relay"];
      log.timings.relay = {number(r, "open"), number(r, "answered"), number(r, "dns"), number(r, "connect"), number(r, "tls")};
    }
  }
  log.has_response_head = flag(x, "has_response_head");
  if (x.contains("response") && x["response"].is_object()) {
    const Json& r = x["response"];
    std::string v = text(r, "version");
    if (v.size() == 3 && v[1] == '.') {
      log.response.version_major = v[0] - '0';
      log.response.version_minor = v[2] - '0';
    }
    log.response.status = static_cast<int>(number(r, "status", 0));
    log.response.reason = text(r, "reason");
    log.response.headers = to_field_list(headers_from(member(r, "headers")));
    log.response.trailers = to_field_list(headers_from(member(r, "trailers")));
    if (Error e = bytes(r, "body_base64", log.response.body)) return e;
    if (r.contains("interim") && r["interim"].is_array())
      for (const Json& i : r["interim"])
        log.response.interim.push_back({static_cast<int>(number(i, "status", 0)), text(i, "reason"), to_field_list(headers_from(member(i, "headers")))});
  }
  if (Error e = bytes(x, "bytes_sent_base64", log.bytes_sent)) return e;
  if (Error e = bytes(x, "bytes_received_base64", log.bytes_received)) return e;
  if (const Json& n = member(x, "received_not_kept"); n.is_number_unsigned()) log.received_not_kept = n.get<std::uint64_t>();
  if (const Json& range = member(member(x, "response"), "body_range"); range.is_object()) {
    const Json& offset = member(range, "offset");
    const Json& size = member(range, "size");
    if (!offset.is_number_unsigned() || !size.is_number_unsigned() ||
        offset.get<std::uint64_t>() > log.bytes_received.size() ||
        size.get<std::uint64_t>() > log.bytes_received.size() - offset.get<std::uint64_t>())
      return record_error("exchange.response.body_range is not a range of the bytes received");
    log.body_in_received = true;
    log.body_offset = offset.get<std::size_t>();
    log.body_size = size.get<std::size_t>();
  }
  // Older records wrote the body out; when it is the tail of the received bytes, hold it there
  // once, as a live exchange does (ExchangeLog::body()).
  const std::string& body = log.response.body;
  if (!body.empty() && body.size() <= log.bytes_received.size() &&
      log.bytes_received.compare(log.bytes_received.size() - body.size(), body.size(), body) == 0) {
    log.body_in_received = true;
    log.body_offset = log.bytes_received.size() - body.size();
    log.body_size = body.size();
    std::string().swap(log.response.body);
  }
  std::size_t sent_at = 0, received_at = 0;
  if (x.contains("wire") && x["wire"].is_array()) {
    for (const Json& c : x["wire"]) {
      WireChunk chunk;
      chunk.sent = flag(c, "sent");
      chunk.at = number(c, "at", 0);
      const Json& size_json = member(c, "size");
      std::size_t size = size_json.is_number_unsigned() ? size_json.get<std::size_t>() : 0;
      std::string& all = chunk.sent ? log.bytes_sent : log.bytes_received;
      std::size_t& from = chunk.sent ? sent_at : received_at;
      // Received bytes past what was kept (a large body cut for the history) still have their
      // chunks: bytes_of() shows what is there.
      const bool cut = !chunk.sent && log.received_not_kept > 0;
      if (from + size > all.size() && !cut) return record_error("exchange.wire does not match the bytes recorded");
      chunk.offset = from;
      chunk.size = size;
      from += size;
      log.wire.push_back(std::move(chunk));
    }
  }
  if (const Json& h2 = member(x, "http2"); h2.is_object()) {
    log.http2.used = true;
    log.http2.how = text(h2, "how");
    log.http2.stream = static_cast<std::int32_t>(number(h2, "stream", 0));
    H2FrameSplitter sent(true, begins_with_h2_preface(log.bytes_sent)), received(false, false);
    for (const WireChunk& c : log.wire) (c.sent ? sent : received).feed(log.bytes_of(c), c.at, log.http2.frames);
  }
  if (x.contains("events") && x["events"].is_array())
    for (const Json& e : x["events"]) log.events.push_back({number(e, "at", 0), text(e, "text")});
  if (x.contains("tls") && x["tls"].is_object()) {
    const Json& t = x["tls"];
    TlsFacts facts;
    facts.version = text(t, "version");
    facts.cipher = text(t, "cipher");
    facts.alpn = text(t, "alpn");
    if (member(t, "chain").is_array())
      for (const Json& c : member(t, "chain"))
        if (c.is_string()) facts.chain.push_back(c.get<std::string>());
    log.tls = facts;
  }
  if (x.contains("warnings") && x["warnings"].is_array())
    for (const Json& w : x["warnings"])
      if (w.is_string()) log.warnings.push_back(w.get<std::string>());
  if (x.contains("error") && x["error"].is_object()) {
    const Json& e = x["error"];
    log.error = make_error(code_from(text(e, "code")), text(e, "message"),
                           member(e, "offset").is_number_integer() ? member(e, "offset").get<std::int64_t>() : -1);
  }
  redo_display_decoding(log);
  return record;
}

namespace {

// Builds the record's DOM like nlohmann's own SAX DOM builder, and stops at the "exchange"
// member of the root: what comes before it is whole, the rest is never read.
class SummarySax : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  explicit SummarySax(Json& root) : json_sax_dom_parser(root, false) {}
  bool reached_exchange = false;
  bool start_object(std::size_t n) { ++depth_; return json_sax_dom_parser::start_object(n); }
  bool end_object() { --depth_; return json_sax_dom_parser::end_object(); }
  bool start_array(std::size_t n) { ++depth_; return json_sax_dom_parser::start_array(n); }
  bool end_array() { --depth_; return json_sax_dom_parser::end_array(); }
  bool key(std::string& name) {
    if (depth_ == 1 && name == "exchange") {
      reached_exchange = true;
      return false;  // stop: the summary and the experiment are behind us
    }
    return json_sax_dom_parser::key(name);
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  int depth_ = 0;
};

}  // namespace

HistorySummary summarize_history_record(const HistoryRecord& record) {
  return summarize_exchange(record.experiment, record.environment, record.unix_time, record.log);
}

HistorySummary summarize_exchange(const Experiment& experiment, const std::string& environment, std::int64_t unix_time,
                                  const ExchangeLog& log) {
  HistorySummary s;
  s.experiment = experiment;
  s.environment = environment;
  s.unix_time = unix_time;
  s.outcome = exchange_outcome(log);
  s.failed = log.phase != Phase::done;
  s.total_seconds = log.timings.total;
  s.received = log.received_size();
  s.target_url = log.target_url;
  s.remote_address = log.remote_address;
  return s;
}

Result<HistorySummary> parse_history_summary(std::string_view record_prefix) {
  Json root;
  SummarySax sax(root);
  Json::sax_parse(record_prefix.begin(), record_prefix.end(), &sax);
  if (!sax.reached_exchange || !root.is_object()) return record_error("the summary and experiment do not fit in the prefix read");
  const Json& version = member(root, "wirepad_history");
  if (!version.is_number_integer()) return record_error("wirepad_history (the format version) is missing");
  if (version.get<std::int64_t>() > kHistoryFormatVersion) return record_error("written by a newer Wirepad");
  const Json& summary = member(root, "summary");
  if (!summary.is_object()) return record_error("summary is missing (a record written before summaries)");
  if (!member(root, "experiment").is_object()) return record_error("experiment is missing");
  Result<Experiment> experiment = parse_experiment(root["experiment"].dump());
  if (!experiment) return record_error("experiment: " + experiment.error().message);
  HistorySummary s;
  s.experiment = std::move(experiment.value());
  s.environment = text(root, "environment");
  if (member(root, "time").is_number_integer()) s.unix_time = member(root, "time").get<std::int64_t>();
  s.outcome = text(summary, "outcome");
  s.failed = flag(summary, "failed");
  s.total_seconds = number(summary, "total");
  if (const Json& n = member(summary, "received"); n.is_number_unsigned()) s.received = n.get<std::uint64_t>();
  s.target_url = text(summary, "url");
  s.remote_address = text(summary, "remote_address");
  return s;
}

}  // namespace wirepad
