#pragma once
// HttpRequest / HttpResponse: the web module's own view of an HTTP exchange.
//
// Why not httplib's types: only web_server.cc includes httplib; the admin API, the
// status page and the health checks are plain functions of these structs, which keeps
// them testable without sockets and keeps the library in one file.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace five9exp {

// One request as the handlers see it. Plain data; not synchronised.
struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  // The path exactly as sent (still percent-encoded, no query). Route matching works on
  // raw segments so that an encoded '/' inside a campaign name cannot split a segment;
  // each path parameter is then decoded exactly once.
  std::string raw_path;
  std::vector<std::pair<std::string, std::string>> query;    // decoded once
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string body;
  std::string remote_addr;

  // Header value by case-insensitive name; "" when absent.
  std::string Header(std::string_view name) const;
  // First query value with this name.
  std::optional<std::string> Query(std::string_view name) const;
};

// One response. Plain data; not synchronised.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  // First extra header with this case-insensitive name; "" when absent.
  std::string Header(std::string_view name) const;
};

// True when an Accept-Encoding value accepts gzip (a "gzip" or "x-gzip" token whose
// q is not 0; "*" counts too).
bool AcceptsGzip(std::string_view accept_encoding);

// ASCII case-insensitive equality (HTTP header names, tokens).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace five9exp
