// wirepad core: wire_segments.h. One cursor walks the bytes; each step appends the segment
// it recognised. Framing decisions follow RFC 9112 §6.3 as the response parser makes them,
// but nothing here stops on an error: what cannot be framed becomes an `unframed` segment.
#include "shared/wire_segments.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "shared/h2_frame.h"
#include "shared/text_util.h"

namespace wirepad {

std::string_view to_string(WirePart part) {
  switch (part) {
    case WirePart::request_line: return "request line";
    case WirePart::status_line: return "status line";
    case WirePart::interim_status_line: return "interim status line";
    case WirePart::header: return "header";
    case WirePart::obs_fold: return "folded header line";
    case WirePart::blank_line: return "blank line";
    case WirePart::body: return "body";
    case WirePart::chunk_size: return "chunk size";
    case WirePart::chunk_data: return "chunk data";
    case WirePart::chunk_data_end: return "chunk end";
    case WirePart::last_chunk: return "last chunk";
    case WirePart::trailer: return "trailer";
    case WirePart::extra: return "after the message";
    case WirePart::unframed: return "unframed";
    case WirePart::h2_preface: return "preface";
    case WirePart::h2_frame_header: return "frame header";
    case WirePart::h2_frame_payload: return "frame payload";
  }
  return "?";
}

namespace {

constexpr const char* kBareLf = "bare LF line ending (RFC 9112 §2.2 expects CRLF)";

struct Line {
  std::string_view content;  // without the line ending
  std::size_t size = 0;      // with it
  bool complete = false;     // a LF was found
  bool bare_lf = false;
};

// The framing facts of one head.
struct HeadFacts {
  std::optional<std::uint64_t> content_length;
  bool content_length_invalid = false;
  bool chunked = false;          // chunked is the last transfer coding
  bool other_coding = false;     // a transfer coding other than chunked last
  std::size_t content_length_segment = SIZE_MAX;  // index of the (first) Content-Length field
};

void add_leniency(WireSegment& segment, std::string_view what) {
  if (!segment.leniency.empty()) segment.leniency += "; ";
  segment.leniency += what;
}

class Walker {
 public:
  explicit Walker(std::string_view bytes) : bytes_(bytes) {}

  bool at_end() const { return pos_ >= bytes_.size(); }
  std::vector<WireSegment> take() { return std::move(out_); }
  WireSegment& segment(std::size_t index) { return out_[index]; }

  Line peek_line() const {
    Line line;
    std::size_t lf = bytes_.find('\n', pos_);
    if (lf == std::string_view::npos) {
      line.content = bytes_.substr(pos_);
      line.size = bytes_.size() - pos_;
      return line;
    }
    line.complete = true;
    line.size = lf + 1 - pos_;
    std::size_t end = lf;
    if (end > pos_ && bytes_[end - 1] == '\r') --end;
    else line.bare_lf = true;
    line.content = bytes_.substr(pos_, end - pos_);
    return line;
  }

  WireSegment& emit(std::size_t size, WirePart part, std::string note = {}) {
    WireSegment segment;
    segment.offset = pos_;
    segment.size = size;
    segment.part = part;
    segment.note = std::move(note);
    out_.push_back(std::move(segment));
    pos_ += size;
    return out_.back();
  }

  // A line as one segment, with its line-ending facts.
  WireSegment& emit_line(const Line& line, WirePart part, std::string note = {}) {
    WireSegment& segment = emit(line.size, part, std::move(note));
    if (!line.complete) segment.incomplete = true;
    else if (line.bare_lf) add_leniency(segment, kBareLf);
    return segment;
  }

  // The rest of the bytes as one segment.
  WireSegment& emit_rest(WirePart part, std::string note = {}, std::string_view leniency = {}) {
    WireSegment& segment = emit(bytes_.size() - pos_, part, std::move(note));
    if (!leniency.empty()) add_leniency(segment, leniency);
    return segment;
  }

