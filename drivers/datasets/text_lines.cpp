#include "drivers/datasets/text_lines.hpp"

#include <cerrno>
#include <cstring>

#include "drivers/datasets/csv_row.hpp"
#include "drivers/datasets/dataset_error.hpp"

namespace aegis::datasets {
namespace {

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t") == std::string::npos;
}

std::string reason_from_errno(const char* fallback) {
  return errno != 0 ? std::string(std::strerror(errno)) : std::string(fallback);
}

}  // namespace

bool LineReader::next(std::string& line) {
  while (std::getline(in_, line)) {
    ++line_number_;
    if (line_number_ == 1) line = std::string(strip_utf8_bom(line));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!is_blank(line)) return true;
  }
  return false;
}

std::ifstream open_for_reading(const std::filesystem::path& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DatasetError(source_name(path), "cannot open for reading: " + reason_from_errno("unknown error"));
  return in;
}

std::ofstream open_for_writing(const std::filesystem::path& path) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw DatasetError(source_name(path), "cannot open for writing: " + reason_from_errno("unknown error"));
  return out;
}

void check_written(std::ostream& out, const std::string& source) {
  out.flush();
  if (!out) throw DatasetError(source, "write failed");
}

}  // namespace aegis::datasets
