// native: cli_collection.h.
#include "native/cli_collection.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "native/cli_args.h"
#include "posix/workspace_store.h"
#include "shared/share_content.h"
#include "ui/workspace.h"

namespace wirepad::native {
namespace {

const char* kUsage = R"(usage:
  wirepad collection export DIR [-o FILE] [--include-secrets]   a folder of experiments -> one file
  wirepad collection import FILE DIR                            that file -> experiment files in DIR
)";

int usage_error(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n" << kUsage;
  return 2;
}

bool slurp(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

int cmd_export(Args& args) {
  std::string dir, output, error;
  bool include_secrets = false;
  while (!args.done()) {
    if (auto v = args.value("-o", "--output", error)) output = *v;
    else if (!error.empty()) return usage_error(error);
    else if (args.flag("", "--include-secrets")) include_secrets = true;
    else if (!dir.empty()) return usage_error("export takes one folder");
    else dir = args.next();
  }
  if (dir.empty()) return usage_error("export needs the folder of experiments");
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::cerr << "wirepad: " << dir << " is not a folder\n";
    return 1;
  }
  std::vector<std::string> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string relative = fs::relative(it->path(), dir, ec).generic_string();
    if (it->is_directory() && it->path().filename().string()[0] == '.') {
      it.disable_recursion_pending();  // .git, .wirepad (history)
      continue;
    }
    if (it->is_regular_file() && ui::is_experiment_path(relative)) paths.push_back(relative);
  }
  std::sort(paths.begin(), paths.end());
  std::vector<CollectionItem> items;
  ShareChoices choices;
  choices.include_authorization = choices.include_cookie = choices.include_url_password = include_secrets;
  for (const std::string& path : paths) {
    std::string text;
    if (!slurp(fs::path(dir) / path, text)) {
      std::cerr << "wirepad: cannot read " << path << "\n";
      return 1;
    }
    Result<Experiment> e = parse_experiment(text);
    if (!e) {
      std::cerr << "wirepad: skipped " << path << ": " << e.error().message << "\n";
      continue;
    }
    SharedExperiment shared = prepare_for_sharing(e.value(), nullptr, choices);
    for (const std::string& what : shared.left_out) std::cerr << "wirepad: " << path << ": left out " << what << "\n";
    items.push_back({path, std::move(shared.experiment)});
  }
  std::string text = serialize_collection(items);
  if (output.empty() || output == "-") {
    std::cout << text;
  } else {
    std::ofstream out(output, std::ios::binary);
    out << text;
    if (!out) {
      std::cerr << "wirepad: cannot write " << output << "\n";
      return 1;
    }
  }
  std::cerr << "wirepad: " << items.size() << " experiments" << (include_secrets ? "" : " (secrets left out; --include-secrets keeps them)") << "\n";
  return 0;
}

int cmd_import(Args& args) {
  std::vector<std::string> positional;
  while (!args.done()) positional.push_back(args.next());
  if (positional.size() != 2) return usage_error("import takes the collection file and the folder to put it in");
  std::string text;
  if (!slurp(positional[0], text)) {
    std::cerr << "wirepad: cannot read " << positional[0] << "\n";
    return 1;
  }
  Result<std::vector<CollectionItem>> items = parse_collection(text);
  if (!items) {
    std::cerr << "wirepad: " << positional[0] << ": " << items.error().message << "\n";
    return 2;
  }
  auto store = posix::FileWorkspaceStore::open(positional[1]);
  if (!store) {
    std::cerr << "wirepad: " << store.error().message << "\n";
    return 1;
  }
  int written = 0;
  for (const CollectionItem& item : items.value()) {
    if (store.value()->read(item.path)) {
      std::cerr << "wirepad: kept the existing " << item.path << " (not overwritten)\n";
      continue;
    }
    if (Error e = store.value()->write(item.path, serialize_experiment(item.experiment))) {
      std::cerr << "wirepad: " << e.message << "\n";
      return 1;
    }
    ++written;
  }
  std::cerr << "wirepad: " << written << " experiments written to " << positional[1] << "\n";
  return 0;
}

}  // namespace

int run_collection_command(int argc, char** argv) {
  if (argc < 3) return usage_error("collection needs export or import");
  std::string sub = argv[2];
  Args args(argc, argv, 3);
  if (sub == "export") return cmd_export(args);
  if (sub == "import") return cmd_import(args);
  return usage_error("unknown collection command '" + sub + "'");
}

}  // namespace wirepad::native
