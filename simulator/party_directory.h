#pragma once
// PartyDirectory: the wsRoledId of everyone a supervisor can name in a call. The API users
// (supervisors) keep the userId of their account; each simulated agent gets a stable userId
// on first use. Chats, getLoggedInUsers and the control API all ask here, so an agent has one
// id everywhere.
//
// Does not own the registries it reads. Thread-safe (one internal mutex for the agent ids;
// never calls out under it).

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "exporter/five9/types.h"
#include "simulator/chat_hub.h"
#include "simulator/model/contact_center.h"
#include "simulator/session_registry.h"

namespace five9sim {

class PartyDirectory {
 public:
  PartyDirectory(const SessionRegistry& sessions, const ContactCenter& model)
      : sessions_(sessions), model_(model) {}

  // Stable wsRoledId.userId of an agent (assigned on first use).
  int64_t AgentId(std::string_view username);
  // The supervisor or agent with this id; nullopt when nobody has it.
  std::optional<ChatParty> ById(const five9exp::RoledId& id);
  // The supervisor `user` (userId 0 when the account is unknown).
  ChatParty OfUser(const std::string& user) const;

 private:
  const SessionRegistry& sessions_;
  const ContactCenter& model_;

  // State below is protected by mutex_.
  std::mutex mutex_;
  std::map<std::string, int64_t, std::less<>> agent_ids_;
  int64_t next_agent_id_ = 1000001;
};

}  // namespace five9sim
