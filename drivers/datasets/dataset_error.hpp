#pragma once
// The one error type of the data-set readers and writers. Its message always
// starts with where the problem is ("train_FD001.txt:17: ..."), so a user can
// open the file at the right line without a debugger.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace aegis::datasets {

class DatasetError : public std::runtime_error {
 public:
  // "<source>:<line>: <message>"
  DatasetError(const std::string& source, std::size_t line, const std::string& message)
      : std::runtime_error(source + ":" + std::to_string(line) + ": " + message) {}
  // "<source>: <message>", for problems with the file as a whole.
  DatasetError(const std::string& source, const std::string& message)
      : std::runtime_error(source + ": " + message) {}
};

// A single field that cannot be read; the readers add the file and line.
class FieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace aegis::datasets
