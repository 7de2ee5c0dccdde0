// native: `wirepad send ARGS`: curl's flags, read by the curl importer's option table
// (shared/curl_import.h) into a RequestSpec, resolved by the send-time pipeline
// (shared/request_resolve.h) and sent by the same function as `wirepad run`
// (send_resolved_request, cli_http.h). The options curl has for what it prints and how the
// exchange behaves (-v, -o, -L, -b/-c, -m, -k ...) are read here. A curl option Wirepad cannot
// honour is an error naming it, never ignored. See docs/cli.md.
#pragma once
#include <string>
#include <vector>

namespace wirepad::native {

// `args`: what follows `wirepad send`. Exit status as perform_and_print: 0 for any HTTP
// response, 1 for a network or protocol failure, 2 for bad input (nothing sent).
int run_send_command(const std::vector<std::string>& args);

}  // namespace wirepad::native
