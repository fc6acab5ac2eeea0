#pragma once
// TableRenderer: the fast path of /metrics. Renders one statistic table of one domain
// straight to text-format lines with string appends (no prometheus-cpp objects), and keeps
// per-column state across renders:
//   - each column's ValueKind (pinned in the config, seeded from a checkpoint, or decided
//     from its name and first non-missing value; value_kind.h), then kept;
//   - each column's age: a domain-wide sequence number given when the column is first
//     seen, so the cardinality guard (cardinality_guard.h) can drop the newest first;
//   - the family name each column claimed; a later column mapping to an already claimed name
//     is skipped for good (the first column keeps the name), so no series is duplicated;
//   - the rendered text, cached by TableSnapshot::version: an unchanged table costs nothing;
//   - where each row's samples end in each column's text, so that after a delta only the
//     rows that changed are formatted again: an unchanged row (the same shared TableRow, as
//     StatisticTable shares rows across snapshots) has its bytes copied from the previous
//     render. Options changes and column changes render everything afresh.
// Values that do not fit their column's kind are skipped and counted through
// SelfMetrics::CountUnparsedValue once per row version (rows unchanged since the previous
// render are not counted again).
// Also renders the state/info families of AgentState and CampaignState (state_families.h).
//
// Owned by Exposition, one per domain and type. Not thread-safe: Exposition serialises.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "exporter/metrics/family_text.h"
#include "exporter/metrics/render_options.h"
#include "exporter/metrics/self_metrics.h"
#include "exporter/metrics/value_kind.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

// A statistic-column family of a render (state/info families are not listed): what the
// cardinality guard needs to count and drop it whole.
struct ColumnFamily {
  size_t family_index = 0;  // into RenderedTable::families
  uint64_t sequence = 0;    // when its column was first seen (domain-wide; lower = older)
  size_t samples = 0;       // sample lines in the family
};

// Everything one render of a table produces; immutable once returned.
struct RenderedTable {
  std::vector<FamilyText> families;
  std::vector<ColumnFamily> column_families;
};

class TableRenderer {
 public:
  // `self_metrics` may be null (no counting); it must outlive the renderer.
  // `column_sequence` numbers first-seen columns across the domain's renderers (may be
  // null: the renderer numbers its own); it must outlive the renderer.
  TableRenderer(std::string domain, StatisticType type, SelfMetrics* self_metrics,
                uint64_t* column_sequence = nullptr);

  // Column filters, pinned kinds, time zone and agent_info (RenderOptionsOf the domain);
  // drops the cached text. A pinned kind replaces a kind decided earlier (the family is
  // renamed).
  void SetOptions(const RenderOptions& options);

  // Kinds decided so far, by column name (for the checkpoint): only kinds with a
  // ValueKindName, never kUndecided or kNotNumeric.
  std::map<std::string, ValueKind> Kinds() const;
  // Kinds from a checkpoint for columns not decided yet; pinned kinds still win.
  void SeedKinds(const std::map<std::string, ValueKind>& kinds);

  // The rendered families of `table`; the same pointer as last time while the table's
  // version (and columns and rows) are unchanged.
  std::shared_ptr<const RenderedTable> Render(const TableSnapshot& table);

  // Kind kept for `column` (kUndecided when never seen). For tests and docs.
  ValueKind KindOf(const std::string& column) const;
  // Number of renders that were not cache hits.
  uint64_t render_count() const { return render_count_; }

 private:
  struct ColumnState {
    ValueKind kind = ValueKind::kUndecided;
    bool duration_column = false;
    bool duplicate = false;  // its family name belongs to another column
    std::string family;      // family name once the kind is decided
    std::string help;        // escaped HELP
    uint64_t sequence = 0;   // first seen (ColumnFamily::sequence)
    // Of the previous render: index of this column's family in cached_->families (-1: none)
    // and, per previous row, the end of that row's samples in the family's text.
    int family_index = -1;
    std::vector<uint32_t> row_ends;
  };
  struct CacheKey {
    uint64_t version = 0;
    const void* columns = nullptr;
    size_t row_count = 0;
    const void* first_row = nullptr;
    const void* last_row = nullptr;
    bool operator==(const CacheKey&) const = default;
  };

  bool ColumnIncluded(const std::string& column) const;
  // Decides the kind from `value` and claims the family name.
  void Decide(const std::string& column, ColumnState& state, std::string_view value);
  // Sets a known kind (pinned or seeded) and claims the family name.
  void SetKind(const std::string& column, ColumnState& state, ValueKind kind);

  const std::string domain_;
  const StatisticType type_;
  SelfMetrics* const self_metrics_;
  uint64_t own_sequence_ = 0;
  uint64_t* const column_sequence_;  // own_sequence_ unless shared

  // Options (SetOptions).
  ColumnMatcher columns_filter_;  // compiled at config load
  TimeZone time_zone_;
  std::map<std::string, ValueKind> pinned_;  // statistics.<Type>.kinds
  bool agent_info_ = true;

  std::unordered_map<std::string, ColumnState> columns_;  // by column name
  std::unordered_map<std::string, std::string> claimed_;  // family name -> column name

  // Cache.
  std::shared_ptr<const RenderedTable> cached_;
  CacheKey cached_key_;
  std::vector<std::shared_ptr<const TableRow>> previous_rows_;        // keeps the pointers unique
  std::unordered_map<const TableRow*, uint32_t> previous_row_index_;  // row -> previous position
  // Columns of the cached render, held so that the pointer comparison cannot be fooled by
  // a new vector allocated where a freed one was.
  std::shared_ptr<const std::vector<std::string>> previous_columns_;
  uint64_t render_count_ = 0;
};

}  // namespace five9exp
