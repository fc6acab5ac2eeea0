#include "simulator/model/journal.h"

#include <gtest/gtest.h>

namespace five9sim {
namespace {

using five9exp::CellValue;
using five9exp::StatisticType;

constexpr StatisticType kType = StatisticType::kAcdStatus;
const std::vector<bool> kAll(8, true);

TableBatch Cells(std::vector<CellChange> cells) {
  TableBatch batch;
  batch.cells = std::move(cells);
  return batch;
}

TEST(JournalTest, StampsStrictlyIncrease) {
  Journal journal(1000, 60'000);
  EXPECT_EQ(journal.stamp(), 1000);
  EXPECT_EQ(journal.NextStamp(2000), 2000);
  EXPECT_EQ(journal.NextStamp(2000), 2001);
  EXPECT_EQ(journal.NextStamp(1500), 2002);
}

TEST(JournalTest, MergesLastValuePerCellInRowThenColumnOrder) {
  Journal journal(0, 60'000);
  journal.Append(kType, journal.NextStamp(10), Cells({{2, 1, "a"}, {1, 3, "x"}}));
  journal.Append(kType, journal.NextStamp(20), Cells({{2, 1, std::nullopt}, {1, 2, ""}}));
  journal.Append(kType, journal.NextStamp(30), Cells({{1, 3, "y"}}));
  auto all = journal.Since(kType, 0, kAll);
  ASSERT_TRUE(all && *all);
  const auto& cells = (*all)->cells;
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[0].object, 1u);
  EXPECT_EQ(cells[0].column, 2u);
  EXPECT_EQ(cells[0].value, CellValue(""));  // empty, not nil
  EXPECT_EQ(cells[1].value, CellValue("y"));
  EXPECT_EQ(cells[2].object, 2u);
  EXPECT_EQ(cells[2].value, std::nullopt);  // nil, not empty
  // Only batches after `since`; a column mask filters.
  auto later = journal.Since(kType, 20, kAll);
  ASSERT_TRUE(later && *later);
  EXPECT_EQ((*later)->cells.size(), 1u);
  std::vector<bool> only_two(8, false);
  only_two[2] = true;
  auto filtered = journal.Since(kType, 20, only_two);
  ASSERT_TRUE(filtered);
  EXPECT_FALSE(filtered->has_value());
  // Nothing newer: no update; other types are separate.
  EXPECT_FALSE(journal.Since(kType, 30, kAll)->has_value());
  EXPECT_FALSE(journal.Since(StatisticType::kAgentState, 0, kAll)->has_value());
}

TEST(JournalTest, MembershipIsNetOverTheWindow) {
  Journal journal(0, 60'000);
  TableBatch add_5;
  add_5.added = {5};
  add_5.cells = {{5, 0, "five"}, {5, 1, "1"}};
  journal.Append(kType, journal.NextStamp(10), add_5);
  TableBatch delete_5_and_7;
  delete_5_and_7.deleted = {5, 7};
  journal.Append(kType, journal.NextStamp(20), delete_5_and_7);
  TableBatch readd_7;
  readd_7.added = {7};
  readd_7.cells = {{7, 0, "seven"}};
  journal.Append(kType, journal.NextStamp(30), readd_7);
  TableBatch delete_9;
  delete_9.deleted = {9};
  journal.Append(kType, journal.NextStamp(40), delete_9);

  auto merged = journal.Since(kType, 0, kAll);
  ASSERT_TRUE(merged && *merged);
  EXPECT_TRUE((*merged)->added.empty());                      // 5 came and went; 7 was there
  EXPECT_EQ((*merged)->deleted, (std::vector<uint32_t>{9}));  // 9 is gone
  ASSERT_EQ((*merged)->cells.size(), 1u);                     // 5's cells vanished
  EXPECT_EQ((*merged)->cells[0].value, CellValue("seven"));
  auto after_add = journal.Since(kType, 10, kAll);
  ASSERT_TRUE(after_add && *after_add);
  EXPECT_EQ((*after_add)->deleted, (std::vector<uint32_t>{5, 9}));
}

TEST(JournalTest, RetentionAndColumnChangesFault) {
  Journal journal(0, 1'000);
  journal.Append(kType, journal.NextStamp(100), Cells({{1, 1, "a"}}));
  journal.ColumnsChanged(kType, journal.NextStamp(500));
  journal.Append(kType, journal.NextStamp(900), Cells({{1, 1, "b"}}));
  EXPECT_EQ(journal.Since(kType, 100, kAll).error().name, "ConfigurationChangedFault");
  EXPECT_TRUE(journal.Since(kType, 500, kAll));
  EXPECT_TRUE(journal.Since(StatisticType::kAgentState, 100, kAll));
  EXPECT_EQ(journal.Since(kType, 901, kAll).error().name, "UnknownTimestampFault");
  EXPECT_EQ(journal.RetainedCells(), 2u);
  journal.Append(kType, journal.NextStamp(1'400), Cells({{1, 1, "c"}}));
  EXPECT_EQ(journal.horizon(), 400);
  EXPECT_EQ(journal.RetainedCells(), 2u);  // the batch at 100 is gone
  EXPECT_EQ(journal.Since(kType, 399, kAll).error().name, "UnknownTimestampFault");
  EXPECT_EQ(journal.Since(kType, 400, kAll).error().name, "ConfigurationChangedFault");
  auto tail = journal.Since(kType, 500, kAll);
  ASSERT_TRUE(tail && *tail);
  EXPECT_EQ((*tail)->cells.back().value, CellValue("c"));
}

}  // namespace
}  // namespace five9sim
