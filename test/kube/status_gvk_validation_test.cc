// kube::Status (reasons, codes, the metav1.Status round trip), GroupVersionKind and the name /
// label syntax checks: small pieces every layer above relies on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "kube/gvk.h"
#include "kube/status.h"
#include "kube/validation.h"

namespace kube {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(StatusTest, EveryReasonHasItsWireNameAndCodeAndRoundTrips) {
  const std::vector<std::tuple<StatusReason, std::string, int>> reasons = {
      {StatusReason::kBadRequest, "BadRequest", 400},
      {StatusReason::kUnauthorized, "Unauthorized", 401},
      {StatusReason::kForbidden, "Forbidden", 403},
      {StatusReason::kNotFound, "NotFound", 404},
      {StatusReason::kMethodNotAllowed, "MethodNotAllowed", 405},
      {StatusReason::kNotAcceptable, "NotAcceptable", 406},
      {StatusReason::kAlreadyExists, "AlreadyExists", 409},
      {StatusReason::kConflict, "Conflict", 409},
      {StatusReason::kGone, "Gone", 410},
      {StatusReason::kExpired, "Expired", 410},
      {StatusReason::kRequestEntityTooLarge, "RequestEntityTooLarge", 413},
      {StatusReason::kUnsupportedMediaType, "UnsupportedMediaType", 415},
      {StatusReason::kInvalid, "Invalid", 422},
      {StatusReason::kTooManyRequests, "TooManyRequests", 429},
      {StatusReason::kInternalError, "InternalError", 500},
      {StatusReason::kServiceUnavailable, "ServiceUnavailable", 503},
      {StatusReason::kTimeout, "Timeout", 504},
  };
  for (const auto& [reason, name, code] : reasons) {
    EXPECT_EQ(ReasonName(reason), name);
    EXPECT_EQ(ReasonCode(reason), code) << name;
    EXPECT_EQ(ReasonFromName(name, code), reason) << name;
    Status status(reason, "why: " + name);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(Status::FromJson(status.ToJson()), status) << name;
  }
  EXPECT_EQ(ReasonFromName("SomethingNew", 418), StatusReason::kInternalError);
  EXPECT_EQ(ReasonFromName("", 200), StatusReason::kOk);
}

TEST(StatusTest, ToJsonIsAMetaV1StatusWithDetailsAndCauses) {
  Status status = InvalidError("Deployment.apps", "web",
                               {{"FieldValueInvalid", "Invalid value: \"x\": bad", "spec.x"}});
  nlohmann::json json = status.ToJson();
  EXPECT_EQ(json["kind"], "Status");
  EXPECT_EQ(json["apiVersion"], "v1");
  EXPECT_EQ(json["status"], "Failure");
  EXPECT_EQ(json["reason"], "Invalid");
  EXPECT_EQ(json["code"], 422);
  EXPECT_EQ(json["details"]["name"], "web");
  EXPECT_EQ(json["details"]["causes"][0]["field"], "spec.x");
  EXPECT_EQ(status.message(),
            "Deployment.apps \"web\" is invalid: spec.x: Invalid value: \"x\": bad");
  Status back = Status::FromJson(json);
  EXPECT_EQ(back, status);
  EXPECT_THAT(status.ToString(), HasSubstr("Invalid"));
}

TEST(StatusTest, ShorthandsWordMessagesAsTheServerDoes) {
  EXPECT_EQ(NotFoundError("deployments.apps", "web").message(),
            "deployments.apps \"web\" not found");
  EXPECT_EQ(AlreadyExistsError("configmaps", "cm").message(), "configmaps \"cm\" already exists");
  EXPECT_THAT(ConflictError("configmaps", "cm", "the object has been modified").message(),
              HasSubstr("Operation cannot be fulfilled on configmaps \"cm\""));
  EXPECT_EQ(BadRequestError("nope").code(), 400);
  EXPECT_EQ(InternalError("boom").code(), 500);
  EXPECT_TRUE(Status::Ok().ok());
  EXPECT_EQ(Status::Ok().code(), 200);
}

TEST(StatusTest, FromJsonOfGarbageIsAFailureNotAnException) {
  for (const char* text : {"null", "[]", "\"x\"", "{}", R"({"code":"x","reason":7})",
                           R"({"details":[],"message":{}})"}) {
    nlohmann::json json = nlohmann::json::parse(text);
    Status status;
    EXPECT_NO_THROW(status = Status::FromJson(json)) << text;
  }
}

TEST(GvkTest, ApiVersionAndQualifiedNamesOfCoreAndGroupedKinds) {
  GroupVersionKind core{"", "v1", "ConfigMap"};
  GroupVersionKind apps{"apps", "v1", "Deployment"};
  EXPECT_EQ(core.ApiVersion(), "v1");
  EXPECT_EQ(apps.ApiVersion(), "apps/v1");
  EXPECT_EQ(core.QualifiedKind(), "ConfigMap");
  EXPECT_EQ(apps.QualifiedKind(), "Deployment.apps");
  GroupVersionKind parsed =
      GroupVersionKind::FromApiVersion("stash.appscode.com/v1beta1", "BackupConfiguration");
  EXPECT_EQ(parsed.group, "stash.appscode.com");
  EXPECT_EQ(parsed.version, "v1beta1");
  EXPECT_EQ(parsed.kind, "BackupConfiguration");
  GroupVersionKind v1 = GroupVersionKind::FromApiVersion("v1", "Pod");
  EXPECT_EQ(v1.group, "");
  EXPECT_EQ(v1.version, "v1");
  GroupVersionResource resource{"apps", "v1", "deployments"};
  EXPECT_EQ(resource.QualifiedResource(), "deployments.apps");
  EXPECT_EQ((GroupVersionResource{"", "v1", "configmaps"}).QualifiedResource(), "configmaps");
}

TEST(ValidationTest, Dns1123SubdomainAndLabel) {
  EXPECT_THAT(CheckDns1123Subdomain("web-1.example"), IsEmpty());
  EXPECT_THAT(CheckDns1123Subdomain("Web"), Not(IsEmpty()));
  EXPECT_THAT(CheckDns1123Subdomain("-web"), Not(IsEmpty()));
  EXPECT_THAT(CheckDns1123Subdomain(""), Not(IsEmpty()));
  EXPECT_THAT(CheckDns1123Subdomain(std::string(253, 'a')), IsEmpty());
  EXPECT_THAT(CheckDns1123Subdomain(std::string(254, 'a')), Not(IsEmpty()));
  EXPECT_THAT(CheckDns1123Label("demo"), IsEmpty());
  EXPECT_THAT(CheckDns1123Label("a.b"), Not(IsEmpty()));
  EXPECT_THAT(CheckDns1123Label(std::string(63, 'a')), IsEmpty());
  EXPECT_THAT(CheckDns1123Label(std::string(64, 'a')), Not(IsEmpty()));
}

TEST(ValidationTest, QualifiedNamesAndLabelValues) {
  EXPECT_THAT(CheckQualifiedName("stash.appscode.com/backup-template"), IsEmpty());
  EXPECT_THAT(CheckQualifiedName("app"), IsEmpty());
  EXPECT_THAT(CheckQualifiedName("bad key!"), Not(IsEmpty()));
  EXPECT_THAT(CheckQualifiedName("a/b/c"), Not(IsEmpty()));
  EXPECT_THAT(CheckQualifiedName("/name"), Not(IsEmpty()));
  EXPECT_THAT(CheckQualifiedName(std::string(64, 'a')), Not(IsEmpty()));
  EXPECT_THAT(CheckLabelValue(""), IsEmpty());
  EXPECT_THAT(CheckLabelValue("v1.2_x-y"), IsEmpty());
  EXPECT_THAT(CheckLabelValue("-x"), Not(IsEmpty()));
  EXPECT_THAT(CheckLabelValue(std::string(64, 'a')), Not(IsEmpty()));
  EXPECT_EQ(InvalidValueMessage("x y", "must be lower case"),
            "Invalid value: \"x y\": must be lower case");
}

}  // namespace
}  // namespace kube
