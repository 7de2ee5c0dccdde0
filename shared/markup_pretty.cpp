// wirepad core: markup_pretty.h. A single pass over the input: each token (tag, comment,
// text run) goes on its own line at the current depth; a stack of open element names decides
// what a close tag closes, so a stray one changes nothing and an unclosed one is reported.
#include "shared/markup_pretty.h"

#include <algorithm>
#include <cctype>

#include "shared/text_util.h"

namespace wirepad {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// HTML elements that never have content or a close tag (HTML Living Standard §13.1.2).
bool is_void_element(std::string_view name) {
  static constexpr std::string_view names[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                                "link", "meta", "param", "source", "track", "wbr"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// HTML elements whose content is not markup (or whose whitespace matters).
bool is_raw_element(std::string_view name) {
  return name == "script" || name == "style" || name == "pre" || name == "textarea";
}

// HTML elements whose end tag may be left out before a sibling of the same name.
bool ends_itself(std::string_view name) {
  return name == "p" || name == "li" || name == "option" || name == "tr" || name == "td" || name == "th" ||
         name == "dt" || name == "dd";
}

// Whether a '<' at `i` starts a tag, comment or declaration; "a < b" in text does not.
bool starts_markup(std::string_view s, std::size_t i) {
  if (s[i] != '<' || i + 1 >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[i + 1]);
  return std::isalpha(c) || c == '/' || c == '!' || c == '?' || c == '_' || c == ':';
}

// The end of a tag that starts at `at` ('<'): the index after its '>', skipping quoted
// attribute values; npos when the input ends first.
std::size_t tag_end(std::string_view s, std::size_t at) {
  char quote = 0;
  for (std::size_t i = at + 1; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    } else if (c == '<' && i > at + 1) {
      return i;  // a '<' inside a tag: the tag was never closed; end it here
    }
  }
  return std::string_view::npos;
}

std::string tag_name(std::string_view tag, bool html) {
  std::size_t i = tag[1] == '/' ? 2 : 1;
  std::size_t j = i;
  while (j < tag.size() && !is_space(tag[j]) && tag[j] != '>' && tag[j] != '/') ++j;
  std::string name(tag.substr(i, j - i));
  return html ? text::lower(name) : name;
}

class Printer {
 public:
  explicit Printer(const MarkupOptions& options) : options_(options) {}

  void line(std::string_view content) {
    if (content.empty()) return;
    out_.text.append(std::size_t(std::max(0, depth_ * options_.indent)), ' ');
    out_.text.append(content);
    out_.text += '\n';
  }
  // Raw content (a <pre> or <script> body, a multi-line comment): its own lines as they are.
  void raw(std::string_view content) {
    std::string_view t = content;
    while (!t.empty() && (t.front() == '\n' || t.front() == '\r')) t.remove_prefix(1);
    while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
    if (t.empty()) return;
    out_.text.append(t);
    out_.text += '\n';
  }
  void note(std::string text) {
    if (out_.notes.size() < options_.max_notes) out_.notes.push_back(std::move(text));
    else ++dropped_notes_;
  }
  PrettyMarkup finish() {
    if (dropped_notes_) out_.notes.push_back("and " + std::to_string(dropped_notes_) + " more");
    return std::move(out_);
  }

  int depth_ = 0;
  std::vector<std::string> open_;  // element names, outermost first

 private:
  const MarkupOptions& options_;
  PrettyMarkup out_;
  std::size_t dropped_notes_ = 0;
};

}  // namespace

std::string_view markup_kind_of_content_type(std::string_view content_type) {
  std::string type = text::lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type == "text/html" || type == "application/xhtml+xml") return "html";
  if (type == "text/xml" || type == "application/xml") return "xml";
  if (type.size() > 4 && type.compare(type.size() - 4, 4, "+xml") == 0) return "xml";
  return "";
}

