#pragma once
// XGBoost 1.7's UBJSON loader trusts the document it is given: a model cut
// short (a partial download, a truncated upload) makes it read past the end
// of the buffer or allocate what a broken length claims, and the process
// dies. UBJSON bytes are therefore first read through nlohmann's
// bounds-checked parser, which builds nothing, and only a whole, well-formed
// document reaches XGBoost. JSON models go to XGBoost's own reader, which
// checks the end of its input, and which also reads the NaN and Infinity that
// XGBoost writes but strict JSON parsers refuse.
#include <string_view>

namespace aegis::models {

enum class ModelFormat;

// The format of bytes that open with '{': JSON when the next byte begins a
// key or closes the object (or is white space), UBJSON otherwise.
ModelFormat model_document_format(std::string_view bytes);

// For UBJSON bytes, throws ModelError "cannot load <origin>: it is not a
// whole UBJSON document (<reason>)" unless they hold exactly one complete
// document. JSON bytes pass (see above).
void check_whole_document(std::string_view bytes, std::string_view origin);

}  // namespace aegis::models
