// native: pairings and the one-time pairing code (see relay_pairing.h).
#include "native/relay_pairing.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "native/relay_http_rules.h"
#include "shared/json_input.h"

namespace wirepad::native {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void random_bytes(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, int(n)) != 1) {
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    urandom.read(reinterpret_cast<char*>(out), std::streamsize(n));
    if (!urandom) std::abort();  // no CSPRNG at all: a guessable token is worse than stopping
  }
}

std::string hex(const unsigned char* b, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[b[i] >> 4];
    out += digits[b[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return hex(digest, sizeof digest);
}

std::int64_t now_seconds() { return std::int64_t(std::time(nullptr)); }

// Creates `folder` and each missing folder above it with mode 0700: folders Wirepad makes for its
// secrets (~/.config/wirepad) are its owner's alone. A folder that exists already is left as it
// is: --pairings may name a file in the home folder or /tmp, whose modes are not Wirepad's to
// change.
Error create_private_folders(const fs::path& folder) {
  std::error_code ec;
  if (folder.empty() || fs::is_directory(folder, ec)) return Error{};
  if (folder.has_parent_path() && folder.parent_path() != folder) {
    if (Error e = create_private_folders(folder.parent_path())) return e;
  }
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    return make_error(ErrorCode::io_error, "Cannot create the folder '" + folder.string() + "' for the pairings file: " +
                                               std::strerror(errno) + ".");
  return Error{};
}

}  // namespace

std::string random_hex_token() {
  unsigned char bytes[16];
  random_bytes(bytes, sizeof bytes);
  return hex(bytes, sizeof bytes);
}

bool origin_can_pair(std::string_view origin) {
  std::string_view rest;
  if (origin.rfind("http://", 0) == 0) rest = origin.substr(7);
  else if (origin.rfind("https://", 0) == 0) rest = origin.substr(8);
  else return false;
  if (rest.empty() || rest.size() > 300) return false;
  for (unsigned char c : rest) {
    // An Origin is scheme://host[:port]: no path, query, userinfo, spaces or control bytes.
    if (c <= 0x20 || c >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@' || c == '\\') return false;
  }
  return true;
}

PairingStore::PairingStore(std::string path) : path_(std::move(path)) {}

std::string PairingStore::default_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  fs::path base;
  if (xdg && *xdg) {
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    base = fs::path(home && *home ? home : ".") / ".config";
  }
  return (base / "wirepad" / "pairings.json").string();
}

Result<std::vector<Pairing>> PairingStore::load() const {
  std::vector<Pairing> out;
  std::ifstream in(path_, std::ios::binary);
  if (!in) return out;  // no file yet: nothing paired
  std::ostringstream text;
  text << in.rdbuf();
  json j = json_input::parse_whole<json>(text.str());
  auto broken = [&] {
    return make_error(ErrorCode::invalid_request,
                      "The pairings file '" + path_ + "' is not what Wirepad writes; fix it or delete it (every page then pairs again).");
  };
  if (j.is_discarded() || !j.is_object() || !j.contains("pairings") || !j["pairings"].is_array()) return broken();
  for (const auto& p : j["pairings"]) {
    if (!p.is_object() || !p.contains("origin") || !p["origin"].is_string() || !p.contains("token_sha256") ||
        !p["token_sha256"].is_string())
      return broken();
    Pairing pairing;
    pairing.origin = p["origin"].get<std::string>();
    pairing.token_sha256 = p["token_sha256"].get<std::string>();
    pairing.created = p.value("created", std::int64_t(0));
    pairing.revoked = p.value("revoked", std::int64_t(0));
    out.push_back(std::move(pairing));
  }
  return out;
}

Error PairingStore::save(const std::vector<Pairing>& pairings) const {
  json list = json::array();
  for (const auto& p : pairings) {
    json item{{"origin", p.origin}, {"token_sha256", p.token_sha256}, {"created", p.created}};
    if (p.revoked) item["revoked"] = p.revoked;
    list.push_back(std::move(item));
  }
  std::string text = json{{"pairings", list}}.dump(2) + "\n";
  fs::path target(path_);
  if (target.has_parent_path()) {
    if (Error e = create_private_folders(target.parent_path())) return e;
  }
  // Written to a temporary file created 0600 and renamed over the old one: a reader never sees
  // half a file, and the file is never readable by others, not even for a moment. mkstemp
  // creates it exclusively under a random name, so a file or symlink someone planted in a shared
  // folder (/tmp) is never opened in its place.
  std::string temp = path_ + ".tmp.XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return make_error(ErrorCode::io_error, "Cannot write the pairings file '" + path_ + "': " + std::strerror(errno) + ".");
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(temp.c_str());
      return make_error(ErrorCode::io_error, "Cannot write the pairings file '" + path_ + "'.");
    }
    done += std::size_t(n);
  }
  ::fchmod(fd, 0600);
  ::fsync(fd);
  ::close(fd);
  if (::rename(temp.c_str(), path_.c_str()) != 0) {
    ::unlink(temp.c_str());
    return make_error(ErrorCode::io_error, "Cannot replace the pairings file '" + path_ + "': " + std::strerror(errno) + ".");
  }
  return Error{};
}

