#include "simulator/party_directory.h"

namespace five9sim {

int64_t PartyDirectory::AgentId(std::string_view username) {
  std::lock_guard lock(mutex_);
  auto it = agent_ids_.find(username);
  if (it != agent_ids_.end()) return it->second;
  const int64_t id = next_agent_id_++;
  agent_ids_.emplace(std::string(username), id);
  return id;
}

std::optional<ChatParty> PartyDirectory::ById(const five9exp::RoledId& id) {
  for (const UserAccount& user : sessions_.Users()) {
    if (user.user_id == id.user_id)
      return ChatParty{user.name, {"DomainSupervisor", user.user_id}, false};
  }
  for (const std::string& agent : model_.AgentUsernames()) {
    if (AgentId(agent) == id.user_id) return ChatParty{agent, {"Agent", id.user_id}, true};
  }
  return std::nullopt;
}

ChatParty PartyDirectory::OfUser(const std::string& user) const {
  auto account = sessions_.FindUser(user);
  return ChatParty{user, {"DomainSupervisor", account ? account->user_id : 0}, false};
}

}  // namespace five9sim
