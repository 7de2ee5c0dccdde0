// native: the CLI's proxy flags (curl's -x/--proxy, --noproxy, -U/--proxy-user, --proxy-basic),
// the proxy variables of this process's environment, and the proxy hop as -v prints it.
// The decision itself is shared/proxy_choice.h.
#pragma once
#include <ostream>
#include <string>

#include "native/cli_args.h"
#include "shared/exchange.h"
#include "shared/proxy_choice.h"

namespace wirepad::native {

// Consumes one proxy flag at the current argument into `settings`; false when it is none.
// `error` is set for a flag without its value.
bool read_proxy_flag(Args& args, ProxySettings& settings, std::string& error);

// http_proxy, https_proxy, HTTPS_PROXY, all_proxy, ALL_PROXY, no_proxy, NO_PROXY (and
// HTTP_PROXY, only to say it is ignored) as set in this process (getenv).
ProxyEnvironment process_proxy_environment();

// -v: which proxy, and the CONNECT exchange with it, marked "proxy>" / "proxy<" so they are
// never taken for the request to the origin.
void print_proxy_hop(std::ostream& out, const ExchangeLog& log);

}  // namespace wirepad::native
