// wirepad core: a small, tolerant pretty-printer for HTML and XML bodies: one tag per line,
// indented by nesting depth; comments, CDATA, doctypes and processing instructions kept whole;
// the contents of <script>, <style>, <pre> and <textarea> (HTML) kept as they came. It never
// fails: markup that does not nest (a stray close tag, an element never closed, a '<' with no
// '>') is printed as well as it can be and described in `notes` with its byte position.
// It indents; it does not validate, decode entities or change any byte inside a tag or text
// (apart from the whitespace between them).
// Depends on: the C++ standard library only. Pure: no OS calls.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wirepad {

enum class MarkupKind { html, xml };

struct PrettyMarkup {
  std::string text;
  std::vector<std::string> notes;  // "stray </div> at byte 120 ignored", ...
};

struct MarkupOptions {
  MarkupKind kind = MarkupKind::html;
  int indent = 2;
  std::size_t max_notes = 20;  // notes beyond these are counted in one last note
};

PrettyMarkup pretty_markup(std::string_view input, const MarkupOptions& options = {});

// "html" for text/html and application/xhtml+xml, "xml" for text/xml, application/xml and
// any "+xml" type (image/svg+xml, application/atom+xml), "" otherwise. Parameters ignored.
std::string_view markup_kind_of_content_type(std::string_view content_type);

}  // namespace wirepad
