#include "exporter/statistics/chat_buffer.h"

namespace five9exp {

void ChatBuffer::Append(const std::vector<ChatMessage>& messages, int64_t batch_timestamp) {
  std::lock_guard lock(mutex_);
  for (ChatMessage message : messages) {
    if (!message.timestamp) message.timestamp = batch_timestamp;
    messages_.push_back(std::move(message));
    if (messages_.size() > capacity_) {
      messages_.pop_front();
      ++dropped_;
    }
  }
}

std::vector<ChatMessage> ChatBuffer::Since(int64_t since_ms, size_t max) const {
  std::lock_guard lock(mutex_);
  std::vector<ChatMessage> out;
  for (const ChatMessage& message : messages_) {
    if (out.size() >= max) break;
    if (message.timestamp.value_or(0) > since_ms) out.push_back(message);
  }
  return out;
}

uint64_t ChatBuffer::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace five9exp
