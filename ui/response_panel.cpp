// ui: response_panel.h.
#include "ui/response_panel.h"
#include "ui/composer_tests_tab.h"
#include "ui/proxy_hop_view.h"

#include <imgui.h>

#include <algorithm>
#include <span>
#include <string>

#include "ui/byte_format.h"
#include "ui/byte_views.h"
#include "ui/viewer_tabs.h"
#include "ui/cookies_panel.h"
#include "ui/status_colors.h"
#include "ui/text_fit.h"
#include "ui/tls_view.h"

namespace wirepad::ui {
namespace {

// How to raise the limit an error names, in the app's words (the Options tab's labels); the
// core's message names the limit only, and the command line says its own flags.
std::string limit_hint(ErrorCode code) {
  switch (code) {
    case ErrorCode::connect_timeout: return " Raise \"connect timeout\" in the Options tab to allow longer.";
    case ErrorCode::first_byte_timeout: return " Raise \"first byte timeout\" in the Options tab to wait longer.";
    case ErrorCode::idle_timeout: return " Raise \"idle timeout\" in the Options tab to wait longer.";
    case ErrorCode::total_timeout: return " Raise \"total timeout\" in the Options tab to wait longer.";
    case ErrorCode::too_many_redirects:
    case ErrorCode::redirect_loop: return " Raise \"max redirects\" in the Options tab to allow more.";
    default: return {};
  }
}

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const ImVec4 kDimColor(0.6f, 0.6f, 0.64f, 1.0f);

ImVec4 status_color(int status) { return outcome_color(outcome_class(status)); }

std::string phase_sentence(const ExchangeLog& log) {
  switch (log.phase) {
    case Phase::resolving: return "Resolving the host name...";
    case Phase::connecting: return "Connecting to " + (log.remote_address.empty() ? std::string("the server") : log.remote_address) + "...";
    case Phase::tls_handshake: return "TLS handshake with " + log.remote_address + "...";
    case Phase::sending: return "Sending the request...";
    case Phase::waiting: return "Waiting for the first byte...";
    case Phase::receiving: return "Receiving: " + format_size(log.bytes_received.size()) + " so far...";
    default: return std::string(to_string(log.phase));
  }
}

// The summary line: the HTTP status, or the transport failure, which is never shown as a
// status (a refused connection is not a "0" response).
bool draw_summary(const ExchangeLog& log) {
  bool cancel_pressed = false;
  if (log.has_response_head) {
    ImGui::PushStyleColor(ImGuiCol_Text, status_color(log.response.status));
    ImGui::Text("%d %s", log.response.status, log.response.reason.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
  }
  if (log.phase == Phase::done) {
    // A coded body says so: "1.2 KB body (gzip, 8.0 KB decoded)".
    std::string body = format_size(log.body().size()) + " body";
    if (log.decoding.active() && log.decoding.complete)
      body += " (" + log.decoding.coding + ", " + format_size(log.decoding.decoded.size()) + " decoded)";
    text_fit(format_seconds(log.timings.total) + "  |  " + body + "  |  " + format_size(log.received_size()) +
             " received" + (log.remote_address.empty() ? std::string() : "  |  " + log.remote_address) + (log.http2.used ? "  |  HTTP/2, " + log.http2.how : std::string()) +
             (log.warnings.empty() ? std::string() : "  |  " + std::to_string(log.warnings.size()) + " notes in Headers"));
    // No wire at all (the browser's fetch() without a relay): say so before anyone looks for bytes.
    if (log.wire.empty() && !log.warnings.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.8f, 0.3f, 1));
      ImGui::TextWrapped("%s", log.warnings.front().c_str());
      ImGui::PopStyleColor();
    }
  } else if (log.phase == Phase::failed || log.phase == Phase::cancelled) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s: %s%s", std::string(to_string(log.error.code)).c_str(), log.error.message.c_str(),
                       limit_hint(log.error.code).c_str());
    ImGui::PopStyleColor();
    if (!log.bytes_received.empty())
      ImGui::TextDisabled("The %s received before that are kept in the Raw and Hex tabs.",
                          format_size(log.bytes_received.size()).c_str());
  } else {
    ImGui::TextUnformatted(phase_sentence(log).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Cancel")) cancel_pressed = true;
  }
  const Timings& t = log.timings;
  // Fitted: a narrow response pane (beside the composer) cuts it with "...", never mid-letter.
  text_fit_disabled((t.relay.used() ? "relay " + format_seconds(t.relay.open) + "  |  " : std::string()) +
                    "namelookup " + format_seconds(t.namelookup) + "  |  connect " + format_seconds(t.connect) +
                    "  |  appconnect " + format_seconds(t.appconnect) + "  |  starttransfer " +
                    format_seconds(t.starttransfer) + "  |  total " + format_seconds(t.total));
  return cancel_pressed;
}

