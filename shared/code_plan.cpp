// wirepad core: code_plan.h.
#include "code_plan.h"

#include <algorithm>
#include <map>

#include "text_util.h"

namespace wirepad {

namespace {

// Stands for a file's bytes in the body while it is planned; split out again below. Control
// bytes that no text a person types holds.
std::string sentinel(std::size_t i) { return "\x02wirepad-file-" + std::to_string(i) + "\x03"; }

std::string last_component(std::string_view path) {
  std::size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

const char* kHexUpper = "0123456789ABCDEF";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode_plus(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += char(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Byte-wise escaping: `keep` says which bytes stay; space is '+'.
template <typename Keep>
std::string encode_form(const std::vector<std::pair<std::string, std::string>>& fields, Keep keep) {
  auto one = [&](const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (c == ' ') out += '+';
      else if (keep(c)) out += char(c);
      else out += {'%', kHexUpper[c >> 4], kHexUpper[c & 15]};
    }
    return out;
  };
  std::string out;
  for (const auto& [name, value] : fields) out += (out.empty() ? "" : "&") + one(name) + "=" + one(value);
  return out;
}

bool alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

void collect_variables(std::string_view text, std::vector<std::string>& names) {
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 2)) {
    std::size_t end = text.find("}}", at + 2);
    if (end == std::string_view::npos) return;
    std::string name(text::trim_ows(text.substr(at + 2, end - at - 2)));
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
}

Result<CodePlan> plan_code(const Experiment& experiment) {
  const RequestSpec& spec = experiment.request;
  CodePlan plan;
  std::map<std::string, std::string> stand_ins;
  for (const std::string& path : files_to_read(spec)) {
    if (stand_ins.count(path)) continue;
    stand_ins[path] = sentinel(plan.files.size());
    plan.files.push_back(path);
  }
  ResolveOptions options;  // as flatten_request: {{variables}} kept, the URL as typed
  options.keep_unknown_variables = true;
  options.tolerate_missing_files = true;
  options.encode_url = false;
  options.files = &stand_ins;
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  if (!resolved) return resolved.error();
  plan.resolved = std::move(resolved.value());
  plan.notes = plan.resolved.notes;
  if (plan.resolved.pending != PendingAuth::none) plan.notes.push_back(plan.resolved.pending_note);
  Result<SerializedRequest> serialized = serialize_request(plan.resolved.request);
  if (!serialized) return serialized.error();
  plan.serialized = std::move(serialized.value());

  // The body, cut at the files.
  const std::string& body = plan.resolved.request.body;
  std::size_t at = 0;
  while (at < body.size()) {
    std::size_t next = std::string::npos;
    int which = -1;
    for (std::size_t i = 0; i < plan.files.size(); ++i) {
      std::size_t found = body.find(sentinel(i), at);
      if (found < next) next = found, which = int(i);
    }
    if (next == std::string::npos) {
      plan.body.push_back({body.substr(at), -1});
      break;
    }
    if (next > at) plan.body.push_back({body.substr(at, next - at), -1});
    plan.body.push_back({"", which});
    plan.length_at_run_time = true;
    at = next + sentinel(std::size_t(which)).size();
  }

  if (spec.body_kind == BodyKind::multipart) {
    for (const MultipartPart& p : spec.multipart) {
      if (!p.enabled) continue;
      PlannedPart part;
      part.name = p.name;
      if (p.is_file) {
        part.file = int(std::find(plan.files.begin(), plan.files.end(), p.value) - plan.files.begin());
      } else {
        part.value = p.value;
      }
      part.filename = !p.filename.empty() ? p.filename : p.is_file ? last_component(p.value) : std::string();
      part.content_type = p.content_type;
      if (part.content_type.empty() && !part.filename.empty()) part.content_type = multipart_type_for_filename(part.filename);
      if (part.content_type.empty() && p.is_file) part.content_type = "application/octet-stream";
      plan.parts.push_back(std::move(part));
    }
  }

  const HttpRequest& r = plan.resolved.request;
  collect_variables(r.url, plan.variables);
  for (const Header& h : r.headers) collect_variables(h.name + ":" + h.value, plan.variables);
  collect_variables(r.body, plan.variables);
  for (const std::string& f : plan.files) collect_variables(f, plan.variables);
  return plan;
}

std::optional<std::string> literal_body(const CodePlan& plan) {
  if (plan.length_at_run_time) return std::nullopt;
  return plan.resolved.request.body;
}

std::string python_urlencode(const std::vector<std::pair<std::string, std::string>>& fields) {
  // quote_plus with safe='': letters, digits and "_.-~" (Python 3.7+) stay.
  return encode_form(fields, [](unsigned char c) { return alnum(c) || c == '_' || c == '.' || c == '-' || c == '~'; });
}

std::string whatwg_urlencode(const std::vector<std::pair<std::string, std::string>>& fields) {
  // URL standard, application/x-www-form-urlencoded percent-encode set: "*-._" stay.
  return encode_form(fields, [](unsigned char c) { return alnum(c) || c == '*' || c == '-' || c == '.' || c == '_'; });
}

std::vector<std::pair<std::string, std::string>> enabled_form_fields(const RequestSpec& spec) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const FormField& f : spec.form)
    if (f.enabled) out.emplace_back(f.name, f.value);
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> decoded_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  if (query.empty()) return out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    std::string_view row = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    std::size_t eq = row.find('=');
    if (eq == std::string_view::npos) return std::nullopt;  // "?flag": no library writes it back
    out.emplace_back(percent_decode_plus(row.substr(0, eq)), percent_decode_plus(row.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

}  // namespace wirepad
