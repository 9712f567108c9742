#!/usr/bin/env python3
"""ctest bench-smoke/stashsim-bench/*: `stashsim bench` end to end.

    stashsim_bench_test.py --stashsim PATH --workload W --out FILE [--targets 200]
    stashsim_bench_test.py --stashsim PATH --usage

A workload run must exit 0, print its summary, and write JSON with every stable name, with
sane values: the shape asked for, positive time and rate, peak RSS at least the RSS before,
latency percentiles ordered (or null when no reconcile ran, as for delete), a positive floor
and floor_ratio = seconds per target / floor, and the generated objects the spec leaves.
--usage checks that bad arguments exit 2 with a message naming the option.
"""

import argparse
import json
import math
import subprocess
import sys

KEYS = ["workload", "profile", "targets", "templates", "namespaces", "seed", "seconds",
        "targets_per_second", "writes", "cluster_writes", "watch_events", "reconciles",
        "reconcile_failures", "stored_objects", "repositories", "backup_configurations",
        "peak_rss_bytes", "rss_before_bytes", "rss_converged_bytes", "bytes_per_object",
        "p50_us", "p99_us", "p999_us", "latency_samples", "floor_ns_per_target", "floor_ratio",
        "commit", "build_type", "machine", "version"]


class Checker:
    def __init__(self):
        self.failures = []

    def expect(self, condition, what):
        if not condition:
            self.failures.append(what)


def check_workload(args, check):
    command = [args.stashsim, "bench", "--workload", args.workload, "--targets",
               str(args.targets), "--templates", "3", "--namespaces", "4", "--json", args.out]
    result = subprocess.run(command, capture_output=True, text=True)
    print(result.stdout, result.stderr)
    check.expect(result.returncode == 0, f"exit code {result.returncode}")
    check.expect("time to quiescence" in result.stdout, "the summary is printed")
    check.expect("\r" not in result.stderr, "no progress bar when stderr is not a terminal")
    if result.returncode != 0:
        return
    with open(args.out, encoding="utf-8") as f:
        r = json.load(f)
    for key in KEYS:
        check.expect(key in r, f"key {key}")
    if any(key not in r for key in KEYS):
        return
    n = args.targets
    check.expect(r["workload"] == args.workload, "workload")
    check.expect((r["targets"], r["templates"], r["namespaces"]) == (n, 3, 4), "shape")
    check.expect(r["seconds"] > 0, "seconds > 0")
    check.expect(r["targets_per_second"] > 0, "targets_per_second > 0")
    check.expect(math.isclose(r["targets_per_second"] * r["seconds"], n, rel_tol=1e-6),
                 "targets_per_second = targets / seconds")
    check.expect(r["peak_rss_bytes"] >= r["rss_before_bytes"] > 0, "peak RSS >= RSS before > 0")
    check.expect(r["rss_converged_bytes"] <= r["peak_rss_bytes"], "converged RSS <= peak")
    # Every target, its Repository and BackupConfiguration, were stored.
    check.expect(r["stored_objects"] >= 3 * n, f"stored_objects {r['stored_objects']} >= 3n")
    check.expect(r["bytes_per_object"] > 0, "bytes_per_object > 0")
    check.expect(r["floor_ns_per_target"] > 0, "floor_ns_per_target > 0")
    expected_ratio = r["seconds"] * 1e9 / n / r["floor_ns_per_target"]
    check.expect(math.isclose(r["floor_ratio"], expected_ratio, rel_tol=1e-6),
                 "floor_ratio = seconds per target / floor")
    check.expect(r["floor_ratio"] > 1, "the reference is slower than the floor")
    check.expect(r["reconcile_failures"] == 0, "no reconcile failed")
    check.expect(r["repositories"] == n, "Repositories are kept")
    if args.workload == "delete":
        # The reference does nothing for a deleted target; the garbage collector removes the
        # BackupConfigurations, except (template era) an AppBinding's, whose owner reference says
        # apiVersion v1 (spec 5): targets 9, 19, ... are AppBindings.
        check.expect(r["reconciles"] == 0 and r["writes"] == 0, "delete: no reconcile, no write")
        check.expect(r["p50_us"] is None and r["latency_samples"] == 0, "delete: no latency")
        app_bindings = sum(1 for i in range(n) if i % 10 == 9)
        check.expect(r["backup_configurations"] == app_bindings,
                     f"delete: {app_bindings} AppBinding BackupConfigurations stay")
        check.expect(r["cluster_writes"] >= n - app_bindings, "delete: the collector wrote")
        check.expect(r["watch_events"] >= n, "delete: the informers saw every deletion")
        return
    check.expect(r["reconciles"] == n, f"reconciles {r['reconciles']} == targets")
    check.expect(r["latency_samples"] == n, "one latency per reconcile")
    check.expect(0 < r["p50_us"] <= r["p99_us"] <= r["p999_us"], "p50 <= p99 <= p99.9")
    if args.workload == "unannotate":
        check.expect(r["backup_configurations"] == 0, "unannotate: BackupConfigurations deleted")
        check.expect(r["writes"] == n, "unannotate: one delete per target")
        check.expect(r["watch_events"] >= n, "unannotate: the informers saw every change")
    else:
        check.expect(r["backup_configurations"] == n, "a BackupConfiguration per target")
        check.expect(r["writes"] == 2 * n, "two writes (created or patched) per target")
    if args.workload == "arrival":
        check.expect(r["cluster_writes"] == 3 * n, "arrival: the targets' creates are timed too")


def check_usage(args, check):
    cases = [
        (["--workload", "cold-start", "--targets", "0"], "--targets"),
        (["--workload", "warm-start", "--targets", "10"], "--workload"),
        (["--workload", "cold-start", "--targets", "ten"], "--targets"),
        (["--workload", "cold-start", "--targets", "10", "--namespaces", "0"], "--namespaces"),
        (["--workload", "cold-start", "--targets", "10", "--templates", "0"], "--templates"),
        (["--workload", "cold-start", "--targets", "10", "--profile", "stash"], "--profile"),
        (["--workload", "cold-start"], "--targets"),
        (["--workload", "cold-start", "--targets", "10", "--json", "/nonexistent/dir/x.json"],
         "--json"),
    ]
    for arguments, option in cases:
        result = subprocess.run([args.stashsim, "bench", *arguments], capture_output=True,
                                text=True)
        check.expect(result.returncode == 2,
                     f"{' '.join(arguments)}: exit code {result.returncode}, expected 2")
        check.expect(option in result.stderr,
                     f"{' '.join(arguments)}: the message names {option}: {result.stderr!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stashsim", required=True)
    parser.add_argument("--workload")
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--out")
    parser.add_argument("--usage", action="store_true")
    args = parser.parse_args()
    check = Checker()
    if args.usage:
        check_usage(args, check)
    else:
        check_workload(args, check)
    for failure in check.failures:
        print("FAIL:", failure)
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
