// wirepad core: the rows of a data-driven run (`wirepad test --data FILE`, docs/assertions.md):
// each row is one iteration, its columns {{variables}} of the requests. From a CSV file
// (RFC 4180: a header row of variable names, fields quoted with "..." and "" for a quote) or a
// JSON array of objects. Errors name the line and field (CSV) or the element and key (JSON).
// Depends on: environment.h (Variable). nlohmann-json inside the .cpp only. No OS calls.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "environment.h"
#include "error.h"

namespace wirepad {

using DataRow = std::vector<Variable>;  // name and value, in column order; never secret

struct DataSet {
  std::vector<std::string> columns;  // in order of first appearance
  std::vector<DataRow> rows;
  bool operator==(const DataSet&) const = default;
};

// RFC 4180, with two leniencies real files need (each documented): lines may end in LF alone,
// and the last line may lack its line break. A UTF-8 byte order mark is skipped. Strict
// otherwise: a quote inside an unquoted field, text after a closing quote, a row whose field
// count differs from the header's, a quote left open, a header name that is not a variable
// name or appears twice: each an error with the line (1-based) and field (1-based).
// `source` names the file in messages. Errors: invalid_experiment.
Result<DataSet> parse_csv_rows(std::string_view text, std::string_view source);

// [{"user": "ada", "id": 1}, ...]: strings as they are, numbers, true/false and null as their
// JSON text ("1", "true", "null"... null as ""), arrays and objects as compact JSON.
Result<DataSet> parse_json_rows(std::string_view text, std::string_view source);

// By the file name's extension (.csv, .json; anything else: JSON when the text starts with
// '[', else CSV).
Result<DataSet> parse_data_rows(std::string_view text, std::string_view source);

}  // namespace wirepad
