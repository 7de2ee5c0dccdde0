// wirepad core: incremental HTTP/1.1 response parser (RFC 9112).
// Depends on: response_parser.h, text_util.h. No OS calls.
//
// Bytes are consumed as they arrive. Header field lines that are whole in the bytes given are
// parsed in place and copied into the response's FieldList in one run (parse_plain_field_lines,
// the hot path); every other line of the head (status line, chunk-size lines, trailers, and any
// field line that is split, folded or wrong) is located with memchr and handled one by one,
// where the warnings and errors are worded; only a line split across feed() calls is copied
// into line_. Body bytes are appended to the response in one piece per feed() call, so feeding
// a message one byte at a time stays linear.
#include "response_parser.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "text_util.h"

namespace wirepad {

namespace {

constexpr std::size_t kMaxChunkLine = 4096;     // chunk-size line incl. extensions
constexpr std::size_t kInitialBodyReserve = std::size_t(16) << 20;
// How much of a reply that is not HTTP at all is read before it is reported (the excerpt shows
// 40 bytes and "..." when there were more, whichever way the bytes were split).
constexpr std::size_t kForeignExcerpt = 41;

std::string at_byte(std::size_t offset) { return "at byte " + std::to_string(offset); }

// A short, printable excerpt of what the peer sent, for error messages.
std::string excerpt(std::string_view s, std::size_t max = 40) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      static const char* digits = "0123456789abcdef";
      out += "\\x";
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

// A status line starts with "HTTP/" (RFC 9112 §4); true when the first bytes already differ.
bool foreign_start(std::string_view line) {
  constexpr std::string_view http = "HTTP/";
  std::size_t n = std::min(line.size(), http.size());
  return line.substr(0, n) != http.substr(0, n);
}

std::string status_line_message(std::string_view line, std::size_t start, const std::string& why) {
  std::string hint;
  // TLS records start with the content type: 22 handshake, 21 alert (RFC 8446 §5.1).
  if (!line.empty() && (line[0] == '\x16' || line[0] == '\x15')) {
    hint = " It looks like TLS: use https:// for this server.";
  }
  return "The response does not start with a valid status line " + at_byte(start) + " ('" + excerpt(line) +
         "'): " + why + "." + hint;
}

// The first CR or NUL in `line`, or npos. Two memchr passes: far faster than
// string_view::find_first_of, which looks each byte up in the set with its own call.
std::size_t find_cr_or_nul(std::string_view line) {
  std::size_t first = std::string_view::npos;
  if (const void* cr = std::memchr(line.data(), '\r', line.size())) {
    first = std::size_t(static_cast<const char*>(cr) - line.data());
  }
  if (const void* nul = std::memchr(line.data(), '\0', std::min(first, line.size()))) {
    first = std::size_t(static_cast<const char*>(nul) - line.data());
  }
  return first;
}

// tchar (RFC 9110 §5.6.2) as a table: header names are checked byte by byte on every response.
struct TokenTable {
  bool allowed[256] = {};
  TokenTable() {
    for (int c = 0; c < 256; ++c) allowed[c] = text::is_tchar(static_cast<unsigned char>(c));
  }
};
const TokenTable kTokenTable;

// A token (RFC 9110 §5.6.2) against a lower-case name of letters and '-'. Setting bit 0x20
// lowers a letter and leaves '-' as it is; no other tchar becomes a letter or '-' that way.
bool token_is(std::string_view token, std::string_view lower_name) {
  if (token.size() != lower_name.size()) return false;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if ((token[i] | 0x20) != lower_name[i]) return false;
  }
  return true;
}

// The fields that decide how the body is framed (RFC 9112 §6.3).
bool is_framing_field(std::string_view name) {
  return (name.size() == 14 && token_is(name, "content-length")) ||
         (name.size() == 17 && token_is(name, "transfer-encoding"));
}

const char* const kExpectStatusLine = "expected something like 'HTTP/1.1 200 OK'";

}  // namespace

