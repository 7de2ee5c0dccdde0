// native: proxy flags and environment for `wirepad send` / `wirepad run` (docs/proxies.md).
#include "native/cli_proxy.h"

#include <cstdlib>

namespace wirepad::native {

bool read_proxy_flag(Args& args, ProxySettings& settings, std::string& error) {
  if (auto v = args.value("-x", "--proxy", error)) {
    settings.proxy = *v;  // "" turns the proxy off, environment included, as curl -x ""
    return true;
  }
  if (auto v = args.value("", "--noproxy", error)) {
    settings.no_proxy = *v;
    return true;
  }
  if (auto v = args.value("-U", "--proxy-user", error)) {
    settings.proxy_user = *v;
    return true;
  }
  // Basic is the one proxy authentication scheme there is here (and curl's default).
  if (args.flag("", "--proxy-basic")) return true;
  return !error.empty();
}

ProxyEnvironment process_proxy_environment() {
  ProxyEnvironment environment;
  for (const char* name : kProxyEnvironmentNames)
    if (const char* value = std::getenv(name)) environment[name] = value;
  return environment;
}

namespace {
void print_lines(std::ostream& out, const std::string& bytes, const char* prefix) {
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t nl = bytes.find('\n', start);
    std::string line = bytes.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!(nl == std::string::npos && line.empty())) out << prefix << line << "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}
}  // namespace

void print_proxy_hop(std::ostream& out, const ExchangeLog& log) {
  if (!log.proxy.used) return;
  const ProxyChoice& p = log.proxy.choice;
  out << "* via proxy " << p.url() << " (" << p.reason << ")" << (p.user.empty() ? "" : ", Basic auth as '" + p.user + "'")
      << (p.tunnel ? ", CONNECT tunnel" : ", absolute-form request") << "\n";
  print_lines(out, log.proxy.connect_sent, "proxy> ");
  print_lines(out, log.proxy.connect_received, "proxy< ");
}

}  // namespace wirepad::native
