#pragma once
// The header line of a CSV data file: columns are found by name, so files
// with their columns in another order or with extra columns still read.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aegis::datasets {

class CsvHeader {
 public:
  // `line_number` is where the header was read, for error messages.
  CsvHeader(std::vector<std::string> names, std::string source, std::size_t line_number);

  std::optional<std::size_t> find(std::string_view name) const;
  // Throws DatasetError "<source>:<line>: missing column '<name>'".
  std::size_t require(std::string_view name) const;
  std::size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::string source_;
  std::size_t line_number_;
};

}  // namespace aegis::datasets
