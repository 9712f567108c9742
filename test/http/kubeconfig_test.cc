// Kubeconfig loading: contexts, inline data and files relative to the kubeconfig, tokens.
#include "kube/kubeconfig.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kube/base64.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace {

using ::kube::IsOk;
using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::HasSubstr;

constexpr std::string_view kTwoContexts = R"(apiVersion: v1
kind: Config
current-context: inline
clusters:
- name: a
  cluster:
    server: https://a.example:6443
    certificate-authority-data: )";

TEST(Kubeconfig, CurrentContextWithInlineData) {
  std::string text = std::string(kTwoContexts) + kube::EncodeBase64("CA-PEM") + R"(
- name: b
  cluster: {server: "http://127.0.0.1:8080", insecure-skip-tls-verify: true}
users:
- name: alice
  user:
    token: tok
    client-certificate-data: )" +
                     kube::EncodeBase64("CERT") + R"(
    client-key-data: )" +
                     kube::EncodeBase64("KEY") + R"(
contexts:
- name: inline
  context: {cluster: a, user: alice, namespace: team}
- name: plain
  context: {cluster: b, user: nobody}
)";
  auto config = kube::ParseKubeconfig(text, "kc", "");
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->server, "https://a.example:6443");
  EXPECT_EQ(config->ca_pem, "CA-PEM");
  EXPECT_EQ(config->token, "tok");
  EXPECT_EQ(config->client_certificate_pem, "CERT");
  EXPECT_EQ(config->client_key_pem, "KEY");
  EXPECT_EQ(config->namespace_name, "team");
  EXPECT_FALSE(config->insecure_skip_tls_verify);

  auto plain = kube::ParseKubeconfig(text, "kc", "", "plain");
  ASSERT_THAT(plain, IsOk());
  EXPECT_EQ(plain->server, "http://127.0.0.1:8080");
  EXPECT_TRUE(plain->insecure_skip_tls_verify);
  EXPECT_EQ(plain->namespace_name, "default");
  EXPECT_TRUE(plain->token.empty());

  EXPECT_THAT(kube::ParseKubeconfig(text, "kc", "", "missing"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("context \"missing\" not found")));
}

TEST(Kubeconfig, FilesAreRelativeToTheKubeconfig) {
  stashsim_testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  dir.Write("certs/ca.pem", "CA FROM FILE");
  dir.Write("token", "file-token\n");
  dir.Write("config", R"(apiVersion: v1
kind: Config
current-context: c
clusters: [{name: x, cluster: {server: "https://x:1", certificate-authority: certs/ca.pem}}]
users: [{name: u, user: {tokenFile: token}}]
contexts: [{name: c, context: {cluster: x, user: u}}]
)");
  auto config = kube::LoadKubeconfig((dir.path() / "config").string());
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->ca_pem, "CA FROM FILE");
  EXPECT_EQ(config->token, "file-token");
}

TEST(Kubeconfig, ProblemsNameTheFileAndField) {
  EXPECT_THAT(kube::LoadKubeconfig("/nonexistent/kubeconfig"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("/nonexistent/kubeconfig")));
  EXPECT_THAT(kube::ParseKubeconfig("apiVersion: v1\nkind: Config\n", "kc", ""),
              StatusIs(StatusReason::kBadRequest, HasSubstr("no current-context")));
  EXPECT_THAT(
      kube::ParseKubeconfig("current-context: c\ncontexts: [{name: c, context: {cluster: x}}]\n"
                            "clusters: [{name: x, cluster: {}}]\n",
                            "kc", ""),
      StatusIs(StatusReason::kBadRequest, HasSubstr("has no server")));
  EXPECT_THAT(
      kube::ParseKubeconfig("current-context: c\ncontexts: [{name: c, context: {cluster: x}}]\n"
                            "clusters: [{name: x, cluster: {server: 'https://x', "
                            "certificate-authority-data: '!!notbase64'}}]\n",
                            "kc", ""),
      StatusIs(StatusReason::kBadRequest, HasSubstr("not valid base64")));
  EXPECT_THAT(kube::ParseKubeconfig("[1, 2", "kc", ""), StatusIs(StatusReason::kBadRequest));
}

}  // namespace
