// wirepad core: regular expressions through PCRE2 (see regex.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>

namespace wirepad {

namespace {

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  int n = pcre2_get_error_message(code, buffer, sizeof buffer);
  if (n < 0) return "error " + std::to_string(code);
  return std::string(reinterpret_cast<const char*>(buffer), std::size_t(n));
}

// JavaScript's reading of the syntax (PCRE2's documented ECMAScript options, pcre2compat(3)),
// no UTF or Unicode properties switched on from inside the pattern ((*UTF)), no \C.
constexpr std::uint32_t kCompileOptions = PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS |
                                          PCRE2_MATCH_UNSET_BACKREF | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP |
                                          PCRE2_NEVER_BACKSLASH_C;

struct MatchContext {
  pcre2_match_context* context = pcre2_match_context_create(nullptr);
  MatchContext() {
    if (!context) return;
    pcre2_set_match_limit(context, kRegexMatchLimit);
    pcre2_set_heap_limit(context, kRegexHeapLimitKiB);
  }
  ~MatchContext() { pcre2_match_context_free(context); }
};

}  // namespace

std::string_view RegexMatch::group(std::string_view subject, std::size_t i) const {
  if (i >= groups.size() || !groups[i]) return {};
  return subject.substr(groups[i]->first, groups[i]->second - groups[i]->first);
}

Result<Regex> Regex::compile(std::string_view pattern) {
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), kCompileOptions,
                                       &code, &offset, nullptr);
  if (!compiled)
    return make_error(ErrorCode::invalid_request,
                      "/" + std::string(pattern) + "/ is not a regular expression: " + pcre2_message(code) +
                          " (at offset " + std::to_string(offset) + ")",
                      std::int64_t(offset));
  Regex re;
  re.code_ = std::shared_ptr<const pcre2_real_code_8>(compiled, [](const pcre2_real_code_8* c) {
    pcre2_code_free(const_cast<pcre2_code*>(c));
  });
  re.pattern_ = std::string(pattern);
  std::uint32_t count = 0;
  pcre2_pattern_info(compiled, PCRE2_INFO_CAPTURECOUNT, &count);
  re.groups_ = count;
  return re;
}

Result<std::optional<RegexMatch>> Regex::run(std::string_view subject, bool whole) const {
  static thread_local MatchContext limits;
  std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> data(
      pcre2_match_data_create_from_pattern(code_.get(), nullptr), pcre2_match_data_free);
  if (!data || !limits.context)
    return make_error(ErrorCode::invalid_request, "/" + pattern_ + "/ could not be run: out of memory");
  const std::uint32_t options = whole ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0;
  int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, options,
                       data.get(), limits.context);
  if (rc == PCRE2_ERROR_NOMATCH) return std::optional<RegexMatch>();
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
      rc == PCRE2_ERROR_NOMEMORY)
    return make_error(ErrorCode::invalid_request,
                      "/" + pattern_ + "/ needs more backtracking than Wirepad allows on these " +
                          std::to_string(subject.size()) + " bytes (" + pcre2_message(rc) +
                          "); a pattern without nested or alternating repeats (such as [xy]+ for (x|y)+) "
                          "needs far less.");
  if (rc < 0) return make_error(ErrorCode::invalid_request, "/" + pattern_ + "/ failed: " + pcre2_message(rc));
  RegexMatch m;
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
  m.groups.resize(groups_ + 1);
  for (std::size_t i = 0; i <= groups_ && i < pcre2_get_ovector_count(data.get()); ++i) {
    if (ovector[2 * i] == PCRE2_UNSET) continue;
    m.groups[i] = std::make_pair(std::size_t(ovector[2 * i]), std::size_t(ovector[2 * i + 1]));
  }
  return std::optional<RegexMatch>(std::move(m));
}

Result<std::optional<RegexMatch>> Regex::search(std::string_view subject) const { return run(subject, false); }

Result<bool> Regex::match_whole(std::string_view subject) const {
  Result<std::optional<RegexMatch>> m = run(subject, true);
  if (!m) return m.error();
  return m->has_value();
}

}  // namespace wirepad