ResponseParser::ResponseParser(ResponseParserOptions options) : options_(options) {}

void ResponseParser::reset(ResponseParserOptions options) { *this = ResponseParser(options); }

bool ResponseParser::headers_complete() const { return headers_complete_; }
bool ResponseParser::done() const { return stage_ == Stage::done; }
const Error& ResponseParser::error() const { return error_; }
const HttpResponse& ResponseParser::response() const { return response_; }
const std::vector<std::string>& ResponseParser::warnings() const { return warnings_; }
std::size_t ResponseParser::bytes_consumed() const { return consumed_total_; }
std::size_t ResponseParser::body_bytes() const { return body_taken_ + body_uncopied_ + response_.body.size(); }

void ResponseParser::take_body(std::string& out) {
  body_taken_ += response_.body.size();
  if (out.empty()) {
    out.swap(response_.body);  // no copy; the two buffers take turns (a streamed body)
  } else {
    out.append(response_.body);
  }
  response_.body.clear();
}

bool ResponseParser::is_line_stage() const {
  return stage_ == Stage::status_line || stage_ == Stage::headers || stage_ == Stage::chunk_size ||
         stage_ == Stage::trailers;
}

ParseResult ResponseParser::fail(ErrorCode code, std::string message, std::size_t offset, std::size_t consumed) {
  if (stage_ != Stage::error) {
    error_ = make_error(code, std::move(message), std::int64_t(offset));
    stage_ = Stage::error;
  }
  return {consumed, ParseStatus::error};
}

void ResponseParser::warn(std::string message) { warnings_.push_back(std::move(message)); }

