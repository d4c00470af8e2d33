#pragma once
// Splitting one line of a data file into fields. The data sets the gateway
// reads (AI4I CSV, C-MAPSS text) have no quoted fields with embedded
// separators, so quotes are only stripped, never interpreted.
#include <string>
#include <string_view>
#include <vector>

namespace aegis::datasets {

// Splits on `separator`; strips surrounding double quotes and a trailing '\r'.
std::vector<std::string> split_csv_line(std::string_view line, char separator = ',');

// Splits on runs of blanks (spaces or tabs), ignoring leading and trailing
// ones: the C-MAPSS layout, whose lines end with trailing spaces.
std::vector<std::string_view> split_whitespace(std::string_view line);

// Removes a UTF-8 byte-order mark at the start of a file's first line.
std::string_view strip_utf8_bom(std::string_view line);

}  // namespace aegis::datasets
