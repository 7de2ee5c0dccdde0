// wirepad core: one run kept in the history: the experiment as it was typed, the environment
// it was sent with, and the whole exchange (every byte, timings, events, the parsed
// response), as a JSON document that reads back into the same ExchangeLog. The byte strings
// are base64url so binary responses survive exactly. See docs/workspace.md.
// Depends on: experiment.h, exchange.h, base64.h; nlohmann-json inside the .cpp. No OS calls.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "error.h"
#include "exchange.h"
#include "experiment.h"

namespace wirepad {

inline constexpr int kHistoryFormatVersion = 1;

struct HistoryRecord {
  Experiment experiment;     // as typed, {{variables}} unresolved
  std::string environment;   // the environment it was sent with ("" for none)
  std::int64_t unix_time = 0;  // when it was sent, stamped by the store (the core has no clock)
  ExchangeLog log;
};

std::string serialize_history_record(const HistoryRecord& record);
// The same, from the parts, so a caller holding a large log need not copy it into a record.
// `max_received`: keep only the first that many received bytes (the head and the start of a
// large body); the rest is counted in received_not_kept and a warning says so.
std::string serialize_history_record(const Experiment& experiment, const std::string& environment,
                                     std::int64_t unix_time, const ExchangeLog& log,
                                     std::size_t max_received = std::size_t(-1));
// Errors: invalid_experiment with the key path.
Result<HistoryRecord> parse_history_record(std::string_view json);

// "200 OK", or the error code ("connect_refused", "cancelled") of a failed exchange.
std::string exchange_outcome(const ExchangeLog& log);

}  // namespace wirepad