ParseResult ResponseParser::feed(std::string_view bytes) {
  if (stage_ == Stage::done) return {0, ParseStatus::done};
  if (stage_ == Stage::error) return {0, ParseStatus::error};

  const std::size_t base = consumed_total_;
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n && stage_ != Stage::done && stage_ != Stage::error) {
    if (stage_ == Stage::headers && line_.empty()) {
      i = parse_plain_field_lines(bytes, i, base);
      if (i == n) break;
    }
    if (is_line_stage()) {
      const char* found = static_cast<const char*>(std::memchr(bytes.data() + i, '\n', n - i));
      std::size_t piece_end = found ? std::size_t(found - bytes.data()) + 1 : n;  // incl. LF
      std::size_t piece = piece_end - i;
      if (stage_ == Stage::status_line && line_.size() < kForeignExcerpt) {
        // Not HTTP at all (TLS, SSH, an HTTP/0.9 body, noise): say so after a short excerpt
        // instead of waiting for a line end that may never come. Decided at the same byte
        // however the input is split; when the head limit would be passed first, it is
        // reported instead (below).
        std::size_t line_piece = found ? piece - 1 : piece;
        std::string_view head = bytes.substr(i, std::min(line_piece, kForeignExcerpt - line_.size()));
        std::string joined;  // only for a line split across feed() calls
        if (!line_.empty()) {
          joined = line_;
          joined.append(head);
          head = joined;
        }
        bool decided = head.size() >= kForeignExcerpt || found;
        std::size_t decided_at = head.size() >= kForeignExcerpt ? kForeignExcerpt : head.size() + 1;  // incl. LF
        if (decided && foreign_start(head) && header_bytes_ + decided_at <= options_.max_header_bytes) {
          std::size_t start = base + i - line_.size();
          if (head.size() < kForeignExcerpt && !head.empty() && head.back() == '\r') head.remove_suffix(1);
          consumed_total_ = base + i;
          return fail(ErrorCode::malformed_response, status_line_message(head, start, kExpectStatusLine), start, i);
        }
      }
      // Limits apply while a line is still arriving, so an endless line fails early.
      if (stage_ == Stage::chunk_size) {
        if (line_.size() + piece > kMaxChunkLine) {
          std::size_t at = base + i + (kMaxChunkLine - line_.size());
          consumed_total_ = at;
          return fail(ErrorCode::response_too_large,
                      "A chunk-size line is longer than " + std::to_string(kMaxChunkLine) + " bytes " + at_byte(at) +
                          "; the chunked body is not valid (RFC 9112 §7.1).",
                      at, at - base);
        }
      } else if (header_bytes_ + line_.size() + piece > options_.max_header_bytes) {
        std::size_t allowed = options_.max_header_bytes - std::min(options_.max_header_bytes, header_bytes_ + line_.size());
        std::size_t at = base + i + allowed;
        consumed_total_ = at;
        return fail(ErrorCode::response_too_large,
                    std::string(stage_ == Stage::trailers ? "The response trailers are" : "The response head is") +
                        " larger than " + std::to_string(options_.max_header_bytes) + " bytes (" + at_byte(at) +
                        "), the most Wirepad reads of a " + (stage_ == Stage::trailers ? "trailer section." : "head."),
                    at, at - base);
      }
      if (!found) {
        line_.append(bytes.data() + i, piece);
        i = n;
        break;
      }
      std::size_t lf = base + piece_end - 1;
      std::string_view line;
      std::size_t start;
      if (line_.empty()) {
        line = bytes.substr(i, piece - 1);
        start = base + i;
      } else {
        start = base + i - line_.size();
        line_.append(bytes.data() + i, piece - 1);
        line = line_;
      }
      if (stage_ != Stage::chunk_size) header_bytes_ += line.size() + 1;
      i = piece_end;
      // RFC 9112 §2.2: lines end with CRLF; a bare LF is accepted (as most clients do) and
      // reported.
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      } else {
        warn("bare LF line ending at byte " + std::to_string(lf) + " (RFC 9112 §2.2 expects CRLF)");
      }
      on_line(line, start);
      line_.clear();
      if (headers_complete_ && stage_ != Stage::error && body_offset_ == 0) body_offset_ = base + i;
      if (stage_ == Stage::error) {
        consumed_total_ = base + i;
        return {i, ParseStatus::error};
      }
      continue;
    }
    switch (stage_) {
      case Stage::body_length:
      case Stage::chunk_data: {
        std::size_t take = std::min(body_remaining_, n - i);
        if (stage_ == Stage::chunk_data || options_.copy_unframed_body) {
          response_.body.append(bytes.data() + i, take);
        } else {
          body_uncopied_ += take;
        }
        i += take;
        body_remaining_ -= take;
        if (body_remaining_ == 0) stage_ = stage_ == Stage::body_length ? Stage::done : Stage::chunk_data_cr;
        break;
      }
      case Stage::chunk_data_cr:
      case Stage::chunk_data_lf: {
        char c = bytes[i];
        if (c == '\r' && stage_ == Stage::chunk_data_cr) {
          stage_ = Stage::chunk_data_lf;
          ++i;
        } else if (c == '\n') {
          if (stage_ == Stage::chunk_data_cr) {
            warn("bare LF line ending at byte " + std::to_string(base + i) + " (RFC 9112 §2.2 expects CRLF)");
          }
          stage_ = Stage::chunk_size;
          ++i;
        } else {
          std::size_t at = base + i;
          consumed_total_ = at;
          return fail(ErrorCode::malformed_response,
                      "Chunk data is not followed by CRLF " + at_byte(at) +
                          ": the chunk is longer than its size line says (RFC 9112 §7.1).",
                      at, i);
        }
        break;
      }
      case Stage::until_close: {
        if (!append_body(bytes.substr(i), base + i)) {
          consumed_total_ = base + i;
          return {i, ParseStatus::error};
        }
        i = n;
        break;
      }
      default:
        break;
    }
  }
  consumed_total_ = base + i;
  if (stage_ == Stage::done) return {i, ParseStatus::done};
  if (stage_ == Stage::error) return {i, ParseStatus::error};
  return {i, ParseStatus::need_more};
}

