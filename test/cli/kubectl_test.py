"""kubectl against `stashsim serve --with-reference` (fake-apiserver.md section 5, issue 7).

Run: python3 kubectl_test.py --stashsim build/dev/bin/stashsim [--kubectl kubectl]
Every check goes through the real kubectl binary, as a person trying default backup would.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_helper import ServedCluster, wait_until  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MANIFESTS = os.path.join(ROOT, "test", "data", "manifests")
TARGETS = ["web-deployment.yaml", "db-statefulset.yaml", "log-agent-daemonset.yaml",
           "data-pvc.yaml"]
ARGS = None


class KubectlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.served = ServedCluster(ARGS.stashsim, "--with-reference", "--profile",
                                   "stash-template")
        cls.served.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.served.__exit__(None, None, None)

    def kubectl(self, *args, check=True, timeout=60):
        env = dict(os.environ, KUBECONFIG=self.served.kubeconfig)
        result = subprocess.run([ARGS.kubectl] + list(args), env=env, capture_output=True,
                                text=True, timeout=timeout)
        if check and result.returncode != 0:
            self.fail("kubectl %s failed (%d):\n%s\n%s\nserver log:\n%s"
                      % (" ".join(args), result.returncode, result.stdout, result.stderr,
                         self.served.log()))
        return result

    def get_json(self, *args):
        return json.loads(self.kubectl("get", "-o", "json", *args).stdout)

    def bc_names(self):
        items = self.get_json("backupconfigurations", "-A")["items"]
        return sorted("%s/%s" % (i["metadata"]["namespace"], i["metadata"]["name"])
                      for i in items)

    def expected_names(self, kind):
        """What `stashsim render` generates for the same manifests (in process)."""
        files = ["-f", os.path.join(MANIFESTS, "template-gcs.yaml")]
        for f in TARGETS:
            files += ["-f", os.path.join(MANIFESTS, f)]
        result = subprocess.run([ARGS.stashsim, "render", "--profile", "stash-template",
                                 "-o", "json"] + files, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        items = json.loads(result.stdout)["items"]
        return sorted("%s/%s" % (i["metadata"]["namespace"], i["metadata"]["name"])
                      for i in items if i["kind"] == kind)

    def test_1_apply_and_get(self):
        self.kubectl("apply", "-f", os.path.join(MANIFESTS, "template-gcs.yaml"))
        for f in TARGETS:
            out = self.kubectl("apply", "-f", os.path.join(MANIFESTS, f)).stdout
            self.assertIn("created", out)
        expected = self.expected_names("BackupConfiguration")
        self.assertEqual(len(expected), 4)
        self.assertEqual(wait_until(lambda: self.bc_names() == expected), True,
                         "generated %s, expected %s" % (self.bc_names(), expected))

        out = self.kubectl("get", "repository,backupconfiguration", "-A").stdout
        lines = out.splitlines()
        headers = [l.split() for l in lines if l.startswith("NAMESPACE")]
        self.assertEqual(headers[0], ["NAMESPACE", "NAME", "INTEGRITY", "SIZE", "SNAPSHOT-COUNT",
                                      "LAST-SUCCESSFUL-BACKUP", "AGE"], out)
        self.assertEqual(headers[1], ["NAMESPACE", "NAME", "TASK", "SCHEDULE", "PAUSED", "AGE"],
                         out)
        bc_row = [l.split() for l in lines if "backupconfiguration.stash.appscode.com/deployment-web"
                  in l]
        self.assertEqual(len(bc_row), 1, out)
        self.assertEqual(bc_row[0][0], "shop")
        self.assertIn("*/5", bc_row[0])

        yaml_out = self.kubectl("get", "backupconfiguration", "-n", "shop", "deployment-web",
                                "-o", "yaml").stdout
        self.assertIn("schedule: '*/5 * * * *'", yaml_out)
        self.assertIn("kind: Deployment", yaml_out)

    def test_2_annotate_overwrite_and_removal(self):
        self.kubectl("annotate", "--overwrite", "deployment", "-n", "shop", "web",
                     "stash.appscode.com/target-directories=/var/www/uploads,/var/www/cache")
        wait = lambda: self.get_json("backupconfiguration", "-n", "shop", "deployment-web")[
            "spec"]["target"]["directories"]
        self.assertEqual(wait_until(lambda: wait() == ["/var/www/uploads", "/var/www/cache"]),
                         True, wait())
        self.kubectl("annotate", "statefulset", "-n", "shop", "db",
                     "stash.appscode.com/backup-template-")
        self.assertTrue(wait_until(lambda: "shop/statefulset-db" not in self.bc_names()),
                        self.bc_names())
        # The Repository stays (default-backup.md: only the BackupConfiguration is removed).
        self.kubectl("get", "repository", "-n", "shop", "statefulset-db")

    def test_3_patch_types(self):
        self.kubectl("patch", "backupconfigurationtemplate", "workload-backup-template",
                     "--type", "merge", "-p", '{"spec":{"schedule":"0 * * * *"}}')
        sched = lambda: self.get_json("backupconfiguration", "-n", "shop", "deployment-web")[
            "spec"]["schedule"]
        self.assertEqual(wait_until(lambda: sched() == "0 * * * *"), True, sched())
        self.kubectl("patch", "deployment", "-n", "shop", "web", "--type", "json", "-p",
                     '[{"op":"replace","path":"/metadata/annotations/'
                     'stash.appscode.com~1target-directories","value":"/var/www/uploads"}]')
        dirs = lambda: self.get_json("backupconfiguration", "-n", "shop", "deployment-web")[
            "spec"]["target"]["directories"]
        self.assertEqual(wait_until(lambda: dirs() == ["/var/www/uploads"]), True, dirs())
        self.kubectl("patch", "deployment", "-n", "shop", "web", "--type", "strategic", "-p",
                     '{"spec":{"template":{"spec":{"containers":[{"name":"web",'
                     '"image":"nginx:1.27"}]}}}}')
        containers = self.get_json("deployment", "-n", "shop", "web")["spec"]["template"][
            "spec"]["containers"]
        self.assertEqual(len(containers), 1)
        self.assertEqual(containers[0]["image"], "nginx:1.27")
        self.assertTrue(containers[0]["volumeMounts"], "strategic merge kept the other fields")

    def test_4_watch_sees_generated_objects(self):
        env = dict(os.environ, KUBECONFIG=self.served.kubeconfig)
        with tempfile.TemporaryFile("w+") as out:
            watcher = subprocess.Popen([ARGS.kubectl, "get", "backupconfigurations", "-A", "-w",
                                        "--output-watch-events"], env=env, stdout=out,
                                       stderr=subprocess.STDOUT, text=True)
            try:
                wait_until(lambda: out.tell() > 0 or (out.seek(0, 2) > 0), timeout=10)
                self.kubectl("annotate", "--overwrite", "statefulset", "-n", "shop", "db",
                             "stash.appscode.com/backup-template=workload-backup-template")

                def seen():
                    out.seek(0)
                    return any("ADDED" in l and "statefulset-db" in l for l in out)
                self.assertTrue(wait_until(seen, timeout=20), "kubectl get -w saw nothing")
            finally:
                watcher.terminate()
                watcher.wait(timeout=10)

    def test_5_delete_cascade_foreground(self):
        self.kubectl("delete", "deployment", "-n", "shop", "web", "--cascade=foreground",
                     "--timeout=30s")
        self.assertTrue(wait_until(lambda: "shop/deployment-web" not in self.bc_names()),
                        self.bc_names())
        self.kubectl("get", "repository", "-n", "shop", "deployment-web")
        result = self.kubectl("get", "deployment", "-n", "shop", "web", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("NotFound", result.stderr)

    def test_6_discovery(self):
        apis = json.loads(self.kubectl("get", "--raw", "/apis").stdout)
        groups = {g["name"] for g in apis["groups"]}
        for group in ["apps", "batch", "networking.k8s.io", "autoscaling",
                      "rbac.authorization.k8s.io", "stash.appscode.com", "apps.openshift.io",
                      "appcatalog.appscode.com"]:
            self.assertIn(group, groups)
        out = self.kubectl("api-resources").stdout
        for resource in ["backupconfigurations", "backupconfigurationtemplates", "repositories",
                         "deploymentconfigs", "horizontalpodautoscalers", "ingresses",
                         "cronjobs", "serviceaccounts"]:
            self.assertIn(resource, out)
        self.assertIn("v1.30", self.kubectl("version", "-o", "json").stdout)


    def test_7_validation_rejects_unknown_fields_of_custom_kinds(self):
        # kubectl 1.20 validates on the client against /openapi/v2; 1.27+ asks the server
        # (fieldValidation=Strict). Either way the unknown field is refused, by name.
        with tempfile.NamedTemporaryFile("w", suffix=".yaml") as bad:
            bad.write("apiVersion: stash.appscode.com/v1beta1\n"
                      "kind: BackupConfigurationTemplate\n"
                      "metadata: {name: bad}\n"
                      "spec: {schedule: '*/5 * * * *', bogusField: 1}\n")
            bad.flush()
            result = self.kubectl("create", "-f", bad.name, check=False)
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("bogusField", result.stderr)
        missing = self.kubectl("get", "backupconfigurationtemplate", "bad", check=False)
        self.assertIn("NotFound", missing.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--stashsim", required=True)
    parser.add_argument("--kubectl", default=os.environ.get("KUBECTL", "kubectl"))
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
