#include "app/cli.h"

int main(int argc, char** argv) { return om::RunCli(argc, argv); }
