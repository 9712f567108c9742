#!/usr/bin/env python3
"""Hostile input files (test/data/hostile/) get exit 1 or 2 and a message naming the input,
within 10 seconds and 500 MB each (issue 11's acceptance), never a crash or a runaway."""

import json
import os
import subprocess
import sys
import tempfile
import time
from xml.etree import ElementTree

STASHSIM, HOSTILE = sys.argv[1], sys.argv[2]
TIME_LIMIT_S, MEMORY_LIMIT_KB = 10, 500 * 1024
failures = []


def check(name, args, code, output_has, raw_absent=()):
    """Runs stashsim; the exit code, a line of its output, bytes that must not appear in it, time
    and peak memory are checked."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen([STASHSIM, *args], stdout=out, stderr=subprocess.STDOUT)
        while True:  # wait4 gives this child's own peak RSS
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() - start > TIME_LIMIT_S:
                child.kill()
                os.wait4(child.pid, 0)
                failures.append("%s: still running after %d s" % (name, TIME_LIMIT_S))
                return
            time.sleep(0.01)
        out.seek(0)
        output = out.read()
    child.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = usage.ru_maxrss
    seconds = time.monotonic() - start
    text = output.decode("utf-8", "replace")
    problems = []
    if child.returncode != code:
        problems.append("exit %d (want %d)" % (child.returncode, code))
    for wanted in output_has:
        if wanted not in text:
            problems.append("output lacks %r" % wanted)
    for byte in raw_absent:
        if byte in output:
            problems.append("output holds the raw byte %r" % byte)
    if peak_kb > MEMORY_LIMIT_KB:
        problems.append("peak RSS %d MB" % (peak_kb // 1024))
    if problems:
        failures.append("%s: %s; output %r" % (name, ", ".join(problems), text[-600:]))
    else:
        print("ok   %-40s exit %d  %.2f s" % (name, code, seconds))


def hostile(name):
    return os.path.join(HOSTILE, name)


nested = hostile("nested-substitution.yaml")
check("nested substitution (render)", ["render", "-f", nested], 1,
      ["substitution too large", "field /spec/backend/gcs/prefix",
       "BackupConfigurationTemplate nested-blow-up", "at most 1048576 bytes"])
check("nested substitution, own limit", ["render", "--max-substitution-bytes", "100", "-f", nested],
      1, ["at most 100 bytes"])

aliases = hostile("yaml-alias-bytes.yaml")
for command in (["render", "-f", aliases], ["lint", aliases]):
    check("YAML alias bytes (%s)" % command[0], command, 2 if command[0] == "render" else 1,
          [aliases + ":", "once its aliases are expanded", "67108864"])
# A stream may always reach twice its own size (about 130 KB here).
check("YAML alias bytes, own limit", ["lint", "--max-yaml-expanded-bytes", "200000", aliases], 1,
      ["larger than 200000 bytes"])

check("numeric name (render)", ["render", "-f", hostile("numeric-name.yaml")], 2,
      [hostile("numeric-name.yaml") + ":", "metadata.name: Invalid value: 12345: must be a string"])

check("control characters in a name (render)", ["render", "-f", hostile("control-characters.yaml")],
      2, ["evil\\x1b[2J\\x07\\x00name"], raw_absent=(b"\x1b", b"\x07", b"\x00"))

check("JSON surrogate pair (render)", ["render", "-f", hostile("surrogate-pair.json")], 0,
      ["ConfigMap demo/surrogates", "not a target"])
check("JSON lone surrogate (render)", ["render", "-f", hostile("lone-surrogate.json")], 2,
      [hostile("lone-surrogate.json") + ":2:", "a lone UTF-16 surrogate \\uD83D"])

# One file failing the lint (b-unknown-field.yaml) and a duplicate id (c-duplicate-id.yaml): the
# valid scenario still runs, both others are `error` results in every report, exit 2.
suite = hostile("suite")
with tempfile.TemporaryDirectory() as reports:
    json_path, junit_path = os.path.join(reports, "r.json"), os.path.join(reports, "r.xml")
    check("suite with lint errors (run)",
          ["run", suite, "--json", json_path, "--junit", junit_path], 2,
          ["ERROR HOSTILE-0002", 'unknown field "colour"', 'duplicate id "HOSTILE-0001"',
           "2 scenario file(s) do not pass the lint"])
    try:
        with open(json_path) as f:
            results = json.load(f)["results"]
        outcomes = sorted((r["file"].rsplit("/", 1)[-1], r["outcome"]) for r in results)
        want = [("a-good.yaml", "passed"), ("b-unknown-field.yaml", "error"),
                ("c-duplicate-id.yaml", "error")]
        if outcomes != want:
            failures.append("JSON report outcomes %r, want %r" % (outcomes, want))
        junit = ElementTree.parse(junit_path).getroot()
        if junit.get("errors") != "2" or len(junit.findall(".//testcase/error")) != 2:
            failures.append("JUnit report: %s errors, %d <error> elements"
                            % (junit.get("errors"), len(junit.findall(".//testcase/error"))))
    except (OSError, ValueError, KeyError, ElementTree.ParseError) as error:
        failures.append("suite with lint errors: reports unreadable: %s" % error)
check("suite with lint errors (lint)", ["lint", suite], 1, ["2 problem(s)"])
check("suite, another id selected", ["run", suite, "--id", "HOSTILE-0002"], 2,
      ["ERROR HOSTILE-0002", "1 scenario file(s) do not pass the lint"])

if failures:
    sys.exit("FAIL:\n  " + "\n  ".join(failures))
print("hostile input answered within %d s and %d MB" % (TIME_LIMIT_S, MEMORY_LIMIT_KB // 1024))
