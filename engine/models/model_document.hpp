#pragma once
// XGBoost 1.7's model loaders trust the document they are given: a JSON or
// UBJSON model cut short (a partial download, a truncated upload) makes them
// read past the end of the buffer or allocate what a broken length claims,
// and the process dies. A model's bytes are therefore first read through
// nlohmann's bounds-checked parser, which builds nothing, and only a whole,
// well-formed document reaches XGBoost.
#include <string_view>

namespace aegis::models {

enum class ModelFormat;

// The format of bytes that open with '{': JSON when the next byte begins a
// key or closes the object (or is white space), UBJSON otherwise.
ModelFormat model_document_format(std::string_view bytes);

// Throws ModelError "cannot load <origin>: it is not a whole <JSON|UBJSON>
// document (<reason>)" unless `bytes` hold exactly one complete document.
void check_whole_document(std::string_view bytes, std::string_view origin);

}  // namespace aegis::models
