// wirepad core: format detection and dispatch for imports (see import_any.h).
#include "import_any.h"

#include <nlohmann/json.hpp>

#include "curl_import.h"
#include "har.h"
#include "http_file.h"
#include "postman_import.h"
#include "text_util.h"

namespace wirepad {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && text::lower(s.substr(s.size() - suffix.size())) == suffix;
}

}  // namespace

std::string_view to_string(ImportFormat format) {
  switch (format) {
    case ImportFormat::curl: return "curl";
    case ImportFormat::har: return "har";
    case ImportFormat::http_file: return "http";
    case ImportFormat::postman: return "postman";
    case ImportFormat::experiment: return "experiment";
  }
  return "";
}

std::optional<ImportFormat> import_format_from_name(std::string_view name) {
  for (ImportFormat f : {ImportFormat::curl, ImportFormat::har, ImportFormat::http_file, ImportFormat::postman,
                         ImportFormat::experiment}) {
    if (to_string(f) == name) return f;
  }
  if (name == "rest") return ImportFormat::http_file;
  return std::nullopt;
}

ImportFormat detect_import_format(std::string_view text, std::string_view file_name) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  std::string_view body = start == std::string_view::npos ? std::string_view() : text.substr(start);
  if (!body.empty() && body[0] == '{') {
    auto root = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
    if (root.is_object()) {
      auto log = root.find("log");
      if (log != root.end() && log->is_object() && log->contains("entries")) return ImportFormat::har;
      if (root.contains("info") || root.contains("item")) return ImportFormat::postman;
      if (root.contains("request") || root.contains("kind") || root.contains("wirepad")) return ImportFormat::experiment;
    }
    // Not valid JSON: let the name say which parser should report the error.
    if (ends_with(file_name, ".har")) return ImportFormat::har;
    if (ends_with(file_name, ".postman_collection.json")) return ImportFormat::postman;
    if (ends_with(file_name, ".json")) return ImportFormat::experiment;
  }
  if (ends_with(file_name, ".http") || ends_with(file_name, ".rest")) return ImportFormat::http_file;
  std::string first_word(body.substr(0, body.find_first_of(" \t\r\n")));
  std::string w = text::lower(first_word);
  if (w == "curl" || w == "curl.exe") return ImportFormat::curl;
  if (ends_with(file_name, ".har")) return ImportFormat::har;
  return ImportFormat::http_file;
}

Result<ImportBatch> import_as(ImportFormat format, std::string_view text) {
  switch (format) {
    case ImportFormat::har: return import_har(text);
    case ImportFormat::http_file: return import_http_file(text);
    case ImportFormat::postman: return import_postman(text);
    case ImportFormat::curl: {
      Result<CurlImport> c = import_curl(text);
      if (!c) return c.error();
      ImportBatch batch;
      ImportedRequest r;
      r.experiment = std::move(c->experiment);
      r.not_imported = std::move(c->ignored);
      r.source = "the curl command";
      batch.requests.push_back(std::move(r));
      return batch;
    }
    case ImportFormat::experiment: {
      Result<Experiment> e = parse_experiment(text);
      if (!e) return e.error();
      ImportBatch batch;
      ImportedRequest r;
      r.experiment = std::move(e.value());
      r.source = "the experiment";
      batch.requests.push_back(std::move(r));
      return batch;
    }
  }
  return make_error(ErrorCode::invalid_request, "unknown import format");
}

}  // namespace wirepad
