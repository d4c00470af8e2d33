#pragma once
// Writes snapshot rows in the AI4I 2020 CSV layout, so that what the
// simulator makes reads back through read_ai4i like the published file.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "drivers/datasets/ai4i_reader.hpp"

namespace aegis::datasets {

struct Ai4iWriteOptions {
  bool byte_order_mark = false;  // the published file starts with one
};

// Numbers are written in their shortest exact form (298.1, 1551, 0).
// Text fields holding a comma, quote or line break are refused (the layout
// has no quoting) with DatasetError "<source>:<line>: ...".
void write_ai4i(std::ostream& out, const std::vector<Ai4iRow>& rows, const std::string& source,
                const Ai4iWriteOptions& options = {});
void write_ai4i(const std::filesystem::path& path, const std::vector<Ai4iRow>& rows,
                const Ai4iWriteOptions& options = {});

}  // namespace aegis::datasets
