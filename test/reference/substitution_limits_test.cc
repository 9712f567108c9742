// Tests of SubstitutionLimits: nested replacements that would multiply a value to gigabytes end
// in a clear "substitution too large" error (naming the variable, and for a whole template the
// field and the template) without building the result; results within the limit are untouched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "json_text_position.h"
#include "reference/substitution.h"
#include "status_matchers.h"

namespace reference {
namespace {

using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::AllOf;
using ::testing::HasSubstr;

// 63 letters "a": each level of ${N//a/...} multiplies the length by 63.
const Variables& Vars() {
  static const Variables* const kVars = new Variables{{"N", std::string(63, 'a')}};
  return *kVars;
}

// ${N//a/${N//a/...${N//a/x}...}} nested `depth` deep.
std::string NestedReplace(int depth) {
  std::string text = "x";
  for (int i = 0; i < depth; ++i) text = "${N//a/" + text + "}";
  return text;
}

TEST(SubstitutionLimitsTest, NestedReplacementBeyondTheFieldLimitIsAnError) {
  // Five levels would be 63^5 bytes (almost 1 GB); the limit stops it at the level that crosses.
  auto result = Substitute(NestedReplace(5), Vars());
  EXPECT_THAT(result.status(),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("substitution too large"), HasSubstr("variable N"),
                             HasSubstr("a substituted field may hold at most 1048576 bytes"))));
}

TEST(SubstitutionLimitsTest, ResultsWithinTheLimitAreUnchanged) {
  auto result = Substitute(NestedReplace(3), Vars());  // 63^3 = 250047 bytes
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(*result, std::string(250047, 'x'));
}

TEST(SubstitutionLimitsTest, TheLimitIsConfigurableAndExact) {
  SubstitutionLimits limits;
  limits.max_field_bytes = 63 * 63;
  auto at_limit = Substitute(NestedReplace(2), Vars(), limits);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().message();
  EXPECT_EQ(at_limit->size(), 63u * 63u);
  limits.max_field_bytes = 63 * 63 - 1;
  EXPECT_THAT(Substitute(NestedReplace(2), Vars(), limits).status(),
              StatusIs(StatusReason::kBadRequest, HasSubstr("at most 3968 bytes")));
}

TEST(SubstitutionLimitsTest, TheFieldCountsItsLiteralTextAndEverySubstitution) {
  SubstitutionLimits limits;
  limits.max_field_bytes = 100;
  // Each substitution is 63 bytes; two in one field are 126.
  EXPECT_THAT(Substitute("${N}${N}", Vars(), limits).status(),
              StatusIs(StatusReason::kBadRequest, HasSubstr("substitution too large")));
  EXPECT_TRUE(Substitute("${N}", Vars(), limits).ok());
  // A default that is too large counts too, even for a missing variable.
  EXPECT_THAT(Substitute("${MISSING:=" + NestedReplace(2) + "}", Vars(), limits).status(),
              StatusIs(StatusReason::kBadRequest, HasSubstr("variable N")));
}

kube::Json Template(const std::string& prefix) {
  return kube::Json{{"apiVersion", "admission.stashed.appscode.com/v1alpha1"},
                    {"kind", "BackupConfigurationTemplate"},
                    {"metadata", {{"name", "hostile"}}},
                    {"spec", {{"backend", {{"gcs", {{"bucket", "b"}, {"prefix", prefix}}}}}}}};
}

TEST(SubstitutionLimitsTest, WholeTemplateErrorsNameTheFieldAndTheTemplate) {
  auto result = SubstituteJson(Template(NestedReplace(5)), Vars());
  EXPECT_THAT(result.status(),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("substitution too large"), HasSubstr("variable N"),
                             HasSubstr("field /spec/backend/gcs/prefix"),
                             HasSubstr("of BackupConfigurationTemplate hostile"))));
}

TEST(SubstitutionLimitsTest, EachJsonStringIsAFieldOfItsOwn) {
  SubstitutionLimits limits;
  limits.max_field_bytes = 100;
  kube::Json document = Template("${N}");
  document["spec"]["backend"]["gcs"]["bucket"] = "${N}";
  auto fits = SubstituteJson(document, Vars(), limits);  // 63 bytes in each of two fields
  ASSERT_TRUE(fits.ok()) << fits.status().message();
  document["spec"]["backend"]["gcs"]["bucket"] = "${N}/${N}";
  EXPECT_THAT(SubstituteJson(document, Vars(), limits).status(),
              StatusIs(StatusReason::kBadRequest, HasSubstr("field /spec/backend/gcs/bucket")));
}

TEST(SubstitutionLimitsTest, TheWholeTemplateMayGrowByEightFieldLimits) {
  SubstitutionLimits limits;
  limits.max_field_bytes = 100;  // the template may grow by 800 bytes
  kube::Json document = Template("p");
  kube::Json many = kube::Json::array();
  for (int i = 0; i < 20; ++i) many.push_back("${N}");  // 20 * 59 more bytes
  document["spec"]["paths"] = many;
  EXPECT_THAT(SubstituteJson(document, Vars(), limits).status(),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("the whole template may grow by at most 800 bytes"),
                             HasSubstr("field /spec/paths/"))));
}

TEST(JsonTextPositionTest, NamesTheValueOrMemberNameAtTheEnd) {
  using internal::PositionAtEndOf;
  EXPECT_EQ(PositionAtEndOf(R"({"a":{"b":[1,"x",{"c":"ab)").pointer, "/a/b/2/c");
  EXPECT_EQ(PositionAtEndOf(R"({"a":"1","b/~":")").pointer, "/b~1~0");
  EXPECT_EQ(PositionAtEndOf(R"({"a\"q":")").pointer, "/a\"q");
  auto name = PositionAtEndOf(R"({"a":{"na)");
  EXPECT_TRUE(name.in_member_name);
  EXPECT_EQ(name.pointer, "/a");
  EXPECT_EQ(PositionAtEndOf(R"(["x\"]",")").pointer, "/1");
  EXPECT_EQ(PositionAtEndOf("").pointer, "");
}

}  // namespace
}  // namespace reference
