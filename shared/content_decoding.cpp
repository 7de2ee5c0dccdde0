// wirepad core: content_decoding.h. One Stage per coding (zlib for gzip and deflate, brotli's
// decoder for br, libzstd's streaming decompressor for zstd); stacked codings chain the stages,
// each stage's output the next one's input.
// Depends on: content_decoding.h, zlib, brotli and zstd (decoders only). No OS calls.
#include "content_decoding.h"

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cctype>

namespace wirepad {

namespace {

constexpr std::size_t kOutBuffer = 64 * 1024;

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string size_text(std::uint64_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

}  // namespace

std::string_view to_string(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::identity: return "identity";
    case ContentCoding::gzip: return "gzip";
    case ContentCoding::deflate: return "deflate";
    case ContentCoding::br: return "br";
    case ContentCoding::zstd: return "zstd";
  }
  return "unknown";
}

Result<std::vector<ContentCoding>> parse_content_encoding(std::string_view value) {
  std::vector<ContentCoding> codings;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string name = lower_trimmed(value.substr(start, comma - start));
    if (name == "gzip" || name == "x-gzip") {
      codings.push_back(ContentCoding::gzip);
    } else if (name == "deflate") {
      codings.push_back(ContentCoding::deflate);
    } else if (name == "br") {
      codings.push_back(ContentCoding::br);
    } else if (name == "zstd") {
      codings.push_back(ContentCoding::zstd);
    } else if (!name.empty() && name != "identity") {
      return make_error(ErrorCode::malformed_response,
                        "Content-Encoding '" + name +
                            "' is not a coding Wirepad decodes (gzip, x-gzip, deflate, br, zstd); the body is shown as "
                            "received.",
                        std::int64_t(start));
    }
    start = comma + 1;
  }
  return codings;
}

// ---------------------------------------------------------------------------------------------
// Stages

struct ContentDecoder::Stage {
  ContentCoding coding = ContentCoding::identity;
  std::uint64_t in_total = 0;   // input bytes consumed so far
  std::uint64_t out_total = 0;  // output bytes produced so far
  std::uint64_t ignored = 0;    // input bytes after the end of the stream
  bool ended = false;           // reached the end of its stream
  std::string where;            // "the encoded body", "the body after undoing br": for messages

  virtual ~Stage() = default;
  // Consumes all of `in`, appending output to `out`; an error stops the stage.
  virtual Error feed(std::string_view in, std::string& out, std::size_t limit) = 0;
  virtual Error finish(std::string& out, std::size_t limit) {
    (void)out;
    (void)limit;
    return ended ? Error{} : truncated();
  }

  Error truncated() const {
    return make_error(ErrorCode::malformed_response,
                      "The " + std::string(to_string(coding)) + " data in " + where + " ends after " +
                          std::to_string(in_total) + (in_total == 1 ? " byte" : " bytes") + ", before the end of the " + std::string(to_string(coding)) +
                          " stream (a truncated body, or one that is not " + std::string(to_string(coding)) +
                          "); it is shown as received.",
                      std::int64_t(in_total));
  }
  Error corrupt(std::uint64_t offset, const std::string& why) const {
    return make_error(ErrorCode::malformed_response,
                      "The body is not valid " + std::string(to_string(coding)) + " data (Content-Encoding: " +
                          std::string(to_string(coding)) + "): " + why + " at byte " + std::to_string(offset) + " of " +
                          where + "; it is shown as received.",
                      std::int64_t(offset));
  }
  // Appends, or fails when the decoded size would pass the limit (decompression bomb guard).
  // What fits is kept, so the output does not depend on how the input was split.
  Error emit(const char* data, std::size_t n, std::string& out, std::size_t limit) {
    if (out_total + n > limit) {
      std::size_t fits = out_total < limit ? std::size_t(limit - out_total) : 0;
      out.append(data, fits);
      out_total += fits;
      return make_error(ErrorCode::response_too_large,
                        "Decoding " + std::string(to_string(coding)) + " produced more than " + size_text(limit) +
                            " from " + std::to_string(in_total) + (in_total == 1 ? " byte" : " bytes") + " of " + where +
                            "; stopped there as a guard against decompression bombs. The body is shown as received.",
                        std::int64_t(in_total));
    }
    out.append(data, n);
    out_total += n;
    return {};
  }
};

namespace {

// gzip (RFC 1952) and deflate. HTTP's "deflate" is zlib-wrapped (RFC 1950), but some servers
// send raw deflate (RFC 1951); browsers accept both, so the first two bytes decide.
class ZlibStage final : public ContentDecoder::Stage {
 public:
  explicit ZlibStage(ContentCoding c) {
    coding = c;
    if (c == ContentCoding::gzip) init(16 + MAX_WBITS);
  }
  ~ZlibStage() override {
    if (initialized_) inflateEnd(&z_);
  }

