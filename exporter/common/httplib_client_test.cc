#include "exporter/common/httplib_client.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace five9exp
