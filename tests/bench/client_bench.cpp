// Client benchmark (not a test): keep-alive GETs of a small file and one large download, by
// Wirepad's client (core + POSIX transport + HttpSession; the download streamed to a counting
// BodySink, as `wirepad send -o` does), libcurl (one easy handle, so it keeps its connection)
// and cpp-httplib's client (both count the download's bytes in a callback and drop them). One client and one workload per process, so
// the peak RSS printed is that client's own. Driven by scripts/bench_client.sh against nginx.
//   client_bench wirepad|libcurl|httplib small URL COUNT
//   client_bench wirepad|libcurl|httplib big URL
// Prints one line: client workload requests bytes seconds max_rss_kib cpu_seconds context_switches
// (CPU time and context switches are the process's own: less sensitive to other load than
// seconds, and a thread hand-off per request shows up as context switches.)
#include <curl/curl.h>
#include <httplib.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "native/blocking_client.h"
#include "shared/url.h"

namespace {

struct Tally {
  long requests = 0;
  unsigned long long bytes = 0;
};

// `stream`: the body goes to a sink that counts and drops it (what `wirepad send -o /dev/null`
// does), as libcurl's and cpp-httplib's callbacks do here; otherwise the log keeps it.
bool wirepad_get(wirepad::native::BlockingHttpClient& client, const std::string& url, Tally& tally, bool stream) {
  wirepad::HttpRequest request;
  request.url = url;
  wirepad::ExchangeOptions options;
  options.total_timeout = 600;
  auto exchange = wirepad::HttpExchange::create(request, options);
  if (!exchange) return false;
  unsigned long long streamed = 0;
  if (stream) {
    wirepad::BodySink sink;
    sink.write = [&streamed](std::string_view bytes) {
      streamed += bytes.size();
      return wirepad::Error();
    };
    exchange->set_body_sink(std::move(sink));
  }
  wirepad::ExchangeLog log = client.perform(std::move(exchange).value());
  if (log.phase != wirepad::Phase::done || log.response.status != 200) {
    std::fprintf(stderr, "wirepad: %s\n", log.error.message.c_str());
    return false;
  }
  tally.requests++;
  tally.bytes += stream ? streamed : log.body().size();
  return true;
}

size_t curl_sink(char*, size_t size, size_t n, void* user) {
  static_cast<Tally*>(user)->bytes += size * n;
  return size * n;
}

bool run(const std::string& client, const std::string& url, long count, bool big, Tally& tally) {
  if (client == "wirepad") {
    wirepad::native::BlockingHttpClient wp;
    for (long i = 0; i < count; ++i)
      if (!wirepad_get(wp, url, tally, big)) return false;
    return true;
  }
  if (client == "libcurl") {
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, curl_sink);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &tally);
    for (long i = 0; i < count; ++i) {
      CURLcode rc = curl_easy_perform(easy);
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      if (rc != CURLE_OK || status != 200) {
        std::fprintf(stderr, "libcurl: %s\n", curl_easy_strerror(rc));
        return false;
      }
      tally.requests++;
    }
    curl_easy_cleanup(easy);
    return true;
  }
  if (client == "httplib") {
    auto parsed = wirepad::parse_url(url);
    if (!parsed) return false;
    httplib::Client cli(parsed->host, parsed->port);
    cli.set_keep_alive(true);
    cli.set_read_timeout(600, 0);
    std::string target = parsed->target;
    for (long i = 0; i < count; ++i) {
      auto res = cli.Get(target.c_str(), [&](const char*, size_t n) {
        tally.bytes += n;
        return true;
      });
      if (!res || res->status != 200) return false;
      tally.requests++;
    }
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: client_bench wirepad|libcurl|httplib small|big URL [COUNT]\n");
    return 2;
  }
  std::string client = argv[1], workload = argv[2], url = argv[3];
  long count = workload == "small" && argc > 4 ? std::atol(argv[4]) : 1;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  Tally tally;
  auto start = std::chrono::steady_clock::now();
  bool ok = run(client, url, count, workload == "big", tally);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  if (!ok) {
    std::fprintf(stderr, "%s %s failed after %ld requests\n", client.c_str(), workload.c_str(), tally.requests);
    return 1;
  }
  double cpu = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf("%s %s %ld %llu %.6f %ld %.6f %ld\n", client.c_str(), workload.c_str(), tally.requests, tally.bytes, seconds,
              usage.ru_maxrss, cpu, usage.ru_nvcsw + usage.ru_nivcsw);
  return 0;
}
