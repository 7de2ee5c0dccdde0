// ui: the Content-Encoding line of the Body tab: "decoded from gzip: 1,234 -> 5,678 bytes"
// with a switch to the encoded bytes, or why the body is shown as received.
// Depends on: shared/exchange.h; Dear ImGui in the .cpp.
#pragma once
#include <cstddef>
#include <string>

#include "shared/exchange.h"

namespace wirepad::ui {

// "1,234": digits grouped in threes, as the decoded line shows sizes exactly.
std::string group_digits(std::size_t n);
// "decoded from gzip: 1,234 -> 5,678 bytes" ("decoding gzip: ..." while the body arrives);
// empty when the response has no content coding.
std::string decoding_summary(const ExchangeLog& log);

// Draws the line when there is a coding; `show_encoded` is the user's choice to see the bytes
// as received instead of decoded.
void draw_body_coding(const ExchangeLog& log, bool& show_encoded);

}  // namespace wirepad::ui