bool ResponseParser::append_body(std::string_view bytes, std::size_t offset) {
  if (body_bytes() + bytes.size() > options_.max_body_bytes) {
    // Keep what fits, so the result does not depend on how the bytes were split.
    std::size_t fits = options_.max_body_bytes - std::min(options_.max_body_bytes, body_bytes());
    if (options_.copy_unframed_body) response_.body.append(bytes.data(), fits);
    else body_uncopied_ += fits;
    std::size_t at = offset + fits;
    fail(ErrorCode::response_too_large,
         "The response body is larger than " + std::to_string(options_.max_body_bytes) + " bytes (" + at_byte(at) +
             "), the most Wirepad holds of a body.",
         at, 0);
    return false;
  }
  if (options_.copy_unframed_body) response_.body.append(bytes.data(), bytes.size());
  else body_uncopied_ += bytes.size();
  return true;
}

void ResponseParser::on_line(std::string_view line, std::size_t start) {
  // RFC 9112 §2.2: a bare CR inside a line is invalid; NUL has no place in a head either.
  // (A status line that is not HTTP at all is reported as such, below, whatever its bytes.)
  bool foreign = stage_ == Stage::status_line && line.substr(0, 5) != "HTTP/";
  if (stage_ != Stage::chunk_size && !foreign) {
    std::size_t bad = find_cr_or_nul(line);
    if (bad != std::string_view::npos) {
      fail(ErrorCode::malformed_response,
           std::string(line[bad] == '\r' ? "A bare carriage return" : "A NUL byte") + " inside a line " +
               at_byte(start + bad) + " is not allowed (RFC 9112 §2.2).",
           start + bad, 0);
      return;
    }
  }
  switch (stage_) {
    case Stage::status_line: on_status_line(line, start); break;
    case Stage::headers:
      if (line.empty()) {
        on_head_complete(start);
      } else {
        on_field_line(line, start, response_.headers);
      }
      break;
    case Stage::chunk_size: on_chunk_size_line(line, start); break;
    case Stage::trailers:
      if (line.empty()) {
        stage_ = Stage::done;
      } else {
        on_field_line(line, start, response_.trailers);
      }
      break;
    default: break;
  }
}

void ResponseParser::on_status_line(std::string_view line, std::size_t start) {
  // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
  auto bad = [&](const std::string& why) {
    fail(ErrorCode::malformed_response, status_line_message(line, start, why), start, 0);
  };
  if (line.size() < 6 || line.substr(0, 5) != "HTTP/" || !text::is_digit(line[5])) return bad(kExpectStatusLine);
  // "HTTP/2 200" or "HTTP/2.0 200": a version this connection does not speak (RFC 9110 §2.5).
  if (line[5] != '1') return bad("only HTTP/1.x is spoken over this connection");
  // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), then one SP: what is wrong before
  // that space is the version's fault, not the status code's ("HTTP/1.10 200", "HTTP/1 200").
  const std::string_view version = line.substr(0, line.find(' '));
  const bool version_then_other = version.size() > 8 && version[6] == '.' && text::is_digit(version[7]) &&
                                  !text::is_digit(static_cast<unsigned char>(version[8])) && version[8] != '.';
  if (version_then_other) {
    return bad("the HTTP version must be followed by one space, not " +
               text::describe_char(static_cast<unsigned char>(version[8])) + " (RFC 9112 §4)");
  }
  if (version.size() != 8 || version[6] != '.' || !text::is_digit(version[7])) {
    return bad("the HTTP version '" + excerpt(version) +
               "' must be HTTP/ with one digit, '.' and one digit, such as HTTP/1.1 (RFC 9112 §2.3)");
  }
  if (line.size() == 8) return bad("the status code is missing after the HTTP version");
  if (line.size() < 12 || line[8] != ' ' || !text::is_digit(line[9]) || !text::is_digit(line[10]) ||
      !text::is_digit(line[11])) {
    return bad("the status code must be three digits after one space");
  }
  if (line.size() > 12 && line[12] != ' ') return bad("the status code must be three digits followed by a space");
  if (line.size() == 12) {
    // The SP after the status code is required even when the reason phrase is empty.
    warn("status line without the space after the status code " + at_byte(start + 12) +
         " (RFC 9112 §4 expects 'HTTP/1.1 " + std::string(line.substr(9, 3)) + " ')");
  }
  int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (status < 100) return bad("status codes start at 100 (RFC 9110 §15)");
  response_.version_major = line[5] - '0';
  response_.version_minor = line[7] - '0';
  response_.status = status;
  response_.reason = line.size() > 13 ? std::string(line.substr(13)) : std::string();
  stage_ = Stage::headers;
}

