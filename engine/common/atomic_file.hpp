#pragma once
// Crash-safe replacement of a file's content. Model artifacts and sidecars are
// written on gateways that lose power without warning; a reader must find
// either the old file or the new one, never a torn mix of both.
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace aegis::files {

class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `content` to a temporary file in the target's folder, flushes it to
// the disk, renames it over `path` and flushes the folder so the rename itself
// survives a power loss. The folder must exist. On failure the target is left
// untouched and the temporary file is removed.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace aegis::files
