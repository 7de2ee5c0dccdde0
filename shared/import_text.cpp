// wirepad core: text helpers shared by the importers (see import_text.h).
#include "import_text.h"

#include <cstdint>

#include "base64.h"
#include "text_util.h"

namespace wirepad {

std::string form_urlencode_component(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '*') {
      out += char(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += form_urlencode_component(name) + "=" + form_urlencode_component(value);
  }
  return out;
}

std::string percent_decode_text(std::string_view s, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && text::is_hex(static_cast<unsigned char>(s[i + 1])) &&
        text::is_hex(static_cast<unsigned char>(s[i + 2]))) {
      out += char(text::hex_value(static_cast<unsigned char>(s[i + 1])) * 16 +
                  text::hex_value(static_cast<unsigned char>(s[i + 2])));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> split_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t at = 0;
  while (at <= query.size() && !query.empty()) {
    std::size_t end = query.find('&', at);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(at, end - at);
    if (!part.empty()) {
      std::size_t eq = part.find('=');
      std::string_view name = eq == std::string_view::npos ? part : part.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
      out.emplace_back(percent_decode_text(name, true), percent_decode_text(value, true));
    }
    at = end + 1;
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 §3).
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

Result<std::string> decode_base64_standard(std::string_view text) {
  std::string url;
  url.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') break;
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
    else if (c == '-' || c == '_') {
      return make_error(ErrorCode::invalid_request,
                        "base64 text has '" + std::string(1, c) + "' at position " + std::to_string(i), std::int64_t(i));
    }
    url += c;
  }
  return decode_base64url(url);
}

std::pair<std::string, std::string> multipart_form(const std::vector<MultipartField>& fields) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the fields
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xFF) * 1099511628211ull;
  };
  for (const MultipartField& f : fields) mix(f.name), mix(f.value), mix(f.content_type);
  static const char* hex = "0123456789abcdef";
  std::string boundary(24, '-');  // curl's shape, as curl_import's multipart bodies
  for (int i = 15; i >= 0; --i) boundary += hex[(h >> (i * 4)) & 15];
  std::string body;
  for (const MultipartField& f : fields) {
    std::string name;
    for (char c : f.name) name += c == '"' ? std::string("%22") : c == '\r' ? "%0D" : c == '\n' ? "%0A" : std::string(1, c);
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n";
    if (!f.content_type.empty()) body += "Content-Type: " + f.content_type + "\r\n";
    body += "\r\n" + f.value + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return {boundary, body};
}

std::vector<std::string> template_variables(std::string_view text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string_view::npos) {
    std::size_t end = text.find("}}", at + 2);
    if (end == std::string_view::npos) break;
    std::string name(text::trim_ows(text.substr(at + 2, end - at - 2)));
    bool seen = false;
    for (const std::string& n : out) seen = seen || n == name;
    if (!seen && !name.empty()) out.push_back(name);
    at = end + 2;
  }
  return out;
}

}  // namespace wirepad
