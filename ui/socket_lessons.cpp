// ui: socket_lessons.h.
#include "ui/socket_lessons.h"

#include <imgui.h>

namespace wirepad::ui {
namespace {

SocketStep step(StepKind kind, std::string bytes = {}, double seconds = 5, bool regex = false) {
  return SocketStep{kind, std::move(bytes), seconds, regex};
}

Experiment script(std::string name, Protocol protocol, std::string host, int port, std::vector<SocketStep> steps) {
  Experiment e;
  e.kind = ExperimentKind::socket;
  e.name = std::move(name);
  e.socket.protocol = protocol;
  e.socket.host = std::move(host);
  e.socket.port = std::uint16_t(port);
  e.socket.steps = std::move(steps);
  return e;
}

SocketLesson lesson(std::string title, Experiment experiment, std::string note) {
  SocketLesson l;
  l.title = std::move(title);
  l.experiment = std::move(experiment);
  l.note = std::move(note);
  return l;
}

}  // namespace

std::vector<SocketLesson> socket_lessons(int hello_port, int tcp_echo_port, int udp_echo_port) {
  std::vector<SocketLesson> lessons;
  lessons.push_back(lesson("TCP: the socket tutorial's client (GET on the hello server)",
                     script("TCP client: GET on the lab hello server", Protocol::tcp, "127.0.0.1", hello_port,
                            {step(StepKind::connect), step(StepKind::send, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                             step(StepKind::expect, "HTTP/1\\.[01] 200", 5, true), step(StepKind::expect, "Hello, World!"),
                             step(StepKind::close)}),
                     "The client every socket tutorial writes: connect, send an HTTP request by hand, read the answer. "
                     "Needs the lab (wirepad lab, or the desktop app's own)."));
  lessons.push_back(lesson("TCP: talk to the lab echo server",
                     script("TCP echo", Protocol::tcp, "127.0.0.1", tcp_echo_port,
                            {step(StepKind::connect), step(StepKind::send, "hello\r\n"), step(StepKind::expect, "hello\r\n"),
                             step(StepKind::shutdown), step(StepKind::close)}),
                     "Whatever you send comes back. The shutdown step sends FIN while still receiving (half-close)."));
  lessons.push_back(lesson("UDP: a datagram to the lab echo server",
                     script("UDP echo", Protocol::udp, "127.0.0.1", udp_echo_port,
                            {step(StepKind::connect), step(StepKind::send, "ping"), step(StepKind::expect, "ping"), step(StepKind::close)}),
                     "One send is one datagram; the echo server sends each one back."));
  SocketLesson broadcast = lesson("UDP broadcast: one datagram, every listener gets it",
                         script("UDP broadcast", Protocol::udp, "127.255.255.255", 5000,
                                {step(StepKind::connect), step(StepKind::send, "hello, everyone\n"), step(StepKind::close)}),
                         "Listen first (Listen tab: UDP on 0.0.0.0 port 5000, set up by this lesson; start a second copy "
                         "of Wirepad or `wirepad listen --udp 5000` to see two members). 127.255.255.255 is the "
                         "broadcast address of the loopback network; on a LAN use its own (like 192.168.1.255). "
                         "Without the broadcast option the kernel refuses the send.");
  broadcast.experiment.socket.broadcast = true;
  broadcast.listen = true;
  broadcast.listener.udp = true;
  broadcast.listener.port = 5000;
  lessons.push_back(broadcast);
  SocketLesson multicast = lesson("UDP multicast: a datagram to group 239.255.0.1",
                         script("UDP multicast", Protocol::udp, "239.255.0.1", 5001,
                                {step(StepKind::connect), step(StepKind::send, "hello, group\n"), step(StepKind::close)}),
                         "Listen first (Listen tab: UDP port 5001, then Join 239.255.0.1; this lesson set it up). "
                         "Only members of the group receive. TTL 1 keeps it on this network; 'loopback' lets members "
                         "on this machine get a copy.");
  multicast.experiment.socket.multicast_ttl = 1;
  multicast.experiment.socket.multicast_loopback = true;
  multicast.listen = true;
  multicast.join_group = true;
  multicast.listener.udp = true;
  multicast.listener.port = 5001;
  multicast.listener.group = "239.255.0.1";
  lessons.push_back(multicast);
  return lessons;
}

Endpoint socket_endpoint(const AppState& state) {
  const SocketComposer& c = state.socket;
  Endpoint endpoint;
  endpoint.protocol = c.udp ? Protocol::udp : Protocol::tcp;
  endpoint.host = c.host;
  endpoint.port = c.port > 0 && c.port < 65536 ? std::uint16_t(c.port) : 0;
  endpoint.connect_timeout = state.options.connect_timeout > 0 ? state.options.connect_timeout : 10;
  endpoint.family = c.family == 1 ? AddressFamily::ipv4 : c.family == 2 ? AddressFamily::ipv6 : AddressFamily::any;
  endpoint.broadcast = c.broadcast;
  endpoint.multicast_ttl = c.multicast_ttl;
  endpoint.multicast_loopback = c.multicast_loopback;
  return endpoint;
}

void load_socket_experiment(AppState& state, const Experiment& experiment) {
  SocketComposer& c = state.socket;
  const SocketScript& s = experiment.socket;
  c.udp = s.protocol == Protocol::udp;
  c.host = s.host;
  c.port = s.port;
  c.family = s.family == AddressFamily::ipv4 ? 1 : s.family == AddressFamily::ipv6 ? 2 : 0;
  c.broadcast = s.broadcast;
  c.multicast_ttl = s.multicast_ttl;
  c.multicast_loopback = s.multicast_loopback;
  c.script = s.steps;
  c.script_name = experiment.name;
  c.tests = ConversationTests{};
  c.tests.test = experiment.test;
  c.script_note.clear();
  c.error = {};
  // The first send/expect fill the step fields, so stepping by hand starts from the script.
  bool sent = false, expected = false;
  for (const SocketStep& st : s.steps) {
    if (st.kind == StepKind::send && !sent) {
      c.payload = escape_payload(st.bytes);
      c.format = PayloadFormat::escaped;
      c.payload_file = false;
      sent = true;
    }
    if (st.kind == StepKind::expect && !expected) {
      c.expect = st.regex ? st.bytes : escape_payload(st.bytes);
      c.expect_regex = st.regex;
      expected = true;
    }
  }
  state.mode = Mode::socket;
  state.select_mode = true;
}

void load_socket_lesson(AppState& state, const SocketLesson& lesson) {
  load_socket_experiment(state, lesson.experiment);
  state.socket.script_note = lesson.note;
  if (lesson.listen) {
    ListenComposer& l = state.socket.listen;
    l.udp = lesson.listener.udp;
    l.port = lesson.listener.port;
    l.bind = lesson.listener.bind;
    if (lesson.join_group) l.group = lesson.listener.group;
    state.socket.listen_tab = true;
  }
}

Experiment socket_experiment_from_state(const AppState& state, const std::vector<SocketStep>& steps) {
  Experiment e;
  e.kind = ExperimentKind::socket;
  e.name = state.socket.script_name.empty() ? "socket session" : state.socket.script_name;
  Endpoint endpoint = socket_endpoint(state);
  e.socket.protocol = endpoint.protocol;
  e.socket.host = endpoint.host;
  e.socket.port = endpoint.port;
  e.socket.family = endpoint.family;
  e.socket.broadcast = endpoint.broadcast;
  e.socket.multicast_ttl = endpoint.multicast_ttl;
  e.socket.multicast_loopback = endpoint.multicast_loopback;
  e.socket.steps = steps;
  e.options.connect_timeout = endpoint.connect_timeout;
  e.test = state.socket.tests.test;  // the loaded file's assertions and captures stay with it
  return e;
}

void draw_socket_examples_menu(AppState& state) {
  for (const SocketLesson& lesson : socket_lessons(state.lab_hello_port, state.lab_tcp_echo_port, state.lab_udp_echo_port))
    if (ImGui::MenuItem(lesson.title.c_str())) load_socket_lesson(state, lesson);
}

}  // namespace wirepad::ui
