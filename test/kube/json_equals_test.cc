// Tests for JsonEquals (json_equals.h): numbers by exact mathematical value, whatever their
// representation; containers member by member.
#include "kube/json_equals.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace kube {
namespace {

constexpr int64_t kTwoTo53 = int64_t{1} << 53;

TEST(JsonEqualsTest, IntegersAboveTwoTo53AreComparedExactly) {
  // Both round to the same double; they are still different numbers.
  ASSERT_EQ(static_cast<double>(kTwoTo53 + 1), static_cast<double>(kTwoTo53));
  EXPECT_FALSE(JsonEquals(Json(kTwoTo53 + 1), Json(kTwoTo53)));
  EXPECT_FALSE(JsonEquals(Json(uint64_t{kTwoTo53 + 1}), Json(kTwoTo53)));
  EXPECT_TRUE(JsonEquals(Json(uint64_t{kTwoTo53 + 1}), Json(kTwoTo53 + 1)));
  EXPECT_FALSE(JsonEquals(Json(static_cast<double>(kTwoTo53)), Json(kTwoTo53 + 1)));
}

TEST(JsonEqualsTest, NumbersCompareByValueAcrossRepresentations) {
  EXPECT_TRUE(JsonEquals(Json(1), Json(1.0)));
  EXPECT_TRUE(JsonEquals(Json(uint64_t{7}), Json(int64_t{7})));
  EXPECT_FALSE(JsonEquals(Json(-1), Json(UINT64_MAX)));
  EXPECT_FALSE(JsonEquals(Json(1), Json(1.5)));
  EXPECT_FALSE(JsonEquals(Json(1), Json("1")));
}

TEST(JsonEqualsTest, ContainersCompareMemberByMember) {
  EXPECT_TRUE(JsonEquals(Json::parse(R"({"a": [1, {"b": 2.0}]})"),
                         Json::parse(R"({"a": [1.0, {"b": 2}]})")));
  EXPECT_FALSE(JsonEquals(Json::parse(R"({"a": [1, 2]})"), Json::parse(R"({"a": [2, 1]})")));
  EXPECT_FALSE(JsonEquals(Json::parse(R"({"a": 1})"), Json::parse(R"({"a": 1, "b": 1})")));
  EXPECT_FALSE(JsonEquals(Json::object(), Json::array()));
}

}  // namespace
}  // namespace kube
