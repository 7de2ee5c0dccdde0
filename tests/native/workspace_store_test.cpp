// The workspace folder: created with its marker and .gitignore, nested folders listed, saves
// atomic even when the saving process is killed with SIGKILL at an arbitrary moment, external
// edits noticed.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "posix/workspace_store.h"
#include "shared/experiment.h"

using namespace wirepad;
using namespace wirepad::posix;
namespace fs = std::filesystem;

namespace {

struct TempFolder {
  fs::path path;
  TempFolder() {
    char pattern[] = "/tmp/wirepad-ws-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempFolder() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Experiment numbered(int n, std::size_t body_size) {
  Experiment e;
  e.name = "save " + std::to_string(n);
  e.request.method = "POST";
  e.request.url = "http://127.0.0.1:8080/items/" + std::to_string(n);
  e.request.body = std::string(body_size, char('a' + n % 26));
  return e;
}

}  // namespace

TEST_CASE("a new workspace gets its marker and a .gitignore that keeps secrets out", "[workspace]") {
  TempFolder tmp;
  fs::path root = tmp.path / "nested" / "ws";
  auto store = FileWorkspaceStore::open(root.string());
  REQUIRE(store.ok());
  CHECK(fs::exists(root / ".wirepad-workspace"));
  std::string gitignore = slurp(root / ".gitignore");
  CHECK(gitignore.find("environments.secrets.json\n") != std::string::npos);
  CHECK(gitignore.find(".wirepad/\n") != std::string::npos);
  // git itself agrees, when it is installed.
  if (std::system("command -v git >/dev/null") == 0) {
    std::string cmd = "cd " + root.string() + " && git init -q && touch environments.secrets.json environments.json && "
                      "git check-ignore -q environments.secrets.json && ! git check-ignore -q environments.json";
    CHECK(std::system(cmd.c_str()) == 0);
  }
  // An existing .gitignore is kept and extended.
  fs::path other = tmp.path / "other";
  fs::create_directories(other);
  std::ofstream(other / ".gitignore") << "build/";
  REQUIRE(FileWorkspaceStore::open(other.string()).ok());
  CHECK(slurp(other / ".gitignore").rfind("build/\n# Wirepad", 0) == 0);
  // A file is not a folder.
  std::ofstream(tmp.path / "file") << "x";
  auto bad = FileWorkspaceStore::open((tmp.path / "file").string());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("is a file, not a folder") != std::string::npos);
}

TEST_CASE("experiments in nested folders are listed, read and saved", "[workspace]") {
  TempFolder tmp;
  auto opened = FileWorkspaceStore::open(tmp.path.string());
  REQUIRE(opened.ok());
  auto& store = *opened.value();
  REQUIRE_FALSE(store.write("users/admin/create.json", serialize_experiment(numbered(1, 10))));
  REQUIRE_FALSE(store.write("hello.json", serialize_experiment(numbered(2, 10))));
  REQUIRE_FALSE(store.write(".wirepad/history/00000001.json", "{}"));
  // Hidden files (.gitignore, the marker, .wirepad/) are not experiments.
  CHECK(store.list("") == std::vector<std::string>{"hello.json", "users/admin/create.json"});
  CHECK(store.list(".wirepad/history") == std::vector<std::string>{".wirepad/history/00000001.json"});
  CHECK(parse_experiment(store.read("users/admin/create.json").value()).value() == numbered(1, 10));
  Result<std::string> missing = store.read("nope.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("nope.json") != std::string::npos);
  CHECK(store.write("../escape.json", "x").message.find("not a path inside the workspace") == 0);
  REQUIRE_FALSE(store.remove("hello.json"));
  CHECK(store.list("") == std::vector<std::string>{"users/admin/create.json"});
}

TEST_CASE("external edits are noticed by polling", "[workspace]") {
  TempFolder tmp;
  auto opened = FileWorkspaceStore::open(tmp.path.string());
  REQUIRE(opened.ok());
  auto& store = *opened.value();
  REQUIRE_FALSE(store.write("a.json", serialize_experiment(numbered(1, 1))));
  store.poll_changes();  // the first poll learns the state
  CHECK_FALSE(store.poll_changes());
  // Another program (an editor, git checkout) changes the file: same size, other content;
  // nanosecond mtimes tell it apart.
  std::ofstream(tmp.path / "a.json") << serialize_experiment(numbered(2, 1));
  CHECK(store.poll_changes());
  CHECK_FALSE(store.poll_changes());
  fs::create_directories(tmp.path / "new");
  std::ofstream(tmp.path / "new" / "b.json") << serialize_experiment(numbered(3, 1));
  CHECK(store.poll_changes());
  fs::remove(tmp.path / "a.json");
  CHECK(store.poll_changes());
}

TEST_CASE("a save killed with SIGKILL never leaves a half file", "[workspace][crash]") {
  TempFolder tmp;
  REQUIRE(FileWorkspaceStore::open(tmp.path.string()).ok());
  // The child saves in a loop: new files (saves/N.json) and one file rewritten each time
  // (current.json), with bodies of varying size so some writes take several syscalls; it
  // reports each finished save on a pipe. The parent kills it at a random moment.
  std::mt19937 random(std::random_device{}());
  for (int round = 0; round < 20; ++round) {
    int progress[2];
    REQUIRE(::pipe(progress) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::close(progress[0]);
      auto store = FileWorkspaceStore::open(tmp.path.string());
      if (!store.ok()) ::_exit(3);
      for (int n = 0;; ++n) {
        std::size_t size = std::size_t(1) << (n % 20);  // 1 B .. 512 KiB
        std::string text = serialize_experiment(numbered(n, size));
        if (store.value()->write("saves/r" + std::to_string(round) + "/" + std::to_string(n) + ".json", text)) ::_exit(4);
        if (store.value()->write("current.json", text)) ::_exit(4);
        if (::write(progress[1], &n, sizeof n) != sizeof n) ::_exit(5);
      }
    }
    ::close(progress[1]);
    int wanted = 20 + int(random() % 40);
    int last = -1, n = 0;
    while (last < wanted && ::read(progress[0], &n, sizeof n) == sizeof n) last = n;
    // Somewhere inside a later save (a random moment, not between saves).
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
    REQUIRE(::kill(child, SIGKILL) == 0);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    while (::read(progress[0], &n, sizeof n) == sizeof n) last = n;  // saves finished before the kill
    ::close(progress[0]);
    CAPTURE(round, last);
    // Every save reported finished is complete and parses to what was saved.
    for (int i = 0; i <= last; ++i) {
      fs::path p = tmp.path / "saves" / ("r" + std::to_string(round)) / (std::to_string(i) + ".json");
      Result<Experiment> e = parse_experiment(slurp(p));
      REQUIRE(e.ok());
      CHECK(e.value() == numbered(i, std::size_t(1) << (i % 20)));
    }
    // The rewritten file is a whole version, never a mix.
    Result<Experiment> current = parse_experiment(slurp(tmp.path / "current.json"));
    REQUIRE(current.ok());
    // Any file that exists parses (a save in progress is only ever a hidden temp file).
    auto opened = FileWorkspaceStore::open(tmp.path.string());  // also removes stale temp files
    REQUIRE(opened.ok());
    for (const std::string& path : opened.value()->list("")) {
      CAPTURE(path);
      CHECK(parse_experiment(opened.value()->read(path).value()).ok());
    }
    for (auto& entry : fs::recursive_directory_iterator(tmp.path))
      CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
}
