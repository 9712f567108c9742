// HttpServer and HttpClient together: every verb over the wire gives what the in-process
// cluster gives (fake-apiserver.md section 5), errors keep their Status, watch streams deliver,
// and the reference reconciler runs unchanged over HTTP.
#include <httplib.h>

#include "http_fixture.h"
#include "reference/controller.h"

namespace http_test {
namespace {

using ::kube::IsOk;
using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::HasSubstr;

TEST_F(HttpFixture, CreateGetUpdatePatchDeleteRoundTrip) {
  auto created = client_->Create(kube::Object(ConfigMap("demo", "one")));
  ASSERT_THAT(created, IsOk());
  EXPECT_FALSE(created->Uid().empty());
  auto direct = cluster_->Get(kConfigMap, "demo", "one");
  ASSERT_THAT(direct, IsOk());
  EXPECT_EQ(direct->json(), created->json());

  kube::Object changed = *created;
  changed.json()["data"]["k"] = "w";
  auto updated = client_->Update(changed);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->json()["data"]["k"], "w");
  // The first resourceVersion is stale now: 409 Conflict with the server's message.
  EXPECT_THAT(client_->Update(changed),
              StatusIs(StatusReason::kConflict, HasSubstr("the object has been modified")));

  auto patched = client_->Patch(kConfigMap, "demo", "one", kube::PatchType::kMerge,
                                R"({"data":{"extra":"1"}})", {});
  ASSERT_THAT(patched, IsOk());
  EXPECT_EQ(patched->json()["data"]["extra"], "1");
  auto json_patched = client_->Patch(kConfigMap, "demo", "one", kube::PatchType::kJson,
                                     R"([{"op":"remove","path":"/data/extra"}])", {});
  ASSERT_THAT(json_patched, IsOk());
  EXPECT_FALSE(json_patched->json()["data"].contains("extra"));

  ASSERT_THAT(client_->Delete(kConfigMap, "demo", "one"), IsOk());
  EXPECT_THAT(client_->Get(kConfigMap, "demo", "one"),
              StatusIs(StatusReason::kNotFound, "configmaps \"one\" not found"));
  EXPECT_THAT(client_->Delete(kConfigMap, "demo", "one"), StatusIs(StatusReason::kNotFound));
}

TEST_F(HttpFixture, ErrorsKeepTheirStatus) {
  EXPECT_THAT(client_->Create(kube::Object(ConfigMap("missing", "x"))),
              StatusIs(StatusReason::kNotFound, HasSubstr("namespaces \"missing\" not found")));
  ASSERT_THAT(client_->Create(kube::Object(ConfigMap("demo", "dup"))), IsOk());
  EXPECT_THAT(client_->Create(kube::Object(ConfigMap("demo", "dup"))),
              StatusIs(StatusReason::kAlreadyExists));
  EXPECT_THAT(client_->Create(kube::Object(ConfigMap("demo", "Bad_Name"))),
              StatusIs(StatusReason::kInvalid));
  EXPECT_THAT(client_->Get({"nope.example.com", "v1", "Thing"}, "demo", "x"),
              StatusIs(StatusReason::kNotFound));
  // As client-go: an empty name never reaches the server (it would list the collection).
  EXPECT_THAT(client_->Get(kConfigMap, "demo", ""),
              StatusIs(StatusReason::kBadRequest, "resource name may not be empty"));
  EXPECT_THAT(client_->Delete(kConfigMap, "demo", ""), StatusIs(StatusReason::kBadRequest));
}

TEST_F(HttpFixture, ListSelectsAndPaginates) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(client_->Create(kube::Object(ConfigMap("demo", "cm-" + std::to_string(i),
                                                       {{"app", i % 2 == 0 ? "even" : "odd"}}))),
                IsOk());
  }
  kube::ListOptions by_label;
  by_label.namespace_name = "demo";
  by_label.label_selector = "app=even";
  auto evens = client_->List(kConfigMap, by_label);
  ASSERT_THAT(evens, IsOk());
  ASSERT_EQ(evens->items.size(), 3u);
  EXPECT_EQ(evens->items[0].Name(), "cm-0");
  EXPECT_EQ(evens->items[0].Kind(), "ConfigMap");

  kube::ListOptions page;
  page.namespace_name = "demo";
  page.limit = 2;
  std::vector<std::string> names;
  for (int guard = 0; guard < 10; ++guard) {
    auto list = client_->List(kConfigMap, page);
    ASSERT_THAT(list, IsOk());
    for (const auto& item : list->items) names.push_back(item.Name());
    if (list->continue_token.empty()) break;
    page.continue_token = list->continue_token;
  }
  EXPECT_THAT(names, ::testing::ElementsAre("cm-0", "cm-1", "cm-2", "cm-3", "cm-4"));

  kube::ListOptions all_namespaces;
  auto all = client_->List(kConfigMap, all_namespaces);
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->items.size(), 5u);
}

