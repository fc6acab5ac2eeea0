#include "exporter/ha/lease.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace five9exp {
namespace {

using std::chrono::seconds;

TEST(LeaseCodecTest, DecodesAnApiServerAnswer) {
  const std::string body = R"({
    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
    "metadata": {"name": "five9-exporter-acme", "namespace": "monitoring",
                 "resourceVersion": "4711", "uid": "x", "managedFields": [],
                 "annotations": {"five9-exporter/state-url": "http://10.0.0.7:9959"}},
    "spec": {"holderIdentity": "pod-a-1f2e", "leaseDurationSeconds": 30,
             "acquireTime": "2025-12-01T23:13:53.000000Z",
             "renewTime": "2025-12-01T23:14:03.250000Z", "leaseTransitions": 4}})";
  Result<Lease> lease = DecodeLease(body);
  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_EQ(lease->name, "five9-exporter-acme");
  EXPECT_EQ(lease->namespace_name, "monitoring");
  EXPECT_EQ(lease->resource_version, "4711");
  EXPECT_EQ(lease->holder_identity, "pod-a-1f2e");
  EXPECT_EQ(lease->lease_duration_seconds, 30);
  EXPECT_EQ(lease->lease_transitions, 4);
  EXPECT_EQ(lease->annotations.at(std::string(kStateUrlAnnotation)), "http://10.0.0.7:9959");
  EXPECT_EQ(*lease->renew_time, WallTime(seconds(1'764'630'843)) + std::chrono::milliseconds(250));
}

TEST(LeaseCodecTest, AShippedLeaseWithoutSpecIsUnheld) {
  Result<Lease> lease =
      DecodeLease(R"({"kind":"Lease","metadata":{"name":"l","resourceVersion":"1"},"spec":{}})");
  ASSERT_TRUE(lease);
  EXPECT_TRUE(lease->holder_identity.empty());
  EXPECT_FALSE(lease->renew_time);
}

TEST(LeaseCodecTest, EncodeWritesSixFractionDigitsAndRoundTrips) {
  Lease lease;
  lease.name = "five9-exporter-acme";
  lease.namespace_name = "monitoring";
  lease.resource_version = "12";
  lease.holder_identity = "me";
  lease.lease_duration_seconds = 15;
  lease.acquire_time = WallTime(seconds(1'764'630'833));
  lease.renew_time = WallTime(seconds(1'764'630'843)) + std::chrono::microseconds(1);
  lease.lease_transitions = 2;
  lease.annotations["five9-exporter/state-url"] = "http://x";
  const std::string text = EncodeLease(lease);
  const auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["spec"]["renewTime"], "2025-12-01T23:14:03.000001Z");
  EXPECT_EQ(doc["spec"]["acquireTime"], "2025-12-01T23:13:53.000000Z");
  EXPECT_EQ(doc["metadata"]["resourceVersion"], "12");
  EXPECT_EQ(doc["apiVersion"], "coordination.k8s.io/v1");
  Result<Lease> back = DecodeLease(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, lease);
}

TEST(LeaseCodecTest, AReleaseWritesAnEmptyHolder) {
  Lease lease;
  lease.name = "l";
  const auto doc = nlohmann::json::parse(EncodeLease(lease));
  ASSERT_TRUE(doc["spec"].contains("holderIdentity"));
  EXPECT_EQ(doc["spec"]["holderIdentity"], "");
}

TEST(LeaseCodecTest, RejectsBadInputWithoutThrowing) {
  for (const char* bad :
       {"", "null", "[]", "{", "\"x\"", R"({"kind":"Pod"})", R"({"metadata":[]})",
        R"({"spec":"x"})", R"({"spec":{"holderIdentity":7}})",
        R"({"spec":{"leaseDurationSeconds":"30"}})", R"({"spec":{"leaseDurationSeconds":-1}})",
        R"({"spec":{"leaseTransitions":1.5}})", R"({"spec":{"renewTime":"yesterday"}})",
        R"({"metadata":{"annotations":{"a":1}}})", R"({"metadata":{"resourceVersion":12}})"}) {
    Result<Lease> lease = DecodeLease(bad);
    EXPECT_FALSE(lease) << bad;
    if (!lease) {
      EXPECT_EQ(lease.error().code, ErrorCode::kMalformedResponse) << bad;
    }
  }
}

TEST(LeaseCodecTest, StatusMessageIsExtractedOrEmpty) {
  EXPECT_EQ(StatusMessageOf(R"({"kind":"Status","message":"the object has been modified"})"),
            "the object has been modified");
  EXPECT_EQ(StatusMessageOf("<html>"), "");
  EXPECT_EQ(StatusMessageOf(R"({"message":3})"), "");
}

}  // namespace
}  // namespace five9exp
