// wirepad core: the simplest Postman test-script patterns, read without running JavaScript
// (docs/import-export.md), as assertions and captures of the request:
//
//   pm.test("Status code is 200", function () { pm.response.to.have.status(200); });
//   var jsonData = pm.response.json();                       (also JSON.parse(responseBody))
//   pm.expect(jsonData.user.id).to.eql(42);                  -> json $.user.id == 42
//   pm.expect(pm.response.code).to.equal(201);               -> status == 201
//   pm.expect(pm.response.responseTime).to.be.below(500);    -> duration < 500
//   pm.response.to.have.header("Content-Type");              -> header exists
//   pm.expect(pm.response.headers.get("X")).to.include("y");
//   pm.environment.set("token", jsonData.token);             -> capture json $.token
//
// A statement is one call chain on pm.expect(SUBJECT) or pm.response, with the chain words
// chai reads (to be been is have has that which and with at of deep not) and a last word
// that checks (eql equal eq above below least most include contain a an exist true false
// null lengthOf match). Every other statement (a loop, a function, a variable that is not
// the response's JSON, a chain with no equivalent) is listed as not imported with the
// reason "JavaScript not run"; a pm.test's name labels its checks.
// Depends on: import_checks.h.
#pragma once
#include <string>

#include "import_batch.h"

namespace wirepad {

// `script` is the test script's text; `where` names it in notes ("item[0].event[1]").
void import_postman_test_script(ImportedRequest& r, const std::string& script, const std::string& where);

}  // namespace wirepad
