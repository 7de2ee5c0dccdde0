// wirepad core: environments and {{variables}}. An experiment says `{{host}}` in its URL,
// headers or body; the active environment of the workspace gives the value when it is sent.
// Secret variables keep their values in a separate document (environments.secrets.json, kept
// out of git and out of share links). See docs/workspace.md.
// Depends on: experiment.h; nlohmann-json inside the .cpp only. No OS calls.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "experiment.h"

namespace wirepad {

inline constexpr int kEnvironmentFormatVersion = 1;

struct Variable {
  std::string name;
  std::string value;
  bool secret = false;  // the value lives in the secrets document, never in the public one
  bool operator==(const Variable&) const = default;
};

struct Environment {
  std::string name;
  std::vector<Variable> variables;
  const Variable* find(std::string_view name) const;
  bool operator==(const Environment&) const = default;
};

struct Environments {
  std::vector<Environment> environments;
  const Environment* find(std::string_view name) const;
  Environment* find(std::string_view name);
  bool operator==(const Environments&) const = default;
};

// Adds `environment` (an import's: a Postman collection's variables) to `environments` under
// its own name, or "name (2)", "name (3)", ... when an environment of that name exists: an
// import never overwrites one. Returns the name it was added under.
std::string add_environment_unique(Environments& environments, Environment environment);

// A variable name: letters, digits, '_', '-', '.'; `{{ name }}` may have spaces inside the
// braces. Anything else between "{{" and "}}" (a JSON body's "{{"...) is left as written.
bool is_variable_name(std::string_view name);

// Where a reference sits, for error messages: "the URL", "header 2 (X-Token) value", "the body".
struct SubstitutionError {
  std::string variable;
  std::string field;
  std::size_t position = 0;  // byte offset of "{{" in that field
};

// Replaces every {{name}} in `text` with its value. Errors: invalid_request, "unknown variable
// {{token}} in the URL at position 8: the environment "local" has no such variable", with
// the position as the error offset.
Result<std::string> substitute(std::string_view text, const Environment* environment, std::string_view field);

// Like substitute(), but a reference without a value is left as {{name}} (share links).
std::string substitute_known(std::string_view text, const Environment& environment);

// The variables `text` refers to, in order of first appearance.
std::vector<std::string> referenced_variables(std::string_view text);

// The request with every {{name}} in its URL, header names and values and body resolved.
// `environment` may be null (no environment chosen): then any reference is an error.
Result<HttpRequest> resolve_request(const HttpRequest& request, const Environment* environment);
// An experiment with its variables resolved: every field of the HTTP request
// (substitute_variables in request_resolve.h), or the socket host and payloads.
Result<Experiment> resolve_experiment(const Experiment& experiment, const Environment* environment);

// The two documents. The public one lists every environment and variable, secret ones with
// "secret": true and no value; the secrets one holds only the secret values:
//   {"wirepad_secrets": 1, "environments": {"local": {"token": "abc"}}}
// Both are written with a stable key order and a trailing newline.
std::string serialize_environments(const Environments& environments);
std::string serialize_environment_secrets(const Environments& environments);
// `secrets_json` may be empty (no secrets file yet). Errors: invalid_experiment with the file
// ("environments.json: ...") and the key path or byte offset.
Result<Environments> parse_environments(std::string_view public_json, std::string_view secrets_json);

}  // namespace wirepad