void ResponseParser::on_field_line(std::string_view line, std::size_t start, FieldList& fields) {
  // Obsolete line folding (RFC 9112 §5.2): a line starting with SP/HTAB continues the previous
  // field. A user agent may replace it with SP; we do and say so.
  if (text::is_ows(line.front())) {
    if (fields.empty()) {
      fail(ErrorCode::malformed_response,
           "Whitespace before the first header field " + at_byte(start) + " is not allowed (RFC 9112 §2.2).", start,
           0);
      return;
    }
    std::string_view more = text::trim_ows(line);
    if (!more.empty()) {
      if (!fields.back().value.empty()) fields.append_to_last_value(" ");
      fields.append_to_last_value(more);
    }
    warn("obsolete line folding at byte " + std::to_string(start) + " joined with a space (RFC 9112 §5.2)");
    return;
  }
  // Fast path: a token, then ':'. Anything else takes the checks below, which name the problem.
  std::size_t colon = 0;
  while (colon < line.size() && kTokenTable.allowed[static_cast<unsigned char>(line[colon])]) ++colon;
  const bool name_is_token = colon > 0 && colon < line.size() && line[colon] == ':';
  if (!name_is_token) colon = line.find(':');
  if (colon == std::string_view::npos) {
    fail(ErrorCode::malformed_response,
         "A header line without ':' " + at_byte(start) + " ('" + excerpt(line) + "').", start, 0);
    return;
  }
  if (colon == 0) {
    fail(ErrorCode::malformed_response, "A header line with an empty name " + at_byte(start) + ".", start, 0);
    return;
  }
  std::string_view name = line.substr(0, colon);
  for (std::size_t k = name_is_token ? name.size() : 0; k < name.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(name[k]);
    if (kTokenTable.allowed[c]) continue;
    if (text::is_ows(char(c))) {
      // RFC 9112 §5.1: no whitespace is allowed between the field name and colon.
      fail(ErrorCode::malformed_response,
           "Whitespace between the header name '" + excerpt(text::trim_ows(name)) + "' and ':' " +
               at_byte(start + k) + " is not allowed (RFC 9112 §5.1).",
           start + k, 0);
      return;
    }
    if (!text::is_tchar(c)) {
      fail(ErrorCode::malformed_response,
           "A header name contains " + text::describe_char(c) + " " + at_byte(start + k) +
               "; names are tokens (RFC 9110 §5.1).",
           start + k, 0);
      return;
    }
  }
  if (fields.size() >= options_.max_headers) {
    fail(ErrorCode::response_too_large,
         "The response has more than " + std::to_string(options_.max_headers) + " header fields (" +
             at_byte(start) + "), the most Wirepad reads.",
         start, 0);
    return;
  }
  add_field(name, text::trim_ows(line.substr(colon + 1)), start, fields);
}

void ResponseParser::add_field(std::string_view name, std::string_view value, std::size_t start, FieldList& fields) {
  if (fields.empty()) fields.reserve(32, 1024);  // typical heads: 10-25 fields, under 1 KB
  begin_field(name, start, fields);
  fields.add(name, value);
}

void ResponseParser::begin_field(std::string_view name, std::size_t start, const FieldList& fields) {
  if (&fields != &response_.headers) return;  // trailers do not frame the body
  if (last_field_framing_) finish_last_field();
  last_field_start_ = start;
  last_field_framing_ = is_framing_field(name);
}