  Error feed(std::string_view in, std::string& out, std::size_t limit) override {
    if (!initialized_) {
      // deflate: wait for the two header bytes that tell zlib from raw deflate.
      sniff_.append(in);
      if (sniff_.size() < 2) return {};
      unsigned b0 = static_cast<unsigned char>(sniff_[0]), b1 = static_cast<unsigned char>(sniff_[1]);
      bool zlib_header = (b0 & 0x0f) == Z_DEFLATED && (b0 >> 4) <= 7 && (b0 * 256 + b1) % 31 == 0;
      init(zlib_header ? MAX_WBITS : -MAX_WBITS);
      std::string pending;
      pending.swap(sniff_);
      return inflate_all(pending, out, limit);
    }
    return inflate_all(in, out, limit);
  }

  Error finish(std::string& out, std::size_t limit) override {
    if (!initialized_ && !sniff_.empty()) {  // a one-byte deflate body: raw, and certainly short
      init(-MAX_WBITS);
      std::string pending;
      pending.swap(sniff_);
      if (Error e = inflate_all(pending, out, limit)) return e;
    }
    return Stage::finish(out, limit);
  }

 private:
  void init(int window_bits) {
    inflateInit2(&z_, window_bits);
    initialized_ = true;
  }

  Error inflate_all(std::string_view in, std::string& out, std::size_t limit) {
    const auto* start = reinterpret_cast<const Bytef*>(in.data());
    const std::uint64_t base = in_total;
    z_.next_in = const_cast<Bytef*>(start);
    z_.avail_in = uInt(in.size());
    char buffer[kOutBuffer];
    Error error;
    do {
      if (ended) {
        // A second gzip member is decoded (gzip(1) and curl do); anything else is ignored.
        if (coding == ContentCoding::gzip && !trailing_junk_ && z_.avail_in > 0 && *z_.next_in == 0x1f) {
          inflateReset(&z_);
          ended = false;
          continue;
        }
        // Once something that is not a gzip member follows, everything after it is ignored
        // too, however the bytes are split (found by the fuzzer).
        if (z_.avail_in > 0) trailing_junk_ = true;
        ignored += z_.avail_in;
        z_.next_in += z_.avail_in;
        z_.avail_in = 0;
        break;
      }
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = uInt(sizeof buffer);
      int rc = inflate(&z_, Z_NO_FLUSH);
      std::size_t produced = sizeof buffer - z_.avail_out;
      in_total = base + std::uint64_t(z_.next_in - start);
      // Output written before an error is good data: keep it (the same however input is split).
      if (produced && (error = emit(buffer, produced, out, limit))) break;
      if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR) {
        std::string why = rc == Z_NEED_DICT ? "it needs a preset dictionary" : z_.msg ? z_.msg : "invalid data";
        std::uint64_t at = in_total;
        if (coding == ContentCoding::gzip && why == "incorrect header check" && in_total <= 2) {
          // zlib notices after reading both magic bytes; the problem is where they start.
          why = "it does not start with the gzip magic bytes 1f 8b";
          at = 0;
        }
        error = corrupt(at, why);
        break;
      }
      if (rc == Z_STREAM_END) ended = true;
      else if (rc == Z_BUF_ERROR) break;  // no progress possible: wants more input
    } while (z_.avail_in > 0 || z_.avail_out == 0 || ended);
    in_total = base + std::uint64_t(z_.next_in - start);
    return error;
  }

  z_stream z_{};
  bool initialized_ = false;
  std::string sniff_;
  bool trailing_junk_ = false;
};

class BrotliStage final : public ContentDecoder::Stage {
 public:
  BrotliStage() {
    coding = ContentCoding::br;
    state_ = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  }
  ~BrotliStage() override { BrotliDecoderDestroyInstance(state_); }

