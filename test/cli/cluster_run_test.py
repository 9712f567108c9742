#!/usr/bin/env python3
"""`stashsim run --cluster` against a separately started `stashsim serve --with-reference`.

  cluster_run_test.py --stashsim B --scenarios DIR --profile P   the whole suite of one profile
  cluster_run_test.py --stashsim B --scenarios DIR --checks      the quick checks: a wrong
      implementation fails, an unreachable cluster fails each scenario clearly, and what a
      run creates is gone afterwards.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_helper import ServedCluster, wait_until  # noqa: E402

# Why a scenario may be skipped on a real cluster (runner/src/cluster_backend.cc).
ALLOWED_SKIPS = ("injects faults", "moves the clock", "depends on the exact namespace names",
                 "needs the extended behaviour")


def run(stashsim, served, *args):
    with tempfile.TemporaryDirectory() as tmp:
        report_path = os.path.join(tmp, "report.json")
        command = [stashsim, "run", *args, "--cluster", served.kubeconfig, "--color", "never",
                   "--settle-ms", "150", "-j", "8", "--json", report_path,
                   "--resync-command", "kill -HUP %d" % served.process.pid]
        done = subprocess.run(command, capture_output=True, text=True, timeout=1500)
        report = None
        if os.path.exists(report_path):
            with open(report_path) as f:
                report = json.load(f)
        return done, report


def get(served, path):
    with urllib.request.urlopen(served.url + path, timeout=10) as answer:
        return json.load(answer)


def expect(condition, message, done=None):
    if not condition:
        detail = ""
        if done is not None:
            detail = "\n--- stdout\n%s\n--- stderr\n%s" % (done.stdout[-6000:], done.stderr[-3000:])
        sys.exit("FAIL: %s%s" % (message, detail))


def check_nothing_left(served):
    # Deleted namespaces are Terminating until their contents are gone.
    def namespaces():
        names = sorted(i["metadata"]["name"] for i in get(served, "/api/v1/namespaces")["items"])
        return names if names == ["default", "kube-system"] else None
    wait_until(namespaces, timeout=30)
    namespaces = sorted(i["metadata"]["name"] for i in get(served, "/api/v1/namespaces")["items"])
    expect(namespaces == ["default", "kube-system"],
           "the run left namespaces behind: %s" % namespaces)
    for path in ("/apis/stash.appscode.com/v1beta1/backupconfigurationtemplates",
                 "/apis/stash.appscode.com/v1beta1/backupblueprints"):
        try:
            left = [i["metadata"]["name"] for i in get(served, path)["items"]]
        except urllib.error.HTTPError:
            continue  # the kind is not served in this era
        expect(not left, "the run left %s behind: %s" % (path, left))


def whole_suite(stashsim, scenarios, profile):
    with ServedCluster(stashsim, "--with-reference", "--profile", profile) as served:
        done, report = run(stashsim, served, scenarios, "--profile", profile)
        expect(done.returncode == 0, "the suite failed on the cluster", done)
        outcomes = [r["outcome"] for r in report["results"]]
        passed = outcomes.count("passed")
        expect(passed >= 50, "only %d scenarios passed" % passed, done)
        for result in report["results"]:
            if result["outcome"] == "skipped":
                reason = result.get("skipReason", "")
                expect(reason.startswith(ALLOWED_SKIPS),
                       "%s skipped for an unexpected reason: %r" % (result["id"], reason))
        check_nothing_left(served)
        print("%s: %d passed, %d skipped, %.0f s" % (profile, passed, outcomes.count("skipped"),
                                                    report["seconds"]))


def quick_checks(stashsim, scenarios):
    with ServedCluster(stashsim, "--with-reference", "--profile", "stash-blueprint") as served:
        # A stash-template scenario against a stash-blueprint installation must fail.
        done, report = run(stashsim, served, scenarios, "--profile", "stash-template",
                           "--id", "TPL-WL-0001")
        expect(done.returncode == 1, "a wrong implementation passed", done)
        expect(report["results"][0]["outcome"] == "failed", "TPL-WL-0001 did not fail", done)
        # The same scenario in its own era passes, and the expected objects are read back under
        # the scenario's own names.
        done, report = run(stashsim, served, scenarios, "--id", "BP-WL-0001")
        expect(done.returncode == 0, "BP-WL-0001 failed", done)
        check_nothing_left(served)
    with tempfile.TemporaryDirectory() as tmp:
        kubeconfig = os.path.join(tmp, "kc")
        with open(kubeconfig, "w") as f:
            f.write("apiVersion: v1\nkind: Config\ncurrent-context: c\n"
                    "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:9'}}]\n"
                    "contexts: [{name: c, context: {cluster: c, user: u}}]\n"
                    "users: [{name: u, user: {}}]\n")
        done = subprocess.run([stashsim, "run", scenarios, "--id", "TPL-WL-0001", "--id",
                               "BP-WL-0001", "--cluster", kubeconfig, "--color", "never",
                               "--resync-command", "true"],
                              capture_output=True, text=True, timeout=120)
        expect(done.returncode == 1, "an unreachable cluster did not fail the run", done)
        expect(done.stdout.count("cannot reach the cluster") >= 2,
               "each scenario should say the cluster cannot be reached", done)
    print("quick checks passed")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stashsim", required=True)
    parser.add_argument("--scenarios", required=True)
    parser.add_argument("--profile")
    parser.add_argument("--checks", action="store_true")
    args = parser.parse_args()
    if args.checks:
        quick_checks(args.stashsim, args.scenarios)
    else:
        whole_suite(args.stashsim, args.scenarios, args.profile)


if __name__ == "__main__":
    main()