  // Field lines up to and including the blank line; returns false when the bytes end first.
  bool fields(WirePart part, HeadFacts* facts) {
    while (!at_end()) {
      Line line = peek_line();
      if (line.complete && line.content.empty()) {
        emit_line(line, WirePart::blank_line, part == WirePart::trailer ? "end of the trailers" : "end of the head");
        return true;
      }
      if (!line.content.empty() && text::is_ows(line.content.front())) {
        WireSegment& s = emit_line(line, WirePart::obs_fold, "continues the previous field");
        add_leniency(s, "obsolete line folding (RFC 9112 §5.2): a lenient parser joins it with a space");
        continue;
      }
      std::size_t colon = line.content.find(':');
      std::string_view name = line.content.substr(0, colon == std::string_view::npos ? line.content.size() : colon);
      WireSegment& s = emit_line(line, part, std::string(text::trim_ows(name)));
      if (!line.complete) return false;
      if (colon == std::string_view::npos) {
        add_leniency(s, "no colon: not a field line (RFC 9112 §5.1)");
        continue;
      }
      if (!name.empty() && text::is_ows(name.back()))
        add_leniency(s, "whitespace between the field name and the colon (RFC 9112 §5.1 forbids it)");
      std::string_view value = text::trim_ows(line.content.substr(colon + 1));
      if (value.find('\r') != std::string_view::npos) add_leniency(s, "a bare CR inside the value (RFC 9110 §5.5)");
      if (value.find('\0') != std::string_view::npos) add_leniency(s, "a NUL byte inside the value (RFC 9110 §5.5)");
      if (facts && part == WirePart::header) note_framing(text::lower(text::trim_ows(name)), value, s, out_.size() - 1, *facts);
    }
    return false;
  }

  static void note_framing(const std::string& name, std::string_view value, WireSegment& s, std::size_t index,
                           HeadFacts& facts) {
    if (name == "content-length") {
      std::uint64_t n = 0;
      bool ok = !value.empty();
      for (char c : value) {
        if (!text::is_digit(static_cast<unsigned char>(c)) || n > (UINT64_MAX - 9) / 10) {
          ok = false;
          break;
        }
        n = n * 10 + std::uint64_t(c - '0');
      }
      if (!ok) {
        facts.content_length_invalid = true;
        add_leniency(s, "not a valid length (RFC 9110 §8.6)");
      } else if (facts.content_length && *facts.content_length != n) {
        facts.content_length_invalid = true;
        add_leniency(s, "a second, different Content-Length (RFC 9112 §6.3)");
      } else {
        facts.content_length = n;
      }
      if (facts.content_length_segment == SIZE_MAX) facts.content_length_segment = index;
    } else if (name == "transfer-encoding") {
      std::string codings = text::lower(value);
      std::size_t comma = codings.rfind(',');
      std::string_view last = text::trim_ows(std::string_view(codings).substr(comma == std::string::npos ? 0 : comma + 1));
      facts.chunked = last == "chunked";
      facts.other_coding = !facts.chunked;
    }
  }

  // A body of `length` bytes, and what follows it.
  void length_body(std::uint64_t length, WirePart after) {
    std::size_t available = bytes_.size() - pos_;
    if (length > 0 && available > 0) {
      std::size_t take = length < available ? std::size_t(length) : available;
      WireSegment& s = emit(take, WirePart::body, std::to_string(length) + (length == 1 ? " byte" : " bytes") + " by Content-Length");
      if (take < length) s.incomplete = true;
    }
    if (!at_end()) emit_rest(after, std::to_string(bytes_.size() - pos_) + ((bytes_.size() - pos_) == 1 ? " byte" : " bytes"));
  }

