// GoogleTest matchers for kube::Status and kube::StatusOr: IsOk(), StatusIs(reason) and
// StatusIs(reason, message_matcher). Failure output prints the whole Status.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

#include "kube/status.h"

namespace kube {

inline void PrintTo(const Status& status, std::ostream* os) { *os << status.ToString(); }

namespace testing_internal {
inline const Status& GetStatus(const Status& status) { return status; }
template <typename T>
Status GetStatus(const StatusOr<T>& status_or) {
  return status_or.status();
}
}  // namespace testing_internal

MATCHER(IsOk, "is OK") {
  Status status = testing_internal::GetStatus(arg);
  if (!status.ok()) *result_listener << "status: " << status.ToString();
  return status.ok();
}

MATCHER_P(StatusIs, reason, "has reason " + std::string(ReasonName(reason))) {
  Status status = testing_internal::GetStatus(arg);
  *result_listener << "status: " << status.ToString();
  return status.reason() == reason;
}

MATCHER_P2(StatusIs, reason, message_matcher, "has reason " + std::string(ReasonName(reason))) {
  Status status = testing_internal::GetStatus(arg);
  *result_listener << "status: " << status.ToString();
  return status.reason() == reason &&
         ::testing::ExplainMatchResult(message_matcher, status.message(), result_listener);
}

}  // namespace kube

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::kube::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::kube::IsOk())
