// Benchmark (not a test): HTTP/1.1 response parsing throughput of wirepad's ResponseParser
// against Boost.Beast's http::response_parser, joyent http-parser and picohttpparser (when
// its source was found, see CMakeLists.txt), on the same inputs in one process:
//   - small: a corpus of small header-heavy responses (15-25 fields, short bodies), each
//     parsed from one buffer;
//   - chunked: one 8 MiB body in 16 KiB chunks, delivered 64 KiB at a time as a socket would.
// Every contender produces the same facts: status, each header's name and value (views are
// enough for the parsers whose API gives views), and the whole decoded body in a std::string.
// At the end a table gives MB/s, responses/s and each contender's ratio to wirepad.
// Build: cmake -DWIREPAD_BENCH=ON ...; ninja parser_bench; see docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <http_parser.h>

#include "shared/response_parser.h"

#if WIREPAD_HAVE_PICOHTTPPARSER
#include "picohttpparser.h"
#endif

namespace {

// =============================================================================================
// Inputs

std::vector<std::string> make_small_corpus() {
  std::vector<std::string> out;
  const char* types[] = {"application/json", "text/html; charset=utf-8", "image/png", "text/css"};
  for (int r = 0; r < 64; ++r) {
    std::string body(std::size_t(r * 7 % 200), char('a' + r % 26));
    std::string m = "HTTP/1.1 200 OK\r\n";
    m += "Date: Wed, 25 Nov 2026 07:" + std::to_string(10 + r % 50) + ":00 GMT\r\n";
    m += "Server: nginx/1.22.1\r\n";
    m += std::string("Content-Type: ") + types[r % 4] + "\r\n";
    m += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    m += "Connection: keep-alive\r\n";
    m += "Cache-Control: public, max-age=" + std::to_string(60 * r) + ", stale-while-revalidate=30\r\n";
    m += "ETag: \"5f3c-" + std::to_string(1000000 + r * 7919) + "\"\r\n";
    m += "Last-Modified: Mon, 02 Nov 2026 10:00:00 GMT\r\n";
    m += "Vary: Accept-Encoding, Origin\r\n";
    m += "Strict-Transport-Security: max-age=31536000; includeSubDomains; preload\r\n";
    m += "X-Content-Type-Options: nosniff\r\n";
    m += "X-Frame-Options: SAMEORIGIN\r\n";
    m += "Referrer-Policy: strict-origin-when-cross-origin\r\n";
    m += "Access-Control-Allow-Origin: *\r\n";
    m += "X-Request-Id: 3f6c1e9a-" + std::to_string(r) + "-4b1d-9c2e-7a8b5d4e3f21\r\n";
    m += "Set-Cookie: session=abcdef" + std::to_string(r) + "; Path=/; HttpOnly; Secure; SameSite=Lax\r\n";
    for (int extra = 0; extra < r % 10; ++extra) {
      m += "X-Trace-" + std::to_string(extra) + ": span=" + std::to_string(r * 31 + extra) + ";sampled=1\r\n";
    }
    m += "\r\n" + body;
    out.push_back(std::move(m));
  }
  return out;
}

std::string make_chunked() {
  std::string m = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::size_t chunk = 16 * 1024, total = 8 * 1024 * 1024;
  std::string data(chunk, 'x');
  for (std::size_t i = 0; i < chunk; ++i) data[i] = char('a' + i % 26);
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk);
  for (std::size_t done = 0; done < total; done += chunk) m += size_line + data + "\r\n";
  m += "0\r\n\r\n";
  return m;
}

const std::vector<std::string>& small_corpus() {
  static const std::vector<std::string> corpus = make_small_corpus();
  return corpus;
}
const std::string& chunked_message() {
  static const std::string message = make_chunked();
  return message;
}
constexpr std::size_t kChunkedBody = 8 * 1024 * 1024;
constexpr std::size_t kReadSize = 64 * 1024;  // one socket read

std::size_t small_bytes() {
  std::size_t n = 0;
  for (const auto& m : small_corpus()) n += m.size();
  return n;
}

void fail(const char* who, const char* what) {
  std::fprintf(stderr, "%s: %s\n", who, what);
  std::abort();
}

// =============================================================================================
// wirepad

