// wirepad core: the client side of one HTTP/2 connection (RFC 9113), without I/O. nghttp2 does
// the protocol (framing, HPACK, flow control, the checks a client must make); this class feeds
// it the bytes the transport received, takes the bytes it wants sent, and keeps, for each
// stream, what the server answered, and for the connection, every frame in both directions
// (h2_frame.h), so the log can show a frame list like `nghttp -nv`.
// Depends on: h2_frame.h, http_message.h, error.h; nghttp2 (its session API only).
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "h2_frame.h"
#include "http_message.h"

namespace wirepad {

// What the server has answered on one stream so far.
struct H2StreamState {
  bool head_complete = false;  // the final (non-1xx) HEADERS were received
  int status = 0;
  FieldList headers;
  FieldList trailers;
  std::vector<InterimResponse> interim;
  std::size_t interim_complete = 0;  // of those, the ones whose field block ended
  std::string data;            // DATA payload received and not yet taken (take_data)
  std::uint64_t data_total = 0;
  bool ended = false;          // END_STREAM received: the answer is whole
  bool closed = false;         // the stream is closed (ended, reset, or the connection went)
  std::uint32_t error_code = 0;  // how it closed: NO_ERROR, or what an RST_STREAM said
  bool reset_by_server = false;  // an RST_STREAM came from the server
  std::string problem;           // what nghttp2 refused in this stream's frames, in words
};

class H2Client {
 public:
  // The settings we send first: no server push (nothing would show it), nghttp2's defaults else.
  H2Client();
  ~H2Client();
  H2Client(const H2Client&) = delete;
  H2Client& operator=(const H2Client&) = delete;

  // Queues a request: `fields` are the HTTP/2 field list, pseudo-fields first (:method,
  // :scheme, :authority, :path); `body` goes in DATA frames after them. Returns the stream id.
  Result<std::int32_t> submit(const Headers& fields, std::string body);

  // Bytes from the server; `at` is seconds from the exchange's start (for the frame list).
  void receive(std::string_view bytes, double at);
  // The bytes to write now (the preface and SETTINGS first, then HEADERS, DATA, WINDOW_UPDATE,
  // SETTINGS and PING acknowledgements...); empty when there is nothing to send.
  std::string take_outgoing(double at);

  H2StreamState* stream(std::int32_t id);
  // The server's SETTINGS_MAX_CONCURRENT_STREAMS (unlimited until it says: a large number).
  std::uint32_t remote_max_streams() const;
  bool alive() const;  // nghttp2 still wants to read or write: the connection can carry more
  std::string take_data(std::int32_t id);  // the stream's new DATA payload, moved out
  // The stream is over and its exchange has what it needs: drop what the session kept of it
  // (a batch of 10,000 streams would otherwise hold every one's fields to the end).
  void forget_stream(std::int32_t id);

  const std::vector<H2Frame>& frames() const { return frames_; }
  // Copies the frames added or changed since the last call into `out` (which holds the rest
  // already): a long download adds thousands of DATA frames, and copying all each read would
  // cost their square.
  void copy_new_frames(std::vector<H2Frame>& out);
  // A reused connection's next exchange: from now on copy_new_frames gives only the frames
  // from here, with offsets counted from here, as that exchange's own bytes are.
  void begin_new_exchange();
  // Set when the connection failed: nghttp2 refused what the server sent (and has queued a
  // GOAWAY saying so), or could not go on. The message names the rule that was broken.
  const Error& error() const { return error_; }
  bool goaway_received() const { return goaway_received_; }
  std::uint32_t goaway_error() const { return goaway_error_; }
  std::int32_t goaway_last_stream() const { return goaway_last_stream_; }
  std::string goaway_debug() const { return goaway_debug_; }

 private:
  struct Callbacks;
  struct SessionDeleter {
    void operator()(void* session) const;
  };
  std::unique_ptr<void, SessionDeleter> session_;  // nghttp2_session*
  std::vector<H2Frame> frames_;
  H2FrameSplitter received_splitter_{false, false};
  H2FrameSplitter sent_splitter_{true, true};
  std::size_t current_frame_ = H2FrameSplitter::npos;  // the received frame being fed to nghttp2
  std::size_t block_frame_ = H2FrameSplitter::npos;    // the HEADERS/PUSH_PROMISE whose block is open
  std::size_t changed_from_ = 0;                        // frames from here on changed since copy_new_frames
  void touch(std::size_t frame) { changed_from_ = std::min(changed_from_, frame); }
  std::size_t frames_base_ = 0;       // begin_new_exchange: the first frame the exchange sees
  std::size_t sent_base_ = 0;         // and where its bytes start in each direction
  std::size_t received_base_ = 0;
  std::map<std::int32_t, H2StreamState> streams_;
  std::map<std::int32_t, Headers> submitted_;          // our field lists, for the sent HEADERS
  std::map<std::int32_t, std::string> bodies_;         // request bodies on their way out
  std::map<std::int32_t, std::size_t> body_sent_;
  Error error_;
  std::string last_library_error_;  // nghttp2's own words for its latest complaint
  // Bytes of a frame header still incomplete: nghttp2 counts its calls while it waits for a
  // CONTINUATION's header (at most 8, its flood guard), so a header split over many reads is
  // handed to it whole.
  std::string held_header_;
  bool goaway_received_ = false;
  // A GOAWAY with an error code ends the connection for us: what follows it is listed, not
  // processed, so the outcome does not depend on how the bytes were split into reads.
  bool stopped_by_goaway_ = false;
  std::uint32_t goaway_error_ = 0;
  std::int32_t goaway_last_stream_ = 0;
  std::string goaway_debug_;
  void fail(std::string message);
};

}  // namespace wirepad
