// native: the desktop's start-up report (`wirepad --startup-report`): how long each step of
// the start took and the resident memory once the first frame is on screen, as one line on
// stderr that scripts/bench_startup.sh parses. Costs nothing when not asked for.
// Depends on: /proc (Linux); nothing else.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace wirepad::native {

class StartupReport {
 public:
  // Milliseconds since the process's static initialisation (just after the dynamic loader:
  // close to exec), the earliest moment the program itself can see.
  static double since_start_ms();
  // Records that `step` ended now (its time is from the previous mark).
  void mark(const char* step);
  // "startup: first_frame_monotonic_ns=N first_frame_ms=T rss_kib=R steps=a:1.2,b:3.4"
  std::string line() const;

 private:
  std::vector<std::pair<const char*, double>> marks_;  // step, ms since start at its end
};

// VmRSS of this process from /proc/self/status, in KiB (0 when unreadable).
long resident_kib();

}  // namespace wirepad::native
