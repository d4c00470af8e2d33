// aegisd: everything is wired in the daemon library; main only hands over
// the command line.
#include "daemon/cli/cli.hpp"

int main(int argc, char** argv) { return aegis::cli::run(argc, argv); }
