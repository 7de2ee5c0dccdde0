// wirepad core: one HTTP/2 client connection over nghttp2's session, without I/O (h2_client.h).
#include "h2_client.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>

namespace wirepad {

namespace {

// As curl 7.88 asks (lib/http2.c): a 32 MiB window for the stream and the connection, so a
// large download is not held back by flow control (65,535 bytes by default, RFC 9113 §6.9.2).
constexpr std::int32_t kWindow = 32 * 1024 * 1024;

std::string_view view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

H2Client* self(void* user_data) { return static_cast<H2Client*>(user_data); }

}  // namespace

// The nghttp2 callbacks, as static members so they reach the client's private state.
struct H2Client::Callbacks {
  static nghttp2_session* session(H2Client& c) { return static_cast<nghttp2_session*>(c.session_.get()); }

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame*, void*) { return 0; }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t name_len,
                       const std::uint8_t* value, std::size_t value_len, std::uint8_t, void* user) {
    H2Client& c = *self(user);
    std::string_view n = view(name, name_len), v = view(value, value_len);
    if (c.block_frame_ != H2FrameSplitter::npos) {
      c.frames_[c.block_frame_].fields.push_back({std::string(n), std::string(v)});
      c.touch(c.block_frame_);
    }
    if (frame->hd.type != NGHTTP2_HEADERS) return 0;  // a PUSH_PROMISE's request fields: listed only
    H2StreamState& s = c.streams_[frame->hd.stream_id];
    if (n == ":status") {
      int status = 0;
      for (char ch : v) status = status * 10 + (ch - '0');  // nghttp2 checked: three digits
      if (status >= 100 && status < 200) {
        s.interim.push_back({status, "", {}});
      } else {
        s.status = status;
      }
      return 0;
    }
    if (s.head_complete) {
      s.trailers.add(n, v);
    } else if (s.status == 0 && !s.interim.empty()) {
      s.interim.back().headers.add(n, v);
    } else {
      s.headers.add(n, v);
    }
    return 0;
  }

  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    H2Client& c = *self(user);
    std::int32_t id = frame->hd.stream_id;
    switch (frame->hd.type) {
      case NGHTTP2_HEADERS: {
        H2StreamState& s = c.streams_[id];
        if (s.status != 0) s.head_complete = true;
        else s.interim_complete = s.interim.size();
        if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) s.ended = true;
        c.block_frame_ = H2FrameSplitter::npos;
        break;
      }
      case NGHTTP2_PUSH_PROMISE: c.block_frame_ = H2FrameSplitter::npos; break;
      case NGHTTP2_DATA:
        if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) c.streams_[id].ended = true;
        break;
      case NGHTTP2_RST_STREAM: {
        H2StreamState& s = c.streams_[id];
        s.reset_by_server = true;
        s.error_code = frame->rst_stream.error_code;
        break;
      }
      case NGHTTP2_GOAWAY:
        c.goaway_received_ = true;
        c.goaway_error_ = frame->goaway.error_code;
        c.goaway_last_stream_ = frame->goaway.last_stream_id;
        c.goaway_debug_.assign(reinterpret_cast<const char*>(frame->goaway.opaque_data), frame->goaway.opaque_data_len);
        if (frame->goaway.error_code != NGHTTP2_NO_ERROR) c.stopped_by_goaway_ = true;
        break;
      default: break;
    }
    return 0;
  }

  static int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t len,
                           void* user) {
    H2StreamState& s = self(user)->streams_[id];
    s.data.append(reinterpret_cast<const char*>(data), len);
    s.data_total += len;
    return 0;
  }

  static int on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t error_code, void* user) {
    H2StreamState& s = self(user)->streams_[id];
    s.closed = true;
    if (!s.reset_by_server && error_code != NGHTTP2_NO_ERROR) s.error_code = error_code;
    return 0;
  }

  static int on_invalid_frame(nghttp2_session*, const nghttp2_frame* frame, int lib_error, void* user) {
    H2Client& c = *self(user);
    std::string why = c.last_library_error_.empty() ? nghttp2_strerror(lib_error) : c.last_library_error_;
    if (frame->hd.stream_id != 0) {
      H2StreamState& s = c.streams_[frame->hd.stream_id];
      if (s.problem.empty()) s.problem = h2_frame_type_name(frame->hd.type) + ": " + why;
    }
    return 0;
  }

  static int on_error(nghttp2_session*, int, const char* message, std::size_t len, void* user) {
    self(user)->last_library_error_.assign(message, len);
    return 0;
  }

  static int on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    H2Client& c = *self(user);
    if (frame->hd.type == NGHTTP2_GOAWAY && frame->goaway.error_code != NGHTTP2_NO_ERROR && !c.error_) {
      // nghttp2's words: from its error callback, else the reason it put in the GOAWAY.
      // nghttp2's words (its error callback, or the reason it put in the GOAWAY), and the frame
      // that was being read, in ours.
      std::string why = c.last_library_error_;
      if (why.empty()) why.assign(reinterpret_cast<const char*>(frame->goaway.opaque_data), frame->goaway.opaque_data_len);
      std::string where;
      if (c.current_frame_ != H2FrameSplitter::npos) {
        const H2Frame& f = c.frames_[c.current_frame_];
        where = " in its " + h2_frame_type_name(f.type) + " frame" + (f.summary.empty() ? "" : " (" + f.summary + ")");
      }
      c.fail("The server broke HTTP/2" + where + (why.empty() ? "" : ": " + why) + "; Wirepad ended the connection with GOAWAY " +
             h2_error_code_name(frame->goaway.error_code) + " (RFC 9113 §5.4.1).");
    }
    return 0;
  }

  static ssize_t read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buf, std::size_t length,
                           std::uint32_t* flags, nghttp2_data_source*, void* user) {
    H2Client& c = *self(user);
    const std::string& body = c.bodies_[id];
    std::size_t& at = c.body_sent_[id];
    std::size_t n = std::min(length, body.size() - at);
    if (n) std::memcpy(buf, body.data() + at, n);
    at += n;
    if (at == body.size()) {
      *flags |= NGHTTP2_DATA_FLAG_EOF;
      c.bodies_.erase(id);
      c.body_sent_.erase(id);
    }
    return ssize_t(n);
  }
};

