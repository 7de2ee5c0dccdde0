// Postman Collection v2.1 import: folders, auth inheritance, bodies, disabled entries,
// variables and scripts listed, errors with the JSON path.
#include <catch2/catch.hpp>

#include "import_test_util.h"
#include "shared/postman_import.h"

using namespace wirepad;
using test::has_note;

namespace {
ImportBatch postman(std::string_view text) {
  Result<ImportBatch> r = import_postman(text);
  if (!r) FAIL(r.error().message);
  return r.value();
}
}  // namespace

TEST_CASE("a Postman v2.1 collection with folders, auth, bodies, variables and scripts", "[postman]") {
  ImportBatch b = postman(test::import_data("collection.postman_collection.json"));
  REQUIRE(b.requests.size() == 5);
  CHECK(has_note(b.not_imported, "event[0]", "prerequest script"));

  const ImportedRequest& admins = b.requests[0];
  CHECK(admins.folder == "Users/Admin");
  CHECK(admins.source == "item[0].item[0].item[0]");
  CHECK(admins.experiment.name == "List admins");
  CHECK(admins.experiment.request.url == "{{baseUrl}}/admins?page=2");
  CHECK(admins.experiment.request.headers ==
        Headers{{"Accept", "application/json"}, {"Authorization", "Basic YWRhOnB3"}});  // the folder's basic auth
  CHECK(has_note(admins.not_imported, "X-Old: 1", "disabled"));
  CHECK(has_note(admins.not_imported, "query debug", "disabled"));
  CHECK(has_note(admins.not_imported, "{{baseUrl}}", "value 'http://127.0.0.1:8080'"));
  CHECK(has_note(admins.not_imported, "event[0]", "test script"));

  const ImportedRequest& create = b.requests[1];
  CHECK(create.folder == "Users");
  CHECK(create.experiment.request.body == "{\"name\": \"ada\"}");
  CHECK(create.experiment.request.headers ==
        Headers{{"Content-Type", "application/json"}, {"Authorization", "Bearer {{token}}"}});  // the collection's
  CHECK(has_note(create.not_imported, "{{token}}", "value 's3cret'"));

  const ImportedRequest& login = b.requests[2];
  CHECK(login.folder.empty());
  CHECK(login.experiment.request ==
        HttpRequest{"POST", "http://127.0.0.1:8080/login", {{"Content-Type", "application/x-www-form-urlencoded"}}, "user=ada+l&pw=p%26q"});
  CHECK(has_note(login.not_imported, "urlencoded skip", "disabled"));

  const ImportedRequest& upload = b.requests[3];
  CHECK(has_note(upload.not_imported, "formdata photo", "/home/ada/cat.png"));
  CHECK(has_note(upload.not_imported, "auth digest"));
  CHECK_FALSE(find_header(upload.experiment.request.headers, "Authorization"));
  const HeaderRow* type = find_header(upload.experiment.request.headers, "Content-Type");
  REQUIRE(type);
  std::string boundary = type->value.substr(type->value.find("boundary=") + 9);
  CHECK(upload.experiment.request.body ==
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--" + boundary + "--\r\n");

  const ImportedRequest& graphql = b.requests[4];
  CHECK(graphql.experiment.request.body ==
        R"({"query":"query($id: ID!) { user(id: $id) { name } }","variables":{"id":"7"}})");
  CHECK(graphql.experiment.request.headers == Headers{{"Content-Type", "application/json"}});
  CHECK(graphql.not_imported.empty());
}

TEST_CASE("malformed Postman collections: errors name the path", "[postman]") {
  auto message = [](std::string_view text) {
    Result<ImportBatch> r = import_postman(text);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(message(R"({"info": {}, "item": [{"name": "a", "item": [{"name": "b"}]}]})") ==
        "item[0].item[0].request: missing (an item is a folder with item[] or a request)");
  CHECK(message(R"({"info": {}, "item": [{"request": {"method": "GET"}}]})") == "item[0].request.url: missing");
  CHECK(message(R"({"info": {}, "item": [{"request": {"url": {"host": 7}}}]})") ==
        "item[0].request.url.host: must be an array or a string");
  CHECK(message(R"({"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []})") ==
        "info.schema: this is a Postman v1 collection; Wirepad reads v2.0 and v2.1. Export it again from Postman as "
        "Collection v2.1 (the collection's ... menu > Export)");
  // v1 as Postman wrote it: requests, folders and order, no info or item.
  CHECK_THAT(message(R"({"id": "1", "name": "Old", "folders": [], "order": [], "requests": []})"),
             Catch::StartsWith("This is a Postman v1 collection (it has \"requests\", not \"item\")"));
  std::string deep = R"({"info": {}, "item": [)";
  for (int i = 0; i < 70; ++i) deep += R"({"name": "f", "item": [)";
  for (int i = 0; i < 70; ++i) deep += "]}";
  CHECK_THAT(message(deep + "]}"), Catch::EndsWith("folders nested more than 64 deep"));
  CHECK(message(R"({"info": {}})") == "item: missing; is this a Postman v2.1 collection?");
  CHECK_THAT(message("{\"item\": [\n  {\"name\": }\n]}"), Catch::StartsWith("The Postman collection is not valid JSON at line 2, column 12 (byte 22)"));
}
