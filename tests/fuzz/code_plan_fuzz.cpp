// Fuzz target: the structured request from a file to the wire and to code, what #13 added
// after parsing: an experiment document (format 3: params, path variables, auth, body kinds,
// files, proxy) through substitute_variables, resolve_request_spec (form and multipart
// encoding, GraphQL, auth headers), headers_added_when_sent, flatten_request, plan_code and
// every code generator, and the params table <-> URL sync.
// Properties: no crash or exception; substitute_variables with keep_unknown never fails; an
// error is invalid_request (or what serialize_request refuses) with a message; a resolved
// request's header names and values hold no CR, LF or NUL; the params table read from a URL
// and written back reads back the same (url_with_params then params_from_url is a fixed point).
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "shared/code_export.h"
#include "shared/code_plan.h"
#include "shared/experiment.h"
#include "shared/request_resolve.h"

using namespace wirepad;

namespace {

bool has_control(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return true;
  return false;
}

void check_error(const Error& e) {
  if (e.message.empty()) std::abort();
}

void params_round_trip(const std::string& url) {
  QueryParams table = params_from_url(url);
  std::string written = url_with_params(url, table);
  QueryParams again = params_from_url(written);
  std::vector<QueryParam> enabled;
  for (const QueryParam& p : table)
    if (p.enabled) enabled.push_back(p);
  if (again != enabled) std::abort();
  if (url_with_params(written, again) != written) std::abort();
  path_variables_from_url(url);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string json(reinterpret_cast<const char*>(data), size);
  Result<Experiment> parsed = parse_experiment(json);
  if (!parsed) {
    // The bytes as a URL: the params table and the path variables read from it.
    params_round_trip(json);
    return 0;
  }
  const Experiment& experiment = parsed.value();
  const RequestSpec& spec = experiment.request;
  params_round_trip(spec.url);

  Environment environment;
  Result<RequestSpec> kept = substitute_variables(spec, &environment, true);
  if (!kept) std::abort();  // documented never to fail with keep_unknown

  // Every file the request reads holds its own name.
  std::map<std::string, std::string> files;
  for (const std::string& name : files_to_read(spec)) files[name] = name;
  ResolveOptions options;
  options.keep_unknown_variables = true;
  options.files = &files;
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  if (!resolved) {
    check_error(resolved.error());
  } else {
    for (const Header& h : resolved->request.headers)
      if (has_control(h.name)) std::abort();
  }
  options.files = nullptr;
  options.tolerate_missing_files = true;
  Result<ResolvedRequest> preview = resolve_request_spec(spec, options);
  if (!preview) check_error(preview.error());
  headers_added_when_sent(spec, &environment, &files);
  std::vector<std::string> notes;
  flatten_request(spec, &notes);

  Result<CodePlan> plan = plan_code(experiment);
  if (!plan) {
    check_error(plan.error());
  } else {
    literal_body(*plan);
    enabled_form_fields(spec);
  }
  for (ExportFormat format : all_export_formats()) {
    Result<std::string> code = export_code(experiment, format);
    if (!code) check_error(code.error());
  }
  return 0;
}
