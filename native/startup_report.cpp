// native: startup_report.h.
#include "native/startup_report.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace wirepad::native {
namespace {

// Initialised with the other globals, before main(): the reference point for every mark.
const std::chrono::steady_clock::time_point g_process_start = std::chrono::steady_clock::now();

}  // namespace

double StartupReport::since_start_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_process_start).count();
}

void StartupReport::mark(const char* step) { marks_.emplace_back(step, since_start_ms()); }

std::string StartupReport::line() const {
  // CLOCK_MONOTONIC is the clock a script's time.monotonic() reads: the script subtracts the
  // moment it launched the process, so exec and dynamic linking are counted too.
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  std::ostringstream out;
  out << "startup: first_frame_monotonic_ns=" << (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f", since_start_ms());
  out << " first_frame_ms=" << ms << " rss_kib=" << resident_kib() << " steps=";
  double previous = 0;
  for (std::size_t i = 0; i < marks_.size(); ++i) {
    std::snprintf(ms, sizeof ms, "%.1f", marks_[i].second - previous);
    out << (i ? "," : "") << marks_[i].first << ":" << ms;
    previous = marks_[i].second;
  }
  return out.str();
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 20, '\n');
  }
  return 0;
}

}  // namespace wirepad::native
