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

// What the history list shows of a record, without its bytes: a workspace can hold hundreds of
// records of up to 16 MiB each, and the list must not load them all to start.
struct HistorySummary {
  Experiment experiment;
  std::string environment;
  std::int64_t unix_time = 0;
  std::string outcome;          // exchange_outcome()
  bool failed = false;          // not done (an error, or cancelled)
  double total_seconds = -1;
  std::uint64_t received = 0;   // every byte received, kept in the record or not
  std::string target_url;       // as sent (normalized)
  std::string remote_address;
};
HistorySummary summarize_history_record(const HistoryRecord& record);
// The same from the parts, for a log not (yet) in a record.
HistorySummary summarize_exchange(const Experiment& experiment, const std::string& environment, std::int64_t unix_time,
                                  const ExchangeLog& log);
// Reads the summary from the start of a record: serialize_history_record writes it, with the
// experiment, before the exchange and its bytes, so a prefix of the file (64 KiB is plenty
// unless the request body is large) is enough. Errors (invalid_experiment): the prefix ends
// before the summary and the experiment do, or the record predates summaries; then parse
// the whole record instead.
Result<HistorySummary> parse_history_summary(std::string_view record_prefix);

// "200 OK", or the error code ("connect_refused", "cancelled") of a failed exchange.
std::string exchange_outcome(const ExchangeLog& log);

}  // namespace wirepad