std::size_t ResponseParser::parse_plain_field_lines(std::string_view bytes, std::size_t i, std::size_t base) {
  const char* const data = bytes.data();
  const char* const end = data + bytes.size();
  const char* p = data + i;
  FieldList& fields = response_.headers;
  if (fields.empty()) fields.reserve(32, 1024);  // typical heads: 10-25 fields, under 1 KB
  // Lines are copied into the field list in runs, one copy per run rather than two per field.
  // A run's fields are named as they are found, at the offsets the run will land at; a field
  // is read back (finish_last_field) only once the run holding it is in.
  const char* run = p;
  std::size_t run_at = fields.raw_size();
  auto flush = [&] {
    fields.append_raw(std::string_view(run, std::size_t(p - run)));
    run = p;
    run_at = fields.raw_size();
  };
  while (p < end) {
    // field-name ":" OWS field-value OWS CRLF   (RFC 9112 §5), each byte looked at once.
    const char* q = p;
    while (q < end && kTokenTable.allowed[static_cast<unsigned char>(*q)]) ++q;
    if (q == p || q == end || *q != ':') break;
    const char* const name_end = q;
    ++q;
    while (q < end && (*q == ' ' || *q == '\t')) ++q;
    const char* const value_start = q;
    // Find the first control byte, eight at a time: a byte below 0x20 sets its high bit in
    // (x - 0x20..) & ~x; borrows only run upward, so the lowest flag is the first such byte.
    for (;;) {
      while (end - q >= 8) {
        std::uint64_t x;
        std::memcpy(&x, q, 8);
        std::uint64_t flags = (x - 0x2020202020202020ull) & ~x & 0x8080808080808080ull;
        if (flags) {
          q += std::countr_zero(flags) / 8;  // little-endian: the lowest byte comes first
          break;
        }
        q += 8;
      }
      while (q < end && static_cast<unsigned char>(*q) >= 0x20) ++q;
      // A tab or another control byte other than CR, LF and NUL is kept in the value, as the
      // general path keeps it.
      if (q < end && *q != '\r' && *q != '\n' && *q != '\0') {
        ++q;
        continue;
      }
      break;
    }
    // Anything but CRLF (a partial line, bare LF, bare CR, NUL) goes to the general path.
    if (end - q < 2 || q[0] != '\r' || q[1] != '\n') break;
    const std::size_t line_size = std::size_t(q + 2 - p);  // incl. CRLF
    if (header_bytes_ + line_size > options_.max_header_bytes) break;
    if (fields.size() >= options_.max_headers) break;
    const char* value_end = q;
    while (value_end > value_start && (value_end[-1] == ' ' || value_end[-1] == '\t')) --value_end;
    const std::string_view name(p, std::size_t(name_end - p));
    if (last_field_framing_) {  // complete now that another field follows
      flush();
      finish_last_field();
    }
    last_field_start_ = base + std::size_t(p - data);
    last_field_framing_ = is_framing_field(name);
    fields.add_within(run_at + std::size_t(p - run), name.size(), run_at + std::size_t(value_start - run),
                      std::size_t(value_end - value_start));
    header_bytes_ += line_size;
    p = q + 2;
  }
  flush();
  return std::size_t(p - data);
}

