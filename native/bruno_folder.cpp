// native: bruno_folder.h.
#include "native/bruno_folder.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wirepad::native {

namespace fs = std::filesystem;

bool is_bruno_folder(const std::string& folder) {
  std::error_code ec;
  return fs::is_directory(folder, ec) && fs::is_regular_file(fs::path(folder) / "bruno.json", ec);
}

Result<ImportBatch> import_bruno_folder(const std::string& folder) {
  std::vector<BrunoFile> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(folder, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name[0] == '.' || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || !(name == "bruno.json" || it->path().extension() == ".bru")) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return make_error(ErrorCode::invalid_request, "cannot read " + it->path().string());
    files.push_back({fs::relative(it->path(), folder, ec).generic_string(), text.str()});
  }
  if (ec) return make_error(ErrorCode::invalid_request, "cannot list the folder " + folder + ": " + ec.message());
  return import_bruno_collection(files);
}

}  // namespace wirepad::native
