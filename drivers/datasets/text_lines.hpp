#pragma once
// Reading a data file line by line while keeping count, so every error can
// name its line. Copes with the quirks real files have: a UTF-8 byte-order
// mark before the first line (AI4I), Windows line ends, blank trailing lines.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <string>

namespace aegis::datasets {

class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in) {}

  // The next line that is not blank, without BOM or '\r'; false at the end.
  bool next(std::string& line);
  // 1-based number of the line `next` returned last.
  std::size_t line_number() const { return line_number_; }

 private:
  std::istream& in_;
  std::size_t line_number_ = 0;
};

// Opens a file for reading or writing; DatasetError "<path>: cannot open ..."
// when that is impossible.
std::ifstream open_for_reading(const std::filesystem::path& path);
std::ofstream open_for_writing(const std::filesystem::path& path);

// Throws DatasetError "<path>: write failed" when the stream went bad.
void check_written(std::ostream& out, const std::string& source);

// The name errors use for a file: its path as the caller gave it.
inline std::string source_name(const std::filesystem::path& path) { return path.string(); }

}  // namespace aegis::datasets
