// wirepad core: what goes into a share link or a shared collection file, decided by the
// user's ticks. By default no secret leaves: secret variables stay as {{name}}, the values of
// Authorization/Proxy-Authorization and Cookie headers and URL passwords are emptied. Each
// thing left out is listed, so the Share dialog can say so. See docs/share-links.md.
// Depends on: environment.h, experiment.h, http_message.h. No OS calls.
#pragma once
#include <string>
#include <vector>

#include "environment.h"
#include "experiment.h"

namespace wirepad {

struct ShareChoices {
  // Put the active environment's values in place of {{name}} (the receiver may not have the
  // environment). Secret variables only with include_secret_variables.
  bool fill_variables = false;
  bool include_secret_variables = false;
  bool include_authorization = false;  // Authorization and Proxy-Authorization values
  bool include_cookie = false;         // Cookie values
  bool include_url_password = false;   // user:password@ in the URL
};

struct SharedExperiment {
  Experiment experiment;               // what goes into the link, as it will be opened
  std::vector<std::string> left_out;   // "the value of the Authorization header", ...
};

SharedExperiment prepare_for_sharing(const Experiment& experiment, const Environment* environment,
                                     const ShareChoices& choices);

// A whole collection as one file: {"wirepad_collection": 1, "experiments": [{"path":
// "auth/login.json", "experiment": {...}}]}. Paths are relative, '/'-separated.
struct CollectionItem {
  std::string path;
  Experiment experiment;
  bool operator==(const CollectionItem&) const = default;
};
std::string serialize_collection(const std::vector<CollectionItem>& items);
// Errors: invalid_experiment naming the item ("experiments[2] (auth/login.json): ...");
// paths that climb out ("..", absolute) are refused.
Result<std::vector<CollectionItem>> parse_collection(std::string_view json);
// A relative workspace path is safe to write: not empty, not absolute, no "..", no "."
// segments, no empty segments, no NUL, no backslash.
bool is_safe_relative_path(std::string_view path);

}  // namespace wirepad