TEST_F(HttpFixture, WatchDeliversEventsInOrder) {
  // From the list's resourceVersion, as informers do: a watch without one starts whenever
  // the server gets to it, and the writes below could come first.
  kube::ListOptions list_options;
  list_options.namespace_name = "demo";
  auto list = client_->List(kConfigMap, list_options);
  ASSERT_THAT(list, IsOk());
  kube::WatchOptions in_demo;
  in_demo.namespace_name = "demo";
  in_demo.resource_version = list->resource_version;
  auto stream = client_->Watch(kConfigMap, in_demo);
  ASSERT_THAT(stream, IsOk());
  ASSERT_THAT(client_->Create(kube::Object(ConfigMap("demo", "w1"))), IsOk());
  ASSERT_THAT(client_->Patch(kConfigMap, "demo", "w1", kube::PatchType::kMerge,
                             R"({"data":{"k":"2"}})", {}),
              IsOk());
  ASSERT_THAT(client_->Delete(kConfigMap, "demo", "w1"), IsOk());
  std::vector<std::string> seen;
  ASSERT_TRUE(WaitFor([&] {
    while (auto event = (*stream)->Poll()) {
      seen.push_back(std::string(kube::WatchEventTypeName(event->type)) + " " +
                     event->object.Name());
    }
    return seen.size() >= 3;
  })) << ::testing::PrintToString(seen);
  EXPECT_THAT(seen, ::testing::ElementsAre("ADDED w1", "MODIFIED w1", "DELETED w1"));
  (*stream)->Stop();
  EXPECT_TRUE((*stream)->Closed());
}

TEST_F(HttpFixture, WatchFromAResourceVersionReplaysAndBookmarks) {
  auto first = client_->Create(kube::Object(ConfigMap("demo", "r1")));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(client_->Create(kube::Object(ConfigMap("demo", "r2"))), IsOk());
  kube::WatchOptions options;
  options.namespace_name = "demo";
  options.resource_version = first->ResourceVersion();
  options.allow_bookmarks = true;
  auto stream = client_->Watch(kConfigMap, options);
  ASSERT_THAT(stream, IsOk());
  std::vector<kube::WatchEvent> events;
  ASSERT_TRUE(WaitFor([&] {
    while (auto event = (*stream)->Poll()) events.push_back(*event);
    return !events.empty();
  }));
  EXPECT_EQ(events[0].type, kube::WatchEventType::kAdded);
  EXPECT_EQ(events[0].object.Name(), "r2");
  // Bookmarks come when (virtual) time passes and the cluster's controllers run.
  clock_.Advance(61000);
  cluster_->RunControllers();
  ASSERT_TRUE(WaitFor([&] {
    while (auto event = (*stream)->Poll()) events.push_back(*event);
    return events.back().type == kube::WatchEventType::kBookmark;
  }));
  EXPECT_FALSE(events.back().object.ResourceVersion().empty());
}

TEST_F(HttpFixture, SendInitialEventsEndsWithTheMarkedBookmark) {
  ASSERT_THAT(client_->Create(kube::Object(ConfigMap("demo", "i1"))), IsOk());
  kube::WatchOptions options;
  options.namespace_name = "demo";
  options.allow_bookmarks = true;
  options.send_initial_events = true;
  auto stream = client_->Watch(kConfigMap, options);
  ASSERT_THAT(stream, IsOk());
  std::vector<kube::WatchEvent> events;
  ASSERT_TRUE(WaitFor([&] {
    while (auto event = (*stream)->Poll()) events.push_back(*event);
    return events.size() >= 2;
  }));
  EXPECT_EQ(events[0].type, kube::WatchEventType::kAdded);
  EXPECT_EQ(events[1].type, kube::WatchEventType::kBookmark);
  EXPECT_EQ(events[1].object.Annotation("k8s.io/initial-events-end"), "true");
}