void ResponseParser::finish_last_field() {
  if (!last_field_framing_) return;
  last_field_framing_ = false;
  const FieldView field = response_.headers.back();
  const std::size_t at = last_field_start_;
  FramingFields& f = framing_;
  if (token_is(field.name, "transfer-encoding")) {
    f.transfer_encoding = true;
    std::string_view rest = field.value;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      item = text::trim_ows(item.substr(0, item.find(';')));
      if (item.empty()) continue;
      f.last_transfer_coding = text::lower(item);
      if (f.last_transfer_coding != "chunked") {
        f.other_codings += (f.other_codings.empty() ? "" : ", ") + f.last_transfer_coding;
      }
    }
    return;
  }
  if (!token_is(field.name, "content-length")) return;
  f.content_length = true;
  if (f.length_failed) return;
  // Every value (repeated fields or a list) must be the same number; the first problem is kept.
  auto failed = [&](ErrorCode code, std::string message) {
    f.length_failed = true;
    f.length_error_code = code;
    f.length_error = std::move(message);
    f.length_error_at = at;
  };
  std::string_view rest = field.value;
  do {
    std::size_t comma = rest.find(',');
    std::string_view item = text::trim_ows(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    bool digits = !item.empty() && std::all_of(item.begin(), item.end(), [](char c) { return text::is_digit(c); });
    if (!digits) {
      return failed(ErrorCode::malformed_response,
                    "Content-Length '" + excerpt(field.value) + "' " + at_byte(at) +
                        " is not a number; the body length cannot be known (RFC 9110 §8.6).");
    }
    std::string_view significant = item.substr(std::min(item.find_first_not_of('0'), item.size()));
    if (significant.size() > 18) {
      return failed(ErrorCode::response_too_large,
                    "Content-Length " + excerpt(item) + " " + at_byte(at) + " is larger than any body this parser reads.");
    }
    std::uint64_t value = 0;
    for (char c : significant) value = value * 10 + std::uint64_t(c - '0');
    if (f.length_known && value != f.length) {
      return failed(ErrorCode::malformed_response,
                    "The response has two different Content-Length values (" + std::to_string(f.length) + " and " +
                        std::to_string(value) + ") " + at_byte(at) + "; its body length is ambiguous (RFC 9112 §6.3).");
    }
    f.length_known = true;
    f.length = value;
  } while (!rest.empty());
}

void ResponseParser::on_head_complete(std::size_t end) {
  finish_last_field();
  int status = response_.status;
  if (status >= 100 && status < 200 && status != 101) {
    // Interim response (RFC 9110 §15.2): record it and read the next head.
    if (response_.interim.size() >= options_.max_interim_responses) {
      fail(ErrorCode::response_too_large,
           "The server sent more than " + std::to_string(options_.max_interim_responses) +
               " interim (1xx) responses without a final one (" + at_byte(end) +
               "), the most Wirepad waits through.",
           end, 0);
      return;
    }
    response_.interim.push_back({status, std::move(response_.reason), std::move(response_.headers)});
    response_.status = 0;
    response_.reason.clear();
    response_.headers.clear();
    framing_ = {};
    header_bytes_ = 0;
    stage_ = Stage::status_line;
    return;
  }
  headers_complete_ = true;
  choose_body_framing(end);
}

// RFC 9112 §6.3, in its order.
void ResponseParser::choose_body_framing(std::size_t end) {
  int status = response_.status;
  // 1. HEAD responses, 1xx (here: 101), 204 and 304 never have content.
  if (options_.response_to_head || (status >= 100 && status < 200) || status == 204 || status == 304) {
    stage_ = Stage::done;
    return;
  }
  const FramingFields& f = framing_;
  // 3. Transfer-Encoding overrides Content-Length; both together may be an attempt at
  // request smuggling, so it is reported.
  if (f.transfer_encoding) {
    if (f.content_length) {
      warn("the response has both Transfer-Encoding and Content-Length; Content-Length was ignored "
           "(RFC 9112 §6.3)");
    }
    if (!f.other_codings.empty()) {
      warn("transfer coding '" + f.other_codings + "' is not decoded; the body is kept as received");
    }
    if (f.last_transfer_coding == "chunked") {
      chunked_ = true;
      header_bytes_ = 0;
      stage_ = Stage::chunk_size;
    } else {
      stage_ = Stage::until_close;  // chunked is not final: read until close (RFC 9112 §6.3)
    }
    return;
  }

  // 5. Content-Length: every value (repeated fields or a list) must be the same number.
  if (f.content_length) {
    if (f.length_failed) {
      fail(f.length_error_code, f.length_error, f.length_error_at, 0);
      return;
    }
    const std::uint64_t length = f.length;
    if (length > options_.max_body_bytes) {
      fail(ErrorCode::response_too_large,
           "The response body (Content-Length " + std::to_string(length) + ") is larger than " +
               std::to_string(options_.max_body_bytes) +
               " bytes, the most Wirepad holds of a body.",
           end, 0);
      return;
    }
    if (length == 0) {
      stage_ = Stage::done;
      return;
    }
    if (options_.copy_unframed_body)
      response_.body.reserve(std::size_t(std::min<std::uint64_t>(length, kInitialBodyReserve)));
    body_remaining_ = std::size_t(length);
    stage_ = Stage::body_length;
    return;
  }
  // 8. Neither: the body is everything until the server closes the connection.
  stage_ = Stage::until_close;
}

