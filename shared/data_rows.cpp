// wirepad core: data_rows.h.
#include "data_rows.h"

#include <nlohmann/json.hpp>

#include "json_input.h"

namespace wirepad {

namespace {

Error data_error(std::string_view source, const std::string& message, std::int64_t offset = -1) {
  return make_error(ErrorCode::invalid_experiment, std::string(source) + ": " + message, offset);
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

Result<DataSet> parse_csv_rows(std::string_view text, std::string_view source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t line = 1;
  std::size_t i = 0;
  bool at_field_start = true;
  // One record per iteration of the outer loop body; a field per inner step.
  while (i < text.size()) {
    char c = text[i];
    if (at_field_start && c == '"') {
      // A quoted field (RFC 4180 §2.5-2.7): anything up to the closing quote, "" for a quote.
      const std::size_t opened_line = line;
      ++i;
      for (;;) {
        if (i >= text.size())
          return data_error(source, "line " + std::to_string(opened_line) + ", field " + std::to_string(record.size() + 1) +
                                        ": the quote opened here is never closed");
        char q = text[i];
        if (q == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (q == '\n') ++line;
        field += q;
        ++i;
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
        return data_error(source, "line " + std::to_string(line) + ", field " + std::to_string(record.size() + 1) +
                                      ": text after the closing quote (a quote inside a quoted field is written \"\")");
      at_field_start = false;
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      at_field_start = true;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      // CRLF ends a record; a lone LF too (leniency: files written on Unix).
      if (c == '\r') {
        if (i + 1 >= text.size() || text[i + 1] != '\n')
          return data_error(source, "line " + std::to_string(line) + ": a CR not followed by LF outside quotes");
        ++i;
      }
      ++i;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      at_field_start = true;
      ++line;
      continue;
    }
    if (c == '"')
      return data_error(source, "line " + std::to_string(line) + ", field " + std::to_string(record.size() + 1) +
                                    ": a quote inside an unquoted field (quote the whole field and write the quote as \"\")");
    field += c;
    at_field_start = false;
    ++i;
  }
  if (!at_field_start || !record.empty()) {  // the last line without its line break (leniency)
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  if (records.empty()) return data_error(source, "the file is empty: expected a header row of variable names");
  DataSet set;
  for (std::size_t f = 0; f < records[0].size(); ++f) {
    const std::string& name = records[0][f];
    if (!is_variable_name(name))
      return data_error(source, "line 1, field " + std::to_string(f + 1) + ": \"" + name +
                                    "\" is not a variable name (letters, digits, '_', '-', '.')");
    for (std::size_t g = 0; g < f; ++g)
      if (records[0][g] == name)
        return data_error(source, "line 1, field " + std::to_string(f + 1) + ": the column \"" + name + "\" appears twice");
    set.columns.push_back(name);
  }
  // Lines are counted again for the rows: a quoted field may span several.
  std::size_t row_line = 2;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r];
    if (fields.size() != set.columns.size())
      return data_error(source, "record " + std::to_string(r + 1) + " (from line " + std::to_string(row_line) + ") has " +
                                    std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
                                    "; the header has " + std::to_string(set.columns.size()));
    DataRow row;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      row.push_back(Variable{set.columns[f], fields[f], false});
      for (char ch : fields[f]) row_line += ch == '\n';
    }
    ++row_line;
    set.rows.push_back(std::move(row));
  }
  return set;
}

Result<DataSet> parse_json_rows(std::string_view text, std::string_view source) {
  using Json = nlohmann::ordered_json;
  if (Error deep = json_input::check_depth(text, std::string(source))) return deep;
  if (Error nul = json_input::check_no_nul(text, std::string(source))) return nul;
  Json root = json_input::parse_whole<Json>(text);
  if (root.is_discarded()) return data_error(source, "not valid JSON: expected an array of objects ([{\"user\": \"ada\"}, ...])");
  if (!root.is_array()) return data_error(source, "expected an array of objects, not " + std::string(root.type_name()));
  DataSet set;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const Json& item = root[i];
    if (!item.is_object())
      return data_error(source, "element " + std::to_string(i) + " must be an object of variables, not " + item.type_name());
    DataRow row;
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (!is_variable_name(it.key()))
        return data_error(source, "element " + std::to_string(i) + ": key \"" + it.key() +
                                      "\" is not a variable name (letters, digits, '_', '-', '.')");
      const Json& v = it.value();
      std::string value = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump(-1, ' ', false, Json::error_handler_t::replace);
      row.push_back(Variable{it.key(), std::move(value), false});
      if (std::find(set.columns.begin(), set.columns.end(), it.key()) == set.columns.end()) set.columns.push_back(it.key());
    }
    set.rows.push_back(std::move(row));
  }
  return set;
}

Result<DataSet> parse_data_rows(std::string_view text, std::string_view source) {
  if (ends_with(source, ".csv") || ends_with(source, ".CSV")) return parse_csv_rows(text, source);
  if (ends_with(source, ".json") || ends_with(source, ".JSON")) return parse_json_rows(text, source);
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') return parse_json_rows(text, source);
  return parse_csv_rows(text, source);
}

}  // namespace wirepad