  void chunked_body(WirePart after) {
    while (!at_end()) {
      Line line = peek_line();
      std::size_t digits = 0;
      std::uint64_t size = 0;
      bool overflow = false;
      while (digits < line.content.size() && text::is_hex(static_cast<unsigned char>(line.content[digits]))) {
        if (size > (UINT64_MAX >> 4)) overflow = true;
        size = (size << 4) | std::uint64_t(text::hex_value(static_cast<unsigned char>(line.content[digits])));
        ++digits;
      }
      if (!line.complete && digits == line.content.size()) {  // still arriving
        emit_line(line, WirePart::chunk_size);
        return;
      }
      if (digits == 0 || overflow) {
        emit_rest(WirePart::unframed, {},
                  overflow ? "chunk size larger than 64 bits: the rest cannot be framed"
                           : "not a hexadecimal chunk size (RFC 9112 §7.1): the rest cannot be framed");
        return;
      }
      std::string_view ext = line.content.substr(digits);
      if (size == 0) {
        WireSegment& s = emit_line(line, WirePart::last_chunk, "end of the chunked body");
        if (!ext.empty()) s.note += ", extensions '" + std::string(ext.substr(0, 64)) + "'";
        if (!line.complete) return;
        if (!fields(WirePart::trailer, nullptr)) return;
        if (!at_end()) emit_rest(after, std::to_string(bytes_.size() - pos_) + ((bytes_.size() - pos_) == 1 ? " byte" : " bytes"));
        return;
      }
      std::string note = std::to_string(size) + (size == 1 ? " byte" : " bytes") + " (0x" + std::string(line.content.substr(0, digits)) + ")";
      if (!ext.empty()) note += ", extensions '" + std::string(ext.substr(0, 64)) + (ext.size() > 64 ? "...'" : "'");
      emit_line(line, WirePart::chunk_size, std::move(note));
      if (!line.complete) return;
      std::size_t available = bytes_.size() - pos_;
      if (available == 0) return;
      std::size_t take = size < available ? std::size_t(size) : available;
      WireSegment& data = emit(take, WirePart::chunk_data, std::to_string(size) + (size == 1 ? " byte" : " bytes"));
      if (take < size) {
        data.incomplete = true;
        return;
      }
      // The CRLF after the data.
      std::string_view rest = bytes_.substr(pos_);
      if (rest.substr(0, 2) == "\r\n") {
        emit(2, WirePart::chunk_data_end);
      } else if (!rest.empty() && rest[0] == '\n') {
        add_leniency(emit(1, WirePart::chunk_data_end), kBareLf);
      } else if (rest == "\r") {
        emit(1, WirePart::chunk_data_end).incomplete = true;
        return;
      } else if (!rest.empty()) {
        emit_rest(WirePart::unframed, {}, "the chunk's data is longer than its size: no CRLF after " +
                                              std::to_string(size) + (size == 1 ? " byte" : " bytes") + " (RFC 9112 §7.1)");
        return;
      }
    }
  }

  std::size_t pos_ = 0;

