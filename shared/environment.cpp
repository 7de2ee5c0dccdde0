// wirepad core: environments and {{variable}} substitution (see environment.h).
// Depends on: environment.h, nlohmann-json (this file only, used without exceptions: the
// browser build disables them).
#include "environment.h"
#include "json_input.h"
#include "request_resolve.h"

#include <nlohmann/json.hpp>

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

Error env_error(std::string message, std::int64_t offset = -1) {
  return make_error(ErrorCode::invalid_experiment, std::move(message), offset);
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// A reference starting at `at` ("{{"): its name and where it ends, or nullopt when the text
// there is not a reference (left as written).
struct Reference {
  std::string_view name;
  std::size_t end = 0;  // one past "}}"
};

std::optional<Reference> reference_at(std::string_view text, std::size_t at) {
  std::size_t i = at + 2;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t start = i;
  while (i < text.size() && is_name_char(text[i])) ++i;
  std::size_t stop = i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (stop == start || text.substr(i, 2) != "}}") return std::nullopt;
  return Reference{text.substr(start, stop - start), i + 2};
}

Json parse_json(std::string_view text) { return json_input::parse_whole<Json>(text); }

std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

}  // namespace

const Variable* Environment::find(std::string_view wanted) const {
  for (const Variable& v : variables)
    if (v.name == wanted) return &v;
  return nullptr;
}

const Environment* Environments::find(std::string_view wanted) const {
  for (const Environment& e : environments)
    if (e.name == wanted) return &e;
  return nullptr;
}

Environment* Environments::find(std::string_view wanted) {
  for (Environment& e : environments)
    if (e.name == wanted) return &e;
  return nullptr;
}

bool is_variable_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!is_name_char(c)) return false;
  return true;
}

Result<std::string> substitute(std::string_view text, const Environment* environment, std::string_view field) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 1)) {
    if (at < copied) continue;
    std::optional<Reference> ref = reference_at(text, at);
    if (!ref) continue;
    const Variable* variable = environment ? environment->find(ref->name) : nullptr;
    if (!variable) {
      std::string why = environment ? "the environment \"" + environment->name + "\" has no such variable"
                                    : "no environment is chosen";
      return make_error(ErrorCode::invalid_request,
                        "unknown variable {{" + std::string(ref->name) + "}} in " + std::string(field) + " at position " +
                            std::to_string(at) + ": " + why,
                        std::int64_t(at));
    }
    out.append(text.substr(copied, at - copied));
    out += variable->value;  // values are not expanded again: no loops, no surprises
    copied = ref->end;
  }
  out.append(text.substr(copied));
  return out;
}

std::string substitute_known(std::string_view text, const Environment& environment) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 1)) {
    if (at < copied) continue;
    std::optional<Reference> ref = reference_at(text, at);
    const Variable* variable = ref ? environment.find(ref->name) : nullptr;
    if (!variable) continue;
    out.append(text.substr(copied, at - copied));
    out += variable->value;
    copied = ref->end;
  }
  out.append(text.substr(copied));
  return out;
}

std::vector<std::string> referenced_variables(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 1)) {
    std::optional<Reference> ref = reference_at(text, at);
    if (!ref) continue;
    std::string name(ref->name);
    bool seen = false;
    for (const std::string& n : names) seen = seen || n == name;
    if (!seen) names.push_back(std::move(name));
    at = ref->end - 1;
  }
  return names;
}

Result<HttpRequest> resolve_request(const HttpRequest& request, const Environment* environment) {
  HttpRequest out = request;
  auto fill = [&](std::string& text, const std::string& field) -> Error {
    Result<std::string> r = substitute(text, environment, field);
    if (!r) return r.error();
    text = std::move(r.value());
    return {};
  };
  if (Error e = fill(out.url, "the URL")) return e;
  for (std::size_t i = 0; i < out.headers.size(); ++i) {
    Header& h = out.headers[i];
    std::string label = "header " + std::to_string(i + 1) + " (" + h.name + ")";
    if (Error e = fill(h.name, label + " name")) return e;
    if (Error e = fill(h.value, label + " value")) return e;
  }
  if (Error e = fill(out.body, "the body")) return e;
  return out;
}

