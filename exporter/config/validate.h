#pragma once
// The cross-field rules of a Config, written once. LoadConfigFile/ParseConfig apply them
// (so --check-config and a reload judge them), and every other user of a Config (the
// runtime's start-up, tests that build a Config in code) calls Validate itself; no other
// module re-checks a rule listed here:
//  - domains[].endpoint parses with ParseEndpoint, the parser the transport connects with;
//  - domain names unique; admin token names and secrets unique;
//  - request_timeout longer than max_long_poll; show_only_my_skills needs api_version >= 12;
//  - high_availability: renew_deadline > retry_period, lease_duration - renew_deadline >= 2 s
//    and >= retry_period;
//  - admin.listen_address differs from web.listen_address;
//  - the admin API is not served over plain HTTP on a non-loopback address unless
//    admin.insecure (the verdict is in ConfigVerdict for the web server to act on).
// Messages name file:line:column when the Config came from a file (Config::marks) and never
// contain a secret. Thread-safe (pure function of its argument).

#include <string>
#include <vector>

#include "exporter/common/error.h"
#include "exporter/config/config.h"

namespace five9exp {

struct ConfigProblem {
  std::string path;  // key path the rule is about, e.g. "domains[0].endpoint"
  SourceMark mark;   // where in the file (line 0 = not from a file)
  std::string text;  // the whole message: "file:line:column: path: what is wrong"
};

// Every problem of `config`, in rule order (empty = valid).
std::vector<ConfigProblem> FindConfigProblems(const Config& config);

// What the rules concluded that users of the Config act on.
struct ConfigVerdict {
  // The admin API is served without TLS on a non-loopback address because the file says
  // admin.insecure: true (the web server warns at start).
  bool admin_plain_http_exposed = false;
};

// kConfig with every problem, one per line sorted by position; otherwise the verdict.
Result<ConfigVerdict> Validate(const Config& config);

}  // namespace five9exp
