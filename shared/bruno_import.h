// wirepad core: Bruno collections (.bru files, usebruno.com) -> experiments with their checks.
//
//   meta { name: get user  seq: 2 }           the name; seq orders the requests of a folder
//   get { url: {{host}}/users/:id  body: none  auth: bearer }
//   params:query { page: 1  ~debug: true }     '~' marks a disabled row (kept disabled)
//   params:path { id: 42 }                     headers { ... }   auth:basic / bearer / digest /
//   body:json { ... }                          apikey / awsv4   body:text / xml / graphql /
//   vars:post-response { token: res.body.token }   form-urlencoded / multipart-form / file
//   assert { res.status: eq 200  res.body.id: isNumber }
//
// A collection is a folder: bruno.json (its name), *.bru requests in sub-folders, folder.bru
// and collection.bru (headers and auth the requests inherit), environments/*.bru (vars and
// vars:secret, as ImportBatch::named_environments). The caller reads the files (the core does
// no I/O) and hands them in with their paths relative to the collection.
//
// Assertions map onto the test model (res.status, res.body.<path> as a JSONPath,
// res.headers[...], res.responseTime; eq neq gt gte lt lte contains notContains matches
// notMatches startsWith endsWith between length isNumber isString isBoolean isArray isNull
// isDefined isUndefined); post-response vars that read the response are captures. Scripts,
// tests blocks, pre-request vars, assertions on JavaScript expressions and the operators
// without a match (in, isEmpty, isTruthy, ...) are listed as not imported, with the reason.
// Depends on: import_batch.h, import_checks.h.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "import_batch.h"

namespace wirepad {

struct BrunoFile {
  std::string path;  // relative to the collection folder, '/'-separated: "users/get user.bru"
  std::string text;
};

// One .bru request file. Errors: invalid_request with "line L: ..." and the byte offset.
Result<ImportBatch> import_bru(std::string_view text);
// A collection folder's files (bruno.json, *.bru, environments/*.bru); other files are
// ignored. Errors name the file: "users/get user.bru: line 4: ...".
Result<ImportBatch> import_bruno_collection(const std::vector<BrunoFile>& files);
// An environments/*.bru file as an environment called `name`.
Result<Environment> import_bruno_environment(std::string_view text, const std::string& name);

// A .bru file starts (after blank lines) with a block such as "meta {" or "get {".
bool looks_like_bru(std::string_view text);

}  // namespace wirepad
