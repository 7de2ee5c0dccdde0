// wirepad core: format detection and dispatch for imports (see import_any.h).
#include "import_any.h"

#include <nlohmann/json.hpp>

#include "bruno_import.h"
#include "curl_import.h"
#include "hurl_import.h"
#include "har.h"
#include "http_file.h"
#include "import_text.h"
#include "json_input.h"
#include "postman_import.h"
#include "text_util.h"

namespace wirepad {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && text::lower(s.substr(s.size() - suffix.size())) == suffix;
}

std::string_view skip_space(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

bool looks_like_json(std::string_view text) {
  std::string_view body = skip_space(text);
  return !body.empty() && (body[0] == '{' || body[0] == '[');
}

// What the JSON readers look for at the top level.
enum class JsonShape { har, postman, experiment, other };

JsonShape shape_of(const nlohmann::ordered_json& root) {
  if (!root.is_object()) return JsonShape::other;
  auto log = root.find("log");
  if (log != root.end() && log->is_object() && log->contains("entries")) return JsonShape::har;
  // A Postman v1 collection (requests, folders, order) goes to the Postman reader, which
  // says it is v1 and how to get v2.1.
  auto requests = root.find("requests");
  bool postman_v1 = requests != root.end() && requests->is_array() && !root.contains("item");
  if (root.contains("info") || root.contains("item") || postman_v1) return JsonShape::postman;
  if (root.contains("request") || root.contains("kind") || root.contains("wirepad")) return JsonShape::experiment;
  return JsonShape::other;
}

// JSON none of the readers claims: say which keys were looked for and which were found, so a
// person can tell a wrong file from a wrong format.
Error unrecognized_json(const nlohmann::ordered_json& root) {
  std::string found;
  if (root.is_object()) {
    std::size_t n = 0;
    for (auto it = root.begin(); it != root.end(); ++it, ++n) {
      if (n == 6) {
        found += ", ...";
        break;
      }
      found += (n ? ", " : "") + it.key();
    }
    found = found.empty() ? "an empty object" : "an object with " + found;
  } else {
    found = std::string("a JSON ") + root.type_name();
  }
  return make_error(ErrorCode::invalid_request,
                    "This JSON (" + found +
                        ") is none of the formats Wirepad imports: a HAR file has log.entries, a Postman v2 "
                        "collection has info and item, a Wirepad experiment has request or kind.");
}

// For readers that are not JSON readers (.http, curl) and for the experiment reader, whose
// document has no required key: JSON that is not an experiment is refused with the sentence
// above instead of importing as a request to the URL '{"foo":1}' or an empty experiment.
Error refuse_foreign_json(std::string_view text, ImportFormat format) {
  // The HAR and Postman readers check depth and shape themselves (without a second parse).
  if (format == ImportFormat::har || format == ImportFormat::postman || !looks_like_json(text)) return {};
  if (Error e = json_input::check_depth(text, "The JSON")) return e;
  auto root = json_input::parse_whole<nlohmann::ordered_json>(text);
  if (root.is_discarded()) return {};  // not JSON after all: the chosen reader says why
  JsonShape shape = shape_of(root);
  if (shape == JsonShape::other) return unrecognized_json(root);
  if (format == ImportFormat::experiment && shape != JsonShape::experiment) {
    return make_error(ErrorCode::invalid_request,
                      std::string("This JSON is a ") + (shape == JsonShape::har ? "HAR file" : "Postman collection") +
                          ", not a Wirepad experiment: import it as " + (shape == JsonShape::har ? "har" : "postman") +
                          ".");
  }
  if (format == ImportFormat::http_file || format == ImportFormat::curl || format == ImportFormat::hurl ||
      format == ImportFormat::bruno) {
    const char* name = shape == JsonShape::har ? "har" : shape == JsonShape::postman ? "postman" : "experiment";
    return make_error(ErrorCode::invalid_request,
                      std::string("This is JSON (a ") + name + " document), not " +
                          (format == ImportFormat::curl ? "a curl command" : format == ImportFormat::hurl ? "a Hurl file"
                                                            : format == ImportFormat::bruno ? "a .bru file" : "a .http file") +
                          ": import it as " +
                          name + ".");
  }
  return {};
}

}  // namespace

