"""The official Python client (python3-kubernetes) against `stashsim serve`
(fake-apiserver.md section 5): list, watch from a resourceVersion with bookmarks, patch, delete,
and a 410 Expired on an old resourceVersion that the client handles by relisting.

Run: python3 python_client_test.py --stashsim build/dev/bin/stashsim
"""

import argparse
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_helper import ServedCluster  # noqa: E402

from kubernetes import client, config, watch  # noqa: E402
from kubernetes.client.rest import ApiException  # noqa: E402

ARGS = None


def configmap(name, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels or {}),
                              data={"k": "v"})


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.served = ServedCluster(ARGS.stashsim, "--watch-history", "20",
                                   "--bookmark-interval-ms", "200")
        cls.served.__enter__()
        cls.api_client = config.new_client_from_config(config_file=cls.served.kubeconfig)
        cls.core = client.CoreV1Api(cls.api_client)

    @classmethod
    def tearDownClass(cls):
        cls.api_client.close()
        cls.served.__exit__(None, None, None)

    def setUp(self):
        # Each test in a fresh namespace, so they share one server without seeing each other.
        self.namespace = "demo-%s" % self._testMethodName.replace("_", "-")[5:40].strip("-")
        self.core.create_namespace(
            client.V1Namespace(metadata=client.V1ObjectMeta(name=self.namespace)))

    def test_list_patch_delete(self):
        for i in range(3):
            self.core.create_namespaced_config_map(self.namespace, configmap("cm-%d" % i,
                                                                     {"tier": "a" if i else "b"}))
        listed = self.core.list_namespaced_config_map(self.namespace, label_selector="tier=a")
        self.assertEqual(sorted(c.metadata.name for c in listed.items), ["cm-1", "cm-2"])
        self.assertTrue(int(listed.metadata.resource_version) > 0)
        page = self.core.list_namespaced_config_map(self.namespace, limit=2)
        self.assertEqual(len(page.items), 2)
        self.assertTrue(page.metadata._continue)
        rest = self.core.list_namespaced_config_map(self.namespace, limit=2,
                                                    _continue=page.metadata._continue)
        self.assertEqual([c.metadata.name for c in rest.items], ["cm-2"])

        patched = self.core.patch_namespaced_config_map("cm-0", self.namespace, {"data": {"extra": "1"}})
        self.assertEqual(patched.data, {"k": "v", "extra": "1"})
        self.core.delete_namespaced_config_map("cm-0", self.namespace)
        with self.assertRaises(ApiException) as missing:
            self.core.read_namespaced_config_map("cm-0", self.namespace)
        self.assertEqual(missing.exception.status, 404)
        with self.assertRaises(ApiException) as conflict:
            self.core.create_namespaced_config_map(self.namespace, configmap("cm-1"))
        self.assertEqual(conflict.exception.status, 409)

    def test_watch_from_resource_version_with_bookmarks(self):
        start = self.core.list_namespaced_config_map(self.namespace).metadata.resource_version

        def write():
            self.core.create_namespaced_config_map(self.namespace, configmap("w1"))
            self.core.patch_namespaced_config_map("w1", self.namespace, {"data": {"k": "2"}})
            self.core.delete_namespaced_config_map("w1", self.namespace)
        threading.Timer(0.2, write).start()
        seen, bookmarks = [], 0
        w = watch.Watch()
        for event in w.stream(self.core.list_namespaced_config_map, self.namespace,
                              resource_version=start, allow_watch_bookmarks=True,
                              timeout_seconds=10):
            if event["type"] == "BOOKMARK":
                bookmarks += 1
            else:
                seen.append((event["type"], event["object"].metadata.name))
            if len(seen) >= 3 and bookmarks >= 1:
                w.stop()
        self.assertEqual(seen, [("ADDED", "w1"), ("MODIFIED", "w1"), ("DELETED", "w1")])
        self.assertGreaterEqual(bookmarks, 1)

    def test_expired_resource_version_then_relist(self):
        first = self.core.list_namespaced_config_map(self.namespace).metadata.resource_version
        for i in range(30):  # more writes than the server's 20-event watch history
            self.core.create_namespaced_config_map(self.namespace, configmap("h-%d" % i))
        with self.assertRaises(ApiException) as expired:
            for _ in watch.Watch().stream(self.core.list_namespaced_config_map, self.namespace,
                                          resource_version=first, timeout_seconds=5):
                pass
        self.assertEqual(expired.exception.status, 410)
        # What a client does after 410: list again, then watch from the list's version.
        relisted = self.core.list_namespaced_config_map(self.namespace)
        self.assertEqual(len(relisted.items), 30)
        threading.Timer(0.2, lambda: self.core.create_namespaced_config_map(
            self.namespace, configmap("after"))).start()
        w = watch.Watch()
        for event in w.stream(self.core.list_namespaced_config_map, self.namespace,
                              resource_version=relisted.metadata.resource_version,
                              timeout_seconds=10):
            self.assertEqual((event["type"], event["object"].metadata.name), ("ADDED", "after"))
            w.stop()
            break
        else:
            self.fail("no event after relisting")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--stashsim", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
