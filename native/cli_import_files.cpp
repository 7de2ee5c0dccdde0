// native: `wirepad import FILE` and `wirepad export --to har|http` (see cli_import_files.h).
#include "native/cli_import_files.h"

#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "native/bruno_folder.h"
#include "native/convert_io.h"
#include "native/posix_transport.h"
#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/import_any.h"
#include "shared/import_text.h"
#include "shared/request_resolve.h"

namespace wirepad::native {
namespace {

int fail(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n";
  return 2;
}

// A file name piece a person can read: "Get user #2" -> "get-user-2".
std::string slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (keep) out += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    else if (!out.empty() && out.back() != '-') out += '-';
    if (out.size() >= 60) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "request" : out;
}

std::string folder_path(const std::string& folder) {
  std::string out;
  std::size_t at = 0;
  while (at <= folder.size() && !folder.empty()) {
    std::size_t end = folder.find('/', at);
    if (end == std::string::npos) end = folder.size();
    out += slug(folder.substr(at, end - at)) + "/";
    at = end + 1;
  }
  return out;
}

void print_notes(const std::string& where, const std::vector<ImportNote>& notes) {
  for (const ImportNote& n : notes) {
    std::cerr << "wirepad: not imported (" << where << ") " << n.what << ": " << n.sentence << "\n";
  }
}

// The files a .http file's requests name (`< ./file` bodies, multipart `< file` parts) are
// relative to the .http file; the experiment written to `out_folder` names them relative to
// itself (docs/experiment-format.md), so they are read from the same place when it is run.
void rebase_files(ImportedRequest& r, ImportFormat format, const std::string& input_path,
                  const std::filesystem::path& out_folder) {
  const bool names_files = format == ImportFormat::http_file || format == ImportFormat::hurl || format == ImportFormat::bruno;
  if (!names_files || input_path == "-") return;
  std::error_code ec;
  // A Bruno collection folder: each request's files are relative to its .bru file's folder.
  std::filesystem::path input_folder = std::filesystem::is_directory(input_path, ec)
                                           ? std::filesystem::path(input_path) / r.folder
                                           : std::filesystem::path(input_path).parent_path();
  if (input_folder.empty()) input_folder = ".";
  const std::filesystem::path from = std::filesystem::absolute(input_folder, ec);
  const std::filesystem::path to = std::filesystem::absolute(out_folder.empty() ? "." : out_folder, ec);
  std::string prefix = std::filesystem::path(from).lexically_normal().lexically_relative(to.lexically_normal()).generic_string();
  if (prefix.empty()) prefix = from.generic_string();  // no relative way (another root): absolute
  prefix = prefix == "." ? "" : prefix + "/";
  rebase_file_paths(r.experiment.request, prefix);
  if (r.body_file.empty()) return;
  const std::filesystem::path file = is_absolute_file_path(r.body_file) ? std::filesystem::path(r.body_file) : from / r.body_file;
  if (!std::filesystem::exists(file, ec)) {
    std::cerr << "wirepad: the body of " << r.experiment.name << " is the file " << file.lexically_normal().string()
              << ", which does not exist (yet): it is read when the request is sent\n";
  } else {
    std::cerr << "wirepad: the body of " << r.experiment.name << " is the file " << file.lexically_normal().string()
              << " (read when sent, named " << r.experiment.request.binary_file << " in the experiment)\n";
  }
}

// The workspace `path` is in: the nearest folder, `path` itself or above, holding the marker
// (docs/workspace.md); "" when none.
std::string workspace_root_of(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path at = std::filesystem::absolute(path, ec);
  if (ec) return "";
  for (; !at.empty(); at = at.parent_path()) {
    if (std::filesystem::exists(at / ".wirepad-workspace", ec)) return at.string();
    if (at == at.parent_path()) break;
  }
  return "";
}

// A Postman collection's variables become an environment of the workspace the requests were
// written into (environments.json, secret values in environments.secrets.json), named after
// the collection, "NAME (2)" when that name is taken. Outside a workspace nothing is written,
// and the message says what and how. Returns false when a file could not be written.
bool create_environment(const Environment& environment, const std::filesystem::path& written_to) {
  if (environment.variables.empty()) return true;
  std::string names;
  for (const Variable& v : environment.variables) names += (names.empty() ? "" : ", ") + v.name;
  const std::string root = written_to.empty() ? std::string() : workspace_root_of(written_to);
  if (root.empty()) {
    std::cerr << "wirepad: the " << environment.variables.size() << " collection variables (" << names
              << ") were not written: "
              << (written_to.empty() ? std::string("the request went to standard output, which") : written_to.string())
              << " is not in a Wirepad workspace (a folder with .wirepad-workspace); import with -o DIR into a "
                 "workspace folder to create the environment \""
              << environment.name << "\" there\n";
    return true;
  }
  const std::string pub_path = root + "/environments.json", sec_path = root + "/environments.secrets.json";
  std::error_code ec;
  std::string pub, sec;
  if (std::filesystem::exists(pub_path, ec) && !read_input(pub_path, pub)) return false;
  if (std::filesystem::exists(sec_path, ec) && !read_input(sec_path, sec)) return false;
  Environments environments;
  if (!pub.empty() || !sec.empty()) {
    Result<Environments> parsed = parse_environments(pub.empty() ? "{}" : pub, sec);
    if (!parsed) {
      std::cerr << "wirepad: the environment \"" << environment.name << "\" was not created: " << parsed.error().message << "\n";
      return false;
    }
    environments = std::move(parsed.value());
  }
  const std::string name = add_environment_unique(environments, environment);
  bool any_secret = false;
  for (const Environment& e : environments.environments)
    for (const Variable& v : e.variables) any_secret = any_secret || v.secret;
  if (!write_atomically(pub_path, serialize_environments(environments))) return false;
  if ((any_secret || !sec.empty()) && !write_atomically(sec_path, serialize_environment_secrets(environments))) return false;
  std::cerr << "wirepad: created the environment \"" << name << "\" (" << names << ") in " << pub_path
            << (name != environment.name ? " (\"" + environment.name + "\" was taken)" : std::string()) << "\n";
  return true;
}

std::string iso_now() {
  auto now = std::chrono::system_clock::now();
  return har_date_time(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
}

}  // namespace

int import_batch(const std::string& input, const std::string& from, const std::string& output,
                 std::optional<Result<ImportBatch>> folder_batch);

int import_files(Args& args) {
  std::string input, output, from, error;
  while (!args.done()) {
    if (auto v = args.value("-o", "--output", error)) {
      output = *v;
    } else if (auto f = args.value("", "--from", error)) {
      from = *f;
    } else if (!error.empty()) {
      return fail(error);
    } else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') return fail("unknown option '" + a + "' for import");
      if (!input.empty()) return fail("import takes one file (\"-\" reads stdin)");
      input = a;
    }
  }
  if (input.empty()) return fail("import needs a file: wirepad import requests.har -o DIR");
  std::optional<Result<ImportBatch>> folder_batch;
  if (is_bruno_folder(input)) folder_batch = import_bruno_folder(input);  // a Bruno collection
  return import_batch(input, from, output, std::move(folder_batch));
}

