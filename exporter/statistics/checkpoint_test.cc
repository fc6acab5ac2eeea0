#include "exporter/statistics/checkpoint.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "exporter/statistics/checkpoint_file.h"
#include "exporter/statistics/table.h"
#include "exporter/testing/temp_dir.h"

namespace five9exp {
namespace {

const WallTime kNow = WallTime(std::chrono::seconds(1'800'000'000));

DomainConfig Domain() {
  DomainConfig domain;
  domain.name = "acme";
  domain.endpoint = "http://127.0.0.1:1/ws";
  domain.username = "api@acme";
  domain.password = "secret";
  return domain;
}

TableSnapshot AgentTable() {
  StatisticTable table(StatisticType::kAgentState);
  Statistics statistics;
  statistics.type = StatisticType::kAgentState;
  statistics.columns = {"Username", "State", "Reason Code", "State Since"};
  statistics.rows = {{"bob", "Ready", std::nullopt, "2026-11-28 13:59:42"},
                     {"alice", "Not Ready", "", "0:01:02"}};
  statistics.timestamp = 1'700'000'000'123;
  table.Load(statistics, kNow - std::chrono::seconds(3));
  return table.Snapshot();
}

// A small but complete checkpoint: two tables (one in doubt, one without its key column),
// value kinds, view settings with every optional set, call times.
DomainCheckpoint Sample() {
  DomainSnapshot snapshot;
  snapshot.domain = "acme";
  snapshot.tables[StatisticType::kAgentState] = AgentTable();
  StatisticTable keyless(StatisticType::kAcdStatus);
  Statistics acd;
  acd.type = StatisticType::kAcdStatus;
  acd.columns = {"Calls In Queue"};
  acd.rows = {{"3"}, {std::nullopt}};
  acd.timestamp = 42;
  keyless.Load(acd, kNow);
  keyless.MarkInconsistent();
  snapshot.tables[StatisticType::kAcdStatus] = keyless.Snapshot();
  snapshot.tables[StatisticType::kCampaignState] = TableSnapshot{};  // not ready: left out
  DomainConfig domain = Domain();
  domain.view_settings.app_type = "wallboard";
  domain.view_settings.force_logout_session = true;
  ColumnKinds kinds;
  kinds[StatisticType::kAgentState]["State Since"] = "timestamp";
  std::vector<WallTime> calls = {kNow - std::chrono::hours(25), kNow - std::chrono::minutes(5),
                                 kNow - std::chrono::hours(2)};
  return CheckpointFromSnapshot(snapshot, domain, calls, kinds, kNow);
}

void ExpectSameTable(const TableSnapshot& a, const TableSnapshot& b) {
  EXPECT_EQ(*a.columns, *b.columns);
  EXPECT_EQ(a.key_column, b.key_column);
  EXPECT_EQ(a.consistent, b.consistent);
  EXPECT_EQ(a.five9_timestamp, b.five9_timestamp);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(a.updated - b.updated).count(),
            0);
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i]->key, b.rows[i]->key);
    EXPECT_EQ(a.rows[i]->cells, b.rows[i]->cells);
  }
}

TEST(CheckpointTest, RoundTripKeepsTablesKindsViewSettingsAndRecentCalls) {
  const DomainCheckpoint original = Sample();
  EXPECT_EQ(original.tables.size(), 2u) << "a table that is not ready is not checkpointed";
  EXPECT_EQ(original.query_statistics_calls.size(), 2u) << "calls older than 24 h dropped";
  const std::string bytes = EncodeCheckpoint(original);
  CheckpointResult<DomainCheckpoint> decoded = DecodeCheckpoint(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->domain, "acme");
  EXPECT_EQ(decoded->fingerprint, original.fingerprint);
  EXPECT_EQ(decoded->written, original.written);
  EXPECT_EQ(decoded->view_settings, original.view_settings);
  EXPECT_EQ(decoded->column_kinds, original.column_kinds);
  EXPECT_EQ(decoded->query_statistics_calls, original.query_statistics_calls);
  ASSERT_EQ(decoded->tables.size(), 2u);
  for (const auto& [type, table] : original.tables)
    ExpectSameTable(decoded->tables.at(type), table);
  EXPECT_FALSE(decoded->tables.at(StatisticType::kAcdStatus).consistent);
  EXPECT_EQ(decoded->tables.at(StatisticType::kAcdStatus).rows[1]->cells[0], std::nullopt);
  EXPECT_EQ(EncodeCheckpoint(*decoded), bytes) << "encoding is deterministic";
}

