#!/usr/bin/env python3
"""Exit codes of the command line on bad input and lost output (0 only for a real success)."""

import os
import subprocess
import sys

STASHSIM, SCENARIOS = sys.argv[1], sys.argv[2]
FIXTURES = os.path.join(SCENARIOS, "fixtures")
failures = []


def check(name, args, code, stderr_has="", stdout=None):
    with open(os.devnull, "w") if stdout is None else open(stdout, "w") as out:
        done = subprocess.run([STASHSIM, *args], stdout=out, stderr=subprocess.PIPE, text=True,
                              timeout=120)
    if done.returncode != code or stderr_has not in done.stderr:
        failures.append("%s: exit %d (want %d), stderr %r (want %r)"
                        % (name, done.returncode, code, done.stderr[-400:], stderr_has))


check("no command", [], 2, "give a command")
check("selection matching nothing", ["run", SCENARIOS, "--id", "NOPE-0001"], 2,
      "no scenario matched the selection (ids: [NOPE-0001]")
check("unknown label", ["run", SCENARIOS, "--label", "no-such-label"], 2, "no scenario matched")
check("unknown feature", ["run", SCENARIOS, "--without-feature", "teleport"], 2,
      'unknown feature "teleport"')
check("negative seed", ["run", SCENARIOS, "--seed", "-1"], 2, "--seed")
render = ["render", "--profile", "stash-template", "-f",
          os.path.join(FIXTURES, "template-gcs.yaml"), "-f",
          os.path.join(FIXTURES, "deployment-stash-demo.yaml")]
check("render", render, 0)
check("render to a full disk", render, 2, "cannot write standard output", stdout="/dev/full")
one = ["run", SCENARIOS, "--id", "TPL-WL-0001"]
check("run", one, 0)
check("run, report to a full disk", one + ["--json", "/dev/full"], 2, "cannot write /dev/full")
check("run, JUnit to a full disk", one + ["--junit", "/dev/full"], 2, "cannot write /dev/full")
check("run, terminal to a full disk", one, 2, "cannot write standard output", stdout="/dev/full")

if failures:
    sys.exit("FAIL:\n  " + "\n  ".join(failures))
print("exit codes as documented")
