// RequestSpec: the query table kept in sync with the URL both ways, and `:name` path variables.
#include <catch2/catch.hpp>

#include "shared/request_spec.h"

using namespace wirepad;

namespace {

QueryParam row(std::string name, std::string value, bool enabled = true) { return {std::move(name), std::move(value), true, enabled}; }
QueryParam bare(std::string name) { return {std::move(name), "", false, true}; }

}  // namespace

TEST_CASE("params_from_url reads the query as typed: order, duplicates, {{vars}}, no decoding", "[request_spec]") {
  CHECK(params_from_url("http://h/p").empty());
  CHECK(params_from_url("http://h/p?").empty());
  CHECK(params_from_url("http://h/p?a=1&a=2&b=x%20y&c={{token}}") ==
        QueryParams{row("a", "1"), row("a", "2"), row("b", "x%20y"), row("c", "{{token}}")});
  // '=' only splits once; a row without '=' differs from an empty value.
  CHECK(params_from_url("{{base}}/q?f&e=&eq=a=b") == QueryParams{bare("f"), row("e", ""), row("eq", "a=b")});
  // The fragment is not the query, and a '?' inside it is not either.
  CHECK(params_from_url("http://h/?a=1#frag?b=2") == QueryParams{row("a", "1")});
  CHECK(params_from_url("http://h/#x?y=1").empty());
  // Empty rows between '&'s are kept, so the URL reads back the same.
  CHECK(params_from_url("http://h/?a&&b") == QueryParams{bare("a"), bare(""), bare("b")});
}

TEST_CASE("url_with_params writes the enabled rows back, escaping only what would leave its row", "[request_spec]") {
  CHECK(url_with_params("http://h/p?old=1#top", {row("a", "1"), row("a", "2"), row("off", "x", false), bare("flag")}) ==
        "http://h/p?a=1&a=2&flag#top");
  CHECK(url_with_params("http://h/p?x=1", {row("off", "x", false)}) == "http://h/p");
  CHECK(url_with_params("http://h/p", {}) == "http://h/p");
  // '&' and '#' in a value, '=' in a name, are escaped; spaces, {{vars}} and %XX stay as typed
  // (encoding the rest is done when sending).
  CHECK(url_with_params("{{base}}/s", {row("q", "a&b#c=d"), row("k=y", "{{v}} w%20")}) ==
        "{{base}}/s?q=a%26b%23c=d&k%3Dy={{v}} w%20");
}

TEST_CASE("URL -> table -> URL is a fixed point, and editing either side keeps the other", "[request_spec]") {
  for (std::string url : {"http://h/p?a=1&a=2&b", "http://h/?a&&b=", "{{base}}/x?q={{q}}&n=%2F#f", "http://h/p?="}) {
    INFO(url);
    CHECK(url_with_params(url, params_from_url(url)) == url);
  }
  // Edit the URL: disabled rows of the table stay where they were (after as many enabled rows
  // as preceded them; a row added to the URL goes after them).
  QueryParams table{row("a", "1"), row("off", "x", false), row("b", "2"), row("late", "", false)};
  QueryParams after = params_from_url("http://h/?a=9&b=2&c=3", table);
  CHECK(after == QueryParams{row("a", "9"), row("off", "x", false), row("b", "2"), row("late", "", false), row("c", "3")});
  // Edit the table: the URL follows, without the disabled rows.
  after[1].enabled = true;
  CHECK(url_with_params("http://h/?a=9&b=2&c=3", after) == "http://h/?a=9&off=x&b=2&c=3");
  CHECK(params_table_needed("http://h/?a=9&b=2&c=3", table));
  CHECK_FALSE(params_table_needed("http://h/?a=1", params_from_url("http://h/?a=1")));
  RequestSpec spec;
  spec.url = "http://h/?z=1";
  CHECK(query_table(spec) == QueryParams{row("z", "1")});
}

TEST_CASE("path variables are whole :name segments of the path, filled by name", "[request_spec]") {
  CHECK(path_variables_from_url("http://h:8080/users/:id/posts/:post_id?x=:no#:no") ==
        PathVariables{{"id", ""}, {"post_id", ""}});
  CHECK(path_variables_from_url("127.0.0.1:8080/a/:b") == PathVariables{{"b", ""}});  // the port is not one
  CHECK(path_variables_from_url("{{base}}/v1/:org/:org/x:y/:") == PathVariables{{"org", ""}});
  CHECK(path_variables_from_url("http://h/:id", {{"id", "7"}, {"gone", "1"}}) == PathVariables{{"id", "7"}});
  CHECK(url_with_path_variables("http://h:8080/users/:id/:other?q=:id", {{"id", "42"}}) ==
        "http://h:8080/users/42/:other?q=:id");
  CHECK(url_with_path_variables("{{base}}/:a/:a", {{"a", "{{x}}"}}) == "{{base}}/{{x}}/{{x}}");
}

TEST_CASE("clear_auth_secrets clears typed secrets and keeps {{variable}} references", "[request_spec]") {
  RequestSpec spec;
  spec.auth.kind = AuthKind::basic;
  spec.auth.basic = {"ada", "pw"};
  spec.auth.bearer.token = "{{token}}";
  spec.auth.oauth2.client_secret = "s3";
  spec.proxy.password = " {{ proxy_pw }} ";
  auto cleared = clear_auth_secrets(spec);
  CHECK(cleared == std::vector<std::string>{"the Basic auth password", "the OAuth 2.0 client secret"});
  CHECK(spec.auth.basic.username == "ada");
  CHECK(spec.auth.basic.password.empty());
  CHECK(spec.auth.bearer.token == "{{token}}");
  CHECK(spec.proxy.password == " {{ proxy_pw }} ");
}
