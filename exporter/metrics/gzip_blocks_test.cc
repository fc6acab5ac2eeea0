#include "exporter/metrics/gzip_blocks.h"

#include <gtest/gtest.h>

#include <string>

#include "exporter/testing/codecs.h"

namespace five9exp {
namespace {

// A body shaped like /metrics: families of labeled samples.
std::string Body(int agents, int changed_agent = -1) {
  std::string body;
  for (int column = 0; column < 20; ++column) {
    const std::string name = "five9_agent_statistics_column_" + std::to_string(column);
    body += "# HELP " + name + " Cached; refreshed by long polling.\n# TYPE " + name + " gauge\n";
    for (int agent = 0; agent < agents; ++agent) {
      const int value = agent * 7 + column + (agent == changed_agent && column == 10 ? 1000 : 0);
      body += name + "{domain=\"acme\",agent=\"agent" + std::to_string(agent) +
              "@acme.example\"} " + std::to_string(value) + "\n";
    }
  }
  return body;
}

TEST(BlockGzipTest, MembersConcatenateToThePlainBody) {
  for (GzipEngine engine : {GzipEngine::kLibdeflate, GzipEngine::kZlib}) {
    BlockGzip gzip(engine);
    const std::string plain = Body(2000);
    const std::string compressed = gzip.Compress(plain);
    int members = 0;
    EXPECT_EQ(Gunzip(compressed, &members), plain);
    EXPECT_GT(members, 20);
    EXPECT_EQ(static_cast<size_t>(members), gzip.last_blocks());
    EXPECT_EQ(gzip.last_compressed(), gzip.last_blocks());
    EXPECT_LT(compressed.size(), plain.size() / 4);
  }
  BlockGzip gzip;
  int members = 0;
  EXPECT_EQ(Gunzip(gzip.Compress(""), &members), "");
  EXPECT_EQ(Gunzip(gzip.Compress("no newline at the end"), &members), "no newline at the end");
}

TEST(BlockGzipTest, OnlyBlocksWhoseLinesChangedAreRecompressed) {
  BlockGzip gzip;
  gzip.Compress(Body(2000));
  const size_t blocks = gzip.last_blocks();
  // Same body again: nothing to compress.
  gzip.Compress(Body(2000));
  EXPECT_EQ(gzip.last_compressed(), 0u);
  // One value changes (and gets longer, shifting every later byte): its block and at most
  // one neighbour are recompressed, the rest are reused.
  const std::string changed = Body(2000, 1234);
  const std::string compressed = gzip.Compress(changed);
  int members = 0;
  EXPECT_GE(gzip.last_compressed(), 1u);
  EXPECT_LE(gzip.last_compressed(), 2u);
  // Values in five places, each made longer: only their blocks (and maybe a neighbour each).
  std::string shifted = Body(2000);
  for (int i = 0; i < 5; ++i) {
    const size_t at = shifted.find("} ", 1000 + i * 150'000);
    shifted.insert(at + 2, std::string(i + 1, '9'));
  }
  gzip.Compress(Body(2000));
  EXPECT_EQ(Gunzip(gzip.Compress(shifted), &members), shifted);
  EXPECT_LE(gzip.last_compressed(), 10u);
  EXPECT_NEAR(static_cast<double>(gzip.last_blocks()), static_cast<double>(blocks), 2);
  EXPECT_EQ(Gunzip(compressed, &members), changed);
}

TEST(BlockGzipTest, BlocksEndAtLineEndsWithinTheirSizeBounds) {
  const std::string plain = Body(3000);
  const std::vector<GzipBlock> blocks = GzipBlocks(plain);
  size_t start = 0, forced = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_EQ(plain[blocks[i].end - 1], '\n');
    EXPECT_LE(blocks[i].end - start, BlockGzip::kMaxBlock + 200);  // + the line that crossed it
    if (i + 1 < blocks.size()) {
      EXPECT_GE(blocks[i].end - start, BlockGzip::kMinBlock);
    }
    if (blocks[i].end - start >= BlockGzip::kMaxBlock) ++forced;
    start = blocks[i].end;
  }
  EXPECT_EQ(blocks.back().end, plain.size());
  // Edges come from the content, not the size cap (which would not resynchronise after a
  // length change).
  EXPECT_LT(forced, blocks.size() / 4);
}

}  // namespace
}  // namespace five9exp
