// wirepad core: text helpers shared by the importers (see import_text.h).
#include "import_text.h"

#include <algorithm>
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

namespace {

enum class TextEncoding { plain, utf8_bom, utf16le, utf16be, utf32le, utf32be };

// BOMs first (Unicode §23.8; UTF-32LE's FF FE 00 00 before UTF-16LE's FF FE); then UTF-16
// without a BOM, told by its zero bytes: ASCII text in UTF-16LE is "c\0c\0...", in UTF-16BE
// "\0c\0c...". UTF-8 text has no such zeros, so most of the first 512 character pairs must
// have a zero in the same half.
TextEncoding sniff(std::string_view b) {
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size() >= 4 && at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) return TextEncoding::utf32le;
  if (b.size() >= 4 && at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return TextEncoding::utf32be;
  if (b.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return TextEncoding::utf8_bom;
  if (b.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) return TextEncoding::utf16le;
  if (b.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF) return TextEncoding::utf16be;
  if (b.size() < 2) return TextEncoding::plain;
  std::size_t pairs = std::min<std::size_t>(b.size() / 2, 512), low_zero = 0, high_zero = 0;
  for (std::size_t i = 0; i < pairs; ++i) {
    bool z0 = at(2 * i) == 0, z1 = at(2 * i + 1) == 0;
    if (z0 && z1) return TextEncoding::plain;  // NUL characters: not text either way
    low_zero += z1 && !z0;
    high_zero += z0 && !z1;
  }
  // Characters past U+00FF have no zero byte (and U+xx00 has it in the other half): allow a
  // few (names, quotes), not a majority.
  if (low_zero * 4 >= pairs * 3 && high_zero * 8 <= low_zero) return TextEncoding::utf16le;
  if (high_zero * 4 >= pairs * 3 && low_zero * 8 <= high_zero) return TextEncoding::utf16be;
  return TextEncoding::plain;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18)), out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string_view text_encoding_name(std::string_view bytes) {
  switch (sniff(bytes)) {
    case TextEncoding::plain: return "";
    case TextEncoding::utf8_bom: return "UTF-8 with a byte order mark";
    case TextEncoding::utf16le: return "UTF-16LE";
    case TextEncoding::utf16be: return "UTF-16BE";
    case TextEncoding::utf32le: return "UTF-32LE";
    case TextEncoding::utf32be: return "UTF-32BE";
  }
  return "";
}

Result<std::string> text_as_utf8(std::string_view bytes, std::string_view what) {
  TextEncoding encoding = sniff(bytes);
  std::string name(text_encoding_name(bytes));
  switch (encoding) {
    case TextEncoding::plain: return std::string(bytes);
    case TextEncoding::utf8_bom: return std::string(bytes.substr(3));
    case TextEncoding::utf32le:
    case TextEncoding::utf32be:
      return make_error(ErrorCode::invalid_request,
                        std::string(what) + " is " + name + " text; Wirepad reads UTF-8 and UTF-16. Save it as UTF-8 "
                                            "and import it again.");
    case TextEncoding::utf16le:
    case TextEncoding::utf16be: break;
  }
  const bool le = encoding == TextEncoding::utf16le;
  std::size_t start = 0;
  if (bytes.size() >= 2) {
    unsigned b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
    if ((le && b0 == 0xFF && b1 == 0xFE) || (!le && b0 == 0xFE && b1 == 0xFF)) start = 2;  // the BOM
  }
  auto unit = [&](std::size_t i) -> std::uint32_t {
    unsigned a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return le ? (b << 8 | a) : (a << 8 | b);
  };
  auto broken = [&](std::size_t at, const std::string& why) {
    return make_error(ErrorCode::invalid_request,
                      std::string(what) + " is " + name + " text, but " + why + " at byte " + std::to_string(at) +
                          "; save it as UTF-8 and import it again.",
                      std::int64_t(at));
  };
  if ((bytes.size() - start) % 2 != 0) return broken(bytes.size() - 1, "it ends with half a character");
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = start; i < bytes.size(); i += 2) {
    std::uint32_t u = unit(i);
    // RFC 2781 §2.2: a high surrogate takes the next unit, which must be a low one.
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= bytes.size()) return broken(i, "a surrogate pair is cut off");
      std::uint32_t low = unit(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) return broken(i, "a high surrogate is not followed by a low one");
      append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return broken(i, "a low surrogate stands alone");
    } else {
      append_utf8(out, u);
    }
  }
  return out;
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