void H2Client::SessionDeleter::operator()(void* session) const {
  nghttp2_session_del(static_cast<nghttp2_session*>(session));
}

H2Client::H2Client() {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, Callbacks::on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, Callbacks::on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, Callbacks::on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, Callbacks::on_data_chunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, Callbacks::on_stream_close);
  nghttp2_session_callbacks_set_on_invalid_frame_recv_callback(callbacks, Callbacks::on_invalid_frame);
  nghttp2_session_callbacks_set_error_callback2(callbacks, Callbacks::on_error);
  nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, Callbacks::on_frame_send);
  nghttp2_session* session = nullptr;
  int rc = nghttp2_session_client_new(&session, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (rc != 0) {
    fail(std::string("could not start an HTTP/2 session: ") + nghttp2_strerror(rc));
    return;
  }
  session_.reset(session);
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, std::uint32_t(kWindow)},
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
  };
  nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  nghttp2_session_set_local_window_size(session, NGHTTP2_FLAG_NONE, 0, kWindow);
}

H2Client::~H2Client() = default;

void H2Client::fail(std::string message) {
  if (error_) return;
  error_ = make_error(ErrorCode::http2_error, std::move(message));
}

Result<std::int32_t> H2Client::submit(const Headers& fields, std::string body) {
  if (!session_) return error_;
  std::vector<nghttp2_nv> nva;
  nva.reserve(fields.size());
  for (const Header& h : fields) {
    nva.push_back({reinterpret_cast<std::uint8_t*>(const_cast<char*>(h.name.data())),
                   reinterpret_cast<std::uint8_t*>(const_cast<char*>(h.value.data())), h.name.size(), h.value.size(),
                   NGHTTP2_NV_FLAG_NONE});
  }
  nghttp2_data_provider provider{};
  provider.read_callback = Callbacks::read_body;
  const bool has_body = !body.empty();
  // nghttp2 copies the field list now (NV_FLAG_NONE); the body is read as DATA frames go out.
  std::int32_t id = nghttp2_submit_request(static_cast<nghttp2_session*>(session_.get()), nullptr, nva.data(),
                                           nva.size(), has_body ? &provider : nullptr, nullptr);
  if (id < 0) return make_error(ErrorCode::invalid_request, std::string("HTTP/2 refused the request: ") + nghttp2_strerror(id));
  if (has_body) bodies_[id] = std::move(body);
  submitted_[id] = fields;
  streams_[id];
  return id;
}

