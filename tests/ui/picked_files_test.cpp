// ui/picked_files.h: the name a picked file is kept under in the browser build.
#include <catch2/catch.hpp>

#include "ui/picked_files.h"

using wirepad::ui::unique_file_name;

TEST_CASE("A picked file keeps its name, numbered before the extension when taken", "[ui][files]") {
  CHECK(unique_file_name("photo.png", {}) == "photo.png");
  CHECK(unique_file_name("photo.png", {"photo.png"}) == "photo (2).png");
  CHECK(unique_file_name("photo.png", {"photo.png", "photo (2).png"}) == "photo (3).png");
  CHECK(unique_file_name("archive.tar.gz", {"archive.tar.gz"}) == "archive.tar (2).gz");
  CHECK(unique_file_name("README", {"README"}) == "README (2)");
  CHECK(unique_file_name(".env", {".env"}) == ".env (2)");
  // Never a path, never empty.
  CHECK(unique_file_name("a/b\\c.txt", {}) == "a_b_c.txt");
  CHECK(unique_file_name("", {}) == "file");
  CHECK(unique_file_name("..", {"file"}) == "file (2)");
}
