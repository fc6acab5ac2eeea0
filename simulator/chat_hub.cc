#include "simulator/chat_hub.h"

#include <algorithm>

namespace five9sim {
namespace {

constexpr size_t kMaxLog = 10'000;

ModelFault ChatFault(std::string message) {
  return ModelFault{"ChatFault", {}, std::move(message)};
}

bool Same(const ChatParty& a, const ChatParty& b) {
  return a.name == b.name || (a.id.user_id != 0 && a.id.user_id == b.id.user_id);
}

}  // namespace

int64_t ChatHub::NextStampLocked() {
  const int64_t wall =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.WallNow().time_since_epoch())
          .count();
  last_stamp_ = std::max(last_stamp_ + 1, wall);
  return last_stamp_;
}

std::string ChatHub::Create(const ChatParty& owner) {
  std::lock_guard lock(mutex_);
  Chat chat;
  chat.id = "SIMCHAT" + std::to_string(next_chat_++);
  chat.owner = owner.name;
  chat.parties.push_back(owner);
  std::string id = chat.id;
  chats_.emplace(id, std::move(chat));
  return id;
}

ModelResult<ChatHub::Chat*> ChatHub::FindLocked(const ChatParty& caller, std::string_view chat_id) {
  auto it = chats_.find(chat_id);
  if (it == chats_.end()) return tl::unexpected(ChatFault("unknown chat session"));
  Chat& chat = it->second;
  if (!chat.open) return tl::unexpected(ChatFault("chat session is closed"));
  if (std::none_of(chat.parties.begin(), chat.parties.end(),
                   [&](const ChatParty& p) { return Same(p, caller); })) {
    return tl::unexpected(ChatFault("not a participant of this chat session"));
  }
  return &chat;
}

void ChatHub::PostLocked(Chat& chat, const ChatParty& from, std::string type, std::string text) {
  five9exp::ChatMessage message;
  message.chat_id = chat.id;
  message.from = from.id;
  for (const ChatParty& p : chat.parties) {
    if (!Same(p, from)) message.participants.push_back(p.id);
  }
  message.text = std::move(text);
  message.timestamp = NextStampLocked();
  message.type = std::move(type);
  ++chat.messages;
  for (const ChatParty& p : chat.parties) {
    if (p.simulated || Same(p, from)) continue;
    log_.push_back({p.name, message});
  }
  while (log_.size() > kMaxLog) log_.pop_front();
  cv_.notify_all();
}

ModelResult<void> ChatHub::Close(const ChatParty& caller, std::string_view chat_id) {
  std::lock_guard lock(mutex_);
  auto chat = FindLocked(caller, chat_id);
  if (!chat) return tl::unexpected(chat.error());
  PostLocked(**chat, caller, "END", "chat closed");
  (*chat)->open = false;
  return {};
}

ModelResult<void> ChatHub::Send(const ChatParty& caller, std::string_view chat_id,
                                std::string_view text) {
  std::lock_guard lock(mutex_);
  auto found = FindLocked(caller, chat_id);
  if (!found) return tl::unexpected(found.error());
  Chat& chat = **found;
  PostLocked(chat, caller, "CHAT", std::string(text));
  // Simulated agents answer every supervisor message.
  const std::vector<ChatParty> parties = chat.parties;
  for (const ChatParty& p : parties) {
    if (p.simulated) PostLocked(chat, p, "CHAT", p.name + " received: " + std::string(text));
  }
  return {};
}

ModelResult<void> ChatHub::Invite(const ChatParty& caller, std::string_view chat_id,
                                  const ChatParty& invitee) {
  std::lock_guard lock(mutex_);
  auto found = FindLocked(caller, chat_id);
  if (!found) return tl::unexpected(found.error());
  Chat& chat = **found;
  if (std::any_of(chat.parties.begin(), chat.parties.end(),
                  [&](const ChatParty& p) { return Same(p, invitee); })) {
    return tl::unexpected(ChatFault("user is already in this chat session"));
  }
  chat.parties.push_back(invitee);
  // A simulated agent accepts at once.
  if (invitee.simulated) PostLocked(chat, invitee, "ARRIVED", invitee.name + " joined");
  return {};
}

