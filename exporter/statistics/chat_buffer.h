#pragma once
// ChatBuffer: a bounded buffer of chat messages received by a domain's background
// receiveMessages loop; the admin API's GET /chat-messages reads it with a cursor
// so readers never hold the Five9 session. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "exporter/five9/types.h"

namespace five9exp {

class ChatBuffer {
 public:
  explicit ChatBuffer(size_t capacity = 1000) : capacity_(capacity) {}

  // Appends messages; the oldest are dropped beyond capacity. A message without a
  // timestamp gets `batch_timestamp` (the wsChatMessages timestamp).
  void Append(const std::vector<ChatMessage>& messages, int64_t batch_timestamp);
  // Messages with timestamp > since_ms, oldest first, at most `max` of them.
  std::vector<ChatMessage> Since(int64_t since_ms, size_t max) const;
  // Total messages dropped for capacity since start.
  uint64_t dropped() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::deque<ChatMessage> messages_;
  uint64_t dropped_ = 0;
};

}  // namespace five9exp
