#pragma once
// DomainHandle: what main hands the web module for each configured domain.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/five9/types.h"
#include "exporter/statistics/admin_call_runner.h"
#include "exporter/statistics/chat_buffer.h"

namespace five9exp {

// Plain data. The pointers are not owned: main keeps the domain's poller (runner and
// chat buffer) alive until the WebServer has stopped or SetDomains() replaced the handle.
struct DomainHandle {
  std::string name;                   // the `domain` label and the {domain} path segment
  AdminCallRunner* runner = nullptr;  // the domain poller; nullptr answers 503
  ChatBuffer* chat = nullptr;         // nullptr when chat_receive is off (404 on /chat-messages)
  // Types /-/ready waits for; empty = every type present in the domain's snapshot.
  std::vector<StatisticType> enabled_types;
  // High availability: another replica leads this domain. /-/ready does not wait for it
  // (a standby is ready, so rolling updates proceed) and the admin API answers 503.
  bool standby = false;
  // agent_labels: pseudonym: what a Five9 username becomes in admin JSON (the agent's
  // pseudonym, the same as its `agent` label); empty = the username as it is.
  std::function<std::string(std::string_view username)> user_label;
};

}  // namespace five9exp