PrettyMarkup pretty_markup(std::string_view s, const MarkupOptions& options) {
  const bool html = options.kind == MarkupKind::html;
  Printer p(options);
  std::size_t i = 0;
  while (i < s.size()) {
    if (!starts_markup(s, i)) {
      std::size_t next = i + 1;
      while (next < s.size() && !starts_markup(s, next)) ++next;
      p.line(trim(s.substr(i, next - i)));
      i = next;
      continue;
    }
    // Comments, CDATA, doctypes, processing instructions: whole, to their own terminator.
    auto whole = [&](std::string_view terminator, const char* what) {
      std::size_t end = s.find(terminator, i + 2);
      if (end == std::string_view::npos) {
        p.note(std::string(what) + " at byte " + std::to_string(i) + " is never closed");
        end = s.size();
      } else {
        end += terminator.size();
      }
      std::string_view token = s.substr(i, end - i);
      if (token.find('\n') != std::string_view::npos) p.raw(token);
      else p.line(token);
      i = end;
    };
    if (s.substr(i, 4) == "<!--") {
      whole("-->", "a comment");
      continue;
    }
    if (s.substr(i, 9) == "<![CDATA[") {
      whole("]]>", "a CDATA section");
      continue;
    }
    if (s.substr(i, 2) == "<?") {
      whole("?>", "a processing instruction");
      continue;
    }
    if (s.substr(i, 2) == "<!") {
      whole(">", "a declaration");
      continue;
    }
    std::size_t end = tag_end(s, i);
    if (end == std::string_view::npos) {
      p.note("a tag at byte " + std::to_string(i) + " is never closed with '>'");
      p.line(trim(s.substr(i)));
      break;
    }
    std::string_view tag = s.substr(i, end - i);
    std::string name = tag_name(tag, html);
    if (tag[1] == '/') {  // a close tag: closes the innermost open element of that name
      auto open = std::find(p.open_.rbegin(), p.open_.rend(), name);
      if (open == p.open_.rend()) {
        p.note("stray </" + name + "> at byte " + std::to_string(i) + ": nothing of that name is open");
        p.line(tag);
      } else {
        std::size_t keep = std::size_t(p.open_.rend() - open) - 1;
        if (p.open_.size() - keep > 1 && !html)
          p.note("</" + name + "> at byte " + std::to_string(i) + " also closes <" + p.open_.back() + ">");
        p.open_.resize(keep);
        p.depth_ = int(keep);
        p.line(tag);
      }
      i = end;
      continue;
    }
    const bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (self_closing || (html && is_void_element(name))) {
      p.line(tag);
      i = end;
      continue;
    }
    // A <p> or <li> ends an open sibling of the same name (HTML's optional end tags).
    if (html && !p.open_.empty() && p.open_.back() == name && ends_itself(name)) {
      p.open_.pop_back();
      --p.depth_;
    }
    // <title>Text</title>: short text between an open and its close tag stays on one line.
    std::string close = "</" + name;
    std::size_t text_end = s.find('<', end);
    if (text_end != std::string_view::npos && text_end - end <= 120 &&
        s.substr(end, text_end - end).find('\n') == std::string_view::npos &&
        (html ? text::lower(s.substr(text_end, close.size())) : std::string(s.substr(text_end, close.size()))) == close) {
      std::size_t close_end = tag_end(s, text_end);
      if (close_end != std::string_view::npos) {
        std::string one(tag);
        one += trim(s.substr(end, text_end - end));
        one += s.substr(text_end, close_end - text_end);
        p.line(one);
        i = close_end;
        continue;
      }
    }
    p.line(tag);
    i = end;
    if (html && is_raw_element(name)) {
      // Raw text up to the matching close tag, unchanged.
      std::size_t close_at = i;
      while (true) {
        close_at = s.find("</", close_at);
        if (close_at == std::string_view::npos || text::lower(s.substr(close_at, close.size())) == close) break;
        close_at += 2;
      }
      if (close_at == std::string_view::npos) {
        p.note("<" + name + "> at byte " + std::to_string(i - tag.size()) + " is never closed");
        p.raw(s.substr(i));
        i = s.size();
        break;
      }
      p.raw(s.substr(i, close_at - i));
      std::size_t close_end = tag_end(s, close_at);
      if (close_end == std::string_view::npos) close_end = s.size();
      p.line(s.substr(close_at, close_end - close_at));
      i = close_end;
      continue;
    }
    p.open_.push_back(name);
    ++p.depth_;
  }
  // HTML leaves many elements open by design (<p>, <li>, <html> itself): only XML is told.
  if (!html && !p.open_.empty())
    p.note(std::to_string(p.open_.size()) + " element" + (p.open_.size() == 1 ? "" : "s") +
           " never closed, the innermost <" + p.open_.back() + ">");
  return p.finish();
}

}  // namespace wirepad
