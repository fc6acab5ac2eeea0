// Chat: sessions, messages, invites, participants, broadcasts, info messages (role chat),
// and the buffered incoming messages (GET /chat-messages, no Five9 call).

#include <charconv>

#include "exporter/web/admin_routes.h"
#include "exporter/web/json_views.h"
#include "exporter/web/validation.h"

namespace five9exp {
namespace {

constexpr int64_t kMaxId = INT64_MAX;
constexpr size_t kDefaultMessageLimit = 500;
constexpr size_t kMaxMessageLimit = 1000;

ApiResult<void> CheckRole(std::string_view what, std::string_view role) {
  return CheckEnum(what, role, {"Agent", "DomainSupervisor", "DomainAdmin"});
}

ApiResult<int64_t> ParseNonNegative(std::string_view what, std::string_view text) {
  int64_t value = -1;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < 0) {
    return BadRequest(std::string(what) + " must be a non-negative integer");
  }
  return value;
}

// The {id} parameter, validated; also the audit target.
ApiResult<std::string> ChatIdParam(AdminContext& context) {
  const std::string& id = context.params.at(0);
  context.target = id;
  if (auto ok = CheckName("chat id", id); !ok) return tl::unexpected(ok.error());
  return id;
}

// {"role":..,"userId":..} plus, when `with_text`, {"text":..}.
struct UserAndText {
  RoledId user;
  std::string text;
};
ApiResult<UserAndText> ReadUser(const std::string& body, bool with_text) {
  auto object = with_text ? ParseJsonObject(body, {"role", "userId", "text"})
                          : ParseJsonObject(body, {"role", "userId"});
  if (!object) return tl::unexpected(object.error());
  UserAndText out;
  auto role = RequiredString(*object, "role");
  if (!role) return tl::unexpected(role.error());
  if (auto ok = CheckRole("field \"role\"", *role); !ok) return tl::unexpected(ok.error());
  auto user_id = RequiredInt(*object, "userId", 0, kMaxId);
  if (!user_id) return tl::unexpected(user_id.error());
  out.user = RoledId{*role, *user_id};
  if (with_text) {
    auto text = RequiredString(*object, "text");
    if (!text) return tl::unexpected(text.error());
    if (auto ok = CheckText("field \"text\"", *text); !ok) return tl::unexpected(ok.error());
    out.text = std::move(*text);
  }
  return out;
}

ApiResult<nlohmann::json> CreateChat(AdminContext& context) {
  auto body = ParseJsonObject(context.request.body, {}, /*allow_empty=*/true);
  if (!body) return tl::unexpected(body.error());
  auto id = CallFive9<std::string>(context, "createChatSession", [](SupervisorClient& client) {
    return client.CreateChatSession();
  });
  if (!id) return tl::unexpected(id.error());
  context.target = *id;
  return nlohmann::json{{"chatId", *id}};
}

ApiResult<nlohmann::json> CloseChat(AdminContext& context) {
  auto id = ChatIdParam(context);
  if (!id) return tl::unexpected(id.error());
  auto done = RunFive9(context, "closeChatSession", [id = *id](SupervisorClient& client) {
    return client.CloseChatSession(id);
  });
  if (!done) return tl::unexpected(done.error());
  return OkBody();
}

ApiResult<nlohmann::json> SendMessage(AdminContext& context) {
  auto id = ChatIdParam(context);
  if (!id) return tl::unexpected(id.error());
  auto body = ParseJsonObject(context.request.body, {"text"});
  if (!body) return tl::unexpected(body.error());
  auto text = RequiredString(*body, "text");
  if (!text) return tl::unexpected(text.error());
  if (auto ok = CheckText("field \"text\"", *text); !ok) return tl::unexpected(ok.error());
  auto done =
      RunFive9(context, "sendMsgToChat", [id = *id, text = *text](SupervisorClient& client) {
        return client.SendMsgToChat(id, text);
      });
  if (!done) return tl::unexpected(done.error());
  return OkBody();
}

ApiResult<nlohmann::json> Invite(AdminContext& context) {
  auto id = ChatIdParam(context);
  if (!id) return tl::unexpected(id.error());
  auto user = ReadUser(context.request.body, /*with_text=*/false);
  if (!user) return tl::unexpected(user.error());
  context.target = *id + " " + user->user.role + "/" + std::to_string(user->user.user_id);
  auto done =
      RunFive9(context, "sendChatInvite", [id = *id, who = user->user](SupervisorClient& client) {
        return client.SendChatInvite(id, who);
      });
  if (!done) return tl::unexpected(done.error());
  return OkBody();
}

ApiResult<nlohmann::json> Accept(AdminContext& context) {
  auto id = ChatIdParam(context);
  if (!id) return tl::unexpected(id.error());
  auto body = ParseJsonObject(context.request.body, {"accepted"});
  if (!body) return tl::unexpected(body.error());
  auto accepted = RequiredBool(*body, "accepted");
  if (!accepted) return tl::unexpected(accepted.error());
  auto done =
      RunFive9(context, "acceptChatInvite", [id = *id, yes = *accepted](SupervisorClient& client) {
        return client.AcceptChatInvite(id, yes);
      });
  if (!done) return tl::unexpected(done.error());
  return OkBody();
}

ApiResult<nlohmann::json> RemoveParticipant(AdminContext& context) {
  auto id = ChatIdParam(context);
  if (!id) return tl::unexpected(id.error());
  const std::string& role = context.params.at(1);
  if (auto ok = CheckRole("path role", role); !ok) return tl::unexpected(ok.error());
  auto user_id = ParseNonNegative("path userId", context.params.at(2));
  if (!user_id) return tl::unexpected(user_id.error());
  context.target = *id + " " + role + "/" + std::to_string(*user_id);
  auto done = RunFive9(context, "removeUserFromChat",
                       [id = *id, who = RoledId{role, *user_id}](SupervisorClient& client) {
                         return client.RemoveUserFromChat(id, who);
                       });
  if (!done) return tl::unexpected(done.error());
  return OkBody();
}

ApiResult<nlohmann::json> Broadcast(AdminContext& context) {
  auto body = ParseJsonObject(context.request.body, {"type", "specId", "text"});
  if (!body) return tl::unexpected(body.error());
  auto type = RequiredString(*body, "type");
  if (!type) return tl::unexpected(type.error());
  if (auto ok =
          CheckEnum("field \"type\"", *type,
                    {"ALL", "MY_SKILLS", "SPEC_SKILL", "MY_AGENT_GROUPS", "SPEC_AGENT_GROUP"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  auto spec_id = OptionalInt(*body, "specId", 0, kMaxId);
  if (!spec_id) return tl::unexpected(spec_id.error());
  if ((*type == "SPEC_SKILL" || *type == "SPEC_AGENT_GROUP") && !*spec_id) {
    return BadRequest("field \"specId\" is required for type " + *type);
  }
  auto text = RequiredString(*body, "text");
  if (!text) return tl::unexpected(text.error());
  if (auto ok = CheckText("field \"text\"", *text); !ok) return tl::unexpected(ok.error());
  context.target = *type;
  // The WSDL requires specId; 0 when the type does not use it.
  auto done =
      RunFive9(context, "sendBroadcastMessages",
               [type = *type, spec = spec_id->value_or(0), text = *text](SupervisorClient& client) {
                 return client.SendBroadcastMessages(type, spec, text);
               });
  if (!done) return tl::unexpected(done.error());
  return OkBody();
}

ApiResult<nlohmann::json> InfoMessage(AdminContext& context) {
  auto request = ReadUser(context.request.body, /*with_text=*/true);
  if (!request) return tl::unexpected(request.error());
  context.target = request->user.role + "/" + std::to_string(request->user.user_id);
  auto done = RunFive9(context, "sendInfoMessage",
                       [who = request->user, text = request->text](SupervisorClient& client) {
                         return client.SendInfoMessage(who, text);
                       });
  if (!done) return tl::unexpected(done.error());
  return OkBody();
}

ApiResult<nlohmann::json> ReadChatMessages(AdminContext& context) {
  if (context.domain.chat == nullptr) {
    return tl::unexpected(
        MakeApiError(404, "chat_receive_disabled",
                     "the receiveMessages loop is off for this domain (set chat_receive: true)"));
  }
  int64_t since = 0;
  if (auto text = context.request.Query("since")) {
    auto value = ParseNonNegative("query parameter \"since\"", *text);
    if (!value) return tl::unexpected(value.error());
    since = *value;
  }
  size_t limit = kDefaultMessageLimit;
  if (auto text = context.request.Query("limit")) {
    auto value = ParseNonNegative("query parameter \"limit\"", *text);
    if (!value) return tl::unexpected(value.error());
    if (*value < 1 || *value > static_cast<int64_t>(kMaxMessageLimit)) {
      return BadRequest("query parameter \"limit\" must be between 1 and " +
                        std::to_string(kMaxMessageLimit));
    }
    limit = static_cast<size_t>(*value);
  }
  const std::vector<ChatMessage> messages = context.domain.chat->Since(since, limit);
  nlohmann::json list = nlohmann::json::array();
  int64_t cursor = since;
  for (const ChatMessage& message : messages) {
    list.push_back(ChatMessageToJson(message));
    cursor = std::max(cursor, message.timestamp.value_or(0));
  }
  return nlohmann::json{
      {"messages", std::move(list)}, {"next", cursor}, {"dropped", context.domain.chat->dropped()}};
}

}  // namespace

void AddChatRoutes(std::vector<AdminRoute>* routes) {
  routes->push_back({"POST", "chats", "chat", "chat_create", &CreateChat});
  routes->push_back({"DELETE", "chats/{id}", "chat", "chat_close", &CloseChat});
  routes->push_back({"POST", "chats/{id}/messages", "chat", "chat_message", &SendMessage});
  routes->push_back({"POST", "chats/{id}/invites", "chat", "chat_invite", &Invite});
  routes->push_back({"POST", "chats/{id}/accept", "chat", "chat_accept", &Accept});
  routes->push_back({"DELETE", "chats/{id}/participants/{role}/{userId}", "chat",
                     "chat_remove_participant", &RemoveParticipant});
  routes->push_back({"POST", "broadcasts", "chat", "broadcast", &Broadcast});
  routes->push_back({"POST", "info-messages", "chat", "info_message", &InfoMessage});
  routes->push_back({"GET", "chat-messages", "chat", "chat_messages", &ReadChatMessages});
}

}  // namespace five9exp
