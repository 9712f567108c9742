// Aimed errors (FaultPlan::errors): the nth request of one verb and kind answers a chosen
// status, independent of the seed, only for the targeted actor; every injected fault is in the
// fault log. And the propagation policy of deletes in the write log.
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

fakecluster::AimedError Aimed(std::string verb, std::string kind, int code, uint64_t nth = 1,
                              uint64_t times = 1) {
  fakecluster::AimedError aimed;
  aimed.verb = std::move(verb);
  aimed.kind = std::move(kind);
  aimed.code = code;
  aimed.nth = nth;
  aimed.times = times;
  return aimed;
}

class AimedFaultsTest : public ClusterTest {
 protected:
  // Faults for the actor "impl"; the test's own client ("tester") is never hit.
  void Aim(std::vector<fakecluster::AimedError> errors, uint64_t seed = 1) {
    fakecluster::ClusterOptions options;
    options.seed = seed;
    options.faults.only_actor = "impl";
    options.faults.errors = std::move(errors);
    Reset(options);
    impl_ = cluster().ClientFor("impl");
    tester_ = cluster().ClientFor("tester");
  }

  // The HTTP codes of `count` deletes of fresh Repositories by the implementation.
  std::vector<int> DeleteCodes(int count) {
    std::vector<int> codes;
    for (int i = 0; i < count; ++i) {
      std::string name = "repo-" + std::to_string(i);
      EXPECT_OK(tester_->Create(Repository("default", name)));
      kube::Status status = impl_->Delete(kRepositoryGvk, "default", name, {});
      codes.push_back(status.ok() ? 200 : status.code());
    }
    return codes;
  }

  std::unique_ptr<kube::Client> impl_;
  std::unique_ptr<kube::Client> tester_;
};

TEST_F(AimedFaultsTest, TheNthMatchingRequestAnswersTheChosenCode) {
  Aim({Aimed("delete", "Repository", 500, 2)});
  EXPECT_THAT(DeleteCodes(4), ElementsAre(200, 500, 200, 200));
  // The failed delete stored nothing: that Repository is still there.
  EXPECT_TRUE(Exists(kRepositoryGvk, "default", "repo-1"));
  EXPECT_FALSE(Exists(kRepositoryGvk, "default", "repo-0"));
}

TEST_F(AimedFaultsTest, TimesAndAlwaysFailSeveralRequests) {
  Aim({Aimed("delete", "Repository", 503, 2, 2)});
  EXPECT_THAT(DeleteCodes(5), ElementsAre(200, 503, 503, 200, 200));
  fakecluster::AimedError always = Aimed("delete", "Repository", 409, 3);
  always.always = true;
  Aim({always});
  EXPECT_THAT(DeleteCodes(5), ElementsAre(200, 200, 409, 409, 409));
}

TEST_F(AimedFaultsTest, OnlyTheAimedVerbKindAndActorCount) {
  Aim({Aimed("delete", "Repository", 500)});
  // Other verbs, kinds and actors neither fail nor count towards nth.
  ASSERT_OK(tester_->Create(Repository("default", "a")));
  ASSERT_OK(impl_->Create(ConfigMap("default", "cm")));
  EXPECT_OK(impl_->Delete(kConfigMapGvk, "default", "cm", {}));
  EXPECT_OK(impl_->Get(kRepositoryGvk, "default", "a"));
  EXPECT_OK(tester_->Delete(kRepositoryGvk, "default", "a", {}));
  EXPECT_THAT(DeleteCodes(2), ElementsAre(500, 200));
}

TEST_F(AimedFaultsTest, NamespaceAndNameNarrowTheMatch) {
  fakecluster::AimedError aimed = Aimed("delete", "Repository", 500);
  aimed.name = "repo-1";
  Aim({aimed});
  EXPECT_THAT(DeleteCodes(3), ElementsAre(200, 500, 200));
  aimed.name.clear();
  aimed.namespace_name = "elsewhere";
  Aim({aimed});
  EXPECT_THAT(DeleteCodes(2), ElementsAre(200, 200));
}

TEST_F(AimedFaultsTest, EveryVerbCanBeAimedAt) {
  const std::vector<std::string> verbs = {"get",    "list",          "watch", "create",
                                          "update", "update-status", "patch", "delete"};
  for (const std::string& verb : verbs) {
    SCOPED_TRACE(verb);
    Aim({Aimed(verb, "Repository", 429)});
    ASSERT_OK(tester_->Create(Repository("default", "r")));
    kube::Object repo = *tester_->Get(kRepositoryGvk, "default", "r");
    kube::Status status;
    if (verb == "get") status = impl_->Get(kRepositoryGvk, "default", "r").status();
    if (verb == "list") status = impl_->List(kRepositoryGvk, {}).status();
    if (verb == "watch") status = impl_->Watch(kRepositoryGvk, {}).status();
    if (verb == "create") status = impl_->Create(Repository("default", "s")).status();
    if (verb == "update") status = impl_->Update(repo).status();
    if (verb == "update-status") status = impl_->UpdateStatus(repo, {}).status();
    if (verb == "patch") {
      status =
          impl_->Patch(kRepositoryGvk, "default", "r", kube::PatchType::kMerge, "{}", {}).status();
    }
    if (verb == "delete") status = impl_->Delete(kRepositoryGvk, "default", "r", {});
    EXPECT_EQ(status.code(), 429) << status.ToString();
    EXPECT_EQ(status.details().retry_after_seconds, 1);
    ASSERT_EQ(cluster().FaultLog().size(), 1u);
    EXPECT_EQ(cluster().FaultLog()[0].verb, verb);
  }
}