  Error feed(std::string_view in, std::string& out, std::size_t limit) override {
    if (ended) {
      ignored += in.size();
      return {};
    }
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    std::size_t avail_in = in.size();
    const std::uint64_t base = in_total;
    std::uint8_t buffer[kOutBuffer];
    for (;;) {
      std::uint8_t* next_out = buffer;
      std::size_t avail_out = sizeof buffer;
      BrotliDecoderResult r = BrotliDecoderDecompressStream(state_, &avail_in, &next_in, &avail_out, &next_out, nullptr);
      in_total = base + (in.size() - avail_in);
      std::size_t produced = sizeof buffer - avail_out;
      if (produced) {
        if (Error e = emit(reinterpret_cast<const char*>(buffer), produced, out, limit)) return e;
      }
      if (r == BROTLI_DECODER_RESULT_ERROR) {
        const char* why = BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state_));
        // "_ERROR_FORMAT_PADDING_1" -> "format padding 1": readable in a sentence.
        std::string text = why ? why : "invalid data";
        if (text.rfind("_ERROR_", 0) == 0) text = text.substr(7);
        for (char& c : text) c = c == '_' ? ' ' : char(std::tolower(static_cast<unsigned char>(c)));
        return corrupt(in_total, "the brotli decoder reports '" + text + "'");
      }
      if (r == BROTLI_DECODER_RESULT_SUCCESS) {
        ended = true;
        ignored += avail_in;
        break;
      }
      if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) break;
      // NEEDS_MORE_OUTPUT: go round with an empty buffer.
    }
    return {};
  }

 private:
  BrotliDecoderState* state_ = nullptr;
};

// zstd (RFC 8878). A body may hold several frames, and skippable frames, one after another
// (§3.1): each is decoded, as zstd(1) and curl do. After the end of a frame, four bytes tell
// whether another frame follows (its magic number); anything else is ignored and reported,
// like bytes after a gzip member, however the input is split.
class ZstdStage final : public ContentDecoder::Stage {
 public:
  ZstdStage() {
    coding = ContentCoding::zstd;
    ctx_ = ZSTD_createDCtx();
    // RFC 9659 §3: a zstd content coding's window is at most 8 MiB, and a recipient may
    // refuse more; browsers do. Without this a 3-byte header could ask for 2 GiB of window.
    if (ctx_) ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, kWindowLogMax);
  }
  ~ZstdStage() override { ZSTD_freeDCtx(ctx_); }

  Error feed(std::string_view in, std::string& out, std::size_t limit) override {
    if (!ctx_) return corrupt(in_total, "the zstd decoder could not be created (out of memory)");
    const std::uint64_t base = in_total;
    std::size_t at = 0;
    while (at < in.size()) {
      if (trailing_junk_) {
        ignored += in.size() - at;
        break;
      }
      if (!in_frame_) {
        // Before each frame: wait for the four bytes that say whether a frame starts. At the
        // start they must (libzstd would also take its pre-RFC "legacy" formats, which are not
        // HTTP's zstd and which it reads differently when they arrive byte by byte: found by
        // the content_decoder fuzz target); after a frame, anything else is trailing junk.
        std::size_t take = std::min(in.size() - at, 4 - magic_.size());
        magic_.append(in.substr(at, take));
        at += take;
        if (magic_.size() < 4) break;
        const std::uint64_t magic_at = base + at - magic_.size();
        if (!is_frame_magic(magic_)) {
          if (!ended) {
            in_total = magic_at;
            return corrupt(magic_at, "it does not start with the zstd magic number 28 b5 2f fd");
          }
          trailing_junk_ = true;
          ignored += magic_.size();
          magic_.clear();
          continue;
        }
        in_frame_ = true;
        ended = false;
        std::string pending;
        pending.swap(magic_);
        // A frame is longer than its magic number, so all four bytes are taken.
        if (Error e = decompress(pending, out, limit, magic_at)) return e;
        continue;
      }
      if (Error e = decompress(in.substr(at), out, limit, base + at)) return e;
      at += consumed_;
    }
    in_total = base + in.size();
    return {};
  }

  Error finish(std::string& out, std::size_t limit) override {
    if (!magic_.empty() && ended) {  // fewer than four bytes after the last frame: not a frame
      ignored += magic_.size();
      magic_.clear();
    }
    return Stage::finish(out, limit);
  }

 private:
  static constexpr int kWindowLogMax = 23;  // 8 MiB

  static bool is_frame_magic(std::string_view b) {
    auto u = [&](std::size_t i) { return std::uint32_t(static_cast<unsigned char>(b[i])); };
    std::uint32_t magic = u(0) | u(1) << 8 | u(2) << 16 | u(3) << 24;
    return magic == 0xFD2FB528u || (magic & 0xFFFFFFF0u) == 0x184D2A50u;  // RFC 8878 §3.1.1, §3.1.2
  }

  // Decodes from `in` until it is used up or a frame ends; consumed_ says how far it got.
  // `offset` is the stage input offset of in[0], for messages.
  Error decompress(std::string_view in, std::string& out, std::size_t limit, std::uint64_t offset) {
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    char buffer[kOutBuffer];
    consumed_ = 0;
    for (;;) {
      ZSTD_outBuffer output{buffer, sizeof buffer, 0};
      std::size_t rc = ZSTD_decompressStream(ctx_, &output, &input);
      in_total = offset + input.pos;
      consumed_ = input.pos;
      // Output written before an error is good data: keep it (as ZlibStage does).
      if (output.pos) {
        if (Error e = emit(buffer, output.pos, out, limit)) return e;
      }
      if (ZSTD_isError(rc)) {
        if (ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge) {
          return corrupt(in_total, "the frame asks for a window larger than 8 MiB, more than RFC 9659 §3 allows "
                                   "for HTTP (and than browsers accept)");
        }
        return corrupt(in_total, std::string("the zstd decoder reports '") + ZSTD_getErrorName(rc) + "'");
      }
      if (rc == 0) {  // a frame ended and all of its output was flushed
        ended = true;
        in_frame_ = false;
        return {};
      }
      if (input.pos == input.size && output.pos < output.size) return {};  // wants more input
    }
  }

  ZSTD_DCtx* ctx_ = nullptr;
  std::string magic_;      // up to four bytes before a frame
  bool in_frame_ = false;  // between a frame's magic number and its end
  bool trailing_junk_ = false;
  std::size_t consumed_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// ContentDecoder

