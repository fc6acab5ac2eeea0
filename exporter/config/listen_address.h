#pragma once
// HOST:PORT listen addresses as written in the config and on the command line
// (":9959", "127.0.0.1:9960", "[::1]:9959", "localhost:0"). Shared by the config loader,
// the CLI and the web server so all three agree on what an address means.
// Pure functions: thread-safe.

#include <string>
#include <string_view>

#include "exporter/common/error.h"

namespace five9exp {

struct ListenAddress {
  std::string host;  // without brackets; empty = every interface
  int port = 0;      // 0..65535; 0 = an ephemeral port (tests)
};

// Splits and checks `text`. Error (kInvalidArgument) messages do not repeat the input.
Result<ListenAddress> ParseListenAddress(std::string_view text);

// True for hosts only reachable from this machine: "localhost", 127.0.0.0/8, "::1".
// An empty host (every interface) is not loopback.
bool IsLoopbackHost(std::string_view host);

}  // namespace five9exp
