// core: markup_pretty: indentation of HTML and XML bodies, and that malformed markup is
// printed (every non-space byte kept) and described, never refused.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "shared/markup_pretty.h"

using namespace wirepad;

namespace {

std::string without_space(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
  return out;
}

PrettyMarkup xml(std::string_view s) {
  MarkupOptions o;
  o.kind = MarkupKind::xml;
  return pretty_markup(s, o);
}

}  // namespace

TEST_CASE("markup: HTML is indented one tag per line, short text stays with its tags", "[markup]") {
  std::string in =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hello</title></head>"
      "<body><!-- a comment --><div class=\"a > b\"><p>One<br>two</p><img src=x.png></div></body></html>";
  PrettyMarkup out = pretty_markup(in);
  CHECK(out.text ==
        "<!DOCTYPE html>\n"
        "<html>\n"
        "  <head>\n"
        "    <meta charset=\"utf-8\">\n"
        "    <title>Hello</title>\n"
        "  </head>\n"
        "  <body>\n"
        "    <!-- a comment -->\n"
        "    <div class=\"a > b\">\n"
        "      <p>\n"
        "        One\n"
        "        <br>\n"
        "        two\n"
        "      </p>\n"
        "      <img src=x.png>\n"
        "    </div>\n"
        "  </body>\n"
        "</html>\n");
  CHECK(out.notes.empty());
}

TEST_CASE("markup: script, style and pre keep their content as it came", "[markup]") {
  std::string in = "<body><script>if (a < b && c > d) { x(\"</div>\"); }</script><pre>  keep\n    this</pre></body>";
  PrettyMarkup out = pretty_markup(in);
  CHECK(out.text ==
        "<body>\n"
        "  <script>\n"
        "if (a < b && c > d) { x(\"</div>\"); }\n"
        "  </script>\n"
        "  <pre>\n"
        "  keep\n"
        "    this\n"
        "  </pre>\n"
        "</body>\n");
}

TEST_CASE("markup: XML with a declaration, CDATA, self-closing elements and namespaces", "[markup]") {
  std::string in = "<?xml version=\"1.0\"?><a:feed xmlns:a=\"urn:x\"><a:entry id='1'/><a:entry><![CDATA[<raw>]]></a:entry></a:feed>";
  PrettyMarkup out = xml(in);
  CHECK(out.text ==
        "<?xml version=\"1.0\"?>\n"
        "<a:feed xmlns:a=\"urn:x\">\n"
        "  <a:entry id='1'/>\n"
        "  <a:entry>\n"
        "    <![CDATA[<raw>]]>\n"
        "  </a:entry>\n"
        "</a:feed>\n");
  CHECK(out.notes.empty());
}

TEST_CASE("markup: implicit end tags of p and li in HTML", "[markup]") {
  PrettyMarkup out = pretty_markup("<ul><li>one<li>two</ul>");
  CHECK(out.text == "<ul>\n  <li>\n    one\n  <li>\n    two\n</ul>\n");
}

TEST_CASE("markup: malformed input is printed and described, never refused", "[markup]") {
  SECTION("a stray close tag changes nothing") {
    PrettyMarkup out = xml("<a></b><c/></a>");
    CHECK(out.text == "<a>\n  </b>\n  <c/>\n</a>\n");
    REQUIRE(out.notes.size() == 1);
    CHECK(out.notes[0] == "stray </b> at byte 3: nothing of that name is open");
  }
  SECTION("elements never closed") {
    PrettyMarkup out = xml("<a><b>text");
    CHECK(out.text == "<a>\n  <b>\n    text\n");
    REQUIRE(out.notes.size() == 1);
    CHECK(out.notes[0].find("2 elements never closed, the innermost <b>") != std::string::npos);
  }
  SECTION("a tag cut off, a comment never closed, a bare '<' in text") {
    CHECK(pretty_markup("<div>a < b</div><span class=\"x").notes.at(0).find("never closed with '>'") != std::string::npos);
    CHECK(pretty_markup("<!-- open").notes.at(0).find("comment at byte 0 is never closed") != std::string::npos);
    CHECK(pretty_markup("<p>a < b</p>").text == "<p>\n  a < b\n</p>\n");
  }
  SECTION("every non-space byte survives, whatever the input") {
    for (std::string in : std::vector<std::string>{"<", "<<>>", "</>", "<a", "<a b='>", "<!", "<?", "<![CDATA[", "<script>", "</a></b>",
                           "<a><b></a></b>", "text only", "<a\n b\n>x</a >", std::string("\0<a>\xff</a>", 10)}) {
      CAPTURE(in);
      for (MarkupKind kind : {MarkupKind::html, MarkupKind::xml}) {
        MarkupOptions o;
        o.kind = kind;
        PrettyMarkup out = pretty_markup(in, o);
        CHECK(without_space(out.text) == without_space(in));
      }
    }
  }
}

TEST_CASE("markup: which content types get a pretty view", "[markup]") {
  CHECK(markup_kind_of_content_type("text/html; charset=utf-8") == "html");
  CHECK(markup_kind_of_content_type("application/xhtml+xml") == "html");
  CHECK(markup_kind_of_content_type("Application/XML") == "xml");
  CHECK(markup_kind_of_content_type("image/svg+xml") == "xml");
  CHECK(markup_kind_of_content_type("text/xml;charset=utf-8") == "xml");
  CHECK(markup_kind_of_content_type("application/json") == "");
  CHECK(markup_kind_of_content_type("") == "");
}
