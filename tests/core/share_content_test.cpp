// What goes into a share link: nothing secret unless ticked, and each thing left out listed;
// collections as one file, refusing paths that climb out of the workspace.
#include <catch2/catch.hpp>

#include "shared/share_content.h"
#include "shared/share_link.h"

using namespace wirepad;

namespace {

Experiment sample() {
  Experiment e;
  e.name = "Me";
  e.request = HttpRequest{"GET", "http://alice:pw@{{host}}/me",
                          {{"Authorization", "Bearer {{token}}"}, {"Cookie", "sid=1"}, {"X-Env", "{{host}}"}}, ""};
  return e;
}

Environment env() { return Environment{"local", {{"host", "127.0.0.1:8080", false}, {"token", "s3cret", true}}}; }

}  // namespace

TEST_CASE("by default nothing secret goes into a share", "[share]") {
  Environment e = env();
  SharedExperiment shared = prepare_for_sharing(sample(), &e, {});
  CHECK(shared.experiment.request.url == "http://alice@{{host}}/me");
  CHECK(shared.experiment.request.headers == Headers{{"Authorization", ""}, {"Cookie", ""}, {"X-Env", "{{host}}"}});
  CHECK(shared.left_out == std::vector<std::string>{"the value of the secret variable {{token}}",
                                                    "the value of the Authorization header", "the value of the Cookie header",
                                                    "the password in the URL"});
  ShareLink link = make_share_link(shared.experiment, {.include_secrets = true});
  CHECK(open_share_link(link.fragment).value() == shared.experiment);
}

TEST_CASE("each tick puts exactly its part in", "[share]") {
  Environment e = env();
  ShareChoices fill{.fill_variables = true};
  SharedExperiment filled = prepare_for_sharing(sample(), &e, fill);
  // Public variables filled in, the secret one stays a reference, and the header that holds
  // it is still emptied (Authorization not ticked).
  CHECK(filled.experiment.request.url == "http://alice@127.0.0.1:8080/me");
  CHECK(filled.experiment.request.headers[2].value == "127.0.0.1:8080");
  CHECK(filled.experiment.request.headers[0].value.empty());

  ShareChoices auth{.include_authorization = true};
  SharedExperiment with_auth = prepare_for_sharing(sample(), &e, auth);
  CHECK(with_auth.experiment.request.headers[0].value == "Bearer {{token}}");  // the reference, not the secret
  CHECK(with_auth.experiment.request.headers[1].value.empty());

  ShareChoices all{.fill_variables = true, .include_secret_variables = true, .include_authorization = true,
                   .include_cookie = true, .include_url_password = true};
  SharedExperiment everything = prepare_for_sharing(sample(), &e, all);
  CHECK(everything.left_out.empty());
  CHECK(everything.experiment.request.headers[0].value == "Bearer s3cret");
  CHECK(everything.experiment.request.url == "http://alice:pw@127.0.0.1:8080/me");
}

TEST_CASE("a collection file round-trips and refuses paths outside the workspace", "[share][collection]") {
  Experiment a = sample();
  Experiment b;
  b.name = "B";
  b.request.url = "http://127.0.0.1/";
  std::vector<CollectionItem> items{{"auth/me.json", a}, {"b.json", b}};
  std::string text = serialize_collection(items);
  Result<std::vector<CollectionItem>> back = parse_collection(text);
  REQUIRE(back.ok());
  CHECK(back.value() == items);

  for (const char* path : {"../x.json", "/etc/x.json", "a//b.json", "a/./b.json", "", "a\\b.json"}) {
    CAPTURE(path);
    CHECK_FALSE(is_safe_relative_path(path));
    std::string bad = R"({"wirepad_collection": 1, "experiments": [{"path": ")" + std::string(path) + R"(", "experiment": {}}]})";
    if (std::string(path).find('\\') != std::string::npos) continue;  // not valid JSON as written
    Result<std::vector<CollectionItem>> r = parse_collection(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("experiments[0]") == 0);
  }
  CHECK(is_safe_relative_path("a/b c/d.json"));
  CHECK(parse_collection("{}").error().message.find("not a Wirepad collection") != std::string::npos);
}

// A collection file cut by a NUL byte imported the experiments before it (nlohmann stops there).
TEST_CASE("a collection file with a NUL byte is refused where the NUL is", "[share][collection][json]") {
  std::string text = serialize_collection({{"a.json", sample()}});
  REQUIRE(parse_collection(text).ok());
  text.insert(text.size() - 1, std::string("\0 more", 6));  // before the final newline
  Result<std::vector<CollectionItem>> cut = parse_collection(text);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().code == ErrorCode::invalid_experiment);
  CHECK(cut.error().message.find("NUL byte") != std::string::npos);
}