TEST_F(HttpFixture, TooOldResourceVersionIsAnExpiredErrorEvent) {
  fakecluster::ClusterOptions small_history;
  small_history.watch_history_size = 2;
  StartServer({}, small_history);
  for (int i = 0; i < 6; ++i) {
    ASSERT_THAT(client_->Create(kube::Object(ConfigMap("demo", "h" + std::to_string(i)))), IsOk());
  }
  kube::WatchOptions options;
  options.resource_version = "1";
  auto stream = client_->Watch(kConfigMap, options);
  ASSERT_THAT(stream, IsOk());
  std::optional<kube::WatchEvent> event;
  ASSERT_TRUE(WaitFor([&] { return (event = (*stream)->Poll()).has_value(); }));
  EXPECT_EQ(event->type, kube::WatchEventType::kError);
  kube::Status status = kube::Status::FromJson(event->object.json());
  EXPECT_THAT(status, StatusIs(StatusReason::kExpired, HasSubstr("too old resource version")));
  EXPECT_TRUE(WaitFor([&] { return (*stream)->Closed(); }));
}

TEST_F(HttpFixture, DeleteWithForegroundKeepsTheObjectUntilDependentsGo) {
  Json owner = ConfigMap("demo", "owner");
  auto created_owner = client_->Create(kube::Object(owner));
  ASSERT_THAT(created_owner, IsOk());
  Json dependent = ConfigMap("demo", "dependent");
  dependent["metadata"]["ownerReferences"] = {{{"apiVersion", "v1"},
                                               {"kind", "ConfigMap"},
                                               {"name", "owner"},
                                               {"uid", created_owner->Uid()},
                                               {"blockOwnerDeletion", true}}};
  ASSERT_THAT(client_->Create(kube::Object(dependent)), IsOk());
  kube::DeleteOptions foreground;
  foreground.propagation = kube::PropagationPolicy::kForeground;
  ASSERT_THAT(client_->Delete(kConfigMap, "demo", "owner", foreground), IsOk());
  auto marked = client_->Get(kConfigMap, "demo", "owner");
  ASSERT_THAT(marked, IsOk());
  EXPECT_TRUE(marked->DeletionTimestamp().has_value());
  EXPECT_THAT(marked->Finalizers(), ::testing::Contains("foregroundDeletion"));
  for (int i = 0; i < 10 && cluster_->RunControllers(); ++i) {
  }
  EXPECT_THAT(client_->Get(kConfigMap, "demo", "dependent"), StatusIs(StatusReason::kNotFound));
  EXPECT_THAT(client_->Get(kConfigMap, "demo", "owner"), StatusIs(StatusReason::kNotFound));
}

TEST_F(HttpFixture, BearerTokenIsRequiredWhenSet) {
  fakecluster::HttpServerOptions options;
  options.bearer_token = "s3cret";
  StartServer(options);
  EXPECT_THAT(client_->Get(kNamespace, "", "demo"), IsOk());
  kube::Kubeconfig wrong;
  wrong.server = server_->Url();
  wrong.token = "guess";
  kube::HttpClient intruder(wrong);
  EXPECT_THAT(intruder.Get(kNamespace, "", "demo"), StatusIs(StatusReason::kUnauthorized));
  httplib::Client raw(server_->Url());
  auto health = raw.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(HttpFixture, SelfSignedTlsWithTheKubeconfigItWrites) {
  fakecluster::HttpServerOptions options;
  options.tls_self_signed = true;
  StartServer(options);
  EXPECT_TRUE(server_->Url().starts_with("https://"));
  EXPECT_THAT(client_->Get(kNamespace, "", "demo"), IsOk());
  std::string text =
      fakecluster::KubeconfigFor(server_->Url(), "", server_->CertificatePem(), "demo");
  auto config = kube::ParseKubeconfig(text, "generated", "");
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->ca_pem, server_->CertificatePem());
  EXPECT_EQ(config->namespace_name, "demo");
  kube::HttpClient from_kubeconfig(*config);
  EXPECT_THAT(from_kubeconfig.Get(kNamespace, "", "demo"), IsOk());
  // Without the CA (and without skipping verification) the certificate is not trusted.
  kube::Kubeconfig untrusting;
  untrusting.server = server_->Url();
  kube::HttpClient strict(untrusting);
  EXPECT_THAT(strict.Get(kNamespace, "", "demo"), StatusIs(StatusReason::kServiceUnavailable));
}

TEST_F(HttpFixture, TablesUseTheCrdPrinterColumns) {
  httplib::Client raw(server_->Url());
  auto answer = raw.Get("/apis/stash.appscode.com/v1beta1/namespaces/demo/backupconfigurations",
                        {{"Accept",
                          "application/json;as=Table;v=v1;g=meta.k8s.io,"
                          "application/json"}});
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  Json table = Json::parse(answer->body);
  EXPECT_EQ(table["kind"], "Table");
  std::vector<std::string> names;
  for (const auto& c : table["columnDefinitions"]) names.push_back(c["name"]);
  EXPECT_THAT(names, ::testing::ElementsAre("Name", "Task", "Schedule", "Paused", "Age"));
}

