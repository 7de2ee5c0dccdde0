// Environments: {{variable}} substitution in URL, headers and body with errors that name the
// variable, the field and the position; the public and secret documents round-trip and keep
// secret values out of the public one.
#include <catch2/catch.hpp>

#include "shared/environment.h"
#include "shared/exchange.h"

using namespace wirepad;

namespace {

Environment local() {
  return Environment{"local", {{"host", "127.0.0.1:8080", false}, {"token", "s3cret", true}, {"id", "42", false}}};
}

}  // namespace

TEST_CASE("variables are substituted in the URL, header names and values, and the body", "[environment]") {
  Environment env = local();
  HttpRequest request{"POST", "http://{{host}}/users/{{ id }}", {{"Authorization", "Bearer {{token}}"}, {"X-{{id}}", "v"}},
                      "{\"id\": {{id}}, \"nested\": {{\"a\": 1}}}"};
  Result<HttpRequest> resolved = resolve_request(request, &env);
  REQUIRE(resolved.ok());
  CHECK(resolved->url == "http://127.0.0.1:8080/users/42");
  CHECK(resolved->headers == Headers{{"Authorization", "Bearer s3cret"}, {"X-42", "v"}});
  // "{{" that does not hold a variable name is left as written (JSON bodies).
  CHECK(resolved->body == "{\"id\": 42, \"nested\": {{\"a\": 1}}}");
  // The resolved request is what the exchange accepts.
  CHECK(HttpExchange::create(*resolved).ok());
  // Values are not expanded again.
  Environment loop{"x", {{"a", "{{a}}", false}}};
  CHECK(substitute("<{{a}}>", &loop, "the body").value() == "<{{a}}>");
}

TEST_CASE("an unknown variable is an error naming it, the field and the position", "[environment]") {
  Environment env = local();
  using Case = std::tuple<HttpRequest, std::string, std::int64_t>;
  auto [request, message, offset] = GENERATE(table<HttpRequest, std::string, std::int64_t>({
      Case{{"GET", "http://{{hots}}/", {}, ""}, "unknown variable {{hots}} in the URL at position 7", 7},
      Case{{"GET", "http://{{host}}/", {{"A", "1"}, {"X-Key", "k={{key}}"}}, ""},
           "unknown variable {{key}} in header 2 (X-Key) value at position 2", 2},
      Case{{"GET", "http://{{host}}/", {}, "abc {{ missing }}"}, "unknown variable {{missing}} in the body at position 4", 4},
  }));
  CAPTURE(message);
  Result<HttpRequest> r = resolve_request(request, &env);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::invalid_request);
  CHECK(r.error().offset == offset);
  CHECK(r.error().message.rfind(message, 0) == 0);
  CHECK(r.error().message.find("\"local\"") != std::string::npos);

  Result<HttpRequest> none = resolve_request({"GET", "http://{{host}}/", {}, ""}, nullptr);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("no environment is chosen") != std::string::npos);
  // Without references no environment is needed.
  CHECK(resolve_request({"GET", "http://127.0.0.1/", {}, "{}"}, nullptr).ok());
}

TEST_CASE("socket experiments resolve host and payloads", "[environment]") {
  Environment env = local();
  Experiment e;
  e.kind = ExperimentKind::socket;
  e.socket.host = "{{host}}";
  e.socket.port = 9000;
  SocketStep connect, send;
  connect.kind = StepKind::connect;
  send.kind = StepKind::send;
  send.bytes = "id={{id}}\r\n";
  e.socket.steps = {connect, send};
  Result<Experiment> r = resolve_experiment(e, &env);
  REQUIRE(r.ok());
  CHECK(r->socket.host == "127.0.0.1:8080");
  CHECK(r->socket.steps[1].bytes == "id=42\r\n");
}

TEST_CASE("referenced variables are listed once, in order", "[environment]") {
  CHECK(referenced_variables("{{b}}/{{a}}/{{ b }}/{{not a name}}/{{") == std::vector<std::string>{"b", "a"});
}

TEST_CASE("environment documents: secrets only in the secrets document", "[environment]") {
  Environments envs{{local(), Environment{"staging", {{"host", "staging.example", false}}}}};
  std::string pub = serialize_environments(envs);
  std::string sec = serialize_environment_secrets(envs);
  CHECK(pub.find("s3cret") == std::string::npos);
  CHECK(pub.find("\"token\"") != std::string::npos);  // the name is public: the receiver sees what to fill in
  CHECK(sec.find("s3cret") != std::string::npos);
  CHECK(sec.find("127.0.0.1") == std::string::npos);
  CHECK(pub.back() == '\n');
  // Stable: serializing again gives the same bytes; key order as documented.
  CHECK(serialize_environments(envs) == pub);
  CHECK(pub.find("\"wirepad_environments\"") < pub.find("\"environments\""));

  Result<Environments> back = parse_environments(pub, sec);
  REQUIRE(back.ok());
  CHECK(back.value() == envs);
  // Without the secrets file the secret variable is there, empty.
  Result<Environments> no_secrets = parse_environments(pub, "");
  REQUIRE(no_secrets.ok());
  const Variable* token = no_secrets->find("local")->find("token");
  REQUIRE(token);
  CHECK(token->secret);
  CHECK(token->value.empty());
}

TEST_CASE("bad environment documents say what and where", "[environment]") {
  auto message = [](std::string_view pub, std::string_view sec = "") {
    Result<Environments> r = parse_environments(pub, sec);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(message("{") == "environments.json: not valid JSON");
  CHECK(message(R"({"environments": [{"name": "a", "variables": [{"name": "bad name"}]}]})") ==
        "environments.json: environments[0].variables[0].name must be a variable name (letters, digits, _ - .)");
  CHECK(message(R"({"environments": [{"name": "a"}, {"name": "a"}]})") ==
        "environments.json: environments[1]: a second environment named \"a\"");
  CHECK(message(R"({"wirepad_environments": 9})").find("newer Wirepad") != std::string::npos);
  CHECK(message("{}", R"({"environments": {"a": {"t": 1}}})") ==
        "environments.secrets.json: environments.a.t must be a string");
  // Found by the fuzzer: a secret whose name could never be written back to environments.json.
  CHECK(message("{}", R"({"environments": {"a": {"tok#n": "x"}}})") ==
        "environments.secrets.json: environments.a: \"tok#n\" is not a variable name (letters, digits, _ - .)");
}
