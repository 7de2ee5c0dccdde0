// wirepad core: sse_parser.h. The steps follow WHATWG HTML §9.2.6 in order; comments quote it.
#include "sse_parser.h"

#include <algorithm>

#include "ws_utf8.h"

namespace wirepad {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

}  // namespace

bool is_event_stream_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  constexpr std::string_view want = "text/event-stream";
  if (type.size() != want.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (lower(type[i]) != want[i]) return false;
  return true;
}

std::string utf8_with_replacement(std::string_view bytes, std::size_t& replaced) {
  if (find_invalid_utf8(bytes) == std::string_view::npos) return std::string(bytes);
  // The WHATWG decoder's rule: each maximal subpart of an ill-formed sequence becomes one
  // U+FFFD (Unicode §3.9 "U+FFFD Substitution of Maximal Subparts").
  std::string out;
  out.reserve(bytes.size() + 8);
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      out += char(c);
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) length = 2;
    else if (c >= 0xE0 && c <= 0xEF) length = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) length = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    std::size_t good = length == 0 ? 0 : 1;  // bytes of the sequence that fit so far
    while (good > 0 && good < length && i + good < bytes.size()) {
      auto next = static_cast<unsigned char>(bytes[i + good]);
      if (next < (good == 1 ? lo : 0x80) || next > (good == 1 ? hi : 0xBF)) break;
      ++good;
    }
    if (length != 0 && good == length) {
      out.append(bytes.substr(i, length));
      i += length;
    } else {
      out += "\xEF\xBF\xBD";
      ++replaced;
      i += std::max<std::size_t>(good, 1);
    }
  }
  return out;
}

const Error& SseParser::feed(std::string_view bytes, double now, std::vector<SseEvent>& out) {
  if (error_) return error_;
  fed_ += bytes.size();
  // §9.2.5: "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
  // Matched byte by byte: the three bytes may come in different pieces.
  while (!bom_done_ && !bytes.empty()) {
    if (bytes.front() == kBom[bom_matched_]) {
      bytes.remove_prefix(1);
      if (++bom_matched_ == 3) {
        bom_done_ = bom_skipped_ = true;
        pos_ = line_start_ = 3;
      }
      continue;
    }
    bom_done_ = true;  // not a BOM: the bytes matched so far are text
    take(std::string_view(kBom, bom_matched_), now, out);
  }
  if (bom_done_) take(bytes, now, out);
  return error_;
}

void SseParser::take(std::string_view bytes, double now, std::vector<SseEvent>& out) {
  std::size_t i = 0;
  while (i < bytes.size() && !error_) {
    if (skip_lf_) {
      // CRLF is one line end even when the CR ended the previous piece.
      skip_lf_ = false;
      if (bytes[i] == '\n') {
        ++i;
        line_start_ = ++pos_;
        continue;
      }
    }
    std::size_t end = bytes.find_first_of("\r\n", i);
    std::size_t stop = end == std::string_view::npos ? bytes.size() : end;
    if (line_.size() + (stop - i) > limits_.max_line) {
      fail("an event-stream line longer than " + std::to_string(limits_.max_line) + " bytes starts at body byte " +
           std::to_string(line_start_) + " (a limit, so an endless line cannot take all memory)");
      error_.offset = std::int64_t(line_start_);
      return;
    }
    line_.append(bytes.substr(i, stop - i));
    pos_ += stop - i;
    if (end == std::string_view::npos) return;
    skip_lf_ = bytes[end] == '\r';
    ++pos_;
    i = end + 1;
    line_end(now, out);
    line_start_ = pos_;
  }
}

void SseParser::line_end(double now, std::vector<SseEvent>& out) {
  if (line_.empty()) {
    // "If the line is empty (a blank line): Dispatch the event."
    dispatch(now, out);
    in_block_ = false;
    return;
  }
  if (!in_block_) {
    in_block_ = true;
    block_start_ = line_start_;
  }
  process_line(line_, now, out);
  line_.clear();
}

void SseParser::process_line(std::string_view raw, double /*now*/, std::vector<SseEvent>& /*out*/) {
  // §9.2.5: the stream is decoded as UTF-8, errors replaced (whatever the charset says).
  std::string line = utf8_with_replacement(raw, replaced_);
  // "If the line starts with a U+003A COLON character (:): Ignore the line."
  if (line.front() == ':') {
    ++comments_;
    return;
  }
  // "If the line contains a U+003A COLON character: the field is the part before the first
  // colon, the value the part after it; if the value starts with a U+0020 SPACE character,
  // remove it." Otherwise the whole line is the field name and the value is empty.
  std::string_view field = line, value;
  if (std::size_t colon = line.find(':'); colon != std::string::npos) {
    field = std::string_view(line).substr(0, colon);
    value = std::string_view(line).substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "event") {
    type_ = std::string(value);
  } else if (field == "data") {
    // "Append the field value to the data buffer, then append a single U+000A LINE FEED."
    if (data_.size() + value.size() + 1 > limits_.max_event_data) {
      fail("the data of the event starting at body byte " + std::to_string(block_start_) + " is longer than " +
           std::to_string(limits_.max_event_data) + " bytes (a limit, so an endless event cannot take all memory)");
      error_.offset = std::int64_t(block_start_);
      return;
    }
    data_.append(value);
    data_ += '\n';
  } else if (field == "id") {
    // "If the field value does not contain U+0000 NULL, set the last event ID buffer to the
    // field value. Otherwise, ignore the field."
    if (value.find('\0') == std::string_view::npos) pending_id_ = std::string(value);
    else ++ignored_;
  } else if (field == "retry") {
    // "If the field value consists of only ASCII digits, interpret it as an integer in base
    // ten and set the reconnection time to it. Otherwise, ignore the field."
    bool digits = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::uint64_t ms = 0;
    for (char c : value) {
      if (!digits) break;
      if (ms > (UINT64_MAX - 9) / 10) {  // more than 20 digits: not a time anyone means
        digits = false;
        break;
      }
      ms = ms * 10 + std::uint64_t(c - '0');
    }
    if (digits) retry_ms_ = block_retry_ = ms;
    else ++ignored_;
  } else {
    ++ignored_;  // "Otherwise: The field is ignored."
  }
}

void SseParser::dispatch(double now, std::vector<SseEvent>& out) {
  // 1. "Set the last event ID string of the event source to the value of the last event ID
  // buffer." (The buffer is not reset: an id holds for later events until another one.)
  last_event_id_ = pending_id_;
  // 2. "If the data buffer is an empty string, set the data buffer and the event type buffer
  // to the empty string and return."
  if (data_.empty()) {
    type_.clear();
    block_retry_.reset();
    return;
  }
  // 3. "If the data buffer's last character is a U+000A LINE FEED (LF) character, then remove
  // the last character from the data buffer."
  if (data_.back() == '\n') data_.pop_back();
  SseEvent event;
  if (!type_.empty()) event.type = std::move(type_);
  event.data = std::move(data_);
  event.id = last_event_id_;
  event.retry_ms = block_retry_;
  event.offset = in_block_ ? block_start_ : line_start_;
  event.size = pos_ - event.offset;
  event.at = now;
  out.push_back(std::move(event));
  data_.clear();
  type_.clear();
  block_retry_.reset();
}

std::size_t SseParser::finish() {
  // "If the file ends in the middle of an event, before the final empty line, the incomplete
  // event is not dispatched."
  if (!bom_done_) return bom_matched_;
  if (in_block_) return pos_ - block_start_;
  return line_.size();
}

void SseParser::fail(std::string message) { error_ = make_error(ErrorCode::response_too_large, std::move(message)); }

}  // namespace wirepad