std::size_t wirepad_parse(std::string_view message, std::size_t read_size, std::string& body_out,
                          bool copy_body = false) {
  wirepad::ResponseParser parser;
  std::size_t headers = 0;
  for (std::size_t at = 0; at < message.size(); at += read_size) {
    wirepad::ParseResult r = parser.feed(message.substr(at, read_size));
    if (r.status == wirepad::ParseStatus::error) fail("wirepad", parser.error().message.c_str());
    if (r.status == wirepad::ParseStatus::done) break;
  }
  if (!parser.done()) fail("wirepad", "not done");
  headers = parser.response().headers.size();
  // The parser owns the body; the others hand theirs over by move. Copying ours out would
  // time the copy, not the parse, so it is copied only when the agreement check asks.
  if (copy_body) {
    body_out = parser.response().body;
  } else {
    body_out.clear();
    benchmark::DoNotOptimize(parser.response().body.data());
    if (parser.response().body.size() > message.size()) fail("wirepad", "body");
  }
  return headers;
}

void BM_small_wirepad(benchmark::State& state) {
  std::string body;
  for (auto _ : state) {
    for (const auto& m : small_corpus()) benchmark::DoNotOptimize(wirepad_parse(m, m.size(), body));
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * small_bytes()));
  state.SetItemsProcessed(std::int64_t(state.iterations() * small_corpus().size()));
}

void BM_chunked_wirepad(benchmark::State& state) {
  std::string body;
  for (auto _ : state) {
    benchmark::DoNotOptimize(wirepad_parse(chunked_message(), kReadSize, body));
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * chunked_message().size()));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}

// =============================================================================================
// Boost.Beast

namespace http = boost::beast::http;

std::size_t beast_parse(std::string_view message, std::size_t read_size, std::string& body_out) {
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(64 * 1024);
  parser.body_limit((std::numeric_limits<std::uint64_t>::max)());
  boost::beast::error_code ec;
  std::size_t at = 0, available = 0;
  while (!parser.is_done()) {
    available = std::min(message.size(), std::max(available, at) + read_size);
    std::size_t used = parser.put(boost::asio::buffer(message.data() + at, available - at), ec);
    if (ec == http::error::need_more) {
      ec = {};
    } else if (ec) {
      fail("beast", ec.message().c_str());
    }
    at += used;
    if (used == 0 && available == message.size() && !parser.is_done()) fail("beast", "stuck");
  }
  std::size_t headers = std::distance(parser.get().begin(), parser.get().end());
  body_out = parser.release().body();
  return headers;
}

void BM_small_beast(benchmark::State& state) {
  std::string body;
  for (auto _ : state) {
    for (const auto& m : small_corpus()) benchmark::DoNotOptimize(beast_parse(m, m.size(), body));
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * small_bytes()));
  state.SetItemsProcessed(std::int64_t(state.iterations() * small_corpus().size()));
}

void BM_chunked_beast(benchmark::State& state) {
  std::string body;
  for (auto _ : state) {
    benchmark::DoNotOptimize(beast_parse(chunked_message(), kReadSize, body));
    if (body.size() != kChunkedBody) fail("beast", "body size");
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * chunked_message().size()));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}

// =============================================================================================
// joyent http-parser

struct HttpParserState {
  std::size_t headers = 0;
  std::string body;
  bool done = false;
};

std::size_t http_parser_parse(std::string_view message, std::size_t read_size, std::string& body_out) {
  static const http_parser_settings settings = [] {
    http_parser_settings s;
    http_parser_settings_init(&s);
    s.on_header_field = [](http_parser* p, const char*, size_t) {
      ++static_cast<HttpParserState*>(p->data)->headers;
      return 0;
    };
    s.on_header_value = [](http_parser*, const char*, size_t) { return 0; };
    s.on_body = [](http_parser* p, const char* at, size_t n) {
      static_cast<HttpParserState*>(p->data)->body.append(at, n);
      return 0;
    };
    s.on_message_complete = [](http_parser* p) {
      static_cast<HttpParserState*>(p->data)->done = true;
      http_parser_pause(p, 1);  // stop at the end of this response
      return 0;
    };
    return s;
  }();
  http_parser parser;
  http_parser_init(&parser, HTTP_RESPONSE);
  HttpParserState st;
  parser.data = &st;
  for (std::size_t at = 0; at < message.size() && !st.done; at += read_size) {
    std::size_t n = std::min(read_size, message.size() - at);
    std::size_t used = http_parser_execute(&parser, &settings, message.data() + at, n);
    if (parser.http_errno != HPE_OK && parser.http_errno != HPE_PAUSED)
      fail("http-parser", http_errno_description(http_errno(parser.http_errno)));
    if (used != n && !st.done) fail("http-parser", "short read");
  }
  if (!st.done) fail("http-parser", "not done");
  body_out = std::move(st.body);
  return st.headers;
}

