// native: `wirepad run --env` (cli_run_env.h).
#include "native/cli_run_env.h"

#include <filesystem>

namespace wirepad::native {
namespace {

namespace fs = std::filesystem;

bool has_marker(const fs::path& folder) {
  std::error_code ec;
  return fs::is_regular_file(folder / posix::kWorkspaceMarker, ec);
}

// The nearest folder at or above the file's own that is a workspace; empty when none is.
std::string workspace_above(const std::string& experiment_file) {
  std::error_code ec;
  fs::path folder = fs::absolute(experiment_file, ec).parent_path();
  if (ec) return "";
  for (;;) {
    if (has_marker(folder)) return folder.string();
    if (!folder.has_parent_path() || folder.parent_path() == folder) return "";
    folder = folder.parent_path();
  }
}

}  // namespace

Result<RunEnvironment> open_run_environment(const std::string& experiment_file, const std::string& workspace,
                                            const std::string& name) {
  std::string root = workspace;
  if (root.empty()) {
    root = workspace_above(experiment_file);
    if (root.empty()) {
      return make_error(ErrorCode::invalid_request, "--env " + name + ": no workspace holds " + experiment_file +
                                                        " (no " + posix::kWorkspaceMarker +
                                                        " in its folder or above); name one with --workspace DIR");
    }
  } else if (!has_marker(root)) {
    // Opening would make one (FileWorkspaceStore::open): a run never creates a workspace.
    return make_error(ErrorCode::invalid_request, "--workspace " + root + " is not a Wirepad workspace (no " +
                                                      posix::kWorkspaceMarker + " in it)");
  }
  Result<std::unique_ptr<posix::FileWorkspaceStore>> store = posix::FileWorkspaceStore::open(root);
  if (!store) return store.error();
  RunEnvironment out;
  out.store = std::move(store.value());
  out.name = name;
  Result<std::string> public_text = out.store->read("environments.json");
  if (!public_text) {
    return make_error(ErrorCode::invalid_request,
                      "--env " + name + ": the workspace " + root + " has no environments.json, so no environment \"" + name + "\"");
  }
  Result<std::string> secrets_text = out.store->read("environments.secrets.json");  // missing: no secrets yet
  Result<Environments> parsed = parse_environments(public_text.value(), secrets_text ? secrets_text.value() : "");
  if (!parsed) return make_error(ErrorCode::invalid_request, root + "/" + parsed.error().message);
  out.environments = std::move(parsed.value());
  if (!out.chosen()) {
    std::string names;
    for (const Environment& e : out.environments.environments) names += (names.empty() ? "\"" : ", \"") + e.name + "\"";
    return make_error(ErrorCode::invalid_request, "--env " + name + ": " + root + "/environments.json has no environment \"" +
                                                      name + "\"" + (names.empty() ? " (it has none)" : " (it has " + names + ")"));
  }
  return out;
}

Error save_run_environment(RunEnvironment& run, const Environment& before) {
  const Environment* now = run.chosen();
  if (!now || *now == before) return {};
  // Secrets first: a value the public file does not list yet is still read as a secret
  // (parse_environments), so a run stopped between the two writes loses no token.
  if (Error e = run.store->write("environments.secrets.json", serialize_environment_secrets(run.environments))) return e;
  return run.store->write("environments.json", serialize_environments(run.environments));
}

}  // namespace wirepad::native
