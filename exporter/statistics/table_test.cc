#include "exporter/statistics/table.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

const WallTime kT0 = WallTime(std::chrono::seconds(1'800'000'000));

Statistics AgentLoad() {
  Statistics statistics;
  statistics.type = StatisticType::kAgentState;
  statistics.columns = {"Username", "State", "Reason Code"};
  statistics.rows = {{"bob", "Ready", std::nullopt}, {"alice", "Not Ready", ""}};
  statistics.timestamp = 1000;
  return statistics;
}

const TableRow* FindRow(const TableSnapshot& snapshot, std::string_view key) {
  for (const auto& row : snapshot.rows) {
    if (row->key == key) return row.get();
  }
  return nullptr;
}

TEST(StatisticTableTest, FullLoadSortsRowsByKeyAndKeepsNilDistinctFromEmpty) {
  StatisticTable table(StatisticType::kAgentState);
  EXPECT_FALSE(table.Snapshot().ready);
  table.Load(AgentLoad(), kT0);
  TableSnapshot snapshot = table.Snapshot();
  ASSERT_EQ(snapshot.rows.size(), 2u);
  EXPECT_EQ(snapshot.rows[0]->key, "alice");
  EXPECT_EQ(snapshot.rows[1]->key, "bob");
  EXPECT_EQ(snapshot.key_column, 0);
  EXPECT_TRUE(snapshot.ready);
  EXPECT_TRUE(snapshot.consistent);
  EXPECT_EQ(snapshot.five9_timestamp, 1000);
  EXPECT_EQ(snapshot.updated, kT0);
  EXPECT_EQ(snapshot.rows[0]->cells[2], std::optional<std::string>(""));
  EXPECT_EQ(snapshot.rows[1]->cells[2], std::nullopt);
}

TEST(StatisticTableTest, DeltaUpdatesCellsAndSharesUnchangedRows) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), kT0);
  TableSnapshot before = table.Snapshot();
  StatisticsUpdate update;
  update.type = StatisticType::kAgentState;
  update.previous_timestamp = 1000;
  update.last_timestamp = 2000;
  update.data_update = {{"bob", "State", "On Call"}, {"bob", "Reason Code", ""}};
  ASSERT_EQ(table.Apply(update, kT0 + std::chrono::seconds(5)),
            StatisticTable::ApplyResult::kApplied);
  TableSnapshot after = table.Snapshot();
  EXPECT_EQ(after.five9_timestamp, 2000);
  EXPECT_GT(after.version, before.version);
  EXPECT_EQ(after.rows[0].get(), before.rows[0].get()) << "alice unchanged: shared";
  EXPECT_NE(after.rows[1].get(), before.rows[1].get()) << "bob changed: copied";
  EXPECT_EQ(FindRow(after, "bob")->cells[1], "On Call");
  EXPECT_EQ(FindRow(after, "bob")->cells[2], std::optional<std::string>(""));
  // The earlier snapshot is immutable.
  EXPECT_EQ(FindRow(before, "bob")->cells[1], "Ready");
  EXPECT_EQ(FindRow(before, "bob")->cells[2], std::nullopt);
}

TEST(StatisticTableTest, NilUpdateClearsValue) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), kT0);
  StatisticsUpdate update;
  update.data_update = {{"alice", "Reason Code", std::nullopt}};
  update.last_timestamp = 3000;
  table.Apply(update, kT0);
  EXPECT_EQ(FindRow(table.Snapshot(), "alice")->cells[2], std::nullopt);
}

TEST(StatisticTableTest, AddedObjectsCreateRowsWhoseValuesArriveLater) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), kT0);
  StatisticsUpdate update;
  update.added_objects = {"carol"};
  update.last_timestamp = 2000;
  table.Apply(update, kT0);
  const TableRow* carol = FindRow(table.Snapshot(), "carol");
  ASSERT_NE(carol, nullptr);
  EXPECT_EQ(carol->cells[0], "carol");
  EXPECT_EQ(carol->cells[1], std::nullopt);
  update = {};
  update.data_update = {{"carol", "State", "Ready"}};
  update.last_timestamp = 3000;
  table.Apply(update, kT0);
  EXPECT_EQ(FindRow(table.Snapshot(), "carol")->cells[1], "Ready");
}

TEST(StatisticTableTest, UnknownObjectInDataUpdateCreatesRow) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), kT0);
  StatisticsUpdate update;
  update.data_update = {{"dave", "State", "Ready"}};
  EXPECT_EQ(table.Apply(update, kT0), StatisticTable::ApplyResult::kApplied);
  ASSERT_NE(FindRow(table.Snapshot(), "dave"), nullptr);
  EXPECT_EQ(FindRow(table.Snapshot(), "dave")->cells[1], "Ready");
}

TEST(StatisticTableTest, DeletedObjectsRemoveRowsEvenWhenAlsoUpdated) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), kT0);
  StatisticsUpdate update;
  update.data_update = {{"bob", "State", "Logged Out"}};
  update.deleted_objects = {"bob", "nobody"};
  table.Apply(update, kT0);
  TableSnapshot snapshot = table.Snapshot();
  EXPECT_EQ(snapshot.rows.size(), 1u);
  EXPECT_EQ(FindRow(snapshot, "bob"), nullptr);
}

