// ui: the history sidebar: every exchange of this session, newest first, with its outcome;
// clicking one puts its request back in the composer.
// Depends on: shared/experiment.h; Dear ImGui in the .cpp.
#pragma once
#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include "shared/exchange.h"
#include "shared/experiment.h"

namespace wirepad::ui {

struct HistoryEntry {
  Experiment experiment;
  std::string outcome;  // "200 OK", "connect_refused", "cancelled"
  bool failed = false;
  double total_seconds = -1;
  std::size_t bytes_received = 0;
  int hop = 0;  // 0: what the user sent; n: the n-th redirect followed from it
};

struct History {
  static constexpr std::size_t kMaxEntries = 200;
  std::deque<HistoryEntry> entries;  // newest first
  unsigned long recorded_generation = 0;
  std::string filter;
};

// Adds the finished exchange once (per `generation`), dropping the oldest beyond kMaxEntries.
void record_exchange(History& history, const Experiment& experiment, const ExchangeLog& log, unsigned long generation,
                     int hop = 0);
// Returns the experiment the user clicked, if any.
std::optional<Experiment> draw_history_panel(History& history);

}  // namespace wirepad::ui
