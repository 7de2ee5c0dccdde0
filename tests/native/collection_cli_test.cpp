// `wirepad collection export/import`: a folder of experiments as one file and back, secrets
// left out unless asked, paths that climb out refused; `wirepad open` names the target.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "child_process.h"
#include "shared/experiment.h"
#include "shared/share_link.h"

using wirepad::test::run_command;
namespace fs = std::filesystem;

namespace {

const std::string kWirepad = WIREPAD_BINARY;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a collection travels as one file, without secrets unless asked", "[collection][cli]") {
  char pattern[] = "/tmp/wirepad-collection-XXXXXX";
  fs::path tmp = ::mkdtemp(pattern);
  fs::path src = tmp / "src";
  fs::create_directories(src / "users" / "admin");
  fs::create_directories(src / ".wirepad" / "history");
  wirepad::Experiment a;
  a.name = "A";
  a.request = {"GET", "http://{{host}}/a", {{"Authorization", "Bearer secret-token"}}, ""};
  wirepad::Experiment b;
  b.name = "B";
  b.request = {"DELETE", "http://127.0.0.1/b", {}, ""};
  std::ofstream(src / "a.json") << wirepad::serialize_experiment(a);
  std::ofstream(src / "users" / "admin" / "b.json") << wirepad::serialize_experiment(b);
  std::ofstream(src / "environments.json") << R"({"environments": []})";
  std::ofstream(src / ".wirepad" / "history" / "00000001.json") << "{}";

  auto exported = run_command({kWirepad, "collection", "export", src.string(), "-o", (tmp / "c.json").string()});
  REQUIRE(exported.status == 0);
  CHECK(exported.err.find("a.json: left out the value of the Authorization header") != std::string::npos);
  std::string file = slurp(tmp / "c.json");
  CHECK(file.find("secret-token") == std::string::npos);
  CHECK(file.find("\"users/admin/b.json\"") != std::string::npos);
  CHECK(file.find("environments") == std::string::npos);
  CHECK(file.find("00000001") == std::string::npos);

  auto imported = run_command({kWirepad, "collection", "import", (tmp / "c.json").string(), (tmp / "dst").string()});
  REQUIRE(imported.status == 0);
  CHECK(wirepad::parse_experiment(slurp(tmp / "dst" / "users" / "admin" / "b.json")).value() == b);
  wirepad::Experiment a_back = wirepad::parse_experiment(slurp(tmp / "dst" / "a.json")).value();
  CHECK(a_back.request.url == "http://{{host}}/a");
  CHECK(a_back.request.headers[0].value.empty());
  CHECK(fs::exists(tmp / "dst" / ".gitignore"));
  // Importing again keeps what is there.
  std::ofstream(tmp / "dst" / "a.json") << wirepad::serialize_experiment(b);
  imported = run_command({kWirepad, "collection", "import", (tmp / "c.json").string(), (tmp / "dst").string()});
  CHECK(imported.err.find("kept the existing a.json") != std::string::npos);
  CHECK(wirepad::parse_experiment(slurp(tmp / "dst" / "a.json")).value() == b);

  exported = run_command({kWirepad, "collection", "export", src.string(), "--include-secrets"});
  REQUIRE(exported.status == 0);
  CHECK(exported.out.find("secret-token") != std::string::npos);

  std::ofstream(tmp / "evil.json") << R"({"wirepad_collection": 1, "experiments": [{"path": "../x.json", "experiment": {}}]})";
  auto evil = run_command({kWirepad, "collection", "import", (tmp / "evil.json").string(), (tmp / "dst2").string()});
  CHECK(evil.status == 2);
  CHECK(evil.err.find("not a plain relative path") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "x.json"));
  fs::remove_all(tmp);
}
