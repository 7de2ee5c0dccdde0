// native: serve_runtime.h.
#include "native/serve_runtime.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared/json_input.h"

namespace wirepad::native {
namespace {

std::string folder() {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (runtime && *runtime) return std::string(runtime) + "/wirepad";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/tmp") + "/.cache/wirepad";
}

struct Entry {
  std::string url;
  long pid = 0;
};

Entry read_entry(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  auto j = json_input::parse_whole<nlohmann::json>(text.str());
  if (j.is_discarded() || !j.is_object()) return {};
  Entry entry;
  if (j.contains("url") && j["url"].is_string()) entry.url = j["url"].get<std::string>();
  if (j.contains("pid") && j["pid"].is_number_integer()) entry.pid = j["pid"].get<long>();
  return entry;
}

}  // namespace

std::string serve_runtime_path() { return folder() + "/serve.json"; }

ServeRuntimeFile::ServeRuntimeFile(const std::string& url) : path_(serve_runtime_path()) {
  const std::string dir = folder();
  const std::string parent = dir.substr(0, dir.rfind('/'));
  ::mkdir(parent.c_str(), 0700);  // ~/.cache may not exist yet
  ::mkdir(dir.c_str(), 0700);
  const std::string partial = path_ + ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << nlohmann::json{{"url", url}, {"pid", long(::getpid())}}.dump() << "\n";
    if (!out) return;  // the desktop then says it found no serve: nothing breaks
  }
  if (std::rename(partial.c_str(), path_.c_str()) != 0) std::remove(partial.c_str());
}

ServeRuntimeFile::~ServeRuntimeFile() {
  if (read_entry(path_).pid == long(::getpid())) std::remove(path_.c_str());
}

std::string running_serve_url() {
  Entry entry = read_entry(serve_runtime_path());
  if (entry.url.empty() || entry.pid <= 0) return "";
  // A serve killed without cleaning up leaves the file: believe it only while the process lives.
  if (::kill(pid_t(entry.pid), 0) != 0 && errno == ESRCH) return "";
  return entry.url;
}

}  // namespace wirepad::native
