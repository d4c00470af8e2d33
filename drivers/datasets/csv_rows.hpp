#pragma once
// The data lines after a CSV header, one record each: every line must have
// the header's number of fields, and a field that cannot be read names its
// file and line.
#include <string>
#include <vector>

#include "drivers/datasets/csv_header.hpp"
#include "drivers/datasets/csv_row.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/text_lines.hpp"

namespace aegis::datasets {

// `parse(fields)` turns one line's fields into a Row and throws FieldError
// for a bad field; both problems become DatasetError "<source>:<line>: ...".
template <class Row, class Parse>
std::vector<Row> parse_csv_rows(LineReader& lines, const CsvHeader& header, const std::string& source, Parse&& parse) {
  std::vector<Row> rows;
  std::string line;
  while (lines.next(line)) {
    const auto fields = split_csv_line(line);
    if (fields.size() != header.size()) {
      throw DatasetError(source, lines.line_number(),
                         "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(fields.size()));
    }
    try {
      rows.push_back(parse(fields));
    } catch (const FieldError& error) {
      throw DatasetError(source, lines.line_number(), error.what());
    }
  }
  return rows;
}

}  // namespace aegis::datasets
