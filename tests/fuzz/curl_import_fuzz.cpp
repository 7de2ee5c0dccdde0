// Fuzz target: the curl importer (one command and a paste of several). Properties: no crash or
// exception; an error is invalid_request with a message and a position inside the text; every
// imported request exports to a curl command that imports again, and that second import
// exports to the same command (import -> export -> import is a fixed point). The same bytes
// split at newlines are also an argument vector (`wirepad send`'s path): read with a file
// reader, resolved, and arranged in curl's header order, which only moves headers and adds
// User-Agent, Accept and Content-Length.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/code_export.h"
#include "shared/curl_import.h"
#include "shared/request_resolve.h"

using namespace wirepad;

namespace {

void argv_path(const std::string& text) {
  std::vector<std::string> args;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t nl = text.find('\n', from);
    args.push_back(text.substr(from, nl == std::string::npos ? std::string::npos : nl - from));
    if (nl == std::string::npos) break;
    from = nl + 1;
  }
  CurlImportOptions reading;
  // A file's bytes are its name twice; a name starting with 'x' cannot be read.
  reading.read_file = [](const std::string& path) -> Result<std::string> {
    if (!path.empty() && path[0] == 'x') return make_error(ErrorCode::io_error, "cannot");
    return path + path;
  };
  auto own = [](const std::vector<std::string>& a, std::size_t i) { return a[i] == "--timeout" ? 2 : a[i] == "--own" ? 1 : 0; };
  Result<std::vector<CurlOption>> options = read_curl_argv(args, own);
  if (!options) {
    if (options.error().code != ErrorCode::invalid_request || options.error().message.empty()) std::abort();
    return;
  }
  Result<CurlImport> imported = import_curl_options(options.value(), reading, args.size());
  if (!imported) {
    if (imported.error().code != ErrorCode::invalid_request || imported.error().message.empty()) std::abort();
    return;
  }
  std::map<std::string, std::string> files;
  for (const std::string& name : files_to_read(imported->experiment.request)) files[name] = name;
  ResolveOptions resolve;
  resolve.substitute_variables = false;
  resolve.files = &files;
  Result<ResolvedRequest> resolved = resolve_request_spec(imported->experiment.request, resolve);
  if (!resolved) return;
  Headers arranged = arrange_headers_as_curl(resolved->request, *imported);
  if (arranged.size() < resolved->request.headers.size() || arranged.size() > resolved->request.headers.size() + 3) std::abort();
  for (const Header& h : resolved->request.headers) {
    std::size_t want = 0, got = 0;
    for (const Header& x : resolved->request.headers) want += x == h;
    for (const Header& x : arranged) got += x == h;
    if (got < want) std::abort();  // a header lost
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  argv_path(text);
  Result<std::vector<CurlImport>> all = import_curl_commands(text);
  if (!all) {
    const Error& e = all.error();
    if (e.code != ErrorCode::invalid_request || e.message.empty()) std::abort();
    return 0;
  }
  for (const CurlImport& c : all.value()) {
    Result<std::string> first = export_code(c.experiment, ExportFormat::curl);
    if (!first) continue;  // a request the serializer refuses (a bad URL) has no export
    Result<CurlImport> back = import_curl(first.value());
    if (!back) std::abort();
    Result<std::string> second = export_code(back->experiment, ExportFormat::curl);
    if (!second || second.value() != first.value()) std::abort();
  }
  return 0;
}
