// native: oauth_loopback.h.
#include "native/oauth_loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace wirepad::native {

Error OAuthLoopback::listen(std::uint16_t port, std::string path) {
  path_ = path.empty() ? "/" : std::move(path);
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return make_error(ErrorCode::io_error, std::string("cannot open a socket for the OAuth redirect: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only: nothing else can reach it (RFC 8252 §8.3)
  a.sin_port = htons(port);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 8) != 0)
    return make_error(ErrorCode::io_error, "cannot listen on 127.0.0.1:" + std::to_string(port) +
                                               " for the OAuth redirect: " + std::strerror(errno));
  socklen_t len = sizeof a;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  return {};
}

std::string OAuthLoopback::redirect_uri() const { return "http://127.0.0.1:" + std::to_string(port_) + path_; }

namespace {

void reply(int fd, const char* status, const std::string& text) {
  std::string body = "<!doctype html><meta charset=utf-8><title>Wirepad</title><p>" + text + "</p>\n";
  std::string out = std::string("HTTP/1.1 ") + status + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n" + body;
  ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
}

}  // namespace

Result<std::string> OAuthLoopback::wait(int timeout_ms, const volatile bool* cancel) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (cancel && *cancel) return make_error(ErrorCode::cancelled, "OAuth 2.0: cancelled while waiting for the browser's redirect");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0)
      return make_error(ErrorCode::total_timeout, "OAuth 2.0: no redirect came back to " + redirect_uri() + " within " +
                                                      std::to_string(timeout_ms / 1000) + " s; sign in sooner or try again");
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, int(std::min<long long>(left, 200))) <= 0) continue;  // short slices: `cancel` is checked
    int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    // The request head, within 5 s and 16 KiB: a browser sends it at once.
    std::string head;
    char buf[4096];
    auto read_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 16384) {
      pollfd q{c, POLLIN, 0};
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(read_deadline - std::chrono::steady_clock::now()).count();
      if (ms <= 0 || ::poll(&q, 1, int(ms)) <= 0) break;
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      head.append(buf, std::size_t(n));
    }
    // "GET /callback?code=... HTTP/1.1"
    std::size_t sp1 = head.find(' '), sp2 = sp1 == std::string::npos ? sp1 : head.find(' ', sp1 + 1);
    std::string target = sp2 == std::string::npos ? std::string() : head.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string path = target.substr(0, target.find('?'));
    if (head.rfind("GET ", 0) != 0 || path != path_) {
      reply(c, "404 Not Found", "Wirepad is waiting for the OAuth redirect at " + path_ + ", not here.");
      ::close(c);
      continue;
    }
    reply(c, "200 OK", "Wirepad received the authorization response. You can close this tab and go back to Wirepad.");
    ::close(c);
    return target;
  }
}

void OAuthLoopback::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

OAuthLoopback::~OAuthLoopback() { close(); }

bool open_in_browser(const std::string& url) {
  if (const char* off = std::getenv("WIREPAD_NO_BROWSER"); off && *off) return false;  // tests, headless use
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) return false;
  if (::access("/usr/bin/xdg-open", X_OK) != 0) return false;
  pid_t pid = 0;
  char* argv[] = {const_cast<char*>("xdg-open"), const_cast<char*>(url.c_str()), nullptr};
  if (::posix_spawn(&pid, "/usr/bin/xdg-open", nullptr, nullptr, argv, environ) != 0) return false;
  int status = 0;
  ::waitpid(pid, &status, 0);  // xdg-open hands the URL over and returns
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace wirepad::native
