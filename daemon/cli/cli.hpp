#pragma once
// aegisd's command line: sub-commands and their options, one clear line on
// stderr for every error, and the exit codes of SPEC section 3.
namespace aegis::cli {

int run(int argc, char** argv);

}  // namespace aegis::cli
