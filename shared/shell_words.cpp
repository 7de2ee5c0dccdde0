// wirepad core: command-line splitting for bash and Windows cmd (see shell_words.h).
// Depends on: shell_words.h, text_util.h.
#include "shell_words.h"

#include <cstdint>

#include "text_util.h"

namespace wirepad {

namespace {

Error shell_error(std::string message, std::size_t position) {
  return make_error(ErrorCode::invalid_request, std::move(message) + " (position " + std::to_string(position) + ")",
                    std::int64_t(position));
}

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || text::is_digit(static_cast<unsigned char>(c)); }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// [SECTION] bash ---------------------------------------------------------------------------

// A '$' that bash would expand: $NAME, ${...}, $(...), $1, $@, ... Returns a message or "".
std::string expansion_at(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size()) return "";
  char n = s[i + 1];
  if (is_name_start(n) || n == '{' || n == '(' || text::is_digit(static_cast<unsigned char>(n)) ||
      std::string_view("@*#?$!-").find(n) != std::string_view::npos) {
    std::size_t end = i + 1;
    while (end < s.size() && is_name_char(s[end])) ++end;
    std::string shown(s.substr(i, std::max<std::size_t>(end - i, 2)));
    return "'" + shown + "' is a shell expansion that Wirepad cannot perform; replace it with its value";
  }
  return "";
}

// $'...' body starting after the opening quote; returns the index after the closing quote.
Result<std::size_t> read_ansi_c(std::string_view s, std::size_t i, std::size_t open, std::string& out) {
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'') return i + 1;
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) break;
    char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'e': case 'E': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case '?': out += '?'; break;
      case 'c':  // control character: \cx is x & 0x1f
        if (i >= s.size()) return shell_error("\\c at the end of $'...' needs a character after it", i - 2);
        out += char(s[i++] & 0x1F);
        break;
      case 'x': case 'u': case 'U': {
        std::size_t max = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        std::uint32_t v = 0;
        std::size_t n = 0;
        while (n < max && i < s.size() && text::is_hex(static_cast<unsigned char>(s[i]))) {
          v = v * 16 + std::uint32_t(text::hex_value(static_cast<unsigned char>(s[i++])));
          ++n;
        }
        if (n == 0) {  // bash keeps "\x" as typed when no digit follows
          out += '\\';
          out += e;
        } else if (e == 'x') {
          out += char(v);
        } else {
          append_utf8(out, v);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {  // up to three octal digits
          std::uint32_t v = std::uint32_t(e - '0');
          for (int n = 0; n < 2 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++n) v = v * 8 + std::uint32_t(s[i++] - '0');
          out += char(v & 0xFF);
        } else {  // unknown escapes stay as typed
          out += '\\';
          out += e;
        }
    }
  }
  return shell_error("the $'...' quote that opens here is never closed", open);
}

Result<std::vector<ShellWord>> split_bash(std::string_view s) {
  std::vector<ShellWord> words;
  std::string word;
  bool in_word = false;
  std::size_t start = 0;
  auto begin_word = [&](std::size_t at) {
    if (!in_word) {
      in_word = true;
      start = at;
    }
  };
  auto end_word = [&] {
    if (in_word) words.push_back({std::move(word), start});
    word.clear();
    in_word = false;
  };

  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) {
      end_word();
      ++i;
    } else if (c == '#' && !in_word) {  // a comment runs to the end of the line
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '\\') {
      if (i + 1 < s.size() && s[i + 1] == '\n') {
        i += 2;  // line continuation
      } else if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') {
        i += 3;
      } else if (i + 1 >= s.size()) {
        return shell_error("the command ends with a backslash that escapes nothing", i);
      } else {
        begin_word(i);
        word += s[i + 1];
        i += 2;
      }
    } else if (c == '\'') {
      std::size_t close = s.find('\'', i + 1);
      if (close == std::string_view::npos) return shell_error("the single quote that opens here is never closed", i);
      begin_word(i);
      word.append(s.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '\'') {
      begin_word(i);
      Result<std::size_t> next = read_ansi_c(s, i + 2, i, word);
      if (!next) return next.error();
      i = next.value();
    } else if (c == '"' || (c == '$' && i + 1 < s.size() && s[i + 1] == '"')) {
      std::size_t open = i;
      begin_word(i);
      i += c == '$' ? 2 : 1;  // $"..." (locale translation) reads like "..."
      bool closed = false;
      while (i < s.size()) {
        char d = s[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < s.size()) {
          char e = s[i + 1];
          if (e == '\n') {
            i += 2;
          } else if (e == '$' || e == '`' || e == '"' || e == '\\') {
            word += e;
            i += 2;
          } else {
            word += '\\';
            ++i;
          }
          continue;
        }
        if (d == '`') return shell_error("'`' starts a command substitution that Wirepad cannot run", i);
        if (d == '$') {
          if (std::string why = expansion_at(s, i); !why.empty()) return shell_error(why, i);
        }
        word += d;
        ++i;
      }
      if (!closed) return shell_error("the double quote that opens here is never closed", open);
    } else if (c == '$') {
      if (std::string why = expansion_at(s, i); !why.empty()) return shell_error(why, i);
      begin_word(i);
      word += c;
      ++i;
    } else if (c == '`') {
      return shell_error("'`' starts a command substitution that Wirepad cannot run", i);
    } else if (std::string_view("|;&<>()").find(c) != std::string_view::npos) {
      return shell_error("'" + std::string(1, c) +
                             "' is a shell operator (pipe, redirection or command separator); Wirepad imports one "
                             "command, so remove what follows it or quote the character",
                         i);
    } else {
      begin_word(i);
      word += c;
      ++i;
    }
  }
  end_word();
  return words;
}

