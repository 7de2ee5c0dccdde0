// Test support: Debian's lighttpd with mod_auth serving Digest-protected folders (MD5, SHA-256,
// and both offered at once) on loopback, the real server the Digest round trips are checked
// against (tests/native/auth_peers_test.cpp, tests/ui/auth_follow_test.cpp). User "alice",
// password "wonder land"; each folder has index.txt saying "secret in FOLDER".
#pragma once
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "child_process.h"

namespace wirepad::test {

inline std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// Something accepts connections on 127.0.0.1:port (a peer started in the background is up).
inline bool loopback_port_open(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return open;
}

// lighttpd with mod_auth + mod_authn_file (plain user file), three protected folders.
// lighttpd needs a fixed port in its config: a port the kernel just handed out and released
// (a small race with other processes, acceptable on loopback in a test).
struct Lighttpd {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("wirepad-lighttpd-" + std::to_string(::getpid()));
  std::uint16_t port = free_port();
  std::unique_ptr<ChildProcess> process;
  std::string base;

  Lighttpd() {
    std::filesystem::create_directories(dir / "www" / "md5");
    std::filesystem::create_directories(dir / "www" / "sha256");
    std::filesystem::create_directories(dir / "www" / "both");
    for (const char* d : {"md5", "sha256", "both"}) std::ofstream(dir / "www" / d / "index.txt") << "secret in " << d << "\n";
    std::ofstream(dir / "users") << "alice:wonder land\n";
    std::ofstream(dir / "lighttpd.conf")
        << "server.document-root = \"" << (dir / "www").string() << "\"\n"
        << "server.bind = \"127.0.0.1\"\nserver.port = " << port << "\n"
        << "server.modules = (\"mod_auth\", \"mod_authn_file\")\n"
        << "auth.backend = \"plain\"\nauth.backend.plain.userfile = \"" << (dir / "users").string() << "\"\n"
        << "auth.require = (\n"
        << "  \"/md5/\" => (\"method\" => \"digest\", \"realm\" => \"wirepad\", \"require\" => \"valid-user\", "
           "\"algorithm\" => \"MD5\"),\n"
        << "  \"/sha256/\" => (\"method\" => \"digest\", \"realm\" => \"wirepad\", \"require\" => \"valid-user\", "
           "\"algorithm\" => \"SHA-256\"),\n"
        << "  \"/both/\" => (\"method\" => \"digest\", \"realm\" => \"wirepad\", \"require\" => \"valid-user\", "
           "\"algorithm\" => \"MD5|SHA-256\"))\n";
    process = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/sbin/lighttpd", "-D", "-f", (dir / "lighttpd.conf").string()}, true);
    REQUIRE(process->started());
    REQUIRE(process->wait_for_line("server started"));
    base = "http://127.0.0.1:" + std::to_string(port);
  }
  ~Lighttpd() {
    process.reset();
    std::filesystem::remove_all(dir);
  }
};

}  // namespace wirepad::test