void ResponseParser::on_chunk_size_line(std::string_view line, std::size_t start) {
  // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF   (RFC 9112 §7.1)
  std::size_t k = 0;
  std::uint64_t size = 0;
  while (k < line.size() && text::is_hex(static_cast<unsigned char>(line[k]))) {
    if (k >= 15) {
      fail(ErrorCode::response_too_large,
           "A chunk size " + at_byte(start) + " has more than 15 hex digits; no chunk is that large.", start, 0);
      return;
    }
    size = size * 16 + std::uint64_t(text::hex_value(static_cast<unsigned char>(line[k])));
    ++k;
  }
  if (k == 0) {
    fail(ErrorCode::malformed_response,
         "Expected a hexadecimal chunk size " + at_byte(start) + ", got '" + excerpt(line) + "' (RFC 9112 §7.1).",
         start, 0);
    return;
  }
  std::size_t after = k;
  while (after < line.size() && text::is_ows(line[after])) ++after;  // BWS before ';'
  if (after < line.size() && line[after] != ';') {
    fail(ErrorCode::malformed_response,
         "A chunk size line has " + text::describe_char(static_cast<unsigned char>(line[after])) + " " +
             at_byte(start + after) + " after the size; only ';' extensions may follow (RFC 9112 §7.1.1).",
         start + after, 0);
    return;
  }
  // Chunk extensions are ignored (RFC 9112 §7.1.1: a recipient MUST ignore unrecognized ones).
  if (size == 0) {
    header_bytes_ = 0;
    stage_ = Stage::trailers;
    return;
  }
  if (body_bytes() + size > options_.max_body_bytes) {
    fail(ErrorCode::response_too_large,
         "The response body is larger than " + std::to_string(options_.max_body_bytes) + " bytes (chunk " +
             at_byte(start) + "), the most Wirepad holds of a body.",
         start, 0);
    return;
  }
  body_remaining_ = std::size_t(size);
  stage_ = Stage::chunk_data;
}

ParseResult ResponseParser::finish() {
  switch (stage_) {
    case Stage::done: return {0, ParseStatus::done};
    case Stage::error: return {0, ParseStatus::error};
    case Stage::until_close: stage_ = Stage::done; return {0, ParseStatus::done};
    default: break;
  }
  std::size_t at = consumed_total_;
  if (stage_ == Stage::status_line && !line_.empty() && foreign_start(line_)) {
    std::size_t start = at - line_.size();
    return fail(ErrorCode::malformed_response, status_line_message(line_, start, kExpectStatusLine), start, 0);
  }
  std::string message;
  if (at == 0) {
    message = "The connection closed before any response byte arrived.";
  } else if (!headers_complete_) {
    message = "The connection closed in the middle of the response head, after " + std::to_string(at) + " bytes.";
  } else if (stage_ == Stage::body_length) {
    std::size_t expected = body_bytes() + body_remaining_;
    message = "The connection closed after " + std::to_string(body_bytes()) + " of " +
              std::to_string(expected) + " body bytes.";
  } else if (stage_ == Stage::trailers) {
    message = "The connection closed in the trailers of a chunked body, after " +
              std::to_string(body_bytes()) + " body bytes.";
  } else {
    message = "The connection closed in the middle of a chunked body, after " + std::to_string(body_bytes()) +
              " body bytes (the last chunk, size 0, never came).";
  }
  return fail(ErrorCode::closed_early, message, at, 0);
}

}  // namespace wirepad
