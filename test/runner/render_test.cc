// `stashsim render` on realistic manifest sets (test/data/manifests/), both profiles: what is
// generated for each kind of target next to its ordinary neighbours, warnings for kinds nobody
// serves, Lists, pasted `kubectl get -o yaml` output, directories and standard input, and the
// notes saying why an annotated object is not a target.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kube/yaml.h"
#include "runner/manifests.h"
#include "runner/render.h"
#include "temp_dir.h"

namespace runner {
namespace {

using reference::Profile;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

std::string Data(const std::string& file) {
  return std::string(STASHSIM_TEST_DATA_DIR) + "/manifests/" + file;
}

// The generated objects' name for a target: "<lower-case kind>-<name>" in the template era,
// "<short name>-<name>" in the blueprint era (spec section 4).
std::string GeneratedName(Profile profile, const std::string& kind, const std::string& short_name,
                          const std::string& name) {
  return (profile == Profile::kTemplate ? kind : short_name) + "-" + name;
}

// "Repository <ns>/<generated>" and "BackupConfiguration <ns>/<generated>".
std::vector<std::string> PairFor(Profile profile, const std::string& ns, const std::string& kind,
                                 const std::string& short_name, const std::string& name) {
  const std::string key = ns + "/" + GeneratedName(profile, kind, short_name, name);
  return {"Repository " + key, "BackupConfiguration " + key};
}

std::vector<std::string> Concat(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> all;
  for (auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

std::string TemplateFile(Profile profile) {
  return Data(profile == Profile::kTemplate ? "template-gcs.yaml" : "blueprint-gcs.yaml");
}

struct Rendered {
  int exit_code = 0;
  std::string out;
  std::string err;

  // "<Kind> <namespace>/<name>" of every generated object.
  std::vector<std::string> Generated() const {
    std::vector<std::string> keys;
    auto docs = kube::ParseYamlDocuments(out, "render output");
    if (!docs.ok()) return {"<unparsable output>"};
    for (const auto& doc : *docs) {
      kube::Object object(doc.value);
      keys.push_back(object.Kind() + " " + object.Key());
    }
    return keys;
  }
};

Rendered RenderFiles(Profile profile, std::vector<std::string> files,
                     const std::string& stdin_text = "", bool recursive = false) {
  RenderOptions options;
  options.profile = profile;
  options.files = std::move(files);
  options.recursive = recursive;
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  Rendered rendered;
  rendered.exit_code = Render(options, in, out, err);
  rendered.out = out.str();
  rendered.err = err.str();
  return rendered;
}

class RenderBothProfilesTest : public ::testing::TestWithParam<Profile> {
 protected:
  Profile profile() const { return GetParam(); }
};

TEST_P(RenderBothProfilesTest, DeploymentWithServiceAccountConfigMapServiceIngressAndHpa) {
  Rendered r = RenderFiles(profile(), {TemplateFile(profile()), Data("web-deployment.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.Generated(),
              UnorderedElementsAreArray(PairFor(profile(), "shop", "deployment", "deploy", "web")));
  EXPECT_THAT(r.err, Not(HasSubstr("warning:")));
  EXPECT_THAT(r.err, Not(HasSubstr("note:")));
  EXPECT_THAT(r.out, HasSubstr("name: web"));
  EXPECT_THAT(r.out, HasSubstr(profile() == Profile::kTemplate ? "directories:" : "paths:"));
}

TEST_P(RenderBothProfilesTest, StatefulSetWithHeadlessServiceDaemonSetAndPvc) {
  Rendered r = RenderFiles(profile(), {TemplateFile(profile()), Data("db-statefulset.yaml"),
                                       Data("log-agent-daemonset.yaml"), Data("data-pvc.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.Generated(),
              UnorderedElementsAreArray(
                  Concat({PairFor(profile(), "shop", "statefulset", "sts", "db"),
                          PairFor(profile(), "logging", "daemonset", "ds", "log-agent"),
                          PairFor(profile(), "shop", "persistentvolumeclaim", "pvc", "data")})));
}

TEST_P(RenderBothProfilesTest, CustomResourceWithoutItsCrdIsAWarningNotAnAbort) {
  Rendered r =
      RenderFiles(profile(), {TemplateFile(profile()), Data("custom-resource-without-crd.yaml"),
                              Data("web-deployment.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("warning: " + Data("custom-resource-without-crd.yaml") +
                               ":3: Certificate.cert-manager.io/v1 \"shop-tls\": no such kind is "
                               "served (custom resource without its "
                               "CustomResourceDefinition?); skipped\n"));
  EXPECT_THAT(r.Generated(),
              UnorderedElementsAreArray(PairFor(profile(), "shop", "deployment", "deploy", "web")));
}

TEST_P(RenderBothProfilesTest, PastedKubectlGetOutputLosesServerSetFieldsWithANote) {
  Rendered r =
      RenderFiles(profile(), {TemplateFile(profile()), Data("kubectl-get-deployment.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("note: " + Data("kubectl-get-deployment.yaml") +
                               ":3: Deployment shop/api: dropped server-set fields "
                               "metadata.resourceVersion, metadata.uid, "
                               "metadata.creationTimestamp, metadata.managedFields, "
                               "metadata.generation, status\n"));
  EXPECT_THAT(r.Generated(),
              UnorderedElementsAreArray(PairFor(profile(), "shop", "deployment", "deploy", "api")));
}

TEST_P(RenderBothProfilesTest, ADirectoryIsReadInNameOrder) {
  stashsim_testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  auto copy = [&dir](const std::string& name) {
    std::ifstream in(Data(name));
    std::stringstream text;
    text << in.rdbuf();
    dir.Write(name, text.str());
  };
  copy("web-deployment.yaml");
  copy("custom-resource-without-crd.yaml");
  dir.Write("notes.txt", "not a manifest: {{{");
  dir.Write("nested/db-statefulset.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  Rendered r = RenderFiles(profile(), {TemplateFile(profile()), dir.path().string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.Generated(),
              UnorderedElementsAreArray(PairFor(profile(), "shop", "deployment", "deploy", "web")));
  EXPECT_THAT(r.err, HasSubstr("custom-resource-without-crd.yaml:3: Certificate"));
}

TEST_P(RenderBothProfilesTest, StandardInputIsDash) {
  std::ifstream in(Data("data-pvc.yaml"));
  std::stringstream text;
  text << in.rdbuf();
  Rendered r = RenderFiles(profile(), {TemplateFile(profile()), "-"}, text.str());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.Generated(), UnorderedElementsAreArray(PairFor(
                                 profile(), "shop", "persistentvolumeclaim", "pvc", "data")));
}

INSTANTIATE_TEST_SUITE_P(Profiles, RenderBothProfilesTest,
                         ::testing::Values(Profile::kTemplate, Profile::kBlueprint),
                         [](const auto& test_info) {
                           return test_info.param == Profile::kTemplate ? "Template" : "Blueprint";
                         });

// --- manifests ------------------------------------------------------------------------------

TEST(ReadManifestsTest, ListIsExpandedIntoItsItemsWithTheirLines) {
  std::ostringstream notes;
  std::istringstream no_input;
  auto manifests = ReadManifests({Data("config-list.yaml")}, {}, no_input, notes);
  ASSERT_TRUE(manifests.ok()) << manifests.status().message();
  ASSERT_EQ(manifests->size(), 2u);
  EXPECT_EQ((*manifests)[0].object.Kind(), "ConfigMap");
  EXPECT_EQ((*manifests)[0].line, 7);
  EXPECT_EQ((*manifests)[1].object.Kind(), "Secret");
  EXPECT_EQ((*manifests)[1].object.Key(), "shop/gcs-secret");
  EXPECT_EQ((*manifests)[1].line, 14);
  EXPECT_THAT(notes.str(), IsEmpty());
}

TEST(ReadManifestsTest, TypedListItemsGetTheirKindAndApiVersionFromTheList) {
  std::ostringstream notes;
  auto manifests = ParseManifests(R"(apiVersion: apps/v1
kind: DeploymentList
metadata: {resourceVersion: "77"}
items:
- metadata: {name: a, namespace: shop, resourceVersion: "5"}
  spec: {replicas: 1}
- metadata: {name: b, namespace: shop}
)",
                                  "deployments.yaml", notes);
  ASSERT_TRUE(manifests.ok()) << manifests.status().message();
  ASSERT_EQ(manifests->size(), 2u);
  EXPECT_EQ((*manifests)[0].object.ApiVersion(), "apps/v1");
  EXPECT_EQ((*manifests)[0].object.Kind(), "Deployment");
  EXPECT_EQ((*manifests)[1].object.Key(), "shop/b");
  EXPECT_EQ(notes.str(),
            "note: deployments.yaml:5: Deployment shop/a: dropped server-set fields "
            "metadata.resourceVersion\n");
}

TEST(ReadManifestsTest, JsonAndNestedLists) {
  std::ostringstream notes;
  auto manifests = ParseManifests(
      R"({"apiVersion": "v1", "kind": "List", "items": [
           {"apiVersion": "v1", "kind": "ConfigMapList", "items": [
             {"metadata": {"name": "one"}, "status": {}}]},
           {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "two"}}]})",
      "objects.json", notes);
  ASSERT_TRUE(manifests.ok()) << manifests.status().message();
  ASSERT_EQ(manifests->size(), 2u);
  EXPECT_EQ((*manifests)[0].object.Kind(), "ConfigMap");
  EXPECT_EQ((*manifests)[0].object.Name(), "one");
  EXPECT_FALSE((*manifests)[0].object.json().contains("status"));
  EXPECT_EQ((*manifests)[1].object.Kind(), "ServiceAccount");
  EXPECT_THAT(notes.str(), HasSubstr("ConfigMap one: dropped server-set fields status"));
}

TEST(ReadManifestsTest, AnObjectWithoutKindIsAnError) {
  std::ostringstream notes;
  auto manifests =
      ParseManifests("a: 1\n---\napiVersion: v1\nmetadata: {name: x}\n", "bad.yaml", notes);
  ASSERT_FALSE(manifests.ok());
  EXPECT_THAT(std::string(manifests.status().message()),
              HasSubstr("bad.yaml:1: object has no apiVersion or kind"));
}

TEST(ReadManifestsTest, RecursiveDescendsIntoSubDirectories) {
  stashsim_testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  dir.Write("b.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
  dir.Write("a.json", R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}})");
  dir.Write("sub/c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  std::ostringstream notes;
  std::istringstream no_input;
  auto flat = ReadManifests({dir.path().string()}, {}, no_input, notes);
  ASSERT_TRUE(flat.ok()) << flat.status().message();
  std::vector<std::string> names;
  for (const auto& m : *flat) names.push_back(m.object.Name());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));

  auto deep = ReadManifests({dir.path().string()}, {.recursive = true}, no_input, notes);
  ASSERT_TRUE(deep.ok()) << deep.status().message();
  names.clear();
  for (const auto& m : *deep) names.push_back(m.object.Name());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ReadManifestsTest, AMissingFileIsAnError) {
  std::ostringstream notes;
  std::istringstream no_input;
  auto manifests = ReadManifests({"/nonexistent/x.yaml"}, {}, no_input, notes);
  ASSERT_FALSE(manifests.ok());
  EXPECT_THAT(std::string(manifests.status().message()), HasSubstr("/nonexistent/x.yaml"));
}

// --- render with Lists, CRDs and not-a-target notes ----------------------------------------

TEST(RenderTest, ListItemsAreStoredAndUsable) {
  // The Deployment comes inside a List; the List's Secret is stored too (no warning, no abort).
  const std::string manifests = R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  metadata: {name: gcs-secret, namespace: shop}
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: cart
    namespace: shop
    annotations:
      stash.appscode.com/backup-template: workload-backup-template
      stash.appscode.com/target-directories: /data
      stash.appscode.com/volume-mounts: data:/data
  spec:
    selector: {matchLabels: {app: cart}}
    template:
      metadata: {labels: {app: cart}}
      spec: {containers: [{name: cart, image: cart:1}]}
)";
  Rendered r = RenderFiles(Profile::kTemplate, {TemplateFile(Profile::kTemplate), "-"}, manifests);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.Generated(), UnorderedElementsAre("Repository shop/deployment-cart",
                                                  "BackupConfiguration shop/deployment-cart"));
}