ContentDecoder::ContentDecoder(std::vector<ContentCoding> codings, ContentDecoderOptions options)
    : codings_(std::move(codings)), options_(options) {
  std::string where = "the encoded body";
  // Undo the last coding applied first (RFC 9110 §8.4).
  for (auto it = codings_.rbegin(); it != codings_.rend(); ++it) {
    if (*it == ContentCoding::identity) continue;
    std::unique_ptr<Stage> stage;
    if (*it == ContentCoding::br) stage = std::make_unique<BrotliStage>();
    else if (*it == ContentCoding::zstd) stage = std::make_unique<ZstdStage>();
    else stage = std::make_unique<ZlibStage>(*it);
    stage->where = where;
    where = "the body after undoing " + std::string(to_string(*it));
    stages_.push_back(std::move(stage));
  }
}

ContentDecoder::ContentDecoder(ContentDecoder&&) noexcept = default;
ContentDecoder& ContentDecoder::operator=(ContentDecoder&&) noexcept = default;
ContentDecoder::~ContentDecoder() = default;

std::string ContentDecoder::label() const {
  std::string out;
  for (ContentCoding c : codings_) {
    if (c == ContentCoding::identity) continue;
    if (!out.empty()) out += ", ";
    out += to_string(c);
  }
  return out.empty() ? "identity" : out;
}

DecodeStatus ContentDecoder::run(std::string_view encoded, bool at_end, std::string& out) {
  if (error_) return DecodeStatus::error;
  if (finished_) return DecodeStatus::done;
  bytes_in_ += encoded.size();
  if (stages_.empty()) {  // identity
    out.append(encoded);
    bytes_out_ += encoded.size();
    finished_ = at_end;
    return at_end ? DecodeStatus::done : DecodeStatus::ok;
  }
  std::string_view input = encoded;
  std::string current, next;
  const std::size_t out_before = out.size();
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    Stage& stage = *stages_[i];
    const bool last = i + 1 == stages_.size();
    std::string& dest = last ? out : next;
    Error e = stage.feed(input, dest, options_.max_output_bytes);
    if (!e && at_end) e = stage.finish(dest, options_.max_output_bytes);
    if (e) {
      error_ = std::move(e);
      bytes_out_ += out.size() - out_before;
      return DecodeStatus::error;
    }
    if (!last) {
      current.swap(next);
      next.clear();
      input = current;
    }
  }
  bytes_out_ += out.size() - out_before;
  if (at_end) {
    finished_ = true;
    for (const auto& stage : stages_) {
      if (stage->ignored) {
        warnings_.push_back(std::to_string(stage->ignored) + (stage->ignored == 1 ? " byte" : " bytes") + " after the end of the " +
                            std::string(to_string(stage->coding)) + " stream in " + stage->where + " were ignored");
      }
    }
    return DecodeStatus::done;
  }
  return DecodeStatus::ok;
}

DecodeStatus ContentDecoder::feed(std::string_view encoded, std::string& out) { return run(encoded, false, out); }
DecodeStatus ContentDecoder::finish(std::string& out) { return run({}, true, out); }

Result<std::string> decode_content(std::string_view content_encoding, std::string_view encoded,
                                   ContentDecoderOptions options) {
  Result<std::vector<ContentCoding>> codings = parse_content_encoding(content_encoding);
  if (!codings) return codings.error();
  ContentDecoder decoder(std::move(codings.value()), options);
  std::string out;
  decoder.feed(encoded, out);
  if (decoder.finish(out) == DecodeStatus::error) return decoder.error();
  return out;
}

}  // namespace wirepad
