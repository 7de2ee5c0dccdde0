// native: os_random.h.
#include "native/os_random.h"

#include <openssl/rand.h>

#include <random>

namespace wirepad::native {

std::string os_random(std::size_t n) {
  std::string out(n, '\0');
  if (n && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1) {
    std::random_device device;
    for (char& c : out) c = char(device() & 0xff);
  }
  return out;
}

}  // namespace wirepad::native
