// The `onemission` command line: global options, and one sub-command per use case
// (serve, migrate, import, export, org, demo). Returns the process exit code.
#pragma once

namespace om {

int RunCli(int argc, char** argv);

}  // namespace om