void BM_small_http_parser(benchmark::State& state) {
  std::string body;
  for (auto _ : state) {
    for (const auto& m : small_corpus()) benchmark::DoNotOptimize(http_parser_parse(m, m.size(), body));
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * small_bytes()));
  state.SetItemsProcessed(std::int64_t(state.iterations() * small_corpus().size()));
}

void BM_chunked_http_parser(benchmark::State& state) {
  std::string body;
  for (auto _ : state) {
    benchmark::DoNotOptimize(http_parser_parse(chunked_message(), kReadSize, body));
    if (body.size() != kChunkedBody) fail("http-parser", "body size");
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * chunked_message().size()));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}

// =============================================================================================
// picohttpparser: phr_parse_response for the head, Content-Length or phr_decode_chunked
// (which decodes in place, so each read is copied into a working buffer first, as a client
// reading from a socket into its own buffer would have it).

#if WIREPAD_HAVE_PICOHTTPPARSER
// `buffer` is the client's own receive buffer (the chunked decoder rewrites it in place).
std::size_t pico_parse(char* buffer, std::size_t size, std::size_t read_size, std::string& body_out) {
  int minor = 0, status = 0;
  const char* msg = nullptr;
  std::size_t msg_len = 0;
  phr_header headers[100];
  std::size_t num_headers = 100;
  std::size_t received = std::min(read_size, size);
  int head = -2;
  for (;;) {
    num_headers = 100;
    head = phr_parse_response(buffer, received, &minor, &status, &msg, &msg_len, headers, &num_headers, 0);
    if (head > 0) break;
    if (head == -1 || received == size) fail("picohttpparser", "head");
    received = std::min(size, received + read_size);
  }
  std::size_t content_length = std::string::npos;
  bool chunked = false;
  for (std::size_t h = 0; h < num_headers; ++h) {
    std::string_view name(headers[h].name, headers[h].name_len), value(headers[h].value, headers[h].value_len);
    if (name.size() == 14 && strncasecmp(name.data(), "content-length", 14) == 0) {
      content_length = std::strtoull(std::string(value).c_str(), nullptr, 10);
    } else if (name.size() == 17 && strncasecmp(name.data(), "transfer-encoding", 17) == 0) {
      chunked = value == "chunked";
    }
  }
  std::string body;
  std::size_t at = std::size_t(head);
  if (!chunked) {
    if (content_length == std::string::npos || at + content_length > size) fail("picohttpparser", "length");
    body.assign(buffer + at, content_length);
  } else {
    phr_chunked_decoder decoder{};
    decoder.consume_trailer = 1;
    for (;;) {
      std::size_t n = received - at;
      ssize_t rest = phr_decode_chunked(&decoder, buffer + at, &n);
      if (rest == -1) fail("picohttpparser", "chunked");
      body.append(buffer + at, n);
      at = received;
      if (rest >= 0) break;
      if (received == size) fail("picohttpparser", "truncated");
      received = std::min(size, received + read_size);
    }
  }
  body_out = std::move(body);
  return num_headers;
}

std::size_t pico_parse(std::string_view message, std::size_t read_size, std::string& body_out) {
  std::string buffer(message);
  return pico_parse(buffer.data(), buffer.size(), read_size, body_out);
}

void BM_small_picohttpparser(benchmark::State& state) {
  std::string body;
  for (auto _ : state) {
    // Content-Length bodies: nothing is rewritten, the corpus itself is the receive buffer.
    for (const auto& m : small_corpus())
      benchmark::DoNotOptimize(pico_parse(const_cast<char*>(m.data()), m.size(), m.size(), body));
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * small_bytes()));
  state.SetItemsProcessed(std::int64_t(state.iterations() * small_corpus().size()));
}

