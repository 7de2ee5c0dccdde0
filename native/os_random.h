// native: unpredictable bytes for WebSocket keys and masks (RFC 6455 §10.3): OpenSSL's
// generator, /dev/urandom through std::random_device should it ever refuse.
// Depends on: OpenSSL (in the .cpp).
#pragma once
#include <cstddef>
#include <string>

namespace wirepad::native {

std::string os_random(std::size_t n);

}  // namespace wirepad::native