Result<Experiment> resolve_experiment(const Experiment& experiment, const Environment* environment) {
  Experiment out = experiment;
  if (experiment.kind == ExperimentKind::http) {
    Result<RequestSpec> request = substitute_variables(experiment.request, environment);
    if (!request) return request.error();
    out.request = std::move(request.value());
    return out;
  }
  if (experiment.kind == ExperimentKind::websocket) {
    WsScript& ws = out.websocket;
    Result<std::string> url = substitute(ws.url, environment, "the URL");
    if (!url) return url.error();
    ws.url = std::move(url.value());
    for (Header& h : ws.headers) {
      Result<std::string> value = substitute(h.value, environment, "the " + h.name + " header");
      if (!value) return value.error();
      h.value = std::move(value.value());
    }
    for (std::size_t i = 0; i < ws.steps.size(); ++i) {
      WsStep& step = ws.steps[i];
      // The payloads people type; a binary message's bytes are taken as they are.
      if (step.kind != WsStepKind::send_text && step.kind != WsStepKind::expect) continue;
      Result<std::string> data = substitute(step.data, environment, "step " + std::to_string(i + 1));
      if (!data) return data.error();
      step.data = std::move(data.value());
    }
    return out;
  }
  Result<std::string> host = substitute(out.socket.host, environment, "the host");
  if (!host) return host.error();
  out.socket.host = std::move(host.value());
  for (std::size_t i = 0; i < out.socket.steps.size(); ++i) {
    SocketStep& step = out.socket.steps[i];
    if (step.kind != StepKind::send && step.kind != StepKind::expect) continue;
    Result<std::string> bytes = substitute(step.bytes, environment, "step " + std::to_string(i + 1));
    if (!bytes) return bytes.error();
    step.bytes = std::move(bytes.value());
  }
  return out;
}

std::string serialize_environments(const Environments& environments) {
  Json root = Json::object();
  root["wirepad_environments"] = kEnvironmentFormatVersion;
  Json list = Json::array();
  for (const Environment& e : environments.environments) {
    Json env = Json::object();
    env["name"] = e.name;
    Json vars = Json::array();
    for (const Variable& v : e.variables) {
      Json var = Json::object();
      var["name"] = v.name;
      if (v.secret) var["secret"] = true;
      else var["value"] = v.value;
      vars.push_back(std::move(var));
    }
    env["variables"] = std::move(vars);
    list.push_back(std::move(env));
  }
  root["environments"] = std::move(list);
  return dump(root);
}

std::string serialize_environment_secrets(const Environments& environments) {
  Json root = Json::object();
  root["wirepad_secrets"] = kEnvironmentFormatVersion;
  Json envs = Json::object();
  for (const Environment& e : environments.environments) {
    Json values = Json::object();
    for (const Variable& v : e.variables)
      if (v.secret) values[v.name] = v.value;
    if (!values.empty()) envs[e.name] = std::move(values);
  }
  root["environments"] = std::move(envs);
  return dump(root);
}