// One bar per phase on a shared time axis, labelled with curl's names (time_namelookup, ...).
// Through the browser's relay the relay's set-up is a phase of its own, first, and the name
// lookup, connect and TLS bars are the relay's own (it measured them; the page places them by
// counting back from the relay's answer); each row says who measured it.
void draw_timings(const Timings& t) {
  struct Row {
    const char* name;
    const char* what;
    double from;
    double to;
  };
  const RelayTimings& r = t.relay;
  const bool relay = r.used();
  // The relay's lookup began `dns` before it ended (never before the relay was open).
  const double lookup_from = relay && t.namelookup >= 0 ? std::max(r.open, t.namelookup - std::max(0.0, r.dns)) : 0;
  const Row all_rows[] = {
      {"relay", "relay set-up: WebSocket to wirepad serve (measured by the page)", relay ? 0.0 : -1.0, relay ? r.open : -1.0},
      {"namelookup", relay ? "DNS lookup (measured by the relay)" : "DNS lookup", lookup_from, t.namelookup},
      {"connect", relay ? "TCP connect (measured by the relay)" : "TCP connect", t.namelookup, t.connect},
      {"appconnect", relay ? "TLS handshake (measured by the relay)" : "TLS handshake", t.appconnect > 0 ? t.connect : -1, t.appconnect},
      {"pretransfer", "ready to send", t.appconnect > 0 ? t.appconnect : t.connect, t.pretransfer},
      {"starttransfer", "waiting (TTFB)", t.pretransfer, t.starttransfer},
      {"total", "receiving", t.starttransfer, t.total},
  };
  const std::span<const Row> rows = relay ? std::span<const Row>(all_rows) : std::span<const Row>(all_rows).subspan(1);
  if (relay) {
    ImGui::TextDisabled("Through the relay: the page measured the relay's set-up and everything after its answer; the relay "
                        "measured its own name lookup (%s), connect (%s)%s%s.",
                        format_seconds(r.dns).c_str(), format_seconds(r.connect).c_str(), r.tls >= 0 ? " and TLS handshake " : "",
                        r.tls >= 0 ? format_seconds(r.tls).c_str() : "");
  }
  double span = std::max({t.total, t.starttransfer, t.pretransfer, t.connect, t.namelookup, r.open, 1e-6});
  if (!ImGui::BeginTable("timings", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("time_", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("at", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("phase", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const Row& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("time_%s", row.name);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_seconds(row.to).c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", row.what);
    ImGui::TableNextColumn();
    if (row.to >= 0 && row.from >= 0) {
      ImVec2 origin = ImGui::GetCursorScreenPos();
      float width = ImGui::GetContentRegionAvail().x;
      float height = ImGui::GetTextLineHeight();
      float x0 = origin.x + width * float(row.from / span);
      float x1 = std::max(x0 + 2.0f, origin.x + width * float(row.to / span));
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0, origin.y + 2), ImVec2(x1, origin.y + height - 2),
                                                IM_COL32(90, 150, 230, 255), 2.0f);
      ImGui::Dummy(ImVec2(width, height));
    }
  }
  ImGui::EndTable();
}

void draw_headers(const ExchangeLog& log) {
  auto table = [](const char* id, const auto& headers) {  // Headers or FieldList
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable)) return;
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableHeadersRow();
    for (const auto& h : headers) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(h.name.data(), h.name.data() + h.name.size());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%.*s", int(h.value.size()), h.value.data());
    }
    ImGui::EndTable();
  };
  ImGui::BeginChild("headers_scroll");
  for (const InterimResponse& interim : log.response.interim) {
    ImGui::TextDisabled("Interim response %d %s", interim.status, interim.reason.c_str());
    table("interim", interim.headers);
  }
  ImGui::Text("Response headers (%zu)", log.response.headers.size());
  table("response_headers", log.response.headers);
  if (!log.response.trailers.empty()) {
    ImGui::Text("Trailers (%zu)", log.response.trailers.size());
    table("trailers", log.response.trailers);
  }
  ImGui::Spacing();
  ImGui::Text("Request headers as sent (%zu)", log.sent_headers.size());
  table("sent_headers", log.sent_headers);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.8f, 0.3f, 1));
  for (const std::string& warning : log.warnings) ImGui::TextWrapped("note: %s", warning.c_str());  // sentences: wrapped
  ImGui::PopStyleColor();
  ImGui::EndChild();
}