// [SECTION] cmd ----------------------------------------------------------------------------

// Stage 1, cmd.exe: removes ^ escapes and ^<newline> continuations. `origin[k]` is where
// output character k came from.
Result<std::string> cmd_stage(std::string_view s, std::vector<std::size_t>& origin) {
  std::string out;
  bool in_quote = false;
  auto emit = [&](char c, std::size_t at) {
    out += c;
    origin.push_back(at);
  };
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    bool newline = c == '\n' || (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n');
    if (newline) {
      // An unescaped line break ends the command in cmd, quoted or not.
      std::size_t rest = s.find_first_not_of(" \t\r\n", i);
      if (rest == std::string_view::npos) break;
      return shell_error("a line break without ^ before it ends the command in cmd, but more text follows; join the "
                         "lines or end each one with ^",
                         i);
    }
    if (c == '"') {
      in_quote = !in_quote;
      emit(c, i++);
      continue;
    }
    if (in_quote) {
      emit(c, i++);
      continue;
    }
    if (c == '^') {
      if (i + 1 >= s.size()) return shell_error("the command ends with a ^ that escapes nothing", i);
      std::size_t j = i + 1;
      if (s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n') ++j;
      if (s[j] == '\n') {
        // ^<newline>: the line continues and its first character is taken literally.
        std::size_t next = j + 1;
        if (next < s.size()) {
          if (s[next] == '\r' && next + 1 < s.size() && s[next + 1] == '\n') ++next;
          emit(s[next], next);
          i = next + 1;
        } else {
          i = next;
        }
        continue;
      }
      emit(s[j], j);
      i = j + 1;
      continue;
    }
    if (c == '&' || c == '|' || c == '<' || c == '>') {
      return shell_error("'" + std::string(1, c) +
                             "' is a cmd operator (command separator, pipe or redirection); Wirepad imports one "
                             "command, so remove what follows it or escape it as ^" + std::string(1, c),
                         i);
    }
    if (c == '%') {  // %NAME% is expanded by cmd
      std::size_t j = i + 1;
      while (j < s.size() && is_name_char(s[j])) ++j;
      if (j > i + 1 && j < s.size() && s[j] == '%') {
        return shell_error("'" + std::string(s.substr(i, j - i + 1)) +
                               "' is a cmd variable that Wirepad cannot expand; replace it with its value",
                           i);
      }
    }
    emit(c, i++);
  }
  return out;
}

Result<std::vector<ShellWord>> split_cmd(std::string_view line) {
  std::vector<std::size_t> origin;
  Result<std::string> staged = cmd_stage(line, origin);
  if (!staged) return staged.error();
  const std::string& s = staged.value();
  auto at = [&](std::size_t k) { return k < origin.size() ? origin[k] : line.size(); };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };

  // Stage 2, the C runtime's argument rules.
  std::vector<ShellWord> words;
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_space(s[i])) {
      ++i;
      continue;
    }
    ShellWord word;
    word.offset = at(i);
    bool in_quote = false;
    std::size_t quote_open = 0;
    while (i < s.size() && (in_quote || !is_space(s[i]))) {
      if (s[i] == '\\') {
        std::size_t n = 0;
        while (i < s.size() && s[i] == '\\') ++n, ++i;
        if (i < s.size() && s[i] == '"') {
          word.text.append(n / 2, '\\');
          if (n % 2 == 1) {
            word.text += '"';
            ++i;
          }
          // An even count leaves the quote to the next round, where it toggles.
        } else {
          word.text.append(n, '\\');
        }
        continue;
      }
      if (s[i] == '"') {
        if (in_quote && i + 1 < s.size() && s[i + 1] == '"') {  // "" inside quotes is one quote
          word.text += '"';
          i += 2;
          continue;
        }
        in_quote = !in_quote;
        quote_open = i;
        ++i;
        continue;
      }
      word.text += s[i++];
    }
    if (in_quote) return shell_error("the double quote that opens here is never closed", at(quote_open));
    words.push_back(std::move(word));
  }
  return words;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t more = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 4;
    if (more == 4 || i + more >= s.size()) return false;  // bad lead byte or cut short
    for (std::size_t k = 1; k <= more; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += more + 1;
  }
  return true;
}

}  // namespace

Result<std::vector<ShellWord>> split_shell_words(std::string_view line, ShellDialect dialect) {
  return dialect == ShellDialect::cmd ? split_cmd(line) : split_bash(line);
}

ShellDialect guess_shell_dialect(std::string_view line) {
  if (line.find("^\"") != std::string_view::npos) return ShellDialect::cmd;
  for (std::size_t i = line.find('^'); i != std::string_view::npos; i = line.find('^', i + 1)) {
    std::size_t j = i + 1;
    if (j < line.size() && line[j] == '\r') ++j;
    if (j < line.size() && line[j] == '\n') return ShellDialect::cmd;
  }
  return ShellDialect::bash;
}

std::string quote_for_bash(std::string_view word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@%+=,-") ==
                           std::string_view::npos) {
    return std::string(word);
  }
  bool plain = valid_utf8(word);
  for (unsigned char c : word) {
    if (c < 0x20 || c == 0x7F) plain = false;
  }
  if (plain) {
    std::string out = "'";
    for (char c : word) {
      if (c == '\'') out += "'\\''";  // close, escaped quote, reopen
      else out += c;
    }
    return out + "'";
  }
  static const char* hex = "0123456789abcdef";
  std::string out = "$'";
  for (unsigned char c : word) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      default:
        if (c < 0x20 || c >= 0x7F) {
          out += "\\x";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += char(c);
        }
    }
  }
  return out + "'";
}

}  // namespace wirepad