TEST(RenderTest, ACrdAmongTheManifestsServesItsCustomResources) {
  const std::string manifests = R"(apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: shop}
spec: {size: 1}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
)";
  Rendered r = RenderFiles(Profile::kTemplate, {"-"}, manifests);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("warning:")));
}

TEST(RenderTest, DeploymentConfigIsServedWithoutACrdOfItsOwn) {
  const std::string manifests = R"(apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: legacy
  namespace: shop
  annotations:
    stash.appscode.com/backup-template: workload-backup-template
    stash.appscode.com/target-directories: /data
    stash.appscode.com/volume-mounts: data:/data
spec:
  replicas: 1
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}}
    spec: {containers: [{name: legacy, image: legacy:1}]}
)";
  Rendered r = RenderFiles(Profile::kTemplate, {TemplateFile(Profile::kTemplate), "-"}, manifests);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.Generated(),
              UnorderedElementsAre("Repository shop/deploymentconfig-legacy",
                                   "BackupConfiguration shop/deploymentconfig-legacy"));
  EXPECT_THAT(r.out, HasSubstr("kind: DeploymentConfig"));
}

struct NoteCase {
  std::string name;
  Profile profile;
  std::string manifest;
  std::string expected_note;  // "" = no note at all
};

class NotATargetNoteTest : public ::testing::TestWithParam<NoteCase> {};