void draw_raw(AppState& state, const ExchangeLog& log) {
  state.sent_lines.update(log.bytes_sent, state.generation);
  state.received_lines.update(log.bytes_received, state.generation);
  ImGui::TextDisabled("Every byte as it crossed the connection: \\r \\n shown, other control bytes as \\xNN.");
  draw_proxy_hop(log);  // a tunnel's CONNECT bytes, marked as the proxy's
  float half = std::max(ImGui::GetContentRegionAvail().y * 0.35f, ImGui::GetTextLineHeightWithSpacing() * 4);
  ImGui::Text("Sent (%s)", format_size(log.bytes_sent.size()).c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Copy##sent")) ImGui::SetClipboardText(log.bytes_sent.c_str());
  ImGui::BeginChild("sent_frame", ImVec2(0, half), true);
  draw_lines_view("sent", log.bytes_sent, state.sent_lines, true);
  ImGui::EndChild();
  ImGui::Text("Received (%s)", format_size(log.bytes_received.size()).c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Copy##received")) ImGui::SetClipboardText(log.bytes_received.c_str());
  ImGui::BeginChild("received_frame", ImVec2(0, 0), true);
  draw_lines_view("received", log.bytes_received, state.received_lines, true);
  ImGui::EndChild();
}

void draw_timeline(const ExchangeLog& log) {
  ImGui::BeginChild("timeline");
  for (const ExchangeEvent& event : log.events) {
    ImGui::TextDisabled("%10s", format_seconds(event.at).c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(event.text.c_str());
  }
  if (log.tls) {
    ImGui::Separator();
    ImGui::Text("TLS %s, cipher %s, ALPN %s", log.tls->version.c_str(), log.tls->cipher.c_str(),
                log.tls->alpn.empty() ? "none" : log.tls->alpn.c_str());
    for (const std::string& cert : log.tls->chain) ImGui::BulletText("%s", cert.c_str());
  }
  ImGui::EndChild();
}

}  // namespace

bool draw_response(AppState& state, const ExchangeLog* log) {
  if (auto run = state.runs.find(state.id); run != state.runs.end() && run->second.auth.authorizing) {
    draw_sign_in_wait(run->second.auth);
    if (!log) return false;
  }
  if (!log) {
    ImGui::Spacing();
    ImGui::TextDisabled("No response yet. Press Send (Enter in the URL field, or Ctrl+Enter anywhere).");
    // Only under the example itself (an unnamed tab still holding the request it opened with).
    if (!state.named && !state.url.empty() && state.method + " " + state.url == state.opened_request)
      ImGui::TextDisabled("The example request goes to the lab's hello-world server on this machine: no internet needed.");
    return false;
  }
  bool cancel = draw_summary(*log);
  if (auto run = state.runs.find(state.id); run != state.runs.end()) {
    draw_redirect_status(run->second.redirects);
    draw_auth_status(run->second.auth);
  }
  ImGui::Separator();
  if (ImGui::BeginTabBar("response_tabs")) {
    ImGuiTabItemFlags body_flags = state.show_body_tab ? ImGuiTabItemFlags_SetSelected : 0;
    state.show_body_tab = false;
    if (ImGui::BeginTabItem("Body", nullptr, body_flags)) {
      draw_body_view(state.body_view, *log, state.generation);
      ImGui::EndTabItem();
    }
    std::string headers_label = "Headers (" + std::to_string(log->response.headers.size()) + ")###headers";
    ImGuiTabItemFlags headers_flags = 0;
    if (state.viewers.open_tab == "Headers") {  // --open-tab Headers (the notes are listed there)
      state.viewers.open_tab.clear();
      headers_flags = ImGuiTabItemFlags_SetSelected;
    }
    if (ImGui::BeginTabItem(headers_label.c_str(), nullptr, headers_flags)) {
      draw_headers(*log);
      ImGui::EndTabItem();
    }
    // The experiment's assertions against this response (ui/composer_tests_tab.h).
    evaluate_front_tests(state, log);
    int failed = 0;
    for (const AssertionResult& a : state.test_results) failed += a.passed ? 0 : 1;
    const std::string tests_label =
        state.test_results.empty() ? std::string("Tests###tests")
                                   : "Tests (" + std::to_string(int(state.test_results.size()) - failed) + "/" +
                                         std::to_string(state.test_results.size()) + ")###tests";
    if (failed) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    const bool tests_open = ImGui::BeginTabItem(tests_label.c_str());
    if (failed) ImGui::PopStyleColor();
    if (tests_open) {
      draw_test_results(state);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Raw")) {
      draw_raw(state, *log);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Hex")) {
      ImGui::Text("Received (%s)", format_size(log->bytes_received.size()).c_str());
      draw_hex_view("hex", log->bytes_received);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Timings")) {
      draw_timings(log->timings);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Timeline")) {
      draw_timeline(*log);
      ImGui::EndTabItem();
    }
    draw_viewer_tabs(state, *log);  // Wire, Layers, Preview (ui/viewer_tabs.cpp)
    if (ImGui::BeginTabItem("Cookies")) {
      draw_response_cookies(state.cookies, *log, state.generation);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("TLS")) {
      draw_tls_view(*log);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  return cancel;
}

void draw_redirect_status(const RedirectFollowState& redirects) {
  if (redirects.hop > 0) {
    std::string line = "Redirect hop " + std::to_string(redirects.hop);
    for (std::size_t i = 0; i < redirects.notes.size(); ++i) line += (i == 0 ? ": " : "; ") + redirects.notes[i];
    ImGui::TextDisabled("%s", line.c_str());
  }
  for (const std::string& warning : redirects.warnings) ImGui::TextColored(ImVec4(1.0f, 0.72f, 0.30f, 1.0f), "%s", warning.c_str());
  if (redirects.stop) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s: %s%s", std::string(to_string(redirects.stop.code)).c_str(), redirects.stop.message.c_str(),
                       limit_hint(redirects.stop.code).c_str());
    ImGui::PopStyleColor();
  }
}

void draw_sign_in_wait(AuthFollowState& auth) {
  ImGui::Spacing();
  // "Get new access token" stops at the token; a Send goes on with the request.
  ImGui::TextWrapped("OAuth 2.0: waiting for you to sign in at the authorization server in your browser. When it sends "
                     "the browser back to Wirepad, the code is exchanged for a token%s",
                     auth.token_only ? ", which is kept in the environment (the request is not sent)." : " and the request is sent.");
  if (ImGui::SmallButton("Open the sign-in again")) auth.open_pending = true;
  ImGui::SameLine();
  if (ImGui::SmallButton("Copy the sign-in URL")) ImGui::SetClipboardText(auth.authorization_url.c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Cancel sign-in")) auth.cancel_pending = true;
  ImGui::TextDisabled("%s", auth.authorization_url.c_str());
  ImGui::Separator();
}

void draw_auth_status(const AuthFollowState& auth) {
  // Which auth round this exchange is (the history has one entry per round).
  if (!auth.label.empty() && auth.label != "the request") ImGui::TextDisabled("Auth: %s", auth.label.c_str());
  for (const std::string& note : auth.notes) ImGui::TextDisabled("%s", note.c_str());
  if (!auth.token_saved.empty())
    ImGui::TextDisabled("OAuth 2.0: the new access token is kept in this environment as the secret %s", auth.token_saved.c_str());
  if (auth.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s: %s", std::string(to_string(auth.error.code)).c_str(), auth.error.message.c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace wirepad::ui
