// wirepad core: the regular expressions people write (assertions' matches/not_matches, regex
// captures, the socket lab's and SocketSession's expect regex, `wirepad ws` expects, JSONPath's
// match() and search()), compiled and run by PCRE2 in both builds. PCRE2's matcher keeps its
// backtracking on the heap within limits, so a pattern that needs too much on a subject is an
// error value naming the limit. libstdc++'s std::regex, used before, recursed once per
// character for patterns like (x|y)+$ and overflowed the stack (a crash) from about 20 kB.
// No exceptions (the browser build has none). Not Boost.Regex: Debian's Boost 1.74 has no
// header-only Regex (it would need building for wasm too), and its non-recursive matcher
// reports too much backtracking by throwing, which aborts the browser build.
//
// Syntax: ECMAScript's (JavaScript's), as PCRE2 reads it with its JavaScript options: `$`
// only at the very end, \u0041 escapes, `[]` matching nothing, an unset backreference matching
// the empty string. Subjects are bytes (no UTF mode): `.` is any byte but a newline.
// Depends on: error.h, PCRE2 (libpcre2-8; for wasm built by scripts/setup.sh).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.h"

struct pcre2_real_code_8;

namespace wirepad {

// Limits on one match (PCRE2's match and heap limits): beyond them a search is an error. A
// million backtracking steps is far more than any sensible pattern needs on a response body;
// 64 MiB of backtracking frames holds about 500,000 nested group repeats.
inline constexpr std::uint32_t kRegexMatchLimit = 10'000'000;
inline constexpr std::uint32_t kRegexHeapLimitKiB = 64 * 1024;

// One match: where it is in the subject, and each group's span (nullopt: the group took no
// part). Group 0 is the whole match.
struct RegexMatch {
  std::vector<std::optional<std::pair<std::size_t, std::size_t>>> groups;  // [begin, end)
  std::size_t begin() const { return groups[0]->first; }
  std::size_t end() const { return groups[0]->second; }
  // The text of group `i` in `subject` (empty when it took no part).
  std::string_view group(std::string_view subject, std::size_t i) const;
};

class Regex {
 public:
  // The pattern compiled, or an error naming the pattern, why and where:
  // "/a(b/ is not a regular expression: missing closing parenthesis (at offset 3)".
  static Result<Regex> compile(std::string_view pattern);

  // The first match anywhere in `subject`, nullopt when there is none; an error when the
  // pattern needs more than the limits above on this subject.
  Result<std::optional<RegexMatch>> search(std::string_view subject) const;
  // Whether the pattern matches the whole subject (JSONPath's match()); errors as search.
  Result<bool> match_whole(std::string_view subject) const;

  std::size_t group_count() const { return groups_; }  // capturing groups, not counting group 0
  const std::string& pattern() const { return pattern_; }

 private:
  Result<std::optional<RegexMatch>> run(std::string_view subject, bool whole) const;
  std::shared_ptr<const pcre2_real_code_8> code_;
  std::string pattern_;
  std::size_t groups_ = 0;
};

}  // namespace wirepad
