#pragma once
// Agent pseudonyms (SPEC "Numbers users can trust", agent_labels: pseudonym): the `agent`
// label becomes a stable keyed hash of the Five9 username, so series stay joinable over
// time without naming the person. pseudonym = the first 16 lower-case hex digits of
// HMAC-SHA256(key, username). The key is a secret (config: pseudonym_key_file/_env): never
// log it, never serve it. Without the key the usernames cannot be recovered or guessed
// from a list of candidates; with it, an operator can compute the pseudonym of a username.
//
// The one file that includes OpenSSL's HMAC is pseudonym.cc. Pure functions; thread-safe.

#include <string>
#include <string_view>

namespace five9exp {

// HMAC-SHA256(key, message) as 64 lower-case hex digits.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// The first 16 hex digits of HmacSha256Hex(key, username).
std::string AgentPseudonym(std::string_view key, std::string_view username);

}  // namespace five9exp
