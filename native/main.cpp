// wirepad: the one native binary.
#include "native/cli.h"

int main(int argc, char** argv) { return wirepad::native::run_cli(argc, argv); }