TEST(StatisticTableTest, UnknownColumnIsDoubtAndLeavesLastGoodRows) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), kT0);
  const uint64_t version = table.version();
  StatisticsUpdate update;
  update.data_update = {{"bob", "State", "On Call"}, {"bob", "New Disposition", "3"}};
  update.last_timestamp = 5000;
  EXPECT_EQ(table.Apply(update, kT0), StatisticTable::ApplyResult::kDoubt);
  EXPECT_NE(table.doubt_reason().find("New Disposition"), std::string::npos);
  TableSnapshot snapshot = table.Snapshot();
  EXPECT_FALSE(snapshot.consistent);
  EXPECT_TRUE(snapshot.ready);
  EXPECT_EQ(snapshot.version, version);
  EXPECT_EQ(snapshot.five9_timestamp, 1000) << "nothing of a doubtful delta is applied";
  EXPECT_EQ(FindRow(snapshot, "bob")->cells[1], "Ready");
  // A reload clears the doubt.
  table.Load(AgentLoad(), kT0);
  EXPECT_TRUE(table.Snapshot().consistent);
}

TEST(StatisticTableTest, ConfirmCurrentMovesUpdatedButNotVersion) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), kT0);
  const uint64_t version = table.version();
  table.ConfirmCurrent(kT0 + std::chrono::seconds(9));
  EXPECT_EQ(table.Snapshot().updated, kT0 + std::chrono::seconds(9));
  EXPECT_EQ(table.version(), version);
}

TEST(StatisticTableTest, MissingKeyColumnMakesDeltasDoubtful) {
  StatisticTable table(StatisticType::kAcdStatus);
  Statistics statistics;
  statistics.type = StatisticType::kAcdStatus;
  statistics.columns = {"Calls In Queue"};
  statistics.rows = {{"1"}, {"2"}};
  table.Load(statistics, kT0);
  EXPECT_EQ(table.Snapshot().key_column, -1);
  EXPECT_EQ(table.Snapshot().rows.size(), 2u);
  StatisticsUpdate update;
  update.data_update = {{"Sales", "Calls In Queue", "3"}};
  EXPECT_EQ(table.Apply(update, kT0), StatisticTable::ApplyResult::kDoubt);
}

TEST(StatisticTableTest, ShortRowsArePaddedWithNil) {
  StatisticTable table(StatisticType::kAgentState);
  Statistics statistics = AgentLoad();
  statistics.rows.push_back({"zed"});
  table.Load(statistics, kT0);
  const TableRow* zed = FindRow(table.Snapshot(), "zed");
  ASSERT_NE(zed, nullptr);
  EXPECT_EQ(zed->cells.size(), 3u);
  EXPECT_EQ(zed->cells[1], std::nullopt);
}

// Apply's lookups go through a hash index beside the sorted rows: it must follow every
// insert and erase, survive a move of the table, and copy each touched row once.
TEST(StatisticTableTest, IndexFollowsAddsDeletesReloadsAndMoves) {
  StatisticTable loaded(StatisticType::kAgentState);
  loaded.Load(AgentLoad(), kT0);
  StatisticTable table = std::move(loaded);
  const TableSnapshot before = table.Snapshot();

  StatisticsUpdate update;
  update.type = StatisticType::kAgentState;
  update.added_objects = {"carol", "carol"};
  update.data_update = {{"bob", "State", "Talking"}, {"carol", "State", "Ready"},
                        {"bob", "Reason Code", "x"}, {"dave", "State", "Ready"},
                        {"bob", "State", "On Call"}, {"alice", "State", "Not Ready"}};
  update.deleted_objects = {"dave", "nobody"};
  ASSERT_EQ(table.Apply(update, kT0), StatisticTable::ApplyResult::kApplied);
  TableSnapshot after = table.Snapshot();
  ASSERT_EQ(after.rows.size(), 3u);
  EXPECT_EQ(after.rows[0]->key, "alice");
  EXPECT_EQ(after.rows[1]->key, "bob");
  EXPECT_EQ(after.rows[2]->key, "carol");
  EXPECT_EQ(after.rows[1]->cells[1], "On Call");
  EXPECT_EQ(after.rows[1]->cells[2], "x");
  EXPECT_EQ(after.rows[2]->cells[1], "Ready");
  EXPECT_EQ(after.rows[0].get(), before.rows[0].get());  // unchanged alice is shared
  EXPECT_EQ(FindRow(before, "bob")->cells[1], "Ready");  // the old snapshot is untouched

  // A deleted key can come back; a reload rebuilds the index.
  StatisticsUpdate again;
  again.type = StatisticType::kAgentState;
  again.data_update = {{"dave", "State", "Ready"}};
  again.deleted_objects = {"carol"};
  ASSERT_EQ(table.Apply(again, kT0), StatisticTable::ApplyResult::kApplied);
  after = table.Snapshot();
  ASSERT_EQ(after.rows.size(), 3u);
  EXPECT_EQ(FindRow(after, "carol"), nullptr);
  ASSERT_NE(FindRow(after, "dave"), nullptr);
  table.Load(AgentLoad(), kT0);
  again.deleted_objects = {"bob"};
  ASSERT_EQ(table.Apply(again, kT0), StatisticTable::ApplyResult::kApplied);
  after = table.Snapshot();
  ASSERT_EQ(after.rows.size(), 2u);
  EXPECT_EQ(after.rows[0]->key, "alice");
  EXPECT_EQ(after.rows[1]->key, "dave");
}

}  // namespace
}  // namespace five9exp
