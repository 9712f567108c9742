#!/usr/bin/env python3
"""ctest bench-smoke/<program>: runs one benchmark program briefly and checks its JSON.

    benchmark_smoke_test.py PROGRAM OUT.json

The program runs with a 10 ms minimum time (Google Benchmark 1.7.1 syntax: plain seconds) at
the size STASHSIM_BENCH_SIZE gives (ctest sets "smoke"). Checks: exit code 0; at least one
benchmark besides exactly one BM_Floor; no benchmark reported an error; every time is positive;
the context names the build's commit and type.
"""

import json
import os
import subprocess
import sys


def main():
    program, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.dirname(out), exist_ok=True)
    command = [program, "--benchmark_min_time=0.01", f"--benchmark_out={out}",
               "--benchmark_out_format=json"]
    result = subprocess.run(command, capture_output=True, text=True)
    print(result.stdout)
    problems = []
    if result.returncode != 0:
        problems.append(f"exit code {result.returncode}: {result.stderr}")
    else:
        with open(out, encoding="utf-8") as f:
            document = json.load(f)
        runs = document.get("benchmarks", [])
        floors = [r["name"] for r in runs if r["name"].startswith("BM_Floor")]
        if len(floors) != 1:
            problems.append(f"expected exactly one BM_Floor, found {floors}")
        if len(runs) < 2:
            problems.append("no benchmark besides the floor")
        for r in runs:
            if r.get("error_occurred"):
                problems.append(f"{r['name']}: {r.get('error_message')}")
            elif not r.get("real_time", 0) > 0:
                problems.append(f"{r['name']}: real_time {r.get('real_time')}")
        context = document.get("context", {})
        for key in ("build_commit", "build_type", "bench_size"):
            if not context.get(key):
                problems.append(f"context has no {key}")
        if os.environ.get("STASHSIM_BENCH_SIZE") and \
                context.get("bench_size") != os.environ["STASHSIM_BENCH_SIZE"]:
            problems.append(f"bench_size {context.get('bench_size')} is not the requested one")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
