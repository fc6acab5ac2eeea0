#include "exporter/testing/codecs.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>

namespace five9exp {
namespace {

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
      {std::string("\xff\xfe", 2), "//4="},
  };
  for (const auto& [plain, encoded] : vectors) EXPECT_EQ(Base64(plain), encoded) << plain;
}

TEST(GzipTest, RoundTripsAndCountsMembers) {
  const std::string text(100'000, 'a');
  const std::string packed = Gzip(text);
  ASSERT_GE(packed.size(), 2u);
  EXPECT_EQ(uint8_t(packed[0]), 0x1f);  // the gzip magic, not a bare deflate stream
  EXPECT_EQ(uint8_t(packed[1]), 0x8b);
  EXPECT_LT(packed.size(), text.size());
  int members = 0;
  EXPECT_EQ(Gunzip(packed, &members), text);
  EXPECT_EQ(members, 1);
  EXPECT_EQ(Gunzip(Gzip("one ") + Gzip("two"), &members), "one two");
  EXPECT_EQ(members, 2);
}

TEST(GzipTest, ATruncatedBodyThrows) {
  const std::string packed = Gzip("hello, gzip");
  EXPECT_THROW(Gunzip(packed.substr(0, packed.size() - 4)), std::runtime_error);
  EXPECT_THROW(Gunzip("not gzip at all"), std::runtime_error);
}

}  // namespace
}  // namespace five9exp
