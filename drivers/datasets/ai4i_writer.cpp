#include "drivers/datasets/ai4i_writer.hpp"

#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/number_text.hpp"
#include "drivers/datasets/plain_field.hpp"
#include "drivers/datasets/text_lines.hpp"

namespace aegis::datasets {

void write_ai4i(std::ostream& out, const std::vector<Ai4iRow>& rows, const std::string& source,
                const Ai4iWriteOptions& options) {
  if (options.byte_order_mark) out << "\xEF\xBB\xBF";
  const auto& columns = ai4i_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << '\n';
  std::size_t line = 1;
  for (const auto& row : rows) {
    ++line;
    // Built whole before writing, so a refused field leaves no partial line.
    std::string text;
    try {
      text = std::to_string(row.udi) + ',' + plain_field(row.product_id, columns[1]) + ',' +
             plain_field(row.type, columns[2]);
      const auto values = sensor_values(row);
      for (std::size_t i = 0; i < values.size(); ++i) text += ',' + format_number(values[i], columns[3 + i]);
      text += ',' + std::to_string(row.target) + ',' + plain_field(row.failure_type, columns[9]) + '\n';
    } catch (const FieldError& error) {
      throw DatasetError(source, line, error.what());
    }
    out << text;
  }
  check_written(out, source);
}

void write_ai4i(const std::filesystem::path& path, const std::vector<Ai4iRow>& rows,
                const Ai4iWriteOptions& options) {
  auto out = open_for_writing(path);
  write_ai4i(out, rows, source_name(path), options);
}

}  // namespace aegis::datasets
