// wirepad core: base64 (RFC 4648 §4) for Basic credentials (RFC 7617) and base64url without
// padding (RFC 4648 §5) for share links.
// Depends on: error.h only.
#pragma once
#include <string>
#include <string_view>

#include "error.h"

namespace wirepad {

std::string encode_base64(std::string_view bytes);     // with '=' padding
std::string encode_base64url(std::string_view bytes);  // '-' and '_', no padding
void append_base64url(std::string& out, std::string_view bytes);  // the same, onto `out` (no temporary)
// Accepts base64url without padding. Errors: invalid_experiment, with the position of the
// first character that is not in the alphabet, or of the end when the text was cut short.
Result<std::string> decode_base64url(std::string_view text);

}  // namespace wirepad
