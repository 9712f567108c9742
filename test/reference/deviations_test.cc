// Tests for the departures from the spec a test harness can switch on (reference/deviations.h):
// each changes exactly the one thing it names in what the spec-following code produced.
#include "deviations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reference/generation.h"
#include "status_matchers.h"

namespace reference {
namespace {

using ::kube::Json;
using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

kube::Object Template(Json spec) {
  return kube::Object(Json{{"apiVersion", "stash.appscode.com/v1beta1"},
                           {"kind", "BackupConfigurationTemplate"},
                           {"metadata", {{"name", "t"}}},
                           {"spec", std::move(spec)}});
}

TEST(ResolveBackendOnlyTest, LeavesTheRestVerbatim) {
  kube::Object tmpl = Template(
      {{"backend", {{"s3", {{"prefix", "${TARGET_NAME}"}}}}}, {"schedule", "${TARGET_KIND}"}});
  tmpl.SetAnnotation("note", "${NOT_SUPPLIED}");
  const Variables vars = {{"TARGET_NAME", "n"}, {"TARGET_KIND", "k"}};
  EXPECT_THAT(ResolveTemplate(tmpl, vars), StatusIs(StatusReason::kBadRequest));
  auto resolved = ResolveBackendOnly(tmpl, vars);
  ASSERT_OK(resolved);
  EXPECT_EQ((*resolved)["spec"]["backend"]["s3"]["prefix"], "n");
  EXPECT_EQ((*resolved)["spec"]["schedule"], "${TARGET_KIND}");
  EXPECT_EQ((*resolved)["metadata"]["annotations"]["note"], "${NOT_SUPPLIED}");
}

TEST(ResolveBackendOnlyTest, StillFailsInTheBackend) {
  kube::Object tmpl = Template({{"backend", {{"s3", {{"prefix", "${NOT_SUPPLIED}"}}}}}});
  EXPECT_THAT(ResolveBackendOnly(tmpl, {}),
              StatusIs(StatusReason::kBadRequest, HasSubstr("NOT_SUPPLIED")));
}

TEST(ResolveBackendOnlyTest, TemplateWithoutBackendIsReturnedAsIs) {
  kube::Object tmpl = Template({{"schedule", "${TARGET_KIND}"}});
  auto resolved = ResolveBackendOnly(tmpl, {});
  ASSERT_OK(resolved);
  EXPECT_EQ(*resolved, tmpl.json());
}

TEST(TrimmedNonEmptyPathsTest, TrimsAndDropsEmpties) {
  EXPECT_THAT(TrimmedNonEmptyPaths({" /a ", " /b", "", "  ", ""}), ElementsAre("/a", "/b"));
  EXPECT_THAT(TrimmedNonEmptyPaths({""}), IsEmpty());
}

TEST(DropOwnerReferencesTest, KeepsTheRestOfTheMetadata) {
  Json configuration = {
      {"metadata", {{"name", "n"}, {"namespace", "demo"}, {"ownerReferences", Json::array()}}}};
  DropOwnerReferences(configuration);
  EXPECT_EQ(configuration["metadata"], (Json{{"name", "n"}, {"namespace", "demo"}}));
}

TEST(CopyWipeOutTest, CopiesOnlyASetWipeOut) {
  Json repository = {{"spec", {{"backend", Json::object()}}}};
  CopyWipeOut(Template({{"wipeOut", nullptr}}).json(), repository);
  EXPECT_FALSE(repository["spec"].contains("wipeOut"));
  CopyWipeOut(Template({{"wipeOut", true}}).json(), repository);
  EXPECT_EQ(repository["spec"], (Json{{"backend", Json::object()}, {"wipeOut", true}}));
}

TEST(WithWipeOutOfTest, ReplacesOrRemovesIt) {
  const Json current = {{"spec", {{"backend", {{"s3", "x"}}}, {"wipeOut", true}}}};
  EXPECT_EQ(WithWipeOutOf(current, Json{{"spec", {{"wipeOut", false}}}}),
            (Json{{"spec", {{"backend", {{"s3", "x"}}}, {"wipeOut", false}}}}));
  EXPECT_EQ(WithWipeOutOf(current, Json{{"spec", Json::object()}}),
            (Json{{"spec", {{"backend", {{"s3", "x"}}}}}}));
}

}  // namespace
}  // namespace reference
