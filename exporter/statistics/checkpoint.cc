#include "exporter/statistics/checkpoint.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

namespace five9exp {
namespace {

constexpr std::string_view kMagic = "F9XCKPT\n";
constexpr size_t kHeaderBytes = 20;
constexpr size_t kTrailerBytes = 4;
constexpr std::chrono::minutes kFutureTolerance{1};

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32). Hand-rolled rather than zlib's so the
// statistics module keeps no third-party dependency (zlib belongs to metrics' gzip).
uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

int64_t ToMillis(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
// Wall times a checkpoint may hold end here (2200-01-01T00:00:00Z), well inside the
// 64-bit nanoseconds of the system clock.
constexpr int64_t kEndMillis = 7258118400000;

WallTime FromMillis(int64_t ms) {
  return WallTime(std::chrono::duration_cast<WallTime::duration>(std::chrono::milliseconds(ms)));
}

// --- writing
class Writer {
 public:
  void Fixed(uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
  void Varint(uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  void Signed(int64_t value) {
    Varint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
  }
  void String(std::string_view s) {
    Varint(s.size());
    out_.append(s);
  }
  // nil = 0, else length + 1.
  void Cell(const CellValue& cell) {
    if (!cell) {
      Varint(0);
      return;
    }
    Varint(cell->size() + 1);
    out_.append(*cell);
  }
  template <typename T>
  void Optional(const std::optional<T>& value) {
    out_.push_back(value ? 1 : 0);
    if (!value) return;
    if constexpr (std::is_same_v<T, std::string>) {
      String(*value);
    } else if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(*value ? 1 : 0);
    } else {
      Signed(*value);
    }
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

void WriteViewSettings(Writer& w, const ViewSettings& v) {
  w.Optional(v.app_type);
  w.Optional(v.force_logout_session);
  w.Optional(v.idle_timeout_s);
  w.Optional(v.rolling_period);
  w.Signed(v.shift_start_ms);
  w.Optional(v.statistics_range);
  w.Signed(v.time_zone_ms);
}

// --- reading: every read checks the remaining bytes; the first failure sticks.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t remaining() const { return in_.size() - pos_; }
  size_t offset() const { return pos_; }

  void Fail(std::string what) {
    if (error_.empty()) error_ = what + " at payload offset " + std::to_string(pos_);
  }
  uint8_t Byte() {
    if (!ok() || remaining() < 1) return Fail("truncated byte"), 0;
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint64_t Fixed(int bytes) {
    if (!ok() || remaining() < static_cast<size_t>(bytes)) return Fail("truncated field"), 0;
    uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value |= uint64_t{static_cast<uint8_t>(in_[pos_++])} << (8 * i);
    return value;
  }
  uint64_t Varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = Byte();
      if (!ok()) return 0;
      if (shift == 63 && b > 1) return Fail("varint overflow"), 0;
      value |= uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return value;
    }
    return Fail("varint too long"), 0;
  }
  int64_t Signed() {
    uint64_t z = Varint();
    return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  // A wall time in milliseconds since 1970, before 2200: a corrupt value outside that range is
  // refused here, before converting it to the clock's 64-bit nanoseconds (which end in 2262)
  // overflows (the checkpoint fuzzer found 230400000000009 ms, the year 9270).
  WallTime Time(const char* what) { return CheckedTime(Signed(), what); }
  WallTime CheckedTime(int64_t ms, const char* what) {
    if (ok() && (ms < 0 || ms >= kEndMillis)) {
      Fail(std::string(what) + " " + std::to_string(ms) +
           " ms is not a time between 1970 and 2200");
      return WallTime{};
    }
    return FromMillis(ms);
  }
  // A count of items each taking at least `min_bytes`: bounded by the bytes left, so a
  // corrupt count cannot make us allocate more than the input justifies.
  size_t Count(const char* what, size_t min_bytes = 1) {
    uint64_t n = Varint();
    if (ok() && n > remaining() / std::max<size_t>(min_bytes, 1)) {
      Fail(std::string(what) + " count " + std::to_string(n) + " exceeds the data");
      return 0;
    }
    return ok() ? static_cast<size_t>(n) : 0;
  }
  std::string String(const char* what) {
    uint64_t n = Varint();
    if (!ok()) return {};
    if (n > remaining()) return Fail(std::string(what) + " length exceeds the data"), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  CellValue Cell() {
    uint64_t n = Varint();
    if (!ok() || n == 0) return std::nullopt;
    if (n - 1 > remaining()) return Fail("cell length exceeds the data"), std::nullopt;
    std::string s(in_.substr(pos_, n - 1));
    pos_ += n - 1;
    return s;
  }
  bool Bool() {
    uint8_t b = Byte();
    if (b > 1) Fail("flag is neither 0 nor 1");
    return b == 1;
  }
  std::optional<std::string> OptionalString(const char* what) {
    if (!Bool()) return std::nullopt;
    return String(what);
  }
  std::optional<bool> OptionalBool() {
    if (!Bool()) return std::nullopt;
    return Bool();
  }
  std::optional<int32_t> OptionalInt32() {
    if (!Bool()) return std::nullopt;
    return Int32();
  }
  int32_t Int32() {
    int64_t v = Signed();
    if (v < INT32_MIN || v > INT32_MAX) Fail("32-bit field out of range");
    return static_cast<int32_t>(v);
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  std::string error_;
};

ViewSettings ReadViewSettings(Reader& r) {
  ViewSettings v;
  v.app_type = r.OptionalString("appType");
  v.force_logout_session = r.OptionalBool();
  v.idle_timeout_s = r.OptionalInt32();
  v.rolling_period = r.OptionalString("rollingPeriod");
  v.shift_start_ms = r.Int32();
  v.statistics_range = r.OptionalString("statisticsRange");
  v.time_zone_ms = r.Int32();
  return v;
}

uint8_t TypeIndex(StatisticType type) {
  auto it = std::find(kAllStatisticTypes.begin(), kAllStatisticTypes.end(), type);
  return static_cast<uint8_t>(it - kAllStatisticTypes.begin());
}

constexpr uint8_t kFlagConsistent = 1;

void WriteTable(Writer& w, const TableSnapshot& table, const ColumnKinds& kinds) {
  w.bytes().push_back(static_cast<char>(TypeIndex(table.type)));
  w.bytes().push_back(static_cast<char>(table.consistent ? kFlagConsistent : 0));
  w.Signed(table.five9_timestamp);
  w.Signed(ToMillis(table.updated));
  const std::vector<std::string>& columns = *table.columns;
  w.Varint(columns.size());
  for (const std::string& column : columns) w.String(column);
  w.Varint(columns.empty() ? 0 : table.rows.size());
  if (!columns.empty()) {
    for (const auto& row : table.rows) {
      for (size_t c = 0; c < columns.size(); ++c) {
        w.Cell(c < row->cells.size() ? row->cells[c] : CellValue());
      }
    }
  }
  auto found = kinds.find(table.type);
  if (found == kinds.end()) {
    w.Varint(0);
    return;
  }
  w.Varint(found->second.size());
  for (const auto& [column, kind] : found->second) {
    w.String(column);
    w.String(kind);
  }
}

// Rebuilds a table; keys follow StatisticTable's rule (key column, else position).
void ReadTable(Reader& r, DomainCheckpoint& out) {
  const uint8_t index = r.Byte();
  if (r.ok() && index >= kAllStatisticTypes.size()) return r.Fail("unknown statistic type");
  const uint8_t flags = r.Byte();
  if (r.ok() && (flags & ~kFlagConsistent)) return r.Fail("unknown table flags");
  TableSnapshot table;
  table.type = kAllStatisticTypes[r.ok() ? index : 0];
  if (r.ok() && out.tables.count(table.type)) return r.Fail("statistic type appears twice");
  table.consistent = (flags & kFlagConsistent) != 0;
  table.ready = true;
  table.five9_timestamp = r.Signed();
  table.updated = r.Time("table update time");
  auto columns = std::make_shared<std::vector<std::string>>(r.Count("column"));
  for (std::string& column : *columns) column = r.String("column name");
  if (!r.ok()) return;
  const size_t width = columns->size();
  const size_t rows = r.Count("row", std::max<size_t>(width, 1));
  if (r.ok() && width == 0 && rows != 0) return r.Fail("rows without columns");
  const std::string_view key_name = KeyColumn(table.type);
  auto key_it = std::find(columns->begin(), columns->end(), key_name);
  table.key_column = key_it == columns->end() ? -1 : static_cast<int>(key_it - columns->begin());
  table.rows.reserve(rows);
  for (size_t i = 0; i < rows && r.ok(); ++i) {
    auto row = std::make_shared<TableRow>();
    row->cells.reserve(width);
    for (size_t c = 0; c < width; ++c) row->cells.push_back(r.Cell());
    if (table.key_column >= 0) {
      row->key = row->cells[table.key_column].value_or("");
    } else {
      std::string position = std::to_string(i);
      row->key = std::string(10 - std::min<size_t>(10, position.size()), '0') + position;
    }
    table.rows.push_back(std::move(row));
  }
  const size_t kinds = r.Count("value kind", 2);
  auto& kept = out.column_kinds[table.type];
  for (size_t i = 0; i < kinds && r.ok(); ++i) {
    std::string column = r.String("kind column");
    kept[std::move(column)] = r.String("kind name");
  }
  if (kept.empty()) out.column_kinds.erase(table.type);
  if (!r.ok()) return;
  table.columns = std::move(columns);
  out.tables.emplace(table.type, std::move(table));
}

CheckpointResult<DomainCheckpoint> ReadPayloadV1(std::string_view payload) {
  Reader r(payload);
  DomainCheckpoint out;
  out.domain = r.String("domain");
  out.fingerprint = r.Fixed(8);
  out.written = r.Time("written time");
  out.view_settings = ReadViewSettings(r);
  const size_t tables = r.Count("table", 7);  // a table takes at least 7 bytes
  if (r.ok() && tables > kAllStatisticTypes.size()) r.Fail("more tables than statistic types");
  for (size_t i = 0; i < tables && r.ok(); ++i) ReadTable(r, out);
  const size_t calls = r.Count("call time");
  int64_t previous = 0;
  for (size_t i = 0; i < calls && r.ok(); ++i) {
    if (i == 0) {
      previous = r.Signed();
    } else {
      // Deltas from the previous call; `previous` passed CheckedTime, so the sum of two
      // values below kEndMillis cannot overflow.
      const uint64_t delta = r.Varint();
      if (r.ok() && delta >= static_cast<uint64_t>(kEndMillis)) {
        r.Fail("call time delta " + std::to_string(delta) + " ms is out of range");
        break;
      }
      previous += static_cast<int64_t>(delta);
    }
    out.query_statistics_calls.push_back(r.CheckedTime(previous, "call time"));
  }
  if (r.ok() && r.remaining() != 0) r.Fail("trailing bytes");
  if (!r.ok()) {
    return tl::unexpected(
        CheckpointRejection{CheckpointProblem::kInvalid, "corrupt checkpoint: " + r.error()});
  }
  return out;
}

CheckpointRejection Invalid(std::string message) {
  return CheckpointRejection{CheckpointProblem::kInvalid, std::move(message)};
}

void Fnv(uint64_t& hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  // A separator that cannot occur inside a field keeps ("ab","c") apart from ("a","bc").
  hash ^= 0xFF;
  hash *= 0x100000001b3ULL;
}

}  // namespace

std::string_view CheckpointProblemName(CheckpointProblem problem) {
  switch (problem) {
    case CheckpointProblem::kInvalid:
      return "invalid";
    case CheckpointProblem::kMismatch:
      return "mismatch";
    case CheckpointProblem::kStale:
      return "stale";
  }
  return "invalid";
}

uint64_t CheckpointFingerprint(const DomainConfig& domain) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  Fnv(hash, domain.name);
  Fnv(hash, domain.endpoint);
  Fnv(hash, domain.username);
  Writer view;
  WriteViewSettings(view, domain.view_settings);
  Fnv(hash, view.bytes());
  return hash;
}

DomainCheckpoint CheckpointFromSnapshot(const DomainSnapshot& snapshot, const DomainConfig& domain,
                                        const std::vector<WallTime>& calls, ColumnKinds kinds,
                                        WallTime now) {
  DomainCheckpoint out;
  out.domain = domain.name;
  out.fingerprint = CheckpointFingerprint(domain);
  out.written = now;
  out.view_settings = domain.view_settings;
  for (const auto& [type, table] : snapshot.tables) {
    if (table.ready && table.columns) out.tables.emplace(type, table);
  }
  out.column_kinds = std::move(kinds);
  for (WallTime t : calls) {
    if (t + kCallHistory > now) out.query_statistics_calls.push_back(t);
  }
  std::sort(out.query_statistics_calls.begin(), out.query_statistics_calls.end());
  return out;
}

std::string EncodeCheckpoint(const DomainCheckpoint& checkpoint) {
  Writer w;
  w.bytes().append(kMagic);
  w.Fixed(kCheckpointFormatVersion, 4);
  w.Fixed(0, 8);  // payload length, patched below
  w.String(checkpoint.domain);
  w.Fixed(checkpoint.fingerprint, 8);
  w.Signed(ToMillis(checkpoint.written));
  WriteViewSettings(w, checkpoint.view_settings);
  size_t tables = 0;
  for (const auto& [type, table] : checkpoint.tables) tables += table.columns ? 1 : 0;
  w.Varint(tables);
  for (const auto& [type, table] : checkpoint.tables) {
    if (table.columns) WriteTable(w, table, checkpoint.column_kinds);
  }
  std::vector<int64_t> calls;
  for (WallTime t : checkpoint.query_statistics_calls) calls.push_back(ToMillis(t));
  std::sort(calls.begin(), calls.end());
  w.Varint(calls.size());
  for (size_t i = 0; i < calls.size(); ++i) {
    if (i == 0) {
      w.Signed(calls[0]);
    } else {
      w.Varint(static_cast<uint64_t>(calls[i] - calls[i - 1]));
    }
  }
  std::string& bytes = w.bytes();
  const uint64_t payload = bytes.size() - kHeaderBytes;
  for (int i = 0; i < 8; ++i) bytes[12 + i] = static_cast<char>((payload >> (8 * i)) & 0xFF);
  w.Fixed(Crc32(bytes), 4);
  return std::move(bytes);
}

CheckpointResult<DomainCheckpoint> DecodeCheckpoint(std::string_view bytes) {
  if (bytes.size() > kMaxCheckpointBytes) return tl::unexpected(Invalid("checkpoint too large"));
  if (bytes.size() < kHeaderBytes + kTrailerBytes || bytes.substr(0, kMagic.size()) != kMagic) {
    return tl::unexpected(Invalid("not a five9_exporter checkpoint (bad magic or too short)"));
  }
  Reader header(bytes.substr(kMagic.size(), kHeaderBytes - kMagic.size()));
  const uint64_t version = header.Fixed(4);
  const uint64_t payload = header.Fixed(8);
  if (payload != bytes.size() - kHeaderBytes - kTrailerBytes) {
    return tl::unexpected(Invalid("checkpoint truncated or padded: payload length " +
                                  std::to_string(payload) + ", file holds " +
                                  std::to_string(bytes.size() - kHeaderBytes - kTrailerBytes)));
  }
  Reader trailer(bytes.substr(bytes.size() - kTrailerBytes));
  const uint32_t stored_crc = static_cast<uint32_t>(trailer.Fixed(4));
  if (stored_crc != Crc32(bytes.substr(0, bytes.size() - kTrailerBytes))) {
    return tl::unexpected(Invalid("checkpoint checksum mismatch"));
  }
  // The version is judged after the checksum, so a flipped bit in it reads as corruption,
  // and a version we do not know is an honest one from another build.
  if (version != kCheckpointFormatVersion) {
    return tl::unexpected(Invalid("checkpoint format version " + std::to_string(version) +
                                  "; this build reads version " +
                                  std::to_string(kCheckpointFormatVersion)));
  }
  return ReadPayloadV1(bytes.substr(kHeaderBytes, payload));
}

std::chrono::seconds MaxCheckpointAge(const DomainConfig& domain) {
  // Five9's default idleTimeOut is 600 s when the view settings do not say.
  return std::chrono::seconds(domain.view_settings.idle_timeout_s.value_or(600));
}

CheckpointResult<void> CheckCheckpointFits(const DomainCheckpoint& checkpoint,
                                           const DomainConfig& domain, WallTime now) {
  if (checkpoint.domain != domain.name || checkpoint.fingerprint != CheckpointFingerprint(domain)) {
    return tl::unexpected(
        CheckpointRejection{CheckpointProblem::kMismatch,
                            "checkpoint of domain \"" + checkpoint.domain +
                                "\" was taken with another endpoint, username or view settings"});
  }
  const auto age = now - checkpoint.written;
  if (age > MaxCheckpointAge(domain) || age < -kFutureTolerance) {
    return tl::unexpected(CheckpointRejection{
        CheckpointProblem::kStale,
        "checkpoint is " +
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(age).count()) +
            " s old; the session's idle timeout is " +
            std::to_string(MaxCheckpointAge(domain).count()) + " s"});
  }
  return {};
}

CheckpointResult<DomainCheckpoint> AcceptCheckpoint(std::string_view bytes,
                                                    const DomainConfig& domain, WallTime now) {
  CheckpointResult<DomainCheckpoint> decoded = DecodeCheckpoint(bytes);
  if (!decoded) return decoded;
  if (auto fits = CheckCheckpointFits(*decoded, domain, now); !fits) {
    return tl::unexpected(fits.error());
  }
  return decoded;
}

}  // namespace five9exp
