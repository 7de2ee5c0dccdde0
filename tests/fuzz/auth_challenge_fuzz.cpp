// Fuzz target: WWW-Authenticate challenge parsing (shared/auth_challenge.h) and the Digest
// answer built from it (shared/digest_auth.h). The input is split at '\n' into field lines.
// Properties: a refusal has a sentence and a byte offset inside its field line; a parsed
// challenge has a token scheme and token parameter names; writing the challenges back
// (every value quoted and escaped) and parsing again gives the same challenges; a Digest
// answer never holds CR, LF or NUL.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "shared/auth_challenge.h"
#include "shared/digest_auth.h"

using namespace wirepad;

namespace {

bool is_token(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c >= 0x7F || std::string("\"(),/:;<=>?@[\\]{}").find(char(c)) != std::string::npos) return false;
  return true;
}

std::string write_back(const std::vector<AuthChallenge>& challenges) {
  std::string out;
  for (const AuthChallenge& c : challenges) {
    if (!out.empty()) out += ", ";
    out += c.scheme;
    if (!c.token68.empty()) out += " " + c.token68;
    for (std::size_t i = 0; i < c.params.size(); ++i) {
      out += i == 0 ? " " : ", ";
      out += c.params[i].name + "=\"";
      for (char ch : c.params[i].value) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
      }
      out += '"';
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  std::size_t at = 0;
  for (;;) {
    std::size_t nl = text.find('\n', at);
    lines.push_back(text.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto one = parse_auth_challenges(lines[i], i);
    if (!one) {
      if (one.error().message.empty() || one.error().offset < 0 ||
          one.error().offset > std::int64_t(lines[i].size()))
        std::abort();
      continue;
    }
    for (const AuthChallenge& c : *one) {
      if (!is_token(c.scheme) || c.field_index != i) std::abort();
      for (const AuthParam& p : c.params)
        if (!is_token(p.name)) std::abort();
    }
    auto again = parse_auth_challenges(write_back(*one), i);
    if (!again || again->size() != one->size()) std::abort();
    for (std::size_t k = 0; k < one->size(); ++k) {
      const AuthChallenge &a = (*one)[k], &b = (*again)[k];
      if (a.scheme != b.scheme || a.token68 != b.token68 || a.params.size() != b.params.size()) std::abort();
      for (std::size_t j = 0; j < a.params.size(); ++j)
        if (a.params[j].name != b.params[j].name || a.params[j].value != b.params[j].value) std::abort();
    }
  }
  for (bool proxy : {false, true}) {
    auto chosen = select_digest_challenge(lines, proxy);
    if (!chosen) {
      if (chosen.error().message.empty()) std::abort();
      continue;
    }
    auto header = digest_authorization(*chosen, DigestCredentials{"user", "pass"},
                                       DigestRequest{"GET", "/path?q=1", "body", "0a4f113b", 1});
    if (!header) continue;
    for (char ch : header->value)
      if (ch == '\r' || ch == '\n' || ch == '\0') std::abort();
    if (header->name != (proxy ? "Proxy-Authorization" : "Authorization")) std::abort();
  }
  return 0;
}
