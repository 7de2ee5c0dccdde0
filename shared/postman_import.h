// wirepad core: Postman Collection v2.1 (and v2.0) -> experiments, one per request item;
// folders become ImportedRequest::folder ("Users/Admin"). Bodies: raw (with the Content-Type
// Postman adds for its language), urlencoded, formdata (file fields listed, not imported),
// graphql (as Postman sends it: a JSON body). Auth basic and bearer (inherited from folders
// and the collection) become Authorization headers; other auth types, disabled headers and
// query parameters, scripts and file bodies are listed. {{variables}} are kept as typed and
// listed with the collection's value.
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
