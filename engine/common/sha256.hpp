#pragma once
// SHA-256 digests as lower-case hex, the form model manifests and sidecars use
// to pin an artifact's exact bytes.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace aegis::crypto {

class DigestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string sha256_hex(std::string_view bytes);

// Streams the file, so large artifacts need no buffer of their own size.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace aegis::crypto
