// The generated bench workloads: names are distinct, every target is a target of its era with
// exactly the annotations it needs, the kind mix, the template patches, percentiles and the
// floor's bookkeeping.
#include "runner/bench_workload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <set>

#include "kube/patch.h"
#include "reference/target.h"
#include "runner/bench_floor.h"
#include "runner/bench_stats.h"

namespace runner {
namespace {

using reference::Profile;
using ::testing::ElementsAre;
using ::testing::SizeIs;

TEST(BenchWorkloadNames, RoundTrip) {
  for (const std::string& name : BenchWorkloadNames()) {
    auto workload = BenchWorkloadFromName(name);
    ASSERT_TRUE(workload.has_value()) << name;
    EXPECT_EQ(BenchWorkloadName(*workload), name);
  }
  EXPECT_THAT(BenchWorkloadNames(),
              ElementsAre("cold-start", "arrival", "template-change", "unannotate", "delete"));
  EXPECT_FALSE(BenchWorkloadFromName("warm-start").has_value());
}

class BenchTargets : public ::testing::TestWithParam<Profile> {};

TEST_P(BenchTargets, AreDistinctAnnotatedTargetsOfEveryKindAcrossNamespaces) {
  WorkloadShape shape;
  shape.profile = GetParam();
  shape.targets = 500;
  shape.templates = 4;
  shape.namespaces = 7;
  std::set<std::string> keys;
  std::map<std::string, size_t> kinds;
  std::set<std::string> namespaces, templates;
  const auto template_key = reference::KeysFor(shape.profile).template_name;
  for (size_t i = 0; i < shape.targets; ++i) {
    kube::Object target = BenchTarget(shape, i);
    keys.insert(target.Kind() + ":" + target.Key());
    ++kinds[target.Kind()];
    namespaces.insert(target.Namespace());
    auto target_class = reference::ClassifyTarget(target.Gvk());
    ASSERT_NE(target_class, reference::TargetClass::kNone) << target.Kind();
    EXPECT_TRUE(reference::HasRequiredAnnotations(target, target_class, shape.profile))
        << target.Key();
    EXPECT_THAT(target.Annotations(),
                SizeIs(reference::RequiredAnnotationKeys(target_class, shape.profile).size()));
    templates.insert(target.Annotation(template_key).value_or(""));
    auto annotations = reference::ParseTargetAnnotations(target, target_class, shape.profile);
    EXPECT_TRUE(annotations.ok()) << annotations.status().ToString();
  }
  EXPECT_THAT(keys, SizeIs(shape.targets));
  EXPECT_THAT(namespaces, SizeIs(shape.namespaces));
  EXPECT_THAT(templates, SizeIs(shape.templates));
  EXPECT_THAT(kinds, SizeIs(7));
  EXPECT_EQ(kinds["Deployment"], 150u);
  EXPECT_EQ(kinds["StatefulSet"], 100u);
  EXPECT_EQ(kinds["AppBinding"], 50u);
  EXPECT_EQ(BenchTargetKindCount(), 10u);
  EXPECT_EQ(ExpectedBackupConfigurations(BenchWorkload::kColdStart, shape), 500u);
  EXPECT_EQ(ExpectedBackupConfigurations(BenchWorkload::kUnannotate, shape), 0u);
  EXPECT_EQ(ExpectedBackupConfigurations(BenchWorkload::kDelete, shape),
            shape.profile == Profile::kTemplate ? kinds["AppBinding"] : 0u);
}

TEST_P(BenchTargets, TemplatePatchMovesToTheNextRevision) {
  kube::Object first = BenchTemplate(GetParam(), 2, 1);
  kube::Object second = BenchTemplate(GetParam(), 2, 2);
  EXPECT_EQ(first.Gvk(), reference::TemplateKind(GetParam()));
  EXPECT_NE(first.json(), second.json());
  EXPECT_EQ(kube::ApplyMergePatch(first.json(), kube::Json::parse(BenchTemplatePatch(2))),
            second.json());
}

TEST_P(BenchTargets, UnannotatePatchRemovesOnlyTheTemplateAnnotation) {
  WorkloadShape shape;
  shape.profile = GetParam();
  kube::Object target = BenchTarget(shape, 0);
  kube::Object patched(
      kube::ApplyMergePatch(target.json(), kube::Json::parse(BenchUnannotatePatch(GetParam()))));
  auto target_class = reference::ClassifyTarget(target.Gvk());
  EXPECT_FALSE(reference::HasRequiredAnnotations(patched, target_class, GetParam()));
  EXPECT_EQ(patched.Annotations().size() + 1, target.Annotations().size());
}

INSTANTIATE_TEST_SUITE_P(BothProfiles, BenchTargets,
                         ::testing::Values(Profile::kTemplate, Profile::kBlueprint));

TEST(BenchStats, NearestRankPercentiles) {
  std::vector<int64_t> nanos(1000);
  std::iota(nanos.begin(), nanos.end(), 1);  // 1..1000 ns
  std::reverse(nanos.begin(), nanos.end());
  auto summary = SummariseLatencies(nanos);
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->samples, 1000u);
  EXPECT_DOUBLE_EQ(summary->p50_us, 0.5);
  EXPECT_DOUBLE_EQ(summary->p99_us, 0.99);
  EXPECT_DOUBLE_EQ(summary->p999_us, 0.999);
  EXPECT_DOUBLE_EQ(summary->max_us, 1.0);
  std::vector<int64_t> one = {7000};
  EXPECT_DOUBLE_EQ(SummariseLatencies(one)->p999_us, 7.0);
  std::vector<int64_t> none;
  EXPECT_FALSE(SummariseLatencies(none).has_value());
}

TEST(BenchStats, MemoryFiguresAreRead) {
  EXPECT_GT(ResidentBytes(), 0u);
  EXPECT_GE(PeakResidentBytes(), ResidentBytes());
  EXPECT_THAT(MachineDescription(), ::testing::HasSubstr(" x"));
}

TEST(BenchFloor, StoresTwoObjectsTwoIndexEntriesAndOneEventPerTarget) {
  FloorWorkload floor(100);
  EXPECT_EQ(floor.Targets(), 100u);
  EXPECT_EQ(floor.RepositoryText().size(), kFloorObjectBytes);
  EXPECT_EQ(floor.ConfigurationText().size(), kFloorObjectBytes);
  EXPECT_TRUE(kube::Json::accept(floor.RepositoryText()));
  EXPECT_TRUE(kube::Json::accept(floor.ConfigurationText()));
  const size_t expected = 100 * 2 * kFloorObjectBytes + 100 + 100 + 100;
  EXPECT_EQ(floor.Run(), expected);
  floor.Clear();
  EXPECT_EQ(floor.Run(), expected);
  EXPECT_GT(MeasureFloorNsPerTarget(1000), 0.0);
}

}  // namespace
}  // namespace runner
