#include "drivers/datasets/csv_header.hpp"

#include <algorithm>
#include <utility>

#include "drivers/datasets/dataset_error.hpp"

namespace aegis::datasets {

CsvHeader::CsvHeader(std::vector<std::string> names, std::string source, std::size_t line_number)
    : names_(std::move(names)), source_(std::move(source)), line_number_(line_number) {
  // Spreadsheet exports sometimes pad header cells.
  for (auto& name : names_) {
    const auto first = name.find_first_not_of(" \t");
    const auto last = name.find_last_not_of(" \t");
    name = first == std::string::npos ? std::string() : name.substr(first, last - first + 1);
  }
}

std::optional<std::size_t> CsvHeader::find(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

std::size_t CsvHeader::require(std::string_view name) const {
  if (const auto index = find(name)) return *index;
  throw DatasetError(source_, line_number_, "missing column '" + std::string(name) + "'");
}

}  // namespace aegis::datasets
