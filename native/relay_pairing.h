// native: pairings of `wirepad serve` with pages served elsewhere (docs/relay-security.md).
// A copy of the web build on another origin presents the one-time code the relay printed and
// receives a pairing token for its Origin; from then on the relay accepts that Origin with that
// token. Pairings live in ~/.config/wirepad/pairings.json (mode 0600), hold a SHA-256 of each
// token (never the token itself) and are read again on every check, so `wirepad relay pairings
// --revoke` takes effect on a running relay at once.
// Depends on: OpenSSL (random bytes, SHA-256), nlohmann-json, shared/error.h.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace wirepad::native {

struct Pairing {
  std::string origin;        // "http://127.0.0.1:8000"
  std::string token_sha256;  // hex
  std::int64_t created = 0;  // Unix seconds
  std::int64_t revoked = 0;  // Unix seconds; 0 while valid
};

enum class PairingVerdict { accepted, not_paired, revoked, no_token, wrong_token };

class PairingStore {
 public:
  explicit PairingStore(std::string path);
  // $XDG_CONFIG_HOME/wirepad/pairings.json, else $HOME/.config/wirepad/pairings.json.
  static std::string default_path();
  const std::string& path() const { return path_; }

  // A missing file is an empty list.
  Result<std::vector<Pairing>> load() const;
  // Pairs `origin` (replacing an earlier pairing of it) and returns the new token.
  Result<std::string> add(const std::string& origin);
  // Marks the pairing of `origin` (or of every origin for "all") revoked; returns how many.
  Result<int> revoke(const std::string& origin_or_all);
  PairingVerdict check(const std::string& origin, std::string_view token) const;

 private:
  Error save(const std::vector<Pairing>& pairings) const;
  std::string path_;
  mutable std::mutex mutex_;
};

// The one-time pairing code: 8 characters from an alphabet without look-alikes, shown as
// "ABCD-EFGH". A code is used once; after kMaxWrongGuesses wrong codes it is replaced too, so
// guessing one (32^8 = 2^40 codes) is hopeless. Thread-safe.
class PairingCode {
 public:
  static constexpr int kMaxWrongGuesses = 5;
  explicit PairingCode(std::string fixed = "");  // fixed: tests only
  std::string current() const;
  // True when `code` is the current one (dashes, spaces and case ignored); the code then
  // changes. A wrong code counts towards kMaxWrongGuesses.
  bool redeem(std::string_view code);

 private:
  void rotate();
  mutable std::mutex mutex_;
  std::string fixed_, code_;
  int wrong_ = 0;
};

// 32 lowercase hex characters from OpenSSL's CSPRNG.
std::string random_hex_token();
// True for "http(s)://host[:port]" with nothing after it: the only Origins that may pair
// ("null", file pages and sandboxed frames, may not: any page can be "null").
bool origin_can_pair(std::string_view origin);

}  // namespace wirepad::native