Result<Environments> parse_environments(std::string_view public_json, std::string_view secrets_json) {
  Environments out;
  const std::string file = "environments.json: ";
  if (Error nul = json_input::check_no_nul(public_json, "environments.json")) return env_error(nul.message);
  Json root = parse_json(public_json);
  if (root.is_discarded()) return env_error(file + "not valid JSON");
  if (!root.is_object()) return env_error(file + "must be a JSON object");
  auto version = root.find("wirepad_environments");
  if (version != root.end()) {
    if (!version->is_number_integer()) return env_error(file + "wirepad_environments must be an integer");
    if (version->get<std::int64_t>() > kEnvironmentFormatVersion)
      return env_error(file + "written by a newer Wirepad (format " + std::to_string(version->get<std::int64_t>()) +
                       "); this version reads format " + std::to_string(kEnvironmentFormatVersion));
  }
  auto list = root.find("environments");
  if (list != root.end()) {
    if (!list->is_array()) return env_error(file + "environments must be an array");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Json& j = (*list)[i];
      std::string path = file + "environments[" + std::to_string(i) + "]";
      if (!j.is_object()) return env_error(path + " must be an object with name and variables");
      Environment env;
      auto name = j.find("name");
      if (name == j.end() || !name->is_string() || name->get<std::string>().empty())
        return env_error(path + ".name must be a non-empty string");
      env.name = name->get<std::string>();
      if (out.find(env.name)) return env_error(path + ": a second environment named \"" + env.name + "\"");
      auto vars = j.find("variables");
      if (vars != j.end()) {
        if (!vars->is_array()) return env_error(path + ".variables must be an array");
        for (std::size_t k = 0; k < vars->size(); ++k) {
          const Json& v = (*vars)[k];
          std::string vpath = path + ".variables[" + std::to_string(k) + "]";
          if (!v.is_object()) return env_error(vpath + " must be an object with name and value");
          Variable var;
          auto vname = v.find("name");
          if (vname == v.end() || !vname->is_string() || !is_variable_name(vname->get<std::string>()))
            return env_error(vpath + ".name must be a variable name (letters, digits, _ - .)");
          var.name = vname->get<std::string>();
          auto secret = v.find("secret");
          if (secret != v.end()) {
            if (!secret->is_boolean()) return env_error(vpath + ".secret must be true or false");
            var.secret = secret->get<bool>();
          }
          auto value = v.find("value");
          if (value != v.end() && !value->is_null()) {
            if (!value->is_string()) return env_error(vpath + ".value must be a string");
            // A secret's value belongs in the secrets file; one found here is still used.
            var.value = value->get<std::string>();
          }
          env.variables.push_back(std::move(var));
        }
      }
      out.environments.push_back(std::move(env));
    }
  }

  if (secrets_json.empty()) return out;
  const std::string sfile = "environments.secrets.json: ";
  if (Error nul = json_input::check_no_nul(secrets_json, "environments.secrets.json")) return env_error(nul.message);
  Json secrets = parse_json(secrets_json);
  if (secrets.is_discarded()) return env_error(sfile + "not valid JSON");
  if (!secrets.is_object()) return env_error(sfile + "must be a JSON object");
  auto envs = secrets.find("environments");
  if (envs == secrets.end()) return out;
  if (!envs->is_object()) return env_error(sfile + "environments must be an object of {\"name\": {\"variable\": \"value\"}}");
  for (auto it = envs->begin(); it != envs->end(); ++it) {
    if (it.key().empty()) return env_error(sfile + "environments has an environment with an empty name");
    if (!it->is_object()) return env_error(sfile + "environments." + it.key() + " must be an object");
    Environment* env = out.find(it.key());
    for (auto v = it->begin(); v != it->end(); ++v) {
      if (!v->is_string()) return env_error(sfile + "environments." + it.key() + "." + v.key() + " must be a string");
      if (!is_variable_name(v.key()))
        return env_error(sfile + "environments." + it.key() + ": \"" + v.key() +
                         "\" is not a variable name (letters, digits, _ - .)");
      // A secret for an environment or variable that environments.json does not list is
      // kept anyway (marked secret), so nothing the user wrote is lost.
      if (!env) {
        out.environments.push_back(Environment{it.key(), {}});
        env = &out.environments.back();
      }
      bool found = false;
      for (Variable& var : env->variables) {
        if (var.name == v.key()) {
          var.value = v->get<std::string>();
          var.secret = true;
          found = true;
        }
      }
      if (!found) env->variables.push_back(Variable{v.key(), v->get<std::string>(), true});
    }
  }
  return out;
}

std::string add_environment_unique(Environments& environments, Environment environment) {
  const std::string wanted = environment.name.empty() ? std::string("Imported") : environment.name;
  std::string name = wanted;
  for (int n = 2; environments.find(name); ++n) name = wanted + " (" + std::to_string(n) + ")";
  environment.name = name;
  environments.environments.push_back(std::move(environment));
  return name;
}

}  // namespace wirepad