void BM_chunked_picohttpparser(benchmark::State& state) {
  std::string body, buffer;
  for (auto _ : state) {
    state.PauseTiming();
    buffer = chunked_message();  // a fresh receive buffer: decoding rewrites it
    state.ResumeTiming();
    benchmark::DoNotOptimize(pico_parse(buffer.data(), buffer.size(), kReadSize, body));
    if (body.size() != kChunkedBody) fail("picohttpparser", "body size");
  }
  state.SetBytesProcessed(std::int64_t(state.iterations() * chunked_message().size()));
  state.SetItemsProcessed(std::int64_t(state.iterations()));
}
#endif

// =============================================================================================
// Checks that every contender saw the same thing, then the benchmarks and the ratio table.

void check_agreement() {
  for (const auto& m : small_corpus()) {
    std::string a, b, c;
    std::size_t ha = wirepad_parse(m, m.size(), a, true), hb = beast_parse(m, m.size(), b), hc = http_parser_parse(m, m.size(), c);
    if (ha != hb || ha != hc || a != b || a != c) fail("agreement", "small corpus");
#if WIREPAD_HAVE_PICOHTTPPARSER
    std::string d;
    if (pico_parse(m, m.size(), d) != ha || d != a) fail("agreement", "picohttpparser small corpus");
#endif
  }
  std::string a, b, c;
  wirepad_parse(chunked_message(), kReadSize, a, true);
  if (a.size() != kChunkedBody) fail("wirepad", "chunked body size");
  beast_parse(chunked_message(), kReadSize, b);
  http_parser_parse(chunked_message(), kReadSize, c);
  if (a != b || a != c) fail("agreement", "chunked");
#if WIREPAD_HAVE_PICOHTTPPARSER
  std::string d;
  pico_parse(chunked_message(), kReadSize, d);
  if (d != a) fail("agreement", "picohttpparser chunked");
#endif
}

// Console output as usual, plus a Markdown table of MB/s, responses/s and ratios to wirepad.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.aggregate_name != "" && run.aggregate_name != "median") continue;
      std::string name = run.benchmark_name();  // BM_small_wirepad[/...]
      name = name.substr(0, name.find('/'));
      std::string rest = name.substr(3);
      std::size_t us = rest.find('_');
      Row& row = rows_[rest.substr(0, us)][rest.substr(us + 1)];
      row.bytes_per_second = run.counters.at("bytes_per_second");
      row.items_per_second = run.counters.at("items_per_second");
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\n| input | parser | MB/s | responses/s | vs wirepad (MB/s) |\n|---|---|---:|---:|---:|\n");
    for (const auto& [input, contenders] : rows_) {
      auto self = contenders.find("wirepad");
      double base = self == contenders.end() ? 0 : self->second.bytes_per_second;
      for (const char* who : {"wirepad", "http_parser", "beast", "picohttpparser"}) {
        auto it = contenders.find(who);
        if (it == contenders.end()) continue;
        std::printf("| %s | %s | %.0f | %.0f | %.2fx |\n", input.c_str(), who, it->second.bytes_per_second / 1e6,
                    it->second.items_per_second, base > 0 ? it->second.bytes_per_second / base : 0.0);
      }
    }
  }

 private:
  struct Row {
    double bytes_per_second = 0, items_per_second = 0;
  };
  std::map<std::string, std::map<std::string, Row>> rows_;
};

}  // namespace

BENCHMARK(BM_small_wirepad);
BENCHMARK(BM_small_http_parser);
BENCHMARK(BM_small_beast);
BENCHMARK(BM_chunked_wirepad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_chunked_http_parser)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_chunked_beast)->Unit(benchmark::kMillisecond);
#if WIREPAD_HAVE_PICOHTTPPARSER
BENCHMARK(BM_small_picohttpparser);
BENCHMARK(BM_chunked_picohttpparser)->Unit(benchmark::kMillisecond);
#endif

int main(int argc, char** argv) {
  check_agreement();
#if !WIREPAD_HAVE_PICOHTTPPARSER
  std::fprintf(stderr, "picohttpparser: source not found at configure time, skipped (see docs/benchmarks.md)\n");
#endif
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
