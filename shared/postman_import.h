// wirepad core: Postman Collection v2.1 (and v2.0) -> experiments, one per request item;
// folders become ImportedRequest::folder ("Users/Admin"). Mapped onto the structured request
// (request_spec.h) with nothing lost silently: the query table (disabled rows kept), `:name`
// path variables, headers (disabled kept), every body mode (raw with its language, urlencoded
// and formdata rows with {{variables}} as typed and disabled rows, file parts, file, graphql),
// auth (noauth, basic, bearer, apikey, digest, oauth2, awsv4; inherited from the folders and the
// collection as Postman does; other types noted), Postman's body pruning for GET/HEAD/COPY/
// PURGE/UNLOCK, and the collection variables as ImportBatch::environment. Scripts are listed.
// Depends on: import_batch.h, json_input.h (in the .cpp).
#pragma once
#include <string_view>

#include "error.h"
#include "import_batch.h"

namespace wirepad {

// Errors: invalid_request naming the JSON position (syntax) or the key path
// ("item[2].item[0].request.url.host: must be an array or a string").
Result<ImportBatch> import_postman(std::string_view json);

}  // namespace wirepad
