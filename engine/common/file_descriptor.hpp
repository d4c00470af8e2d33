#pragma once
// An open file descriptor, closed when the owner goes unless release() took
// it back (a caller that must see close()'s own error closes it itself).
#include <unistd.h>

#include <utility>

namespace aegis::files {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace aegis::files
