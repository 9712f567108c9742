#!/usr/bin/env python3
"""The command examples of the documentation run (issue 11: examples that did not).

Every `stashsim run|lint|render ...` in a code block or inline code span of README.md,
scenarios/README.md and docs/*.md is run from the repository root:
  - `lint` and `render`, and `run` with --id: as written (reports to a temporary directory),
    and must exit 0;
  - `run` without --id (a whole suite): with `--id NO-SUCH-0000` added, and must answer
    "no scenario matched", which proves the paths and flags are accepted without running it all.
Examples naming a file that does not exist (a placeholder such as my-impl-expectations.yaml) or
an external implementation or cluster (--impl, --cluster) are listed as not run.
Every scenario ID mentioned must exist under scenarios/.
"""

import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

STASHSIM, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
DOCS = [os.path.join(ROOT, "README.md"), os.path.join(ROOT, "scenarios", "README.md")]
DOCS += sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
COMMANDS = ("run", "lint", "render")
OUTPUT_FLAGS = ("--json", "--junit")
failures, skipped, ran = [], [], 0


def examples(text):
    """Command lines of code blocks (continuations joined) and of inline code spans."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            yield line.split("  #")[0].strip()
    for span in re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S)):
        yield span.strip()


def command_of(line):
    """The argument list after `stashsim` for run/lint/render, else None."""
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    if len(words) < 3 or os.path.basename(words[0]) != "stashsim" or words[1] not in COMMANDS:
        return None  # not a command, or a bare mention such as `stashsim lint`
    return words[1:]


def placeholder(args):
    """Why an example cannot run here, or None."""
    if any(a in ("--impl", "--cluster") or a.startswith("[") or "$" in a for a in args):
        return "needs an implementation or a cluster"
    for i, arg in enumerate(args):
        if i > 0 and args[i - 1] in OUTPUT_FLAGS or arg.startswith("-") or arg == "-":
            continue
        looks_like_path = "/" in arg or arg.endswith((".yaml", ".yml", ".json"))
        if looks_like_path and not os.path.exists(os.path.join(ROOT, arg)):
            return "names %s, which does not exist (a placeholder)" % arg
    return None


def run_example(doc, args, reports):
    global ran
    args = [os.path.join(reports, os.path.basename(a)) if i > 0 and args[i - 1] in OUTPUT_FLAGS
            else a for i, a in enumerate(args)]
    whole_suite = args[0] == "run" and "--id" not in args
    if whole_suite:
        args = args + ["--id", "NO-SUCH-0000"]
    done = subprocess.run([STASHSIM, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    ran += 1
    name = "%s: stashsim %s" % (os.path.relpath(doc, ROOT), " ".join(args))
    if whole_suite:
        if done.returncode != 2 or "no scenario matched" not in done.stderr:
            failures.append("%s: exit %d, %s" % (name, done.returncode, done.stderr[-300:]))
    elif done.returncode != 0:
        failures.append("%s: exit %d, %s" % (name, done.returncode, done.stderr[-300:]))


known_ids = set()
for path in glob.glob(os.path.join(ROOT, "scenarios", "**", "*.yaml"), recursive=True):
    with open(path) as f:
        match = re.search(r"^id:\s*(\S+)", f.read(), re.M)
        if match:
            known_ids.add(match.group(1))

with tempfile.TemporaryDirectory() as reports:
    for doc in DOCS:
        with open(doc) as f:
            text = f.read()
        for scenario_id in sorted(set(re.findall(r"\b[A-Z]{2,}(?:-[A-Z]+)?-\d{4}\b", text))):
            if scenario_id not in known_ids:
                failures.append("%s names scenario %s, which does not exist"
                                % (os.path.relpath(doc, ROOT), scenario_id))
        for line in examples(text):
            args = command_of(line)
            if args is None:
                continue
            reason = placeholder(args)
            if reason:
                skipped.append("%s: %s (%s)" % (os.path.relpath(doc, ROOT), line, reason))
                continue
            run_example(doc, args, reports)

for line in skipped:
    print("not run: " + line)
if failures:
    sys.exit("FAIL:\n  " + "\n  ".join(failures))
print("%d documented command(s) ran as documented" % ran)
