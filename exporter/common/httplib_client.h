// httplib::Client from a URL, safe for any thread to make first.
#pragma once

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>

namespace five9exp {

// httplib's URL constructor matches the URL against a function-local static std::regex made
// by the first call. Debian's libcpp-httplib.so is not built for ThreadSanitizer, so the
// compiler's inlined "already made?" check in it is invisible to TSan, and two threads making
// their first clients at once (two leader electors, a poller and an elector) were reported as
// a race on that regex. The first client is made under std::call_once, which TSan sees: every
// later one is ordered after the regex exists. Header-only: its users link httplib already.
inline std::unique_ptr<httplib::Client> NewHttplibClient(const std::string& url) {
  static std::once_flag first;
  std::call_once(first, [] { httplib::Client first_client("http://127.0.0.1"); });
  return std::make_unique<httplib::Client>(url);
}

}  // namespace five9exp