TEST_F(HttpFixture, DiscoveryFindsCustomResourcesCreatedLater) {
  auto kinds = client_->DiscoverKinds();
  ASSERT_THAT(kinds, IsOk());
  const kube::ResourceInfo* repositories = kinds->Find(kRepository);
  ASSERT_NE(repositories, nullptr);
  EXPECT_EQ(repositories->plural, "repositories");
  EXPECT_TRUE(repositories->namespaced);
  const kube::GroupVersionKind widget{"example.com", "v1", "Widget"};
  EXPECT_THAT(client_->List(widget, {}), StatusIs(StatusReason::kNotFound));
  Json crd = {{"apiVersion", "apiextensions.k8s.io/v1"},
              {"kind", "CustomResourceDefinition"},
              {"metadata", {{"name", "widgets.example.com"}}},
              {"spec",
               {{"group", "example.com"},
                {"scope", "Namespaced"},
                {"names", {{"plural", "widgets"}, {"singular", "widget"}, {"kind", "Widget"}}},
                {"versions",
                 {{{"name", "v1"},
                   {"served", true},
                   {"storage", true},
                   {"schema",
                    {{"openAPIV3Schema",
                      {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}}}}}};
  ASSERT_THAT(client_->Create(kube::Object(crd)), IsOk());
  EXPECT_THAT(client_->List(widget, {}), IsOk());
}

TEST_F(HttpFixture, TheReferenceRunsUnchangedOverHttp) {
  Json secret_template = {
      {"apiVersion", "stash.appscode.com/v1beta1"},
      {"kind", "BackupConfigurationTemplate"},
      {"metadata", {{"name", "workload-backup-template"}}},
      {"spec",
       {{"backend",
         {{"gcs", {{"bucket", "b"}, {"prefix", "p/${TARGET_NAMESPACE}/${TARGET_NAME}"}}},
          {"storageSecretName", "gcs-secret"}}},
        {"schedule", "*/5 * * * *"},
        {"retentionPolicy", {{"name", "keep-last-5"}, {"keepLast", 5}, {"prune", true}}}}}};
  ASSERT_THAT(cluster_->Create(kube::Object(secret_template)), IsOk());
  auto kinds = client_->DiscoverKinds();
  ASSERT_THAT(kinds, IsOk());
  reference::ReconcilerOptions options;
  reference::Controller controller(*client_, clock_, options, *kinds);
  ASSERT_THAT(controller.Start(), IsOk());
  Json deployment = {{"apiVersion", "apps/v1"},
                     {"kind", "Deployment"},
                     {"metadata",
                      {{"name", "web"},
                       {"namespace", "demo"},
                       {"annotations",
                        {{"stash.appscode.com/backup-template", "workload-backup-template"},
                         {"stash.appscode.com/target-directories", "/data"},
                         {"stash.appscode.com/volume-mounts", "data:/data"}}}}},
                     {"spec",
                      {{"selector", {{"matchLabels", {{"app", "web"}}}}},
                       {"template",
                        {{"metadata", {{"labels", {{"app", "web"}}}}},
                         {"spec", {{"containers", {{{"name", "c"}, {"image", "busybox"}}}}}}}}}}};
  auto created = cluster_->Create(kube::Object(deployment));
  ASSERT_THAT(created, IsOk());
  ASSERT_TRUE(WaitFor([&] {
    controller.Step();
    return cluster_->Get(kBackupConfiguration, "demo", "deployment-web").ok();
  })) << "no BackupConfiguration generated over HTTP: "
      << controller.LastError("Deployment", "demo/web").ToString() << " after "
      << controller.Stats().reconciles << " reconciles";
  auto repository = cluster_->Get(kRepository, "demo", "deployment-web");
  ASSERT_THAT(repository, IsOk());
  EXPECT_EQ(repository->json()["spec"]["backend"]["gcs"]["prefix"], "p/demo/web");
  auto bc = cluster_->Get(kBackupConfiguration, "demo", "deployment-web");
  EXPECT_EQ(bc->OwnerReferences().at(0).uid, created->Uid());
  // The writes carry the reference's field manager.
  EXPECT_EQ(bc->json()["metadata"]["managedFields"][0]["manager"], "stash-operator");
}

}  // namespace
}  // namespace http_test
