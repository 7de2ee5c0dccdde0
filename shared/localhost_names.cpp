// wirepad core: localhost_names.h.
#include "localhost_names.h"

#include "http_message.h"

namespace wirepad {

bool is_localhost_name(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  constexpr std::string_view kName = "localhost";
  if (host.size() < kName.size() || !iequals(host.substr(host.size() - kName.size()), kName)) return false;
  if (host.size() == kName.size()) return true;
  // A label boundary before it, and a non-empty label before that ("app.localhost", not ".localhost").
  return host.size() > kName.size() + 1 && host[host.size() - kName.size() - 1] == '.' &&
         host[host.size() - kName.size() - 2] != '.';
}

std::vector<std::string> localhost_addresses(AddressFamily family) {
  switch (family) {
    case AddressFamily::ipv4: return {"127.0.0.1"};
    case AddressFamily::ipv6: return {"::1"};
    case AddressFamily::any: break;
  }
  return {"127.0.0.1", "::1"};
}

}  // namespace wirepad