int import_batch(const std::string& input, const std::string& from, const std::string& output,
                 std::optional<Result<ImportBatch>> folder_batch) {
  std::string text;
  ImportFormat format = ImportFormat::bruno;
  Result<ImportBatch> batch = folder_batch ? std::move(*folder_batch) : Result<ImportBatch>(ImportBatch{});
  if (!folder_batch) {
    if (!read_input(input, text)) return 1;
    // A BOM or UTF-16 (Notepad, PowerShell's '>'): decoded here too, so that error positions
    // and the caret below point into the text the importer read.
    std::string_view encoding = text_encoding_name(text);
    Result<std::string> utf8 = text_as_utf8(text, input == "-" ? "The input" : input);
    if (!utf8) return fail("cannot import " + input + ": " + utf8.error().message);
    if (!encoding.empty()) std::cerr << "wirepad: read " << input << " as " << encoding << "\n";
    text = std::move(utf8.value());
    if (!from.empty()) {
      std::optional<ImportFormat> f = import_format_from_name(from);
      if (!f) return fail("unknown import format '" + from + "' (har, http, postman, curl, experiment, hurl, bruno)");
      format = *f;
    } else {
      format = detect_import_format(text, input);
    }
    batch = import_as(format, text);
  }
  if (!batch) {
    // "as http" only when it was asked for: a guess named in the message reads like a cause.
    std::cerr << "wirepad: cannot import " << input << (from.empty() ? "" : " as " + std::string(to_string(format)))
              << ": " << batch.error().message << "\n";
    show_position(text, batch.error().offset);
    return 2;
  }
  print_notes(input, batch->not_imported);
  std::vector<ImportedRequest>& requests = batch->requests;
  if (requests.empty()) return fail(input + " holds no request to import");
  for (ImportedRequest& r : requests) {
    print_notes(r.source.empty() ? r.experiment.name : r.source + ", " + r.experiment.name, r.not_imported);
  }
  std::cerr << "wirepad: " << requests.size() << " request" << (requests.size() == 1 ? "" : "s") << " from "
            << input << " (" << to_string(format) << ")\n";
  std::error_code ec;
  bool to_dir = requests.size() > 1 || (!output.empty() && std::filesystem::is_directory(output, ec));
  if (!to_dir) {
    const bool to_stdout = output.empty() || output == "-";
    rebase_files(requests[0], format, input, to_stdout ? std::filesystem::path(".") : std::filesystem::path(output).parent_path());
    std::string json = serialize_experiment(requests[0].experiment);
    if (to_stdout) {
      std::cout << json;
      if (!batch->environment.variables.empty())
        create_environment(batch->environment, {});  // says how to create it
      return 0;
    }
    if (!write_atomically(output, json)) return 1;
    std::filesystem::path folder = std::filesystem::path(output).parent_path();
    return create_environment(batch->environment, folder.empty() ? std::filesystem::path(".") : folder) ? 0 : 1;
  }
  if (output.empty() || output == "-") {
    return fail(std::to_string(requests.size()) + " requests: give a folder to write one experiment file each, -o DIR");
  }
  int width = requests.size() >= 100 ? 3 : 2;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    ImportedRequest& r = requests[i];
    std::string number = std::to_string(i + 1);
    number.insert(0, std::size_t(std::max(0, width - int(number.size()))), '0');
    std::filesystem::path dir = std::filesystem::path(output) / folder_path(r.folder);
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      std::cerr << "wirepad: cannot create " << dir.string() << ": " << ec.message() << "\n";
      return 1;
    }
    std::filesystem::path file = dir / (number + "-" + slug(r.experiment.name) + ".json");
    rebase_files(r, format, input, dir);
    if (!write_atomically(file.string(), serialize_experiment(r.experiment))) return 1;
    std::cerr << "wirepad: wrote " << file.string() << "  " << r.experiment.request.method << " "
              << r.experiment.request.url << "\n";
  }
  bool created = create_environment(batch->environment, output);
  for (const Environment& e : batch->named_environments) created = create_environment(e, output) && created;
  return created ? 0 : 1;
}

