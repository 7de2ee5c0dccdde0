// wirepad core: names that mean this machine by definition (RFC 6761 §6.3): "localhost" and
// every name under ".localhost". They resolve to the loopback addresses without asking DNS,
// as curl and browsers resolve them, so a learner's `http://app.localhost:8080/` reaches the
// local server whatever /etc/hosts or the DNS server say. Used by the native transport; the
// relay can resolve with the same two functions.
// Depends on: transport.h (AddressFamily). Pure: no resolver, no sockets.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "transport.h"

namespace wirepad {

// "localhost", "LocalHost.", "app.localhost", "a.b.localhost." (case-insensitive; the root's
// trailing dot allowed). Not "localhost.example.com", not "notlocalhost".
bool is_localhost_name(std::string_view host);

// The loopback literals such a name stands for, in the order to try them: 127.0.0.1 then ::1
// (curl's order), only the one of the family asked for.
std::vector<std::string> localhost_addresses(AddressFamily family);

}  // namespace wirepad
