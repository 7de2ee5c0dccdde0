// Fuzz target: data rows for `wirepad test --data` (shared/data_rows.h), CSV and JSON.
// Properties: no crash or exception; an error is invalid_experiment naming the source; every
// row has one value per column (CSV) or only known columns (JSON); CSV rows written back with
// every field quoted parse to the same set.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/data_rows.h"

using namespace wirepad;

namespace {

std::string quoted(const std::string& field) {
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void check_error(const Error& e) {
  if (e.code != ErrorCode::invalid_experiment || e.message.rfind("fuzz.", 0) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Result<DataSet> csv = parse_csv_rows(text, "fuzz.csv");
  if (!csv) {
    check_error(csv.error());
  } else {
    std::string written;
    for (std::size_t i = 0; i < csv->columns.size(); ++i) written += (i ? "," : "") + csv->columns[i];
    written += "\r\n";
    for (const DataRow& row : csv->rows) {
      if (row.size() != csv->columns.size()) std::abort();
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i].name != csv->columns[i]) std::abort();
        written += (i ? "," : "") + quoted(row[i].value);
      }
      written += "\r\n";
    }
    Result<DataSet> again = parse_csv_rows(written, "fuzz.csv");
    if (!again || !(again.value() == csv.value())) std::abort();
  }
  Result<DataSet> json = parse_json_rows(text, "fuzz.json");
  if (!json) {
    check_error(json.error());
  } else {
    for (const DataRow& row : json->rows)
      for (const Variable& v : row)
        if (std::find(json->columns.begin(), json->columns.end(), v.name) == json->columns.end()) std::abort();
  }
  return 0;
}
