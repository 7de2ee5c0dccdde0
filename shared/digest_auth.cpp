// wirepad core: HTTP Digest authentication (see digest_auth.h). RFC 7616 section numbers in
// the comments.
// Depends on: digest_auth.h, crypto_hash.h, text_util.h.
#include "digest_auth.h"

#include <cstdio>
#include <optional>

#include "crypto_hash.h"
#include "text_util.h"

namespace wirepad {

namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (text::to_lower(a[i]) != text::to_lower(b[i])) return false;
  return true;
}

struct AlgorithmName {
  std::string_view name;
  DigestAlgorithm algorithm;
  int rank;  // higher is preferred
};
constexpr AlgorithmName kAlgorithms[] = {
    {"SHA-256", DigestAlgorithm::sha256, 4},
    {"SHA-256-sess", DigestAlgorithm::sha256_sess, 3},
    {"MD5", DigestAlgorithm::md5, 2},
    {"MD5-sess", DigestAlgorithm::md5_sess, 1},
};

HashAlgorithm hash_of(DigestAlgorithm a) {
  return a == DigestAlgorithm::sha256 || a == DigestAlgorithm::sha256_sess ? HashAlgorithm::sha256 : HashAlgorithm::md5;
}
bool is_sess(DigestAlgorithm a) { return a == DigestAlgorithm::md5_sess || a == DigestAlgorithm::sha256_sess; }

// qop-options (§3.3): a quoted, comma-separated list such as "auth,auth-int".
struct QopOffer {
  bool auth = false, auth_int = false;
  std::string other;  // unknown values, for the error message
};
QopOffer parse_qop(std::string_view list) {
  QopOffer q;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = text::trim_ows(list.substr(0, comma));
    if (iequal(item, "auth"))
      q.auth = true;
    else if (iequal(item, "auth-int"))
      q.auth_int = true;
    else if (!item.empty())
      q.other += (q.other.empty() ? "" : ", ") + std::string(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return q;
}

// A quoted-string for a header we send: '"' and '\' escaped as quoted-pairs (RFC 9110 §5.6.4).
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}
bool has_non_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

