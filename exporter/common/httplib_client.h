// httplib::Client from a URL, safe for any thread to make and read with first.
#pragma once

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>

#include "exporter/common/httplib_memory_stream.h"

namespace five9exp {
namespace httplib_client_detail {

// A client that reads one canned response from memory: no socket, no connection.
class ResponseReader final : public httplib::ClientImpl {
 public:
  ResponseReader() : httplib::ClientImpl("127.0.0.1") {}
  void ReadOne() {
    HttplibMemoryStream stream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    httplib::Request request;
    request.method = "GET";
    request.path = "/";
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    process_request(stream, request, response, false, error);
  }
};

}  // namespace httplib_client_detail

// httplib matches each client's URL, and each response's status line, against function-local
// static std::regexes made by the first call (the Client constructor, ClientImpl's
// read_response_line). Debian's libcpp-httplib.so is not built for ThreadSanitizer: the
// compiler's inlined "already made?" check in it is invisible to TSan, while the matching runs
// in the program's own, instrumented copies of libstdc++'s regex templates. Two threads making
// their first clients at once (two leader electors, a poller and an elector), or reading their
// first responses at once (two domains' pollers), were reported as races on those regexes. The
// first client and the first response are made and read under std::call_once, which TSan sees:
// every later one is ordered after the regexes exist. Header-only: its users link httplib.
inline std::unique_ptr<httplib::Client> NewHttplibClient(const std::string& url) {
  static std::once_flag first;
  std::call_once(first, [] {
    httplib::Client first_client("http://127.0.0.1");
    httplib_client_detail::ResponseReader().ReadOne();
  });
  return std::make_unique<httplib::Client>(url);
}

}  // namespace five9exp