Result<std::string> PairingStore::add(const std::string& origin) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto pairings = load();
  if (!pairings) return pairings.error();
  auto& list = *pairings;
  list.erase(std::remove_if(list.begin(), list.end(), [&](const Pairing& p) { return p.origin == origin; }), list.end());
  std::string token = random_hex_token() + random_hex_token();
  list.push_back(Pairing{origin, sha256_hex(token), now_seconds(), 0});
  if (Error e = save(list)) return e;
  return token;
}

Result<int> PairingStore::revoke(const std::string& origin_or_all) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto pairings = load();
  if (!pairings) return pairings.error();
  int count = 0;
  for (auto& p : *pairings) {
    if ((origin_or_all == "all" || p.origin == origin_or_all) && !p.revoked) {
      p.revoked = now_seconds();
      ++count;
    }
  }
  if (count == 0) return 0;
  if (Error e = save(*pairings)) return e;
  return count;
}

PairingVerdict PairingStore::check(const std::string& origin, std::string_view token) const {
  auto pairings = load();
  if (!pairings) return PairingVerdict::not_paired;
  for (const auto& p : *pairings) {
    if (p.origin != origin) continue;
    if (p.revoked) return PairingVerdict::revoked;
    if (token.empty()) return PairingVerdict::no_token;
    // Hashes of equal length compared without an early exit.
    return constant_time_equal(sha256_hex(token), p.token_sha256) ? PairingVerdict::accepted : PairingVerdict::wrong_token;
  }
  return PairingVerdict::not_paired;
}

// [SECTION] The one-time code

namespace {
// Crockford-style: no 0/O, 1/I/L, so a code read aloud or off a terminal is typed right.
constexpr char kCodeAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t kCodeLength = 8;

std::string normalize_code(std::string_view code) {
  std::string out;
  for (unsigned char c : code) {
    if (c == '-' || c == ' ') continue;
    out += char(std::toupper(c));
  }
  return out;
}
}  // namespace

PairingCode::PairingCode(std::string fixed) : fixed_(normalize_code(fixed)) { rotate(); }

void PairingCode::rotate() {
  wrong_ = 0;
  if (!fixed_.empty()) {
    code_ = fixed_;
    return;
  }
  code_.clear();
  constexpr std::size_t n = sizeof kCodeAlphabet - 1;
  while (code_.size() < kCodeLength) {
    unsigned char b;
    random_bytes(&b, 1);
    if (b >= 256 - 256 % n) continue;  // no modulo bias
    code_ += kCodeAlphabet[b % n];
  }
}

std::string PairingCode::current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return code_.substr(0, 4) + "-" + code_.substr(4);
}

bool PairingCode::redeem(std::string_view code) {
  std::lock_guard<std::mutex> lock(mutex_);
  bool ok = constant_time_equal(normalize_code(code), code_);
  if (ok || ++wrong_ >= kMaxWrongGuesses) rotate();
  return ok;
}

}  // namespace wirepad::native