TEST(CheckpointTest, RestoredTableServesTheStoredRowsAndTimestamp) {
  const DomainCheckpoint checkpoint = *DecodeCheckpoint(EncodeCheckpoint(Sample()));
  StatisticTable table(StatisticType::kAgentState);
  table.Restore(checkpoint.tables.at(StatisticType::kAgentState));
  EXPECT_TRUE(table.ready());
  EXPECT_TRUE(table.consistent());
  EXPECT_EQ(table.five9_timestamp(), 1'700'000'000'123);
  ExpectSameTable(table.Snapshot(), AgentTable());
  StatisticTable doubtful(StatisticType::kAcdStatus);
  doubtful.Restore(checkpoint.tables.at(StatisticType::kAcdStatus));
  EXPECT_FALSE(doubtful.consistent()) << "a table stored in doubt is reloaded, not trusted";
}

TEST(CheckpointTest, ChecksumIsZlibsCrc32) {
  const std::string bytes = EncodeCheckpoint(Sample());
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size() - 4);
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) {
    stored |= uint32_t{static_cast<uint8_t>(bytes[bytes.size() - 4 + i])} << (8 * i);
  }
  EXPECT_EQ(stored, static_cast<uint32_t>(crc));
}

TEST(CheckpointTest, EveryTruncationIsRefusedCleanly) {
  const std::string bytes = EncodeCheckpoint(Sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto decoded = DecodeCheckpoint(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(decoded) << "truncated to " << n << " bytes was accepted";
    EXPECT_EQ(decoded.error().problem, CheckpointProblem::kInvalid);
    EXPECT_FALSE(decoded.error().message.empty());
  }
  EXPECT_FALSE(DecodeCheckpoint(bytes + '\0')) << "padding";
}

TEST(CheckpointTest, EverySingleBitFlipIsRefusedCleanly) {
  const std::string bytes = EncodeCheckpoint(Sample());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      auto decoded = DecodeCheckpoint(flipped);
      ASSERT_FALSE(decoded) << "bit " << bit << " of byte " << i << " flipped was accepted";
      EXPECT_EQ(decoded.error().problem, CheckpointProblem::kInvalid);
    }
  }
}

// Rewrites the header's version and fixes the CRC: an honest file of another build.
std::string WithVersion(std::string bytes, uint32_t version) {
  for (int i = 0; i < 4; ++i) bytes[8 + i] = static_cast<char>((version >> (8 * i)) & 0xFF);
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size() - 4);
  for (int i = 0; i < 4; ++i) {
    bytes[bytes.size() - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  }
  return bytes;
}

TEST(CheckpointTest, OtherFormatVersionsAreRefusedNamingTheVersion) {
  const std::string bytes = EncodeCheckpoint(Sample());
  for (uint32_t version : {0u, kCheckpointFormatVersion + 1, 0xFFFFFFFFu}) {
    auto decoded = DecodeCheckpoint(WithVersion(bytes, version));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().problem, CheckpointProblem::kInvalid);
    EXPECT_NE(decoded.error().message.find("version " + std::to_string(version)), std::string::npos)
        << decoded.error().message;
  }
}

TEST(CheckpointTest, ForeignBytesAreRefused) {
  for (std::string_view junk : {"", "hello", "{\"tables\": []}", "F9XCKPT\n"}) {
    EXPECT_FALSE(DecodeCheckpoint(junk)) << junk;
  }
}

