// wirepad core: ws_log_json.h.
#include "ws_log_json.h"

#include <nlohmann/json.hpp>

#include "crypto_hash.h"
#include "tls_facts_json.h"

namespace wirepad {
namespace {

using Json = nlohmann::ordered_json;

const char* direction(WsDirection d) { return d == WsDirection::sent ? "sent" : "received"; }

Json frame_json(const WsFrameRecord& r) {
  const WsFrame& f = r.frame;
  return Json{{"type", "frame"},
              {"direction", direction(r.direction)},
              {"at", r.at},
              {"opcode", f.opcode_bits},
              {"opcode_name", std::string(to_string(f.opcode()))},
              {"fin", f.fin},
              {"rsv1", f.rsv1},
              {"rsv2", f.rsv2},
              {"rsv3", f.rsv3},
              {"masked", f.masked},
              {"mask_key", f.masked ? to_hex(std::string_view(reinterpret_cast<const char*>(f.mask_key.data()), 4)) : ""},
              {"payload_length", f.payload_length},
              {"payload", escape_payload(f.payload)},
              {"payload_complete", f.payload.size() == f.payload_length},
              {"raw_hex", to_hex(f.raw)},
              {"raw_complete", !f.raw_truncated}};
}

Json message_json(const WsMessageRecord& m) {
  return Json{{"type", "message"},
              {"direction", direction(m.direction)},
              {"at", m.at},
              {"opcode_name", std::string(to_string(m.opcode))},
              {"data", escape_payload(m.data)},
              {"size", m.size()},
              {"data_kept", m.kept()},
              {"compressed", m.compressed},
              {"frames", m.frames},
              {"wire_bytes", m.wire_bytes}};
}

}  // namespace

std::string ws_log_to_json(const WsLog& log) {
  Json root = Json::object();
  root["url"] = log.url.scheme + "://" + log.url.authority() + log.url.target;
  root["state"] = std::string(to_string(log.state));
  root["remote_address"] = log.remote_address;
  root["tls"] = log.secured ? tls_facts_to_json<Json>(log.tls) : Json(nullptr);
  root["handshake_request"] = escape_payload(log.handshake_request);
  root["handshake_response"] = escape_payload(log.handshake_response);
  root["status"] = log.status;
  root["subprotocol"] = log.agreement.subprotocol;
  root["extensions"] = log.agreement.extensions;
  root["deflate"] = log.agreement.deflate
                        ? Json{{"client_no_context_takeover", log.agreement.deflate_params.client_no_context_takeover},
                               {"server_no_context_takeover", log.agreement.deflate_params.server_no_context_takeover},
                               {"client_max_window_bits", log.agreement.deflate_params.client_max_window_bits},
                               {"server_max_window_bits", log.agreement.deflate_params.server_max_window_bits}}
                        : Json(nullptr);
  static const char* kinds[] = {"step", "sent", "received", "event", "error"};
  Json timeline = Json::array();
  for (const WsTimelineItem& item : log.timeline) {
    switch (item.kind) {
      case WsTimelineItem::Kind::event: {
        const TranscriptEntry& e = log.events[item.index];
        timeline.push_back(Json{{"type", kinds[static_cast<int>(e.kind)]}, {"at", e.at}, {"text", e.text}});
        break;
      }
      case WsTimelineItem::Kind::frame: timeline.push_back(frame_json(log.frames[item.index])); break;
      case WsTimelineItem::Kind::message: timeline.push_back(message_json(log.messages[item.index])); break;
      case WsTimelineItem::Kind::handshake_request: timeline.push_back(Json{{"type", "handshake_request"}}); break;
      case WsTimelineItem::Kind::handshake_response: timeline.push_back(Json{{"type", "handshake_response"}}); break;
    }
  }
  root["timeline"] = std::move(timeline);
  Json steps = Json::array();
  for (const StepRecord& r : log.steps) {
    Json entry = {{"label", r.label}, {"started", r.started}, {"ended", r.ended}, {"ok", r.ok}};
    if (!r.error.empty()) entry["error"] = r.error;
    steps.push_back(std::move(entry));
  }
  root["steps"] = std::move(steps);
  root["close_sent"] = log.close_sent ? Json{{"code", log.close_sent_code}, {"reason", escape_payload(log.close_sent_reason)}} : Json(nullptr);
  root["close_received"] =
      log.close_received ? Json{{"code", log.close_received_code}, {"reason", escape_payload(log.close_received_reason)}} : Json(nullptr);
  root["bytes_sent"] = log.bytes_sent;
  root["bytes_received"] = log.bytes_received;
  root["frames_not_kept"] = log.frames_not_kept;
  root["messages_not_kept"] = log.messages_not_kept;
  root["message_bytes_not_kept"] = log.message_bytes_not_kept;
  root["error"] = log.error ? Json{{"code", std::string(to_string(log.error.code))},
                                   {"kind", std::string(to_string(log.error_kind))},
                                   {"message", log.error.message},
                                   {"step", log.failed_step}}
                            : Json(nullptr);
  // Messages and reasons are escaped above; a sentence may still quote a peer's bytes.
  return root.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace wirepad
