// Fuzz target: share links (shared/share_link.h), which arrive in a URL anyone can send:
// base64url, raw inflate with a size bound, then an experiment document. The first byte picks
// what the rest is: even, a link (a whole URL, "#x=..." or "x=..."); odd, an experiment
// document that is put into a fragment first, so the fuzzer's JSON reaches the decoder.
// Properties: no crash or exception; a refusal is invalid_experiment with a sentence; a
// document opens from its fragment exactly as parse_experiment reads it (both refuse or both
// give the same experiment); a link made with the secrets opens to the same experiment, and
// one made without them opens too.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "shared/share_link.h"

using namespace wirepad;

namespace {

void check_error(const Error& e) {
  if (e.code != ErrorCode::invalid_experiment || e.message.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  if ((data[0] & 1) == 0) {
    Result<Experiment> opened = open_share_link(rest);
    if (!opened) check_error(opened.error());
    return 0;
  }
  Result<Experiment> parsed = parse_experiment(rest);
  Result<Experiment> opened = open_share_link(share_link_url("http://127.0.0.1:8080/", {encode_share_fragment(rest), {}, 0}));
  if (rest.size() > kShareLinkMaxJson) return 0;  // refused for its size, not its content
  if (bool(parsed) != bool(opened)) std::abort();
  if (!parsed) {
    check_error(opened.error());
    return 0;
  }
  if (!(*opened == *parsed)) std::abort();

  ShareLinkOptions with_secrets;
  with_secrets.include_secrets = true;
  Result<Experiment> all = open_share_link(make_share_link(*parsed, with_secrets).fragment);
  if (!all || !(*all == *parsed)) std::abort();
  ShareLink without = make_share_link(*parsed);
  if (!open_share_link(without.fragment)) std::abort();
  return 0;
}
