#pragma once
// ConnectionGuard: the bookkeeping that keeps slow and idle clients from blinding the
// web server (issue 17). It knows every open connection of one listener, its remote
// address, its state and its deadline, and decides:
//   - which connection to close when a new one would pass max_connections_per_address
//     (that address's oldest idle connection, else its oldest still reading a request
//     head) or max_connections (the same, over all addresses); only when every candidate
//     is serving a request is the new connection refused. Evicting the oldest, not
//     refusing the newest, is what lets a scraper in while attackers hold every slot: a
//     new connection survives until as many newer ones arrived as the cap allows;
//   - which connections passed their deadline: a request head not complete within
//     read_header_timeout of its first byte (or of the accept), however slowly bytes
//     arrive; a keep-alive connection idle for idle_timeout.
// Connections serving a request (kActive) have no deadline here: the worker's own I/O
// timeouts bound them, and they are never evicted.
//
// No I/O and no clock of its own: the caller passes `now` (tests use a fake clock).
// Not thread-safe: owned by one listener's connection loop thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace five9exp {

struct ConnectionLimits {
  // A request head must be complete this long after its first byte (web.read_header_timeout).
  std::chrono::milliseconds read_header_timeout{5'000};
  // A keep-alive connection with no request for this long is closed (web.idle_timeout).
  std::chrono::milliseconds idle_timeout{90'000};
  size_t max_connections_per_address = 64;  // web.max_connections_per_address
  size_t max_connections = 1024;            // web.max_connections, every address together
};

// kReading: waiting for (the rest of) a request head; kActive: a worker serves a request;
// kIdle: keep-alive, between requests.
enum class ConnectionState { kReading, kActive, kIdle };
// The label values of five9_exporter_http_connections_dropped_total{reason}.
enum class DropReason { kHeaderTimeout, kIdleTimeout, kPerAddressLimit, kTotalLimit };
std::string_view DropReasonName(DropReason reason);
inline constexpr DropReason kAllDropReasons[] = {
    DropReason::kHeaderTimeout, DropReason::kIdleTimeout, DropReason::kPerAddressLimit,
    DropReason::kTotalLimit};

// five9_exporter_http_connections{state}: open is the sum of the other three.
struct ConnectionCounts {
  int64_t open = 0;
  int64_t reading = 0;
  int64_t active = 0;
  int64_t idle = 0;
  bool operator==(const ConnectionCounts&) const = default;
};

class ConnectionGuard {
 public:
  using Id = uint64_t;
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Drop {
    Id id;
    DropReason reason;
  };
  struct Admission {
    std::optional<Id> id;               // the new connection (kReading); none when refused
    std::vector<Drop> evicted;          // connections the caller must close to make room
    std::optional<DropReason> refused;  // why the new connection is refused
  };

  explicit ConnectionGuard(ConnectionLimits limits);

  // A new connection from `address`. Evicts as described above; when nothing can be
  // evicted the connection is refused. Evicted connections are forgotten here; the
  // caller closes them.
  Admission Admit(const std::string& address, TimePoint now);
  // kIdle -> kReading when the first byte of the next request arrives (restarts the
  // head deadline). A no-op in any other state.
  void StartReading(Id id, TimePoint now);
  // The head is complete and a worker takes the connection: no deadline, not evictable.
  void StartActive(Id id);
  // The response is sent and the connection stays open for another request.
  void StartIdle(Id id, TimePoint now);
  // The connection closed (either side). Unknown ids are ignored.
  void Remove(Id id);

  // Connections whose deadline is at or before `now`, forgotten here; the caller closes them.
  std::vector<Drop> Expire(TimePoint now);
  // The earliest deadline, if any connection has one.
  std::optional<TimePoint> NextDeadline() const;
  ConnectionCounts Counts() const;
  const ConnectionLimits& limits() const { return limits_; }

 private:
  // Ordered by deadline: within one state, the oldest connection first.
  using Queue = std::set<std::pair<TimePoint, Id>>;
  struct Entry {
    std::string address;
    ConnectionState state = ConnectionState::kReading;
    TimePoint deadline;  // meaningless while kActive
  };
  struct Waiting {  // connections that may be evicted, oldest first
    Queue idle;
    Queue reading;
  };
  struct AddressEntry {
    size_t open = 0;
    Waiting waiting;
  };

  // The oldest idle connection in `waiting`, else the oldest reading one.
  static std::optional<Id> Victim(const Waiting& waiting);
  // Changes a known connection's state and deadline, keeping the queues in step.
  void Move(Id id, ConnectionState state, TimePoint deadline);
  void Enqueue(Id id, const Entry& entry);
  void Dequeue(Id id, const Entry& entry);
  void Erase(Id id);

  const ConnectionLimits limits_;
  Id next_id_ = 1;
  std::map<Id, Entry> entries_;
  std::unordered_map<std::string, AddressEntry> addresses_;
  Waiting waiting_;  // every address
  ConnectionCounts counts_;
};

}  // namespace five9exp
