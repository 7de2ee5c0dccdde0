// native: the environment of `wirepad run FILE --env NAME`. The workspace is --workspace DIR
// or the nearest folder above FILE that holds the workspace marker; its environments.json and
// environments.secrets.json give the {{variables}} (docs/workspace.md). An OAuth 2.0 token the
// run fetches or refreshes is written back as secret variables (shared/auth_flow.h), so the
// next run uses it instead of asking again, as the app's Send does.
#pragma once
#include <memory>
#include <string>

#include "posix/workspace_store.h"
#include "shared/environment.h"
#include "shared/error.h"

namespace wirepad::native {

struct RunEnvironment {
  std::unique_ptr<posix::FileWorkspaceStore> store;
  Environments environments;  // as read
  std::string name;           // the one chosen
  Environment* chosen() { return environments.find(name); }
};

// The workspace a run's environment comes from: `workspace` when given (it must hold the
// marker), else the nearest folder above `experiment_file` that does. Errors (invalid_request):
// no such workspace, environments that do not parse (naming the file), no environment `name`
// (listing the ones there are).
Result<RunEnvironment> open_run_environment(const std::string& experiment_file, const std::string& workspace,
                                            const std::string& name);

// Writes both environment files when `environment` differs from what was read (a token kept),
// atomically (posix/workspace_store.h). Errors: io_error naming the file.
Error save_run_environment(RunEnvironment& run, const Environment& before);

}  // namespace wirepad::native