// ext-value (RFC 8187 §3.2.1) for username* (§3.4.4): UTF-8'' then attr-char or %XX.
std::string ext_value(std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (unsigned char c : s) {
    bool attr_char = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     std::string_view("!#$&+-.^_`|~").find(char(c)) != std::string_view::npos;
    if (attr_char) {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string nc_hex(std::uint32_t nc) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", nc);
  return buf;
}

std::string_view qop_name(DigestQop q) { return q == DigestQop::auth_int ? "auth-int" : "auth"; }

}  // namespace

std::string_view to_string(DigestAlgorithm algorithm) {
  for (const AlgorithmName& a : kAlgorithms)
    if (a.algorithm == algorithm) return a.name;
  return "MD5";
}

Result<DigestChallenge> select_digest_challenge(const std::vector<std::string>& field_values, bool for_proxy) {
  auto parsed = parse_auth_challenges(field_values, for_proxy ? "Proxy-Authenticate" : "WWW-Authenticate");
  if (!parsed) return parsed.error();
  return select_digest_challenge(*parsed, for_proxy);
}

Result<DigestChallenge> select_digest_challenge(const std::vector<AuthChallenge>& challenges, bool for_proxy) {
  std::string schemes, unsupported;
  std::optional<Error> first_problem;
  const DigestChallenge* best = nullptr;
  int best_rank = 0;
  std::vector<DigestChallenge> candidates;
  candidates.reserve(challenges.size());
  std::vector<int> ranks;
  for (const AuthChallenge& c : challenges) {
    schemes += (schemes.empty() ? "" : ", ") + c.scheme;
    if (!iequal(c.scheme, "Digest")) continue;
    auto where = [&] {
      return "the Digest challenge at byte " + std::to_string(c.offset) + " of field line " +
             std::to_string(c.field_index + 1);
    };
    DigestChallenge d;
    d.for_proxy = for_proxy;
    const std::string* realm = c.param("realm");
    const std::string* nonce = c.param("nonce");
    if (realm == nullptr || nonce == nullptr) {
      if (!first_problem)
        first_problem = make_error(ErrorCode::malformed_response,
                                   "The server's Digest challenge has no " + std::string(realm ? "nonce" : "realm") +
                                       " (" + where() + "); RFC 7616 §3.3 requires both realm and nonce.",
                                   c.offset);
      continue;
    }
    d.realm = *realm;
    d.nonce = *nonce;
    if (const std::string* v = c.param("opaque")) d.opaque = *v, d.has_opaque = true;
    if (const std::string* v = c.param("domain")) d.domain = *v;
    if (const std::string* v = c.param("stale")) d.stale = iequal(*v, "true");
    if (const std::string* v = c.param("userhash")) d.userhash = iequal(*v, "true");
    int rank = 2;  // no algorithm parameter means MD5 (§3.3)
    if (const std::string* v = c.param("algorithm")) {
      d.algorithm_given = true;
      rank = 0;
      for (const AlgorithmName& a : kAlgorithms)
        if (iequal(*v, a.name)) d.algorithm = a.algorithm, rank = a.rank;
      if (rank == 0) {
        unsupported += (unsupported.empty() ? "" : ", ") + ("algorithm=" + *v);
        continue;
      }
    }
    if (const std::string* v = c.param("qop")) {
      QopOffer q = parse_qop(*v);
      if (q.auth)
        d.qop = DigestQop::auth;
      else if (q.auth_int)
        d.qop = DigestQop::auth_int;
      else {
        unsupported += (unsupported.empty() ? "" : ", ") + ("qop=\"" + *v + "\"");
        continue;
      }
    }
    candidates.push_back(std::move(d));
    ranks.push_back(rank);
  }
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (ranks[i] > best_rank) best = &candidates[i], best_rank = ranks[i];
  if (best != nullptr) return *best;
  if (first_problem) return *first_problem;
  if (!unsupported.empty())
    return make_error(ErrorCode::malformed_response,
                      "The server offers Digest only with " + unsupported +
                          ", which Wirepad cannot compute (it supports MD5, MD5-sess, SHA-256 and SHA-256-sess with "
                          "qop auth or auth-int).");
  return make_error(ErrorCode::malformed_response,
                    "The server asks for " + (schemes.empty() ? std::string("no scheme") : schemes) +
                        " authentication, not Digest; choose that auth type instead.");
}

std::string digest_response(const DigestChallenge& ch, const DigestCredentials& cr, const DigestRequest& rq) {
  HashAlgorithm h = hash_of(ch.algorithm);
  auto H = [&](std::string_view s) { return hash_hex(h, s); };
  // §3.4.2: A1, and for the -sess variants the hash of A1 followed by both nonces.
  std::string ha1 = H(cr.username + ":" + ch.realm + ":" + cr.password);
  if (is_sess(ch.algorithm)) ha1 = H(ha1 + ":" + ch.nonce + ":" + std::string(rq.cnonce));
  // §3.4.3: A2, with the hash of the body for auth-int.
  std::string a2 = std::string(rq.method) + ":" + std::string(rq.uri);
  if (ch.qop == DigestQop::auth_int) a2 += ":" + H(rq.body);
  std::string ha2 = H(a2);
  // §3.4.1; without qop the RFC 2069 form, which RFC 7616 §3.4 keeps for old servers.
  if (ch.qop == DigestQop::none) return H(ha1 + ":" + ch.nonce + ":" + ha2);
  return H(ha1 + ":" + ch.nonce + ":" + nc_hex(rq.nc) + ":" + std::string(rq.cnonce) + ":" +
           std::string(qop_name(ch.qop)) + ":" + ha2);
}

Result<AuthHeader> digest_authorization(const DigestChallenge& ch, const DigestCredentials& cr,
                                        const DigestRequest& rq) {
  if (ch.qop != DigestQop::none && rq.cnonce.empty())
    return make_error(ErrorCode::invalid_request, "Digest with qop needs a client nonce (cnonce); none was given.");
  if (rq.cnonce.find('"') != std::string_view::npos || has_control(rq.cnonce))
    return make_error(ErrorCode::invalid_request, "The Digest client nonce must not contain '\"' or control characters.");
  if (has_control(rq.uri) || rq.uri.find('"') != std::string_view::npos)
    return make_error(ErrorCode::invalid_request,
                      "The request target \"" + std::string(rq.uri) + "\" has a '\"' or a control character; encode it.");
  if (has_control(cr.username))
    return make_error(ErrorCode::invalid_request,
                      "The Digest username contains a control character, which no header can carry; remove it.");
  // Curl's parameter order, so the bytes can be compared with curl --digest.
  std::string v = "Digest ";
  if (ch.userhash)
    v += "username=\"" + hash_hex(hash_of(ch.algorithm), cr.username + ":" + ch.realm) + "\"";
  else if (has_non_ascii(cr.username))
    v += "username*=" + ext_value(cr.username);  // §3.4.4: a username that a quoted string cannot carry
  else
    v += "username=" + quote(cr.username);
  v += ", realm=" + quote(ch.realm);
  v += ", nonce=" + quote(ch.nonce);
  v += ", uri=" + quote(rq.uri);
  if (ch.qop != DigestQop::none) {
    v += ", cnonce=" + quote(rq.cnonce);
    v += ", nc=" + nc_hex(rq.nc);
    v += ", qop=" + std::string(qop_name(ch.qop));
  }
  v += ", response=\"" + digest_response(ch, cr, rq) + "\"";
  if (ch.has_opaque) v += ", opaque=" + quote(ch.opaque);
  if (ch.algorithm_given) v += ", algorithm=" + std::string(to_string(ch.algorithm));
  if (ch.userhash) v += ", userhash=true";
  return AuthHeader{ch.for_proxy ? "Proxy-Authorization" : "Authorization", std::move(v)};
}

}  // namespace wirepad
