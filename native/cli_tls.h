// native: how `wirepad send -v` prints the TLS facts of an exchange (curl -v style "* " lines).
// Depends on: shared/transport.h.
#pragma once
#include <ostream>

#include "shared/transport.h"

namespace wirepad::native {

void print_tls_facts(std::ostream& out, const TlsFacts& facts);

}  // namespace wirepad::native