TEST(CheckpointTest, AcceptChecksFingerprintAndAge) {
  const std::string bytes = EncodeCheckpoint(Sample());
  DomainConfig domain = Domain();
  domain.view_settings.app_type = "wallboard";
  domain.view_settings.force_logout_session = true;
  EXPECT_TRUE(AcceptCheckpoint(bytes, domain, kNow + std::chrono::seconds(599)));
  domain.password = "rotated";
  EXPECT_TRUE(AcceptCheckpoint(bytes, domain, kNow)) << "the password is not the session";

  auto stale = AcceptCheckpoint(bytes, domain, kNow + std::chrono::seconds(601));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().problem, CheckpointProblem::kStale);
  auto future = AcceptCheckpoint(bytes, domain, kNow - std::chrono::minutes(5));
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().problem, CheckpointProblem::kStale);

  for (auto change : std::vector<std::function<void(DomainConfig&)>>{
           [](DomainConfig& d) { d.name = "other"; },
           [](DomainConfig& d) { d.endpoint = "http://127.0.0.1:2/ws"; },
           [](DomainConfig& d) { d.username = "someone@acme"; },
           [](DomainConfig& d) { d.view_settings.rolling_period = "Minutes5"; },
           [](DomainConfig& d) { d.view_settings.time_zone_ms = 3600000; }}) {
    DomainConfig other = domain;
    change(other);
    auto mismatch = AcceptCheckpoint(bytes, other, kNow);
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().problem, CheckpointProblem::kMismatch);
  }
  EXPECT_EQ(CheckpointProblemName(CheckpointProblem::kMismatch), "mismatch");
}

TEST(CheckpointFileTest, AtomicWriteReplacesAndReadsBack) {
  TempDirForTest dir;
  const std::string path = CheckpointPath(dir.path(), "acme");
  EXPECT_EQ(path, dir.path() + "/acme.checkpoint");
  auto missing = ReadSmallFile(path, 1024);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(WriteFileAtomically(path, "first"));
  ASSERT_TRUE(WriteFileAtomically(path, "second"));
  auto read = ReadSmallFile(path, 1024);
  ASSERT_TRUE(read && read->has_value());
  EXPECT_EQ(**read, "second");
  EXPECT_FALSE(ReadSmallFile(path, 3)) << "larger than the cap";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u) << "no temporary file left behind";
}

TEST(CheckpointFileTest, DomainNamesStayInsideTheDirectory) {
  EXPECT_EQ(CheckpointPath("/s", "../x/y"), "/s/%2E%2E%2Fx%2Fy.checkpoint");
  EXPECT_EQ(CheckpointPath("/s/", "a-b_C9"), "/s/a-b_C9.checkpoint");
}

TEST(CheckpointFileTest, WriteFailureLeavesTheOldFileAndSaysWhy) {
  TempDirForTest dir;
  auto failed = WriteFileAtomically(dir.path() + "/missing/acme.checkpoint", "x");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kIo);
  EXPECT_NE(failed.error().message.find("cannot create"), std::string::npos);
}

// The seed corpus of the checkpoint fuzzer (issue 12): tests/corpus/checkpoint/ holds the
// output of FIVE9_WRITE_CHECKPOINT_CORPUS=<dir> statistics_test --gtest_filter=*Corpus*.
// Every committed seed must decode or be refused cleanly (never crash).
TEST(CheckpointCorpusTest, SeedsDecodeOrAreRefused) {
  if (const char* out = std::getenv("FIVE9_WRITE_CHECKPOINT_CORPUS")) {
    const std::string bytes = EncodeCheckpoint(Sample());
    auto write = [&](const std::string& name, const std::string& content) {
      std::ofstream(std::string(out) + "/" + name, std::ios::binary) << content;
    };
    write("valid-small.checkpoint", bytes);
    DomainCheckpoint empty;
    empty.domain = "empty";
    write("valid-empty.checkpoint", EncodeCheckpoint(empty));
    write("truncated-header.checkpoint", bytes.substr(0, 15));
    write("truncated-payload.checkpoint", bytes.substr(0, bytes.size() / 2));
    std::string flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x10;
    write("bitflip.checkpoint", flipped);
    write("future-version.checkpoint", WithVersion(bytes, kCheckpointFormatVersion + 1));
  }
  const std::string corpus = std::string(FIVE9_SOURCE_DIR) + "/tests/corpus/checkpoint";
  if (!std::filesystem::exists(corpus)) GTEST_SKIP() << corpus << " missing";
  int valid = 0, seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ++seeds;
    auto decoded = DecodeCheckpoint(bytes);
    const bool should_decode = entry.path().filename().string().rfind("valid-", 0) == 0;
    EXPECT_EQ(static_cast<bool>(decoded), should_decode) << entry.path();
    valid += decoded ? 1 : 0;
  }
  EXPECT_GE(seeds, 6);
  EXPECT_EQ(valid, 2);
}

}  // namespace
}  // namespace five9exp
