#pragma once
// Numbers as the data files spell them. Parsing is strict (the whole field
// must be the number, and it must be finite) because a silently misread sensor
// value poisons training; formatting is the shortest text that reads back to
// the same double, so writer -> reader round trips are exact and byte-stable.
#include <cstdint>
#include <string>
#include <string_view>

namespace aegis::datasets {

// A finite double; surrounding blanks are ignored. Throws FieldError
// "<field> is not a number: '<text>'" or "<field> is not finite: '<text>'".
double parse_number(std::string_view text, std::string_view field);

// An integer; an integral decimal such as "3.0" (as pandas writes integer
// columns that hold gaps) is accepted. Throws FieldError
// "<field> is not an integer: '<text>'".
std::int64_t parse_integer(std::string_view text, std::string_view field);

// Shortest round-trip text: 298.1 -> "298.1", 1551.0 -> "1551", 0.1 + 0.2 ->
// "0.30000000000000004"; exponents only where %g would use them (1e-05).
// Non-finite values are refused with FieldError
// "<field> is not finite: nan".
std::string format_number(double value, std::string_view field = "value");

}  // namespace aegis::datasets
