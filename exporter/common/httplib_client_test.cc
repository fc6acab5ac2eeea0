#include "exporter/common/httplib_client.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "exporter/testing/canned_http_server.h"
#include "exporter/testing/unordered_threads.h"

namespace five9exp {
namespace {

// ThreadSanitizer (make test SANITIZE=thread) found two leader electors' first clients racing
// on httplib's URL regex (exporter/common/httplib_client.h says why). Each test runs in its
// own process (gtest_discover_tests): these are the process's first clients.
TEST(HttplibClientTest, FirstClientsOnTwoThreadsAreOrdered) {
  bool first_valid = false;
  bool second_valid = false;
  RunOneAfterTheOtherUnordered(
      [&] { first_valid = NewHttplibClient("http://127.0.0.1:1")->is_valid(); },
      [&] { second_valid = NewHttplibClient("https://[::1]:2")->is_valid(); });
  EXPECT_TRUE(first_valid);
  EXPECT_TRUE(second_valid);
}

// TSan found two domains' pollers reading their first responses at once racing on httplib's
// status-line regex (exporter/common/httplib_client.h). The body is checked with a regex made
// before the threads start, so that this binary, like the exporter, holds instrumented copies
// of libstdc++'s regex templates that httplib's matching runs in.
TEST(HttplibClientTest, FirstResponsesOnTwoThreadsAreRead) {
  const std::regex body_pattern("o(k)");
  CannedHttpServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  std::string first_body;
  std::string second_body;
  RunOneAfterTheOtherUnordered(
      [&] {
        if (auto result = NewHttplibClient(server.Url())->Get("/")) first_body = result->body;
      },
      [&] {
        if (auto result = NewHttplibClient(server.Url())->Get("/")) second_body = result->body;
      });
  EXPECT_TRUE(std::regex_match(first_body, body_pattern)) << first_body;
  EXPECT_TRUE(std::regex_match(second_body, body_pattern)) << second_body;
}

}  // namespace
}  // namespace five9exp
