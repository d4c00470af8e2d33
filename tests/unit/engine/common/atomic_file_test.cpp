#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "engine/common/atomic_file.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis::files;

namespace {
std::size_t entries_in(const std::filesystem::path& folder) {
  return static_cast<std::size_t>(
      std::distance(std::filesystem::directory_iterator(folder), std::filesystem::directory_iterator()));
}
}  // namespace

TEST_CASE("An atomic write creates the file with exactly the content", "[files]") {
  aegis::test::TempDir dir;
  const std::string content("binary\0content\n", 15);
  write_file_atomically(dir / "model.ubj", content);
  CHECK(aegis::test::read_file(dir / "model.ubj") == content);
  CHECK(entries_in(dir.path()) == 1);  // no temporary file left behind
}

TEST_CASE("An atomic write replaces an existing file", "[files]") {
  aegis::test::TempDir dir;
  aegis::test::write_file(dir / "sidecar.json", "old and longer content");
  write_file_atomically(dir / "sidecar.json", "new");
  CHECK(aegis::test::read_file(dir / "sidecar.json") == "new");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("An atomic write into a missing folder fails and names the file", "[files]") {
  aegis::test::TempDir dir;
  const auto path = dir / "absent" / "model.json";
  CHECK_THROWS_WITH(write_file_atomically(path, "x"),
                    "cannot create a temporary file for " + path.string() + ": No such file or directory");
}

TEST_CASE("A failed rename leaves the target untouched and no temporary file", "[files]") {
  aegis::test::TempDir dir;
  // A non-empty folder cannot be replaced by a file.
  std::filesystem::create_directories(dir / "target" / "inside");
  CHECK_THROWS_AS(write_file_atomically(dir / "target", "x"), FileError);
  CHECK(std::filesystem::is_directory(dir / "target" / "inside"));
  CHECK(entries_in(dir.path()) == 1);
}
