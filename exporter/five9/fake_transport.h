#pragma once
// FakeTransport: a scripted Transport for tests (f9_five9_testing). Answers each
// Post with the next queued response (or error) and records every request.
//
// Thread-safe: the test thread may queue answers while the client thread posts.

#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "exporter/five9/transport.h"

namespace five9exp {

class FakeTransport final : public Transport {
 public:
  // Queues an answer; answers are consumed in order. With none queued, Post fails
  // with kTransport ("no scripted answer").
  void Push(Result<SoapHttpResponse> answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(std::move(answer));
  }
  void PushBody(std::string body, int status = 200) {
    Push(SoapHttpResponse{status, "text/xml; charset=utf-8", std::move(body)});
  }

  Result<SoapHttpResponse> Post(const SoapHttpRequest& request, std::stop_token stop) override {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
    if (stop.stop_requested()) return MakeError(ErrorCode::kCancelled, "cancelled");
    if (answers_.empty()) return MakeError(ErrorCode::kTransport, "no scripted answer");
    Result<SoapHttpResponse> answer = std::move(answers_.front());
    answers_.pop_front();
    return answer;
  }

  std::vector<SoapHttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::deque<Result<SoapHttpResponse>> answers_;
  std::vector<SoapHttpRequest> requests_;
};

}  // namespace five9exp
