#include "exporter/statistics/pseudonym.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "exporter/statistics/table.h"

namespace five9exp {
namespace {

// RFC 4231, HMAC-SHA256 test cases 1, 2 and 6 (key longer than the block size).
TEST(PseudonymTest, Rfc4231TestVectors) {
  EXPECT_EQ(HmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(PseudonymTest, FirstSixteenHexDigits) {
  EXPECT_EQ(AgentPseudonym("Jefe", "what do ya want for nothing?"), "5bdcc146bf60754e");
  EXPECT_EQ(AgentPseudonym("k", "jdoe@acme.example").size(), 16u);
  EXPECT_NE(AgentPseudonym("k1", "jdoe@acme.example"), AgentPseudonym("k2", "jdoe@acme.example"));
  EXPECT_EQ(AgentPseudonym("k1", "jdoe@acme.example"), AgentPseudonym("k1", "jdoe@acme.example"));
}

Statistics AgentLoad() {
  Statistics statistics;
  statistics.type = StatisticType::kAgentState;
  statistics.columns = {"Username", "Full Name", "State"};
  statistics.rows = {{"jdoe@acme.example", "Jane Doe", "Ready"},
                     {"bob@acme.example", "Bob B", "Not Ready"}};
  statistics.timestamp = 1000;
  return statistics;
}

RowPrivacy Pseudonyms() {
  return {.key_label = [](std::string_view u) { return AgentPseudonym("Jefe", u); },
          .drop_personal_columns = true};
}

TEST(TablePrivacyTest, PseudonymsReplaceKeysEverywhereAndFullNameIsGone) {
  StatisticTable table(StatisticType::kAgentState, Pseudonyms());
  table.Load(AgentLoad(), WallTime{});
  const TableSnapshot snapshot = table.Snapshot();
  EXPECT_EQ(*snapshot.columns, (std::vector<std::string>{"Username", "State"}));
  ASSERT_EQ(snapshot.rows.size(), 2u);
  for (const auto& row : snapshot.rows) {
    EXPECT_EQ(row->key.size(), 16u);
    EXPECT_EQ(row->cells[snapshot.key_column], row->key);
    for (const CellValue& cell : row->cells) {
      EXPECT_NE(cell.value_or(""), "Jane Doe");
      EXPECT_EQ(cell.value_or("").find("@acme.example"), std::string::npos);
    }
  }
  const std::string jdoe = AgentPseudonym("Jefe", "jdoe@acme.example");
  bool found = false;
  for (const auto& row : snapshot.rows) found |= row->key == jdoe && row->cells[1] == "Ready";
  EXPECT_TRUE(found);
}

TEST(TablePrivacyTest, DeltasStillFindRowsByUsername) {
  StatisticTable table(StatisticType::kAgentState, Pseudonyms());
  table.Load(AgentLoad(), WallTime{});
  StatisticsUpdate update;
  update.type = StatisticType::kAgentState;
  update.data_update = {{"jdoe@acme.example", "State", "On Call"},
                        {"jdoe@acme.example", "Full Name", "Jane Q Doe"},
                        {"new@acme.example", "Username", "new@acme.example"},
                        {"new@acme.example", "State", "Ready"}};
  update.deleted_objects = {"bob@acme.example"};
  update.last_timestamp = 2000;
  ASSERT_EQ(table.Apply(update, WallTime{}), StatisticTable::ApplyResult::kApplied);
  const TableSnapshot snapshot = table.Snapshot();
  ASSERT_EQ(snapshot.rows.size(), 2u);  // bob deleted, new added
  std::map<std::string, std::string> state;
  for (const auto& row : snapshot.rows) {
    state[row->key] = row->cells[1].value_or("");
    EXPECT_EQ(row->cells[0], row->key);  // never the username, not even from a delta
    EXPECT_EQ(row->cells.size(), 2u);
  }
  EXPECT_EQ(state[AgentPseudonym("Jefe", "jdoe@acme.example")], "On Call");
  EXPECT_EQ(state[AgentPseudonym("Jefe", "new@acme.example")], "Ready");
  EXPECT_TRUE(table.consistent());
}

TEST(TablePrivacyTest, ARestoredPseudonymTableIsNotHashedTwiceAndReloads) {
  StatisticTable before(StatisticType::kAgentState, Pseudonyms());
  before.Load(AgentLoad(), WallTime{});
  StatisticTable after(StatisticType::kAgentState, Pseudonyms());
  after.Restore(before.Snapshot());
  const TableSnapshot snapshot = after.Snapshot();
  ASSERT_EQ(snapshot.rows.size(), 2u);
  std::set<std::string> stored, restored;
  for (const auto& row : before.Snapshot().rows) stored.insert(row->key);
  for (const auto& row : snapshot.rows) restored.insert(row->key);
  EXPECT_EQ(restored, stored);
  EXPECT_FALSE(after.consistent()) << "deltas name usernames: reload first";
}

TEST(TablePrivacyTest, AgentInfoOffDropsFullNameButKeepsUsernames) {
  StatisticTable table(StatisticType::kAgentState, {.drop_personal_columns = true});
  table.Load(AgentLoad(), WallTime{});
  const TableSnapshot snapshot = table.Snapshot();
  EXPECT_EQ(*snapshot.columns, (std::vector<std::string>{"Username", "State"}));
  EXPECT_EQ(snapshot.rows[0]->key, "bob@acme.example");
}

TEST(TablePrivacyTest, WithoutPrivacyNothingChanges) {
  StatisticTable table(StatisticType::kAgentState);
  table.Load(AgentLoad(), WallTime{});
  const TableSnapshot snapshot = table.Snapshot();
  EXPECT_EQ(snapshot.columns->size(), 3u);
  EXPECT_EQ(snapshot.rows[1]->key, "jdoe@acme.example");
  EXPECT_EQ(snapshot.rows[1]->cells[1], "Jane Doe");
}

}  // namespace
}  // namespace five9exp
