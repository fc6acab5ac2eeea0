// The guide's "Chat" operations: chat sessions between the caller and agents or other
// supervisors, broadcasts and info messages to agents, and the long-polled messages.
#include <algorithm>
#include <iterator>

#include "simulator/operation_table.h"
#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

ChatParty Caller(const OperationContext& c) { return c.parties.OfUser(c.call.user()); }

// The party named by the wsRoledId in `field`; ChatFault when nobody has that id.
ModelResult<ChatParty> NamedParty(OperationContext& c, std::string_view field) {
  auto id = ReadRoledId(c.payload, field);
  if (!id) return tl::unexpected(id.error());
  auto party = c.parties.ById(*id);
  if (!party)
    return tl::unexpected(
        ModelFault{"ChatFault", {}, "unknown user id " + std::to_string(id->user_id)});
  return *party;
}

ModelResult<void> CreateChatSession(OperationContext& c) {
  c.out.Element("return", c.chat.Create(Caller(c)));
  return {};
}

ModelResult<void> CloseChatSession(OperationContext& c) {
  auto chat_id = ReadString(c.payload, "chatId");
  if (!chat_id) return tl::unexpected(chat_id.error());
  return c.chat.Close(Caller(c), *chat_id);
}

ModelResult<void> SendMsgToChat(OperationContext& c) {
  auto chat_id = ReadString(c.payload, "chatId");
  if (!chat_id) return tl::unexpected(chat_id.error());
  return c.chat.Send(Caller(c), *chat_id, c.payload.ChildText("text").value_or(""));
}

ModelResult<void> AcceptChatInvite(OperationContext& c) {
  auto chat_id = ReadString(c.payload, "chatId");
  if (!chat_id) return tl::unexpected(chat_id.error());
  auto accepted = ReadBool(c.payload, "accepted");
  if (!accepted) return tl::unexpected(accepted.error());
  return c.chat.Accept(Caller(c), *chat_id, *accepted);
}

using MembershipChange = ModelResult<void> (ChatHub::*)(const ChatParty& caller,
                                                        std::string_view chat_id,
                                                        const ChatParty& user);

// sendChatInvite, removeUserFromChat: reads chatId and the `user` party, then adds or
// removes that party.
template <MembershipChange change>
ModelResult<void> ChangeMembership(OperationContext& c) {
  auto chat_id = ReadString(c.payload, "chatId");
  if (!chat_id) return tl::unexpected(chat_id.error());
  auto party = NamedParty(c, "user");
  if (!party) return tl::unexpected(party.error());
  return (c.chat.*change)(Caller(c), *chat_id, *party);
}

ModelResult<void> SendBroadcastMessages(OperationContext& c) {
  auto type = ReadString(c.payload, "type");
  if (!type) return tl::unexpected(type.error());
  static constexpr std::string_view kTypes[] = {"ALL", "MY_SKILLS", "SPEC_SKILL", "MY_AGENT_GROUPS",
                                                "SPEC_AGENT_GROUP"};
  if (std::find(std::begin(kTypes), std::end(kTypes), *type) == std::end(kTypes)) {
    return tl::unexpected(MakeFault("IncorrectArgumentFault", "unknown broadcastType"));
  }
  auto spec = ReadLong(c.payload, "specId");
  if (!spec) return tl::unexpected(spec.error());
  c.chat.Broadcast(Caller(c), *type, *spec, c.payload.ChildText("text").value_or(""));
  return {};
}

ModelResult<void> SendInfoMessage(OperationContext& c) {
  auto party = NamedParty(c, "user");
  if (!party) return tl::unexpected(party.error());
  c.chat.Info(Caller(c), *party, c.payload.ChildText("text").value_or(""));
  return {};
}

// Waits (up to longPollingTimeout, capped) for messages newer than previousTimestamp.
ModelResult<void> ReceiveMessages(OperationContext& c) {
  auto poll = ReadLongPoll(c);
  if (!poll) return tl::unexpected(poll.error());
  auto messages = c.chat.WaitSince(c.call.user(), poll->previous_timestamp, poll->deadline,
                                   c.call.stop_token());
  if (messages) WriteChatMessages(c.out, *messages);
  return {};
}

}  // namespace

void AddChatOperations(std::vector<Operation>* operations) {
  operations->insert(
      operations->end(),
      {
          {"createChatSession", SessionNeed::kRequired, CreateChatSession},
          {"closeChatSession", SessionNeed::kRequired, CloseChatSession},
          {"sendMsgToChat", SessionNeed::kRequired, SendMsgToChat},
          {"sendChatInvite", SessionNeed::kRequired, ChangeMembership<&ChatHub::Invite>},
          {"acceptChatInvite", SessionNeed::kRequired, AcceptChatInvite},
          {"removeUserFromChat", SessionNeed::kRequired, ChangeMembership<&ChatHub::Remove>},
          {"sendBroadcastMessages", SessionNeed::kRequired, SendBroadcastMessages},
          {"sendInfoMessage", SessionNeed::kRequired, SendInfoMessage},
          {"receiveMessages", SessionNeed::kRequired, ReceiveMessages},
      });
}

}  // namespace five9sim
