#pragma once
// ChatHub: supervisor chat sessions of the simulated domain. Supervisors (API users) create
// chats, invite agents, send messages; simulated agents answer at once (an ARRIVED message on
// invite, a CHAT reply to every supervisor message), so receiveMessages has traffic both ways.
//
// Owns every chat and the bounded message log. Thread-safe (one internal mutex; waiters use a
// condition variable, never holding the lock while the caller runs).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/types.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

// Someone in a chat: an API user (supervisor) or a simulated agent.
struct ChatParty {
  std::string name;
  five9exp::RoledId id;
  bool simulated = false;  // a simulated agent answers automatically
};

struct ChatView {
  std::string chat_id;
  std::string owner;
  bool open = true;
  std::vector<std::string> participants;
  int64_t messages = 0;
};

class ChatHub {
 public:
  explicit ChatHub(five9exp::Clock& clock) : clock_(clock) {}

  std::string Create(const ChatParty& owner);
  // Faults: ChatFault for an unknown or closed chat, or a caller not in the chat.
  ModelResult<void> Close(const ChatParty& caller, std::string_view chat_id);
  ModelResult<void> Send(const ChatParty& caller, std::string_view chat_id, std::string_view text);
  ModelResult<void> Invite(const ChatParty& caller, std::string_view chat_id,
                           const ChatParty& invitee);
  ModelResult<void> Accept(const ChatParty& caller, std::string_view chat_id, bool accepted);
  ModelResult<void> Remove(const ChatParty& caller, std::string_view chat_id,
                           const ChatParty& user);
  // Broadcasts and info messages go to agents (recorded, no chat).
  void Broadcast(const ChatParty& caller, std::string_view type, int64_t spec_id,
                 std::string_view text);
  void Info(const ChatParty& caller, const ChatParty& agent, std::string_view text);

  // Messages for `user` newer than `since` (ms); nullopt when none.
  std::optional<five9exp::ChatMessages> Since(std::string_view user, int64_t since) const;
  // Waits until Since(user, since) has something, the deadline passes or `stop` fires.
  std::optional<five9exp::ChatMessages> WaitSince(std::string_view user, int64_t since,
                                                  std::chrono::steady_clock::time_point deadline,
                                                  std::stop_token stop) const;
  std::vector<ChatView> Views() const;
  int64_t broadcasts() const;

 private:
  struct Chat {
    std::string id;
    std::string owner;
    bool open = true;
    std::vector<ChatParty> parties;
    int64_t messages = 0;
  };
  struct Delivered {
    std::string recipient;  // API user name
    five9exp::ChatMessage message;
  };

  // Requires mutex_.
  int64_t NextStampLocked();
  ModelResult<Chat*> FindLocked(const ChatParty& caller, std::string_view chat_id);
  // Appends a message of `chat` from `from` to every API user in it except the sender.
  void PostLocked(Chat& chat, const ChatParty& from, std::string type, std::string text);
  std::optional<five9exp::ChatMessages> SinceLocked(std::string_view user, int64_t since) const;

  five9exp::Clock& clock_;

  // State below is protected by mutex_.
  mutable std::mutex mutex_;
  mutable std::condition_variable_any cv_;
  std::map<std::string, Chat, std::less<>> chats_;
  std::deque<Delivered> log_;
  int64_t last_stamp_ = 0;
  int64_t next_chat_ = 1;
  int64_t broadcasts_ = 0;
};

}  // namespace five9sim