ModelResult<void> ChatHub::Accept(const ChatParty& caller, std::string_view chat_id,
                                  bool accepted) {
  std::lock_guard lock(mutex_);
  auto it = chats_.find(chat_id);
  if (it == chats_.end() || !it->second.open)
    return tl::unexpected(ChatFault("unknown chat session"));
  Chat& chat = it->second;
  const bool member = std::any_of(chat.parties.begin(), chat.parties.end(),
                                  [&](const ChatParty& p) { return Same(p, caller); });
  if (accepted && !member) chat.parties.push_back(caller);
  PostLocked(chat, caller, accepted ? "ACK" : "NACK",
             caller.name + (accepted ? " accepted" : " declined"));
  return {};
}

ModelResult<void> ChatHub::Remove(const ChatParty& caller, std::string_view chat_id,
                                  const ChatParty& user) {
  std::lock_guard lock(mutex_);
  auto found = FindLocked(caller, chat_id);
  if (!found) return tl::unexpected(found.error());
  Chat& chat = **found;
  auto it = std::find_if(chat.parties.begin(), chat.parties.end(),
                         [&](const ChatParty& p) { return Same(p, user); });
  if (it == chat.parties.end())
    return tl::unexpected(ChatFault("user is not in this chat session"));
  ChatParty removed = *it;
  PostLocked(chat, removed, "KICK", removed.name + " was removed");
  chat.parties.erase(std::find_if(chat.parties.begin(), chat.parties.end(),
                                  [&](const ChatParty& p) { return Same(p, user); }));
  return {};
}

void ChatHub::Broadcast(const ChatParty&, std::string_view, int64_t, std::string_view) {
  std::lock_guard lock(mutex_);
  ++broadcasts_;
}

void ChatHub::Info(const ChatParty&, const ChatParty&, std::string_view) {
  std::lock_guard lock(mutex_);
  ++broadcasts_;
}

std::optional<five9exp::ChatMessages> ChatHub::SinceLocked(std::string_view user,
                                                           int64_t since) const {
  five9exp::ChatMessages out;
  for (const Delivered& d : log_) {
    if (d.recipient != user || d.message.timestamp.value_or(0) <= since) continue;
    out.messages.push_back(d.message);
    out.timestamp = std::max(out.timestamp, d.message.timestamp.value_or(0));
  }
  if (out.messages.empty()) return std::nullopt;
  return out;
}

std::optional<five9exp::ChatMessages> ChatHub::Since(std::string_view user, int64_t since) const {
  std::lock_guard lock(mutex_);
  return SinceLocked(user, since);
}

std::optional<five9exp::ChatMessages> ChatHub::WaitSince(
    std::string_view user, int64_t since, std::chrono::steady_clock::time_point deadline,
    std::stop_token stop) const {
  std::unique_lock lock(mutex_);
  std::optional<five9exp::ChatMessages> out;
  cv_.wait_until(lock, stop, deadline, [&] {
    out = SinceLocked(user, since);
    return out.has_value();
  });
  return out;
}

std::vector<ChatView> ChatHub::Views() const {
  std::lock_guard lock(mutex_);
  std::vector<ChatView> out;
  for (const auto& [id, chat] : chats_) {
    ChatView v{id, chat.owner, chat.open, {}, chat.messages};
    for (const ChatParty& p : chat.parties) v.participants.push_back(p.name);
    out.push_back(std::move(v));
  }
  return out;
}

int64_t ChatHub::broadcasts() const {
  std::lock_guard lock(mutex_);
  return broadcasts_;
}

}  // namespace five9sim