void H2Client::receive(std::string_view bytes, double at) {
  if (!session_ || bytes.empty()) return;
  nghttp2_session* session = Callbacks::session(*this);
  received_splitter_.feed(bytes, at, frames_, [&](std::string_view piece, std::size_t frame) {
    if (frame != H2FrameSplitter::npos) touch(frame);
    if (frame != H2FrameSplitter::npos && frame != current_frame_) {
      // A new frame's header is complete: a field block starts with HEADERS or PUSH_PROMISE
      // and goes on in CONTINUATION frames; decoded fields are listed on its first frame.
      current_frame_ = frame;
      const H2Frame& f = frames_[frame];
      if (f.type == h2_type::headers || f.type == h2_type::push_promise) block_frame_ = frame;
      if (block_frame_ != H2FrameSplitter::npos &&
          (f.type == h2_type::headers || f.type == h2_type::push_promise || f.type == h2_type::continuation))
      {
        frames_[block_frame_].block_bytes += f.length;
        touch(block_frame_);
      }
    }
    if (error_ || stopped_by_goaway_) return;  // the connection is over: the rest is listed, not decoded
    if (frame == H2FrameSplitter::npos) {
      held_header_.append(piece);
      return;
    }
    std::string joined;
    if (!held_header_.empty()) {
      joined = std::exchange(held_header_, std::string()) + std::string(piece);
      piece = joined;
    }
    ssize_t rc = nghttp2_session_mem_recv(session, reinterpret_cast<const std::uint8_t*>(piece.data()), piece.size());
    if (rc < 0) fail(std::string("HTTP/2: ") + nghttp2_strerror(int(rc)));
  });
}

std::string H2Client::take_outgoing(double at) {
  std::string out;
  if (!session_) return out;
  nghttp2_session* session = Callbacks::session(*this);
  for (;;) {
    const std::uint8_t* data = nullptr;
    ssize_t n = nghttp2_session_mem_send(session, &data);
    if (n < 0) {
      fail(std::string("HTTP/2: ") + nghttp2_strerror(int(n)));
      break;
    }
    if (n == 0) break;
    out.append(reinterpret_cast<const char*>(data), std::size_t(n));
  }
  sent_splitter_.feed(out, at, frames_, [&](std::string_view, std::size_t frame) {
    if (frame == H2FrameSplitter::npos) return;
    touch(frame);
    H2Frame& f = frames_[frame];
    if (f.type == h2_type::headers && f.fields.empty() && f.block_bytes == 0) {
      auto it = submitted_.find(std::int32_t(f.stream));
      if (it != submitted_.end()) f.fields = it->second;
      f.block_bytes = f.length;
    }
  });
  return out;
}

void H2Client::copy_new_frames(std::vector<H2Frame>& out) {
  out.resize(frames_.size() - frames_base_);
  for (std::size_t i = std::max(changed_from_, frames_base_); i < frames_.size(); ++i) {
    H2Frame& f = out[i - frames_base_];
    f = frames_[i];
    f.offset -= f.sent ? sent_base_ : received_base_;
  }
  changed_from_ = frames_.size();
}

void H2Client::begin_new_exchange() {
  frames_base_ = changed_from_ = frames_.size();
  sent_base_ = sent_splitter_.position();
  received_base_ = received_splitter_.position();
}

H2StreamState* H2Client::stream(std::int32_t id) {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : &it->second;
}

std::uint32_t H2Client::remote_max_streams() const {
  if (!session_) return 0;
  return nghttp2_session_get_remote_settings(static_cast<nghttp2_session*>(session_.get()),
                                             NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
}

bool H2Client::alive() const {
  if (!session_ || error_) return false;
  auto* session = static_cast<nghttp2_session*>(session_.get());
  return nghttp2_session_want_read(session) || nghttp2_session_want_write(session);
}

void H2Client::forget_stream(std::int32_t id) {
  streams_.erase(id);
  submitted_.erase(id);
  bodies_.erase(id);
  body_sent_.erase(id);
}

std::string H2Client::take_data(std::int32_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return {};
  return std::exchange(it->second.data, std::string());
}

}  // namespace wirepad
