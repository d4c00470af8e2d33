#include "engine/common/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <random>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/common/file_descriptor.hpp"

namespace aegis::files {
namespace {

[[noreturn]] void fail(const std::string& action, const std::filesystem::path& path, int error) {
  throw FileError("cannot " + action + " " + path.string() + ": " + std::strerror(error));
}

// Removes the temporary file unless the rename consumed it.
class TemporaryName {
 public:
  explicit TemporaryName(std::filesystem::path path) : path_(std::move(path)) {}
  ~TemporaryName() {
    if (armed_) ::unlink(path_.c_str());
  }
  TemporaryName(const TemporaryName&) = delete;
  TemporaryName& operator=(const TemporaryName&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void disarm() { armed_ = false; }

 private:
  std::filesystem::path path_;
  bool armed_ = true;
};

void write_all(int fd, std::string_view content, const std::filesystem::path& path) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno);
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
}

// The same folder as the target, so that rename() is atomic (no cross-device move).
std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// Opens a fresh, unique temporary file next to the target. O_EXCL guards
// against two writers picking the same name.
int create_temporary(const std::filesystem::path& target, std::filesystem::path& chosen) {
  std::random_device entropy;
  for (int attempt = 0; attempt < 16; ++attempt) {
    chosen = folder_of(target) /
             ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
              std::to_string(entropy()));
    const int fd = ::open(chosen.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) return fd;
    if (errno != EEXIST) fail("create a temporary file for", target, errno);
  }
  fail("create a temporary file for", target, EEXIST);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  if (path.filename().empty()) throw FileError("cannot write " + path.string() + ": not a file name");
  std::filesystem::path temporary_path;
  FileDescriptor file(create_temporary(path, temporary_path));
  TemporaryName temporary(temporary_path);

  write_all(file.get(), content, path);
  // Without this fsync the rename can reach the disk before the data does, and
  // a power loss leaves a zero-length or partial file under the final name.
  if (::fsync(file.get()) != 0) fail("flush", path, errno);
  if (::close(file.release()) != 0) fail("close", path, errno);

  if (::rename(temporary.path().c_str(), path.c_str()) != 0) fail("replace", path, errno);
  temporary.disarm();

  // The rename lives in the folder's entry table; flush it too, or the old
  // content may reappear after a power loss.
  FileDescriptor folder(::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (folder.get() < 0) fail("open the folder of", path, errno);
  if (::fsync(folder.get()) != 0) fail("flush the folder of", path, errno);
}

}  // namespace aegis::files
