// wirepad core: HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) in and out.
// Import: every entry of a HAR written by Chromium's or Firefox's devtools or Playwright's
// recordHar becomes an experiment; what an experiment cannot hold (HTTP/2 pseudo-headers,
// a body the HAR has no text for, ...) is listed per entry; a WebSocket entry becomes a
// WebSocket experiment with its messages (har_websocket.h).
// Export: an exchange (request, response, timings mapped from curl's names) or requests
// alone. No clock here: an entry's startedDateTime is its log's started_unix_ms, or the time
// the caller passes when that is unknown.
// Depends on: import_batch.h, exchange.h, request_serializer.h, json_input.h (in the .cpp).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "exchange.h"
#include "experiment.h"
#include "import_batch.h"

namespace wirepad {

// Errors: invalid_request naming the JSON position (syntax) or the key path
// ("log.entries[3].request.url: missing").
Result<ImportBatch> import_har(std::string_view json);

struct HarExchange {
  ExchangeLog log;
  // ISO 8601, "2026-11-25T10:00:00.000Z": used only when log.started_unix_ms is unknown (0),
  // e.g. a history record older than that field; callers pass the export time.
  std::string started_date_time;
  std::string name;  // kept as the entry's "_wirepadName"
};

// ISO 8601 in UTC with milliseconds, as HAR writes dates: 1764064800123 ->
// "2025-11-25T10:00:00.123Z". Proleptic Gregorian; years outside 0000-9999 are not HAR dates.
std::string har_date_time(std::int64_t unix_ms);

// One entry per exchange: request headers as sent, response (content base64-encoded when it
// is not UTF-8), timings in milliseconds from the curl-named ones (-1 where not measured).
std::string export_har_exchanges(const std::vector<HarExchange>& exchanges);
// Requests that were not sent: the headers Wirepad would send, response status 0 (as browsers
// record a request that got no answer). Errors: what serialize_request refuses, naming the
// experiment.
Result<std::string> export_har_requests(const std::vector<Experiment>& experiments, std::string_view started_date_time);

}  // namespace wirepad
