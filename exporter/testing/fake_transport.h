#pragma once
// FakeTransport: the one fake of the Transport seam (f9_test_support). Answers each Post
// with the next scripted answer (Push), else with the responder a test gave it (a scripted
// Five9 that answers by method), else fails with kTransport ("no scripted answer"). Records
// every request.
//
// Thread-safe: the test thread may script answers while the client thread posts. The
// responder runs outside the lock, so it may block (a held long poll) until `stop`.

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "exporter/five9/transport.h"

namespace five9exp {

class FakeTransport final : public Transport {
 public:
  using Responder =
      std::function<Result<SoapHttpResponse>(const SoapHttpRequest& request, std::stop_token stop)>;

  static constexpr size_t kMaxRecorded = 10'000;

  FakeTransport() = default;
  explicit FakeTransport(Responder responder) : responder_(std::move(responder)) {}

  // Queues an answer; answers are consumed in order, before the responder is asked.
  void Push(Result<SoapHttpResponse> answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(std::move(answer));
  }
  void PushBody(std::string body, int status = 200) {
    Push(SoapHttpResponse{status, "text/xml; charset=utf-8", std::move(body)});
  }

  Result<SoapHttpResponse> Post(const SoapHttpRequest& request, std::stop_token stop) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
      if (requests_.size() > kMaxRecorded) requests_.pop_front();
      if (stop.stop_requested()) return MakeError(ErrorCode::kCancelled, "cancelled");
      if (!answers_.empty()) {
        Result<SoapHttpResponse> answer = std::move(answers_.front());
        answers_.pop_front();
        return answer;
      }
    }
    if (responder_) return responder_(request, stop);
    return MakeError(ErrorCode::kTransport, "no scripted answer");
  }

  // Oldest first.
  std::vector<SoapHttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {requests_.begin(), requests_.end()};
  }

 private:
  const Responder responder_;  // set once, before any Post
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::deque<Result<SoapHttpResponse>> answers_;
  std::deque<SoapHttpRequest> requests_;
};

}  // namespace five9exp
