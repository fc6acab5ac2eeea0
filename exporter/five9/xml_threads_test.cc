// libxml2 initialises its globals on the first parse; pollers parse on their own threads.
#include <gtest/gtest.h>

#include <string_view>

#include "exporter/five9/xml.h"
#include "exporter/testing/unordered_threads.h"

namespace five9exp {
namespace {

constexpr std::string_view kResponse =
    "<?xml version=\"1.0\"?><Envelope><Body><ok>1</ok></Body></Envelope>";

// ThreadSanitizer (make test SANITIZE=thread) found two pollers' first parses racing on
// libxml2's global mutexes: xmlInitParser is not thread-safe. Each test runs in its own
// process (gtest_discover_tests), so these are the first parses of the process.
TEST(XmlThreadsTest, FirstDocumentParsesOnTwoThreadsAreOrdered) {
  bool first_ok = false;
  bool second_ok = false;
  RunOneAfterTheOtherUnordered(
      [&] { first_ok = XmlDocument::Parse(kResponse, 1 << 20).has_value(); },
      [&] { second_ok = XmlDocument::Parse(kResponse, 1 << 20).has_value(); });
  EXPECT_TRUE(first_ok);
  EXPECT_TRUE(second_ok);
}

// The streaming parser initialises libxml2 the same way (one getStatisticsUpdate stream
// on a poller while another poller parses a DOM).
TEST(XmlThreadsTest, FirstStreamingAndDocumentParsesOnTwoThreadsAreOrdered) {
  struct Ignore final : XmlStreamHandler {
    bool StartElement(const XmlStreamElement&) override { return true; }
    bool EndElement() override { return true; }
    bool Characters(std::string_view) override { return true; }
    bool OtherContent() override { return true; }
  };
  bool stream_ok = false;
  bool document_ok = false;
  RunOneAfterTheOtherUnordered(
      [&] {
        Ignore handler;
        auto outcome = XmlStreamParse(kResponse, handler, 1 << 20);
        stream_ok = outcome && *outcome == XmlStreamOutcome::kCompleted;
      },
      [&] { document_ok = XmlDocument::Parse(kResponse, 1 << 20).has_value(); });
  EXPECT_TRUE(stream_ok);
  EXPECT_TRUE(document_ok);
}

}  // namespace
}  // namespace five9exp