TEST_F(AimedFaultsTest, StatusesCarryTheReasonOfTheirCode) {
  const std::vector<std::pair<int, kube::StatusReason>> codes = {
      {400, kube::StatusReason::kBadRequest},    {403, kube::StatusReason::kForbidden},
      {404, kube::StatusReason::kNotFound},      {409, kube::StatusReason::kConflict},
      {422, kube::StatusReason::kInvalid},       {429, kube::StatusReason::kTooManyRequests},
      {500, kube::StatusReason::kInternalError}, {503, kube::StatusReason::kServiceUnavailable},
      {504, kube::StatusReason::kTimeout}};
  for (const auto& [code, reason] : codes) {
    Aim({Aimed("delete", "Repository", code)});
    ASSERT_OK(tester_->Create(Repository("default", "r")));
    kube::Status status = impl_->Delete(kRepositoryGvk, "default", "r", {});
    EXPECT_EQ(status.reason(), reason) << code;
    EXPECT_EQ(status.code(), code);
    EXPECT_THAT(status.message(), ::testing::HasSubstr("injected fault"));
  }
  fakecluster::AimedError with_message = Aimed("delete", "Repository", 500);
  with_message.message = "etcd is on fire";
  Aim({with_message});
  ASSERT_OK(tester_->Create(Repository("default", "r")));
  EXPECT_THAT(impl_->Delete(kRepositoryGvk, "default", "r", {}),
              kube::StatusIs(kube::StatusReason::kInternalError, "etcd is on fire"));
}

TEST_F(AimedFaultsTest, DoNotDependOnTheSeed) {
  for (uint64_t seed : {1, 2, 3, 99}) {
    Aim({Aimed("delete", "Repository", 500, 3)}, seed);
    EXPECT_THAT(DeleteCodes(4), ElementsAre(200, 200, 500, 200)) << seed;
  }
}

TEST_F(AimedFaultsTest, FiredFaultsAreRecorded) {
  Aim({Aimed("delete", "Repository", 500, 2)});
  EXPECT_THAT(cluster().FaultLog(), IsEmpty());
  (void)DeleteCodes(3);
  std::vector<fakecluster::FaultRecord> log = cluster().FaultLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].fault, "aimed-error");
  EXPECT_EQ(log[0].verb, "delete");
  EXPECT_EQ(log[0].kind, "Repository");
  EXPECT_EQ(log[0].namespace_name, "default");
  EXPECT_EQ(log[0].name, "repo-1");
  EXPECT_EQ(log[0].code, 500);
}

TEST_F(AimedFaultsTest, ApplyCreatesCountAsPatchesOnly) {
  Aim({Aimed("create", "ConfigMap", 500)});
  kube::PatchOptions apply;
  apply.field_manager = "impl";
  EXPECT_OK(impl_->Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                         R"({"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"}})", apply));
  EXPECT_THAT(cluster().FaultLog(), IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// propagation in the write log

std::vector<std::string> DeleteRecords(const std::vector<fakecluster::WriteRecord>& log) {
  std::vector<std::string> out;
  for (const auto& w : log) {
    if (w.verb == "delete" || w.verb == "remove") {
      out.push_back(w.verb + " " + w.kind + " " + w.name + " " + w.propagation);
    }
  }
  return out;
}

TEST_F(ClusterTest, DeletesRecordTheirEffectivePropagationPolicy) {
  for (const char* name : {"bg", "fg", "or", "default", "held"}) {
    kube::Object cm = ConfigMap("default", name);
    if (std::string(name) == "held") cm.json()["metadata"]["finalizers"] = {"orphan"};
    MustCreate(cm);
  }
  auto remove = [this](const std::string& name, kube::PropagationPolicy policy) {
    kube::DeleteOptions options;
    options.propagation = policy;
    EXPECT_OK(cluster().Delete(kConfigMapGvk, "default", name, options));
  };
  remove("bg", kube::PropagationPolicy::kBackground);
  remove("fg", kube::PropagationPolicy::kForeground);
  remove("or", kube::PropagationPolicy::kOrphan);
  remove("default", kube::PropagationPolicy::kDefault);
  remove("held", kube::PropagationPolicy::kDefault);
  EXPECT_THAT(DeleteRecords(cluster().WriteLog()),
              ElementsAre("remove ConfigMap bg Background", "delete ConfigMap fg Foreground",
                          "delete ConfigMap or Orphan", "remove ConfigMap default Background",
                          "delete ConfigMap held Orphan"));
  // Writes that are not deletes carry none; nor does the removal that ends the foreground
  // delete (the garbage collector's write, not the request's).
  for (int i = 0; i < 5; ++i) cluster().RunControllers();
  for (const auto& w : cluster().WriteLog()) {
    if (w.verb == "delete" || (w.verb == "remove" && w.actor != "garbage-collector")) continue;
    EXPECT_EQ(w.propagation, "") << w.verb << " " << w.name << " by " << w.actor;
  }
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "fg"));
}

}  // namespace
}  // namespace fakecluster_test
