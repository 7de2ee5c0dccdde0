// Benchmark (not a test): COUNT GETs of URL as streams of one HTTP/2 connection through
// Wirepad's engine in process, as h2load measures a client: from the first exchange created
// (each one a full HttpExchange with its log, as the apps make them) to the last answer, the
// logs dropped as they finish (H2Batch::hand_over_finished). Prints "requests/s N" and the
// answers that were not 200. scripts/bench_h2.sh runs it beside h2load and wirepad send.
// usage: h2_bench URL COUNT [--insecure]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "native/h2_batch_blocking.h"

using namespace wirepad;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: h2_bench URL COUNT [--insecure]\n");
    return 2;
  }
  const std::string url = argv[1];
  const std::size_t count = std::strtoul(argv[2], nullptr, 10);
  ExchangeOptions options;
  options.http_version = HttpVersion::http2;
  options.verify_tls = !(argc > 3 && std::string(argv[3]) == "--insecure");
  if (url.rfind("http://", 0) == 0) options.http_version = HttpVersion::http2_prior_knowledge;

  const auto started = std::chrono::steady_clock::now();
  std::vector<HttpExchange> exchanges;
  exchanges.reserve(count);
  HttpRequest request;
  request.url = url;
  for (std::size_t i = 0; i < count; ++i) {
    Result<HttpExchange> exchange = HttpExchange::create(request, options);
    if (!exchange) {
      std::fprintf(stderr, "%s\n", exchange.error().message.c_str());
      return 2;
    }
    exchanges.push_back(std::move(exchange).value());
  }
  std::size_t ok = 0, bytes = 0;
  native::H2BatchResult result = native::perform_h2_batch(std::move(exchanges), nullptr, 100, [&](std::size_t, ExchangeLog log) {
    ok += log.phase == Phase::done && log.response.status == 200;
    bytes += log.body().size();
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (result.refused_h2) {
    std::fprintf(stderr, "the server did not choose h2\n");
    return 1;
  }
  std::printf("requests/s %.0f\nseconds %.4f\nok %zu of %zu\nbody bytes %zu\n", double(count) / seconds, seconds, ok, count, bytes);
  return ok == count ? 0 : 1;
}
