#include <catch2/catch.hpp>

#include <string>

#include "engine/common/sha256.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis::crypto;

TEST_CASE("SHA-256 of a buffer matches the FIPS 180-2 test vectors", "[crypto]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("SHA-256 of a file equals that of its bytes, across read chunks", "[crypto]") {
  aegis::test::TempDir dir;
  std::string content(200 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 31 % 251);
  aegis::test::write_file(dir / "blob.bin", content);
  CHECK(sha256_file_hex(dir / "blob.bin") == sha256_hex(content));

  aegis::test::write_file(dir / "abc.txt", "abc");
  CHECK(sha256_file_hex(dir / "abc.txt") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SHA-256 of a missing file names it", "[crypto]") {
  aegis::test::TempDir dir;
  CHECK_THROWS_WITH(sha256_file_hex(dir / "absent.bin"),
                    "cannot read " + (dir / "absent.bin").string() + ": No such file or directory");
}
