// wirepad core: TlsFacts as JSON, one format for the relay's `connected` frame
// (docs/relay-protocol.md), the page that reads it, and `wirepad send --json`.
// Header-only over nlohmann::basic_json so each caller keeps its own json flavour.
// Depends on: transport.h, nlohmann-json.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "transport.h"

namespace wirepad {

template <class Json>
Json tls_facts_to_json(const TlsFacts& facts) {
  Json certificates = Json::array();
  for (const CertificateInfo& c : facts.certificates)
    certificates.push_back(Json{{"subject", c.subject},
                                {"issuer", c.issuer},
                                {"not_before", c.not_before},
                                {"not_after", c.not_after},
                                {"sans", c.sans}});
  return Json{{"version", facts.version},         {"cipher", facts.cipher},
              {"alpn", facts.alpn},               {"server_name", facts.server_name},
              {"verified", facts.verified},       {"chain", facts.chain},
              {"certificates", std::move(certificates)}};
}

// Lenient: a missing or mistyped field stays empty (a newer or older relay may differ).
template <class Json>
TlsFacts tls_facts_from_json(const Json& j) {
  auto text = [](const Json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->template get<std::string>() : std::string();
  };
  auto texts = [](const Json& o, const char* key) {
    std::vector<std::string> out;
    auto it = o.find(key);
    if (it != o.end() && it->is_array())
      for (const auto& v : *it)
        if (v.is_string()) out.push_back(v.template get<std::string>());
    return out;
  };
  TlsFacts facts;
  if (!j.is_object()) return facts;
  facts.version = text(j, "version");
  facts.cipher = text(j, "cipher");
  facts.alpn = text(j, "alpn");
  facts.server_name = text(j, "server_name");
  if (auto v = j.find("verified"); v != j.end() && v->is_boolean()) facts.verified = v->template get<bool>();
  facts.chain = texts(j, "chain");
  if (auto certs = j.find("certificates"); certs != j.end() && certs->is_array()) {
    for (const auto& c : *certs) {
      if (!c.is_object()) continue;
      facts.certificates.push_back(
          {text(c, "subject"), text(c, "issuer"), text(c, "not_before"), text(c, "not_after"), texts(c, "sans")});
    }
  }
  return facts;
}

}  // namespace wirepad
