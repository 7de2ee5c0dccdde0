// ui: the history sidebar: the last 200 runs, newest first, with their outcome and whole
// exchange (persisted in the workspace by ui/workspace.cpp); searchable; clicking one opens
// it as an experiment in a new tab, with its response.
// Depends on: shared/experiment.h; Dear ImGui in the .cpp.
#pragma once
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "shared/exchange.h"
#include "shared/experiment.h"
#include "shared/history_record.h"

namespace wirepad::ui {

struct HistoryEntry {
  Experiment experiment;  // as typed, {{variables}} unresolved
  std::string environment;  // what it was sent with
  // The whole exchange; null for an entry listed from the workspace's history folder until
  // it is opened (open_history_entry reads its file then): a list of hundreds of records of
  // up to 16 MiB must not all be in memory.
  std::shared_ptr<const ExchangeLog> log;
  std::string target_url;       // the log's, for the search
  std::string remote_address;
  std::string file;         // where the workspace keeps it (".wirepad/history/00000012.json")
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
  unsigned long next_file_number = 1;  // for the next persisted entry
};

// An entry as the list shows it, from a run's summary (no log: see HistoryEntry::log).
HistoryEntry history_entry(HistorySummary summary);
// Adds the finished exchange once (per `generation`), dropping the oldest beyond kMaxEntries.
// Returns the new entry (to persist), or nullptr when there was nothing new.
HistoryEntry* record_exchange(History& history, const Experiment& experiment, const ExchangeLog& log,
                              unsigned long generation, const std::string& environment = "", int hop = 0);
// The same without a copy: the entry shares `log` (Platform::share_finished_exchange).
HistoryEntry* record_exchange(History& history, const Experiment& experiment, std::shared_ptr<const ExchangeLog> log,
                              unsigned long generation, const std::string& environment = "", int hop = 0);
// Does the entry match the search text (method, URL, name, outcome, environment, response
// status line; case-insensitive)?
bool history_matches(const HistoryEntry& entry, const std::string& search);
// Returns the index of the entry the user clicked, if any.
std::optional<std::size_t> draw_history_panel(History& history);

}  // namespace wirepad::ui
