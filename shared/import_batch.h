// wirepad core: what the multi-request importers (HAR, .http files, Postman collections)
// return: one experiment per request, where it came from, and what of it could not be
// imported, one sentence each, never dropped silently. See docs/import-export.md.
// Depends on: experiment.h, environment.h, curl_import.h (ImportNote).
#pragma once
#include <string>
#include <vector>

#include "curl_import.h"
#include "environment.h"
#include "experiment.h"

namespace wirepad {

struct ImportedRequest {
  Experiment experiment;
  std::string folder;      // Postman folders as a path ("Users/Admin"); empty at the top
  std::string source;      // where it is in the input: "log.entries[3]", "line 12", "item[0].item[2]"
  // A `< ./file` body (.http), as written: relative to the imported file. The experiment holds
  // it as a binary-file body (read when sent); a caller that writes or opens the experiment
  // elsewhere rebases the path (the multipart file parts' paths too). Empty if none.
  std::string body_file;
  std::vector<ImportNote> not_imported;  // per request: what the experiment does not hold
};

struct ImportBatch {
  std::vector<ImportedRequest> requests;
  std::vector<ImportNote> not_imported;  // about the whole input (skipped entries, collection scripts)
  // Variables the input defines (a Postman collection's `variable` list), as an environment the
  // caller creates (named after the collection); no variables: none to create.
  Environment environment;
  // Named environments the input brings (a Bruno collection's environments/*.bru), created
  // beside `environment` under their own names; secret variables marked secret.
  std::vector<Environment> named_environments;
};

}  // namespace wirepad
