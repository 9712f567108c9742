// CompiledJsonTemplate renders exactly what SubstituteJson answers (results and errors), and
// TemplateCache compiles a template once per uid and resourceVersion.
#include "template_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reference/substitution.h"

namespace reference {
namespace {

kube::Json Document(std::string_view text) { return kube::Json::parse(text); }

std::string Describe(const kube::StatusOr<kube::Json>& result) {
  return result.ok() ? "ok " + result->dump() : "error " + result.status().ToString();
}

TEST(CompiledJsonTemplateTest, RendersWhatSubstituteJsonAnswers) {
  std::vector<kube::Json> documents = {
      Document(
          R"({"spec": {"backend": {"gcs": {"prefix": "/${TARGET_NAMESPACE}/${TARGET_NAME}"}}}})"),
      Document(R"({"spec": {"schedule": "*/5 * * * *"}})"),  // no substitution at all
      Document(R"({"spec": {"x": "${TARGET_NAME:0:3}", "${TARGET_KIND}": 1}})"),
      Document(R"({"spec": {"x": "${MISSING}"}})"),           // value not found
      Document(R"({"spec": {"x": "${TARGET_NAME"}})"),        // bad substitution
      Document(R"({"spec": {"x": "${TARGET_NAME:2:-5}"}})"),  // negative length
      Document(R"({"spec": {"x": "a\\b ${TARGET_NAME}"}})"),  // a literal backslash is kept
  };
  std::vector<Variables> variable_sets = {
      {{"TARGET_NAME", "web"}, {"TARGET_NAMESPACE", "demo"}, {"TARGET_KIND", "Deployment"}},
      {{"TARGET_NAME", "db-\"quoted\""}, {"TARGET_NAMESPACE", "x"}, {"TARGET_KIND", "k"}},
      {{"TARGET_NAMESPACE", "only-namespace"}},
  };
  for (const kube::Json& document : documents) {
    CompiledJsonTemplate compiled(document);
    for (const Variables& vars : variable_sets) {
      EXPECT_EQ(Describe(compiled.Render(vars)), Describe(SubstituteJson(document, vars)))
          << document.dump();
    }
  }
}

TEST(CompiledJsonTemplateTest, RendersManyTimesFromOneCompilation) {
  CompiledJsonTemplate compiled(Document(R"({"name": "${TARGET_NAME}-repo"})"));
  for (std::string name : {"a", "b", "c"}) {
    auto rendered = compiled.Render({{"TARGET_NAME", name}});
    ASSERT_TRUE(rendered.ok());
    EXPECT_EQ((*rendered)["name"], name + "-repo");
  }
}

kube::Object Template(std::string_view uid, std::string_view rv, std::string_view prefix) {
  kube::Object object(kube::Json{{"metadata", {{"name", "tpl"}}},
                                 {"spec", {{"prefix", std::string(prefix) + "${TARGET_NAME}"}}}});
  object.json()["metadata"]["uid"] = uid;
  if (!rv.empty()) object.SetResourceVersion(rv);
  return object;
}

std::string PrefixRendered(const CompiledJsonTemplate& compiled) {
  auto rendered = compiled.Render({{"TARGET_NAME", "t"}});
  return rendered.ok() ? (*rendered)["spec"]["prefix"].get<std::string>() : "error";
}

TEST(TemplateCacheTest, CompilesOncePerResourceVersion) {
  TemplateCache cache;
  const CompiledJsonTemplate* first = &cache.For(Template("u1", "5", "a-"));
  EXPECT_EQ(PrefixRendered(*first), "a-t");
  // The same uid and resourceVersion is the same content: served from the cache, even if the
  // object passed differs (which a real server never does for one resourceVersion).
  EXPECT_EQ(PrefixRendered(cache.For(Template("u1", "5", "ignored-"))), "a-t");
  // A new resourceVersion, or a re-created template (new uid), is compiled afresh.
  EXPECT_EQ(PrefixRendered(cache.For(Template("u1", "6", "b-"))), "b-t");
  EXPECT_EQ(PrefixRendered(cache.For(Template("u2", "6", "c-"))), "c-t");
}

TEST(TemplateCacheTest, NeverCachesAnObjectWithoutResourceVersion) {
  TemplateCache cache;
  EXPECT_EQ(PrefixRendered(cache.For(Template("u1", "", "a-"))), "a-t");
  EXPECT_EQ(PrefixRendered(cache.For(Template("u1", "", "b-"))), "b-t");
}

}  // namespace
}  // namespace reference
