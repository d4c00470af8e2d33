#pragma once
// Input an import refuses (a file that is not a model, a wrong feature count,
// an unknown task or profile, a file that is not seed telemetry): the
// caller's mistake, reported in one line, with nothing stored. It is an
// invalid_argument so the command line maps it to exit code 2 and the API to
// a 400.
#include <stdexcept>

namespace aegis::imports {

class ImportError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace aegis::imports
