#include <catch2/catch.hpp>

#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/number_text.hpp"

using aegis::datasets::FieldError;
using aegis::datasets::format_number;
using aegis::datasets::parse_integer;
using aegis::datasets::parse_number;

TEST_CASE("Numbers parse strictly and whole", "[datasets][numbers]") {
  CHECK(parse_number("298.1", "x") == 298.1);
  CHECK(parse_number(" -0.0007 ", "x") == -0.0007);
  CHECK(parse_number("+5", "x") == 5.0);
  CHECK(parse_number("1e3", "x") == 1000.0);
  CHECK_THROWS_WITH(parse_number("abc", "Torque [Nm]"), "Torque [Nm] is not a number: 'abc'");
  CHECK_THROWS_WITH(parse_number("", "Torque [Nm]"), "Torque [Nm] is not a number: ''");
  CHECK_THROWS_WITH(parse_number("1.5x", "s3"), "s3 is not a number: '1.5x'");
  CHECK_THROWS_WITH(parse_number("nan", "s3"), "s3 is not finite: 'nan'");
  CHECK_THROWS_WITH(parse_number("inf", "s3"), "s3 is not finite: 'inf'");
  CHECK_THROWS_AS(parse_number("1e999", "s3"), FieldError);
}

TEST_CASE("Integers accept integral decimals as pandas writes them", "[datasets][numbers]") {
  CHECK(parse_integer("42", "UDI") == 42);
  CHECK(parse_integer("3.0", "step_index") == 3);
  CHECK(parse_integer("-7", "x") == -7);
  CHECK_THROWS_WITH(parse_integer("3.5", "step_index"), "step_index is not an integer: '3.5'");
  CHECK_THROWS_WITH(parse_integer("x", "UDI"), "UDI is not an integer: 'x'");
  CHECK_THROWS_WITH(parse_integer("1e30", "UDI"), "UDI is not an integer: '1e30'");
}

TEST_CASE("Numbers format in their shortest exact form", "[datasets][numbers]") {
  CHECK(format_number(298.1) == "298.1");
  CHECK(format_number(1551.0) == "1551");
  CHECK(format_number(0.0) == "0");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(-0.0007) == "-0.0007");
  CHECK(format_number(0.00001) == "1e-05");
  CHECK(format_number(23.4190) == "23.419");
  const double awkward = 0.1 + 0.2;
  CHECK(parse_number(format_number(awkward), "x") == awkward);
  CHECK_THROWS_WITH(format_number(std::numeric_limits<double>::quiet_NaN(), "torque_Nm"), "torque_Nm is not finite: nan");
}
