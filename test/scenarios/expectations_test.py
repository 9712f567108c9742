#!/usr/bin/env python3
"""Checks the expectations files of expectations/ (known upstream deviations as data): each
loads in `stashsim run --expectations`, every entry names a scenario (by ID and profile) that
exists and that the reference passes (reported as an unexpected pass, since the reference follows
the spec where upstream does not), no entry is listed twice, and every entry has a reason.
A self-check first proves the checks notice a bad file.

usage: expectations_test.py <stashsim> <scenarios dir> <expectations dir>
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

STASHSIM, SCENARIOS, EXPECTATIONS = sys.argv[1:4]
# The files list one entry per line, in flow style: - {id: X, profile: P, reason: "..."}
ENTRY = re.compile(r"^\s*-\s*\{id:\s*([A-Z0-9-]+),\s*profile:\s*([a-z-]+),\s*reason:\s*\"(.*)\"\}\s*$")


def entries_of(path):
    entries, problems = [], []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            stripped = line.strip()
            if not stripped.startswith("- "):
                continue
            m = ENTRY.match(line)
            if not m:
                problems.append(f"{path}:{number}: not a one-line {{id, profile, reason}} entry")
                continue
            entries.append((m.group(1), m.group(2), m.group(3), number))
    return entries, problems


def check(path):
    entries, problems = entries_of(path)
    if not entries and not problems:
        problems.append(f"{path}: no expectedFailures entries")
    seen = set()
    for ident, profile, reason, number in entries:
        if (ident, profile) in seen:
            problems.append(f"{path}:{number}: {ident} ({profile}) listed twice")
        seen.add((ident, profile))
        if not reason.strip():
            problems.append(f"{path}:{number}: {ident} has no reason")
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        run = subprocess.run([STASHSIM, "run", SCENARIOS, "--expectations", path, "--json", report,
                              "--color", "never"], capture_output=True, text=True)
        if run.returncode == 2 or not os.path.exists(report):
            return problems + [f"{path}: stashsim could not use it: {run.stderr.strip()}"]
        for line in run.stderr.splitlines():
            if "names no loaded scenario" in line:
                problems.append(line)
        with open(report, encoding="utf-8") as f:
            results = json.load(f)["results"]
    outcome = {(r["id"], r["profile"]): r["outcome"] for r in results}
    for ident, profile, _, number in entries:
        got = outcome.get((ident, profile))
        if got is None:
            problems.append(f"{path}:{number}: {ident} has no scenario run under {profile}")
        elif got != "unexpected-pass":
            problems.append(f"{path}:{number}: {ident} ({profile}) is {got} on the reference, "
                            "not an unexpected pass")
    return problems


def self_check():
    """Files with an unknown ID, a wrong profile or a duplicate must be reported. The duplicate
    has a file of its own: stashsim itself refuses a file that lists an entry twice."""
    bad_files = [
        "expectedFailures:\n"
        '  - {id: TPL-NOPE-9999, profile: stash-template, reason: "no such scenario"}\n'
        '  - {id: TPL-WL-0001, profile: stash-blueprint, reason: "wrong profile"}\n',
        "expectedFailures:\n"
        '  - {id: TPL-WL-0001, profile: stash-template, reason: "first"}\n'
        '  - {id: TPL-WL-0001, profile: stash-template, reason: "twice"}\n',
    ]
    found = []
    for text in bad_files:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(text)
            bad = f.name
        try:
            found += check(bad)
        finally:
            os.unlink(bad)
    joined = "\n".join(found)
    wanted = ("TPL-NOPE-9999", "stash-blueprint", "listed twice", "stashsim could not use it")
    missing = [w for w in wanted if w not in joined]
    if missing:
        sys.exit(f"self-check: a bad expectations file was not fully reported ({missing}):\n{joined}")


def main():
    self_check()
    files = sorted(glob.glob(os.path.join(EXPECTATIONS, "*.yaml")))
    if not files:
        sys.exit(f"no expectations files in {EXPECTATIONS}")
    problems = []
    count = 0
    for path in files:
        problems += check(path)
        count += len(entries_of(path)[0])
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(files)} expectations file(s), {count} entries: every one names a scenario the "
          "reference passes")


main()
