// wirepad core: small text helpers the importers share: form encoding (WHATWG
// application/x-www-form-urlencoded), percent decoding, UTF-8 validation, standard base64
// decoding, a multipart/form-data body with a boundary derived from its content (so the same
// input always imports to the same bytes), and {{variable}} scanning.
// Depends on: error.h.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.h"

namespace wirepad {

// Space -> '+', unreserved kept, the rest %XX (what browsers and Postman send for forms).
std::string form_urlencode_component(std::string_view s);
std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& pairs);
// %XX decoded; with plus_is_space, '+' -> ' ' (form encoding).
std::string percent_decode_text(std::string_view s, bool plus_is_space);
// The pairs of a query string or form body ("a=1&b" -> {a,1},{b,""}), decoded.
std::vector<std::pair<std::string, std::string>> split_query(std::string_view query);

bool is_valid_utf8(std::string_view s);

// The text of a file people bring in, as UTF-8: a UTF-8 byte order mark is dropped; UTF-16
// (little or big endian, with a BOM, or without one when every other byte of the start is
// zero, as Windows PowerShell's `>` and Notepad write it) is decoded. Anything else is
// returned as it is. Errors (invalid_request): UTF-32, which no importer reads, and UTF-16
// that does not decode (an odd length, a lone surrogate), naming the encoding and the byte.
// `what` names the input in messages ("The file").
Result<std::string> text_as_utf8(std::string_view bytes, std::string_view what = "The file");
// "UTF-8 with a byte order mark", "UTF-16LE", ... or "" for plain text: for notes and tests.
std::string_view text_encoding_name(std::string_view bytes);

// RFC 4648 §4 with padding optional; whitespace ignored. Errors name the position.
Result<std::string> decode_base64_standard(std::string_view text);

struct MultipartField {
  std::string name;
  std::string value;
  std::string content_type;  // empty: none
};
// Returns {boundary, body}; the boundary looks like browsers' and is a hash of the fields.
std::pair<std::string, std::string> multipart_form(const std::vector<MultipartField>& fields);

// The distinct names in {{name}} references, in order of first use ("{{ host }}" -> "host").
std::vector<std::string> template_variables(std::string_view text);

}  // namespace wirepad