int export_files(const std::string& to, const std::vector<std::string>& files, bool send) {
  if (files.empty()) return fail("export --to " + to + " needs one or more experiment files");
  if (send && to != "har") return fail("--send goes with --to har");
  std::vector<Experiment> experiments;
  for (const std::string& file : files) {
    std::string text;
    if (!read_input(file, text)) return 1;
    Result<Experiment> e = parse_experiment(text);
    if (!e) return fail(file + ": " + e.error().message);
    if (e->name.empty()) e->name = std::filesystem::path(file).stem().string();
    experiments.push_back(std::move(e.value()));
  }
  if (to == "http") {
    HttpFileExport out = export_http_file(experiments);
    for (const ImportNote& n : out.not_exported) std::cerr << "wirepad: not exactly exported (" << n.what << "): " << n.sentence << "\n";
    std::cout << out.text;
    return 0;
  }
  if (!send) {
    Result<std::string> har = export_har_requests(experiments, iso_now());
    if (!har) return fail("cannot export as HAR: " + har.error().message);
    std::cout << har.value();
    return 0;
  }
  std::vector<HarExchange> exchanges;
  for (const Experiment& e : experiments) {
    // As before: the request as imported ({{variables}} as typed, no environment here).
    Result<HttpExchange> exchange = HttpExchange::create(flatten_request(e.request), e.options);
    if (!exchange) return fail(e.name + ": " + exchange.error().message);
    HarExchange x;
    x.started_date_time = iso_now();
    x.name = e.name;
    x.log = perform_blocking(std::move(exchange).value());
    std::cerr << "wirepad: " << e.name << ": "
              << (x.log.error ? std::string(to_string(x.log.error.code)) : std::to_string(x.log.response.status))
              << "\n";
    exchanges.push_back(std::move(x));
  }
  std::cout << export_har_exchanges(exchanges);
  return 0;
}

}  // namespace wirepad::native
