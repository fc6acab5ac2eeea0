#include "exporter/statistics/checkpoint_writer.h"

#include <gtest/gtest.h>

#include "exporter/statistics/checkpoint_file.h"
#include "exporter/statistics/table.h"
#include "exporter/testing/temp_dir.h"
#include "exporter/testing/wait.h"

namespace five9exp {
namespace {

DomainConfig Domain() {
  DomainConfig domain;
  domain.name = "acme";
  domain.endpoint = "http://127.0.0.1:1/ws";
  domain.username = "api@acme";
  return domain;
}

class CheckpointWriterTest : public ::testing::Test {
 protected:
  void PublishAgents(int64_t timestamp, std::string state) {
    Statistics statistics;
    statistics.type = StatisticType::kAgentState;
    statistics.columns = {"Username", "State"};
    statistics.rows = {{"bob", state}};
    statistics.timestamp = timestamp;
    table_.Load(statistics, clock_.WallNow());
    auto snapshot = std::make_shared<DomainSnapshot>();
    snapshot->domain = "acme";
    snapshot->tables[StatisticType::kAgentState] = table_.Snapshot();
    snapshot->query_statistics_calls =
        std::make_shared<const std::vector<WallTime>>(std::vector<WallTime>{clock_.WallNow()});
    store_.Publish(std::move(snapshot));
  }

  CheckpointWriterHooks CountingHooks() {
    CheckpointWriterHooks hooks;
    hooks.on_written = [this](const std::string& domain, bool ok, WallTime) {
      EXPECT_EQ(domain, "acme");
      (ok ? writes_ : failures_)++;
    };
    hooks.column_kinds = [](const std::string&) {
      ColumnKinds kinds;
      kinds[StatisticType::kAgentState]["State"] = "not_numeric";
      return kinds;
    };
    return hooks;
  }

  FakeClock clock_;
  SnapshotStore store_;
  StatisticTable table_{StatisticType::kAgentState};
  int writes_ = 0;
  int failures_ = 0;
};

TEST_F(CheckpointWriterTest, WritesOnlyWhenDataChangedAndServesTheSameBytes) {
  TempDirForTest dir;
  CheckpointWriter writer({dir.path(), std::chrono::seconds(10)}, store_, clock_, CountingHooks());
  writer.SetDomains({Domain()});
  writer.Flush();
  EXPECT_EQ(writes_, 0) << "nothing ready, nothing written";
  EXPECT_EQ(writer.Latest("acme"), nullptr);

  PublishAgents(1000, "Ready");
  writer.Flush();
  EXPECT_EQ(writes_, 1);
  auto file = ReadSmallFile(CheckpointPath(dir.path(), "acme"), kMaxCheckpointBytes);
  ASSERT_TRUE(file && file->has_value());
  ASSERT_NE(writer.Latest("acme"), nullptr);
  EXPECT_EQ(**file, *writer.Latest("acme"));
  auto decoded = AcceptCheckpoint(**file, Domain(), clock_.WallNow());
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->tables.at(StatisticType::kAgentState).five9_timestamp, 1000);
  EXPECT_EQ(decoded->column_kinds.at(StatisticType::kAgentState).at("State"), "not_numeric");
  EXPECT_EQ(decoded->query_statistics_calls.size(), 1u);

  writer.Flush();
  EXPECT_EQ(writes_, 1) << "unchanged data: no write";
  PublishAgents(2000, "On Call");
  EXPECT_NE(writer.FlushDomain("acme"), nullptr);
  EXPECT_EQ(writes_, 2);
  EXPECT_EQ(AcceptCheckpoint(*writer.Latest("acme"), Domain(), clock_.WallNow())
                ->tables.at(StatisticType::kAgentState)
                .five9_timestamp,
            2000);
}

TEST_F(CheckpointWriterTest, FailedWriteIsCountedRetriedAndStillServedFromMemory) {
  TempDirForTest dir;
  CheckpointWriter writer({dir.path() + "/gone", std::chrono::seconds(10)}, store_, clock_,
                          CountingHooks());
  writer.SetDomains({Domain()});
  PublishAgents(1000, "Ready");
  writer.Flush();
  writer.Flush();
  EXPECT_EQ(failures_, 2) << "retried while it fails";
  EXPECT_NE(writer.Latest("acme"), nullptr);
}

TEST_F(CheckpointWriterTest, MemoryOnlyWriterAndBackgroundThread) {
  CheckpointWriter writer({"", std::chrono::seconds(10)}, store_, clock_, CountingHooks());
  writer.SetDomains({Domain()});
  PublishAgents(1000, "Ready");
  writer.Start();
  // Advance the fake clock while the thread sleeps, until it has written.
  EXPECT_TRUE(AdvanceUntil(
      clock_, [&] { return writer.Latest("acme") != nullptr; }, std::chrono::seconds(1)));
  writer.Stop();
  EXPECT_NE(writer.Latest("acme"), nullptr);
  EXPECT_GE(writes_, 1);
}

TEST_F(CheckpointWriterTest, ChangedSessionIdentityForgetsTheOldCheckpoint) {
  CheckpointWriter writer({"", std::chrono::seconds(10)}, store_, clock_, CountingHooks());
  writer.SetDomains({Domain()});
  PublishAgents(1000, "Ready");
  writer.Flush();
  DomainConfig moved = Domain();
  moved.username = "other@acme";
  writer.SetDomains({moved});
  EXPECT_EQ(writer.Latest("acme"), nullptr);
  writer.SetDomains({});
  EXPECT_EQ(writer.Latest("acme"), nullptr);
}

}  // namespace
}  // namespace five9exp