std::string_view to_string(ImportFormat format) {
  switch (format) {
    case ImportFormat::curl: return "curl";
    case ImportFormat::har: return "har";
    case ImportFormat::http_file: return "http";
    case ImportFormat::postman: return "postman";
    case ImportFormat::experiment: return "experiment";
    case ImportFormat::hurl: return "hurl";
    case ImportFormat::bruno: return "bruno";
  }
  return "";
}

std::optional<ImportFormat> import_format_from_name(std::string_view name) {
  for (ImportFormat f : {ImportFormat::curl, ImportFormat::har, ImportFormat::http_file, ImportFormat::postman,
                         ImportFormat::experiment, ImportFormat::hurl, ImportFormat::bruno}) {
    if (to_string(f) == name) return f;
  }
  if (name == "rest") return ImportFormat::http_file;
  return std::nullopt;
}

ImportFormat detect_import_format(std::string_view raw, std::string_view file_name) {
  Result<std::string> utf8 = text_as_utf8(raw);  // a BOM or UTF-16 must not hide the first '{'
  std::string_view text = utf8 ? std::string_view(*utf8) : raw;
  std::string_view body = skip_space(text);
  if (looks_like_json(body)) {
    if (!json_input::check_depth(body, "")) {
      auto root = json_input::parse_whole<nlohmann::ordered_json>(body);
      if (!root.is_discarded()) {
        switch (shape_of(root)) {
          case JsonShape::har: return ImportFormat::har;
          case JsonShape::postman: return ImportFormat::postman;
          case JsonShape::experiment: return ImportFormat::experiment;
          case JsonShape::other: break;
        }
        // Valid JSON that no reader claims: the experiment reader refuses it naming what each
        // format has (import_as), unless the name says which reader it was meant for.
        if (ends_with(file_name, ".har")) return ImportFormat::har;
        if (ends_with(file_name, ".postman_collection.json")) return ImportFormat::postman;
        return ImportFormat::experiment;
      }
    }
    // Not valid JSON (or too deep): let the name say which parser should report the error.
    if (ends_with(file_name, ".har")) return ImportFormat::har;
    if (ends_with(file_name, ".postman_collection.json")) return ImportFormat::postman;
    if (ends_with(file_name, ".json")) return ImportFormat::experiment;
    if (json_input::check_depth(body, "")) return ImportFormat::experiment;  // it says how deep
  }
  if (ends_with(file_name, ".http") || ends_with(file_name, ".rest")) return ImportFormat::http_file;
  if (ends_with(file_name, ".hurl")) return ImportFormat::hurl;
  if (ends_with(file_name, ".bru")) return ImportFormat::bruno;
  std::string first_word(body.substr(0, body.find_first_of(" \t\r\n")));
  std::string w = text::lower(first_word);
  if (w == "curl" || w == "curl.exe") return ImportFormat::curl;
  if (ends_with(file_name, ".har")) return ImportFormat::har;
  if (looks_like_bru(text)) return ImportFormat::bruno;
  if (looks_like_hurl(text)) return ImportFormat::hurl;
  return ImportFormat::http_file;
}

Result<ImportBatch> import_as(ImportFormat format, std::string_view raw) {
  Result<std::string> utf8 = text_as_utf8(raw);
  if (!utf8) return utf8.error();
  std::string_view text = *utf8;
  if (Error e = refuse_foreign_json(text, format)) return e;
  switch (format) {
    case ImportFormat::har: return import_har(text);
    case ImportFormat::http_file: return import_http_file(text);
    case ImportFormat::postman: return import_postman(text);
    case ImportFormat::hurl: return import_hurl(text);
    case ImportFormat::bruno: return import_bru(text);
    case ImportFormat::curl: {
      // Several commands in one paste are several requests (import_curl_commands).
      Result<std::vector<CurlImport>> commands = import_curl_commands(text);
      if (!commands) return commands.error();
      ImportBatch batch;
      for (std::size_t i = 0; i < commands->size(); ++i) {
        ImportedRequest r;
        r.experiment = std::move((*commands)[i].experiment);
        r.not_imported = std::move((*commands)[i].ignored);
        r.source = commands->size() == 1 ? "the curl command" : "curl command " + std::to_string(i + 1);
        batch.requests.push_back(std::move(r));
      }
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
