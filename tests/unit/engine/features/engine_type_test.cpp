#include <catch2/catch.hpp>

#include "engine/features/engine_type.hpp"

using aegis::features::encode_engine_type;

TEST_CASE("engine type encodes as the seed's alphabetical label encoder", "[features]") {
  CHECK(encode_engine_type("H") == 0.0);
  CHECK(encode_engine_type("L") == 1.0);
  CHECK(encode_engine_type("M") == 2.0);
}

TEST_CASE("unknown or missing engine type encodes as 0", "[features]") {
  CHECK(encode_engine_type("") == 0.0);
  CHECK(encode_engine_type("X") == 0.0);
  CHECK(encode_engine_type("LM") == 0.0);
  CHECK(encode_engine_type("Low") == 0.0);
}

TEST_CASE("engine type forgives case and surrounding blanks", "[features]") {
  CHECK(encode_engine_type(" l ") == 1.0);
  CHECK(encode_engine_type("m\n") == 2.0);
}
