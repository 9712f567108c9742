#!/usr/bin/env python3
"""ctest bench-smoke/compare: scripts/bench-compare on every committed baseline.

For each bench/baselines/*.json: an unchanged copy passes (exit 0); a copy with every time
doubled except the floor's fails (exit 1) and names each slowed benchmark; a copy with every
time doubled, the floor's too (a slower machine), passes; a 1.2x slowdown passes at the
default threshold and fails at --threshold 1.1; a file without the floor is an input error
(exit 2). The directory form is checked on the whole baselines folder.
"""

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile

FLOOR = "BM_Floor"


def scaled(document, factor, include_floor):
    result = copy.deepcopy(document)
    for entry in result["benchmarks"]:
        name = entry.get("run_name") or entry["name"]
        if include_floor or not name.startswith(FLOOR):
            entry["real_time"] *= factor
            entry["cpu_time"] *= factor
    return result


def write(directory, name, document):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f)
    return path


def run(compare, *args):
    result = subprocess.run([sys.executable, compare, *args], capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


class Checker:
    def __init__(self):
        self.failures = 0

    def expect(self, condition, what, output):
        if not condition:
            self.failures += 1
            print(f"FAIL: {what}\n{output}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", required=True)
    parser.add_argument("--baselines", required=True)
    args = parser.parse_args()
    files = sorted(f for f in os.listdir(args.baselines) if f.endswith(".json"))
    check = Checker()
    check.expect(len(files) >= 5, f"a baseline per benchmark program in {args.baselines}", files)
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            with open(os.path.join(args.baselines, name), encoding="utf-8") as f:
                base_doc = json.load(f)
            base = os.path.join(args.baselines, name)
            names = {e.get("run_name") or e["name"] for e in base_doc["benchmarks"]
                     if not e.get("error_occurred")}
            others = sorted(n for n in names if not n.startswith(FLOOR))
            check.expect(any(n.startswith(FLOOR) for n in names), f"{name} has {FLOOR}", names)
            check.expect(others, f"{name} has benchmarks besides the floor", names)

            code, out = run(args.compare, base, write(tmp, "same-" + name, base_doc))
            check.expect(code == 0, f"{name}: an unchanged run passes", out)

            code, out = run(args.compare, base,
                            write(tmp, "slow-" + name, scaled(base_doc, 2.0, False)))
            check.expect(code == 1, f"{name}: a 2x slowdown fails", out)
            lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
            for benchmark in others:
                line = lines.get(benchmark, "")
                check.expect("2.00x" in line and "SLOWER" in line,
                             f"{name}: the 2x slowdown of {benchmark} is reported", out)

            code, out = run(args.compare, base,
                            write(tmp, "machine-" + name, scaled(base_doc, 2.0, True)))
            check.expect(code == 0, f"{name}: a uniformly slower machine passes", out)

            mild = write(tmp, "mild-" + name, scaled(base_doc, 1.2, False))
            code, out = run(args.compare, base, mild)
            check.expect(code == 0, f"{name}: 1.2x passes the default threshold 1.3", out)
            code, out = run(args.compare, "--threshold", "1.1", base, mild)
            check.expect(code == 1, f"{name}: 1.2x fails --threshold 1.1", out)

            no_floor = copy.deepcopy(base_doc)
            no_floor["benchmarks"] = [e for e in no_floor["benchmarks"]
                                      if not (e.get("run_name") or e["name"]).startswith(FLOOR)]
            code, out = run(args.compare, base, write(tmp, "nofloor-" + name, no_floor))
            check.expect(code == 2 and FLOOR in out, f"{name}: no floor is an input error", out)

        doubled = os.path.join(tmp, "doubled")
        os.mkdir(doubled)
        for name in files:
            with open(os.path.join(args.baselines, name), encoding="utf-8") as f:
                write(doubled, name, scaled(json.load(f), 2.0, False))
        code, out = run(args.compare, args.baselines, doubled)
        check.expect(code == 1 and out.count("SLOWER") >= len(files),
                     "directories: every file's slowdown is reported", out)
        code, out = run(args.compare, args.baselines, args.baselines)
        check.expect(code == 0, "directories: the baselines against themselves pass", out)
    print(f"{len(files)} baseline file(s) checked, {check.failures} failure(s)")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