 private:
  std::string_view bytes_;
  std::vector<WireSegment> out_;
};

std::optional<int> status_of(std::string_view line, WireSegment* segment) {
  // HTTP-version SP 3DIGIT SP [reason]
  if (line.size() < 12 || line.substr(0, 5) != "HTTP/" || line[8] != ' ') return std::nullopt;
  int status = 0;
  for (int i = 9; i < 12; ++i) {
    if (!text::is_digit(static_cast<unsigned char>(line[i]))) return std::nullopt;
    status = status * 10 + (line[i] - '0');
  }
  if (segment && line.size() == 12) add_leniency(*segment, "no space and no reason after the status code (RFC 9112 §4)");
  if (segment && line.substr(5, 3) != "1.1" && line.substr(5, 3) != "1.0")
    add_leniency(*segment, "HTTP version " + std::string(line.substr(5, 3)) + " on an HTTP/1.1 connection");
  return status;
}

}  // namespace

std::vector<WireSegment> segment_request(std::string_view bytes) {
  Walker w(bytes);
  if (w.at_end()) return {};
  Line line = w.peek_line();
  w.emit_line(line, WirePart::request_line);
  HeadFacts facts;
  if (line.complete && w.fields(WirePart::header, &facts)) {
    if (facts.chunked) w.chunked_body(WirePart::extra);
    else w.length_body(facts.content_length.value_or(0), WirePart::extra);
  }
  return w.take();
}

std::vector<WireSegment> segment_response(std::string_view bytes, const WireSegmentOptions& options) {
  Walker w(bytes);
  while (!w.at_end()) {
    Line line = w.peek_line();
    std::optional<int> status = status_of(line.content, nullptr);
    if (!status) {
      std::size_t n = std::min<std::size_t>(line.content.size(), 9);
      if (!line.complete && line.content.size() < 12 && line.content.substr(0, n) == std::string_view("HTTP/1.1 ").substr(0, n)) {
        w.emit_line(line, WirePart::status_line);  // the status line is still arriving
        break;
      }
      w.emit_rest(WirePart::unframed, {}, "no HTTP status line (RFC 9112 §4): an HTTP/0.9-style reply or not HTTP");
      break;
    }
    bool interim = *status >= 100 && *status < 200 && *status != 101;
    std::string note(line.content.size() > 13 ? line.content.substr(9) : line.content.substr(9, 3));
    WireSegment& head = w.emit_line(line, interim ? WirePart::interim_status_line : WirePart::status_line, note);
    status_of(line.content, &head);
    if (!line.complete) break;
    HeadFacts facts;
    if (!w.fields(WirePart::header, &facts)) break;
    if (interim) continue;
    if (*status == 101) {
      if (!w.at_end()) w.emit_rest(WirePart::extra, "after Switching Protocols: another protocol's bytes");
      break;
    }
    if (options.response_to_head || *status == 204 || *status == 304) {
      if (!w.at_end()) w.emit_rest(WirePart::extra, {}, "bytes after a response that has no body (RFC 9110 §6.4.1)");
      break;
    }
    if (facts.chunked) {
      if (facts.content_length_segment != SIZE_MAX)
        add_leniency(w.segment(facts.content_length_segment),
                     "ignored: Transfer-Encoding chunked wins over Content-Length (RFC 9112 §6.3), a request "
                     "smuggling pattern");
      w.chunked_body(WirePart::extra);
    } else if (facts.other_coding) {
      if (!w.at_end()) w.emit_rest(WirePart::body, "until the connection closed (a transfer coding other than chunked)");
    } else if (facts.content_length && !facts.content_length_invalid) {
      w.length_body(*facts.content_length, WirePart::extra);
    } else if (!w.at_end()) {
      w.emit_rest(WirePart::body, "until the connection closed (no Content-Length, not chunked)");
    }
    break;
  }
  return w.take();
}

std::vector<WireSegment> segment_h2(std::string_view bytes, const std::vector<H2Frame>& frames, bool sent) {
  std::vector<WireSegment> out;
  std::size_t at = 0;
  if (sent && begins_with_h2_preface(bytes)) {  // not on a reused connection
    std::size_t n = std::min(bytes.size(), kH2ClientPreface.size());
    out.push_back({0, n, WirePart::h2_preface, "the client preface (RFC 9113 §3.4)", "", n < kH2ClientPreface.size()});
    at = n;
  }
  for (const H2Frame& f : frames) {
    if (f.sent != sent || f.offset != at || at >= bytes.size()) continue;
    std::size_t head = std::min(kH2FrameHeaderSize, bytes.size() - at);
    std::string flags = h2_flags_text(f.type, f.flags);
    out.push_back({at, head, WirePart::h2_frame_header,
                   h2_frame_type_name(f.type) + ", stream " + std::to_string(f.stream) + (flags.empty() ? "" : ", " + flags) +
                       ", " + std::to_string(f.length) + " bytes",
                   "", head < kH2FrameHeaderSize});
    at += head;
    std::size_t body = std::min<std::size_t>(f.length, bytes.size() - at);
    if (f.length > 0) out.push_back({at, body, WirePart::h2_frame_payload, f.summary, "", body < f.length});
    at += body;
  }
  if (at < bytes.size()) out.push_back({at, bytes.size() - at, WirePart::unframed, "not yet a whole frame header", "", true});
  return out;
}

}  // namespace wirepad