TEST_P(NotATargetNoteTest, SaysWhy) {
  const NoteCase& c = GetParam();
  Rendered r = RenderFiles(c.profile, {TemplateFile(c.profile), "-"}, c.manifest);
  EXPECT_NE(r.exit_code, 2) << r.err;
  if (c.expected_note.empty()) {
    EXPECT_THAT(r.err, Not(HasSubstr("note:")));
  } else {
    EXPECT_THAT(r.err, HasSubstr(c.expected_note + "\n"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NotATargetNoteTest,
    ::testing::Values(
        NoteCase{"PvcLacksMountPath", Profile::kTemplate,
                 R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: x
  namespace: demo
  annotations:
    stash.appscode.com/backup-template: workload-backup-template
    stash.appscode.com/target-directories: /d
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)",
                 "note: PersistentVolumeClaim demo/x: has stash.appscode.com/backup-template and "
                 "stash.appscode.com/target-directories but lacks stash.appscode.com/mountpath; "
                 "not a target"},
        NoteCase{"BlueprintAnnotationUnderTemplateProfile", Profile::kTemplate,
                 R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
  annotations:
    stash.appscode.com/backup-blueprint: workload-backup-blueprint
    stash.appscode.com/target-paths: /d
    stash.appscode.com/volume-mounts: d:/d
spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}
)",
                 "note: Deployment demo/web: has stash.appscode.com/backup-blueprint, an "
                 "annotation of the stash-blueprint profile, but this is the stash-template "
                 "profile (it reads stash.appscode.com/backup-template); not a target"},
        NoteCase{"TemplateAnnotationUnderBlueprintProfile", Profile::kBlueprint,
                 R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: x
  namespace: demo
  annotations:
    stash.appscode.com/backup-template: workload-backup-template
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)",
                 "note: PersistentVolumeClaim demo/x: has stash.appscode.com/backup-template, an "
                 "annotation of the stash-template profile, but this is the stash-blueprint "
                 "profile (it reads stash.appscode.com/backup-blueprint); not a target"},
        NoteCase{"ReplicaSetOwnedByDeployment", Profile::kTemplate,
                 R"(apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f
  namespace: demo
  ownerReferences:
  - {apiVersion: apps/v1, kind: Deployment, name: web, uid: 1b7c5e1a-0000-4000-8000-000000000001, controller: true}
  annotations:
    stash.appscode.com/backup-template: workload-backup-template
    stash.appscode.com/target-directories: /d
    stash.appscode.com/volume-mounts: d:/d
spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}
)",
                 "note: ReplicaSet demo/web-5d8f: is owned by Deployment web (a ReplicaSet owned "
                 "by a Deployment never is; annotate the Deployment); not a target"},
        NoteCase{"AnnotatedServiceIsNotATargetKind", Profile::kBlueprint,
                 R"(apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: demo
  annotations:
    stash.appscode.com/backup-blueprint: workload-backup-blueprint
spec: {ports: [{port: 80}]}
)",
                 "note: Service demo/web: has stash.appscode.com/backup-blueprint but Service/v1 "
                 "is not a kind default backup targets; not a target"},
        NoteCase{"WorkloadLacksVolumeMounts", Profile::kBlueprint,
                 R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: demo
  annotations:
    stash.appscode.com/backup-blueprint: workload-backup-blueprint
    stash.appscode.com/target-paths: /d
spec: {selector: {matchLabels: {a: b}}, serviceName: db, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}
)",
                 "note: StatefulSet demo/db: has stash.appscode.com/backup-blueprint and "
                 "stash.appscode.com/target-paths but lacks stash.appscode.com/volume-mounts; "
                 "not a target"},
        NoteCase{"ACompleteTargetGetsNoNote", Profile::kBlueprint,
                 R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: x
  namespace: demo
  annotations:
    stash.appscode.com/backup-blueprint: workload-backup-blueprint
    stash.appscode.com/mountpath: /ignored-in-this-era
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)",
                 ""},
        NoteCase{"AnUnannotatedObjectGetsNoNote", Profile::kTemplate,
                 R"(apiVersion: v1
kind: ConfigMap
metadata: {name: plain, namespace: demo}
data: {a: b}
)",
                 ""}),
    [](const auto& test_info) { return test_info.param.name; });

}  // namespace
}  // namespace runner
