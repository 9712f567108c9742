#!/usr/bin/env python3
"""Checks the scenario layout of scenarios/README.md: every scenario of an era (template/,
blueprint/) sits in the folder its ID's area names in the README's area table, and its file name
starts with its ID. The table is the one place the mapping is written; this test reads it.

usage: scenario_layout_test.py <scenarios dir>
"""

import os
import re
import sys

SCENARIOS = sys.argv[1]
ERAS = {"template": "TPL", "blueprint": "BP"}
ROW = re.compile(r"^\| `([A-Z]+)` \|.*\| `([a-z-]+)/` \|$")
ID = re.compile(r"^id:\s*(\S+)\s*$", re.MULTILINE)


def area_folders():
    with open(os.path.join(SCENARIOS, "README.md"), encoding="utf-8") as readme:
        folders = {m.group(1): m.group(2) for m in map(ROW.match, readme.read().splitlines()) if m}
    if not folders:
        sys.exit("no area table with a folder column found in scenarios/README.md")
    return folders


def main():
    folders = area_folders()
    problems, checked = [], 0
    for era, prefix in ERAS.items():
        era_dir = os.path.join(SCENARIOS, era)
        for root, dirs, files in os.walk(era_dir):
            dirs[:] = sorted(d for d in dirs if d != "fixtures")
            for name in sorted(f for f in files if f.endswith(".yaml")):
                path = os.path.join(root, name)
                shown = os.path.relpath(path, SCENARIOS)
                with open(path, encoding="utf-8") as scenario:
                    found = ID.search(scenario.read())
                if not found:
                    problems.append(f"{shown}: no id")
                    continue
                scenario_id = found.group(1)
                era_prefix, area = (scenario_id.split("-") + [""])[:2]
                folder = os.path.relpath(root, era_dir)
                checked += 1
                if era_prefix != prefix:
                    problems.append(f"{shown}: id {scenario_id} is not of the {era} era ({prefix}-)")
                elif area not in folders:
                    problems.append(f"{shown}: area {area} is not in the README's area table")
                elif folder != folders[area]:
                    problems.append(f"{shown}: area {area} belongs in {era}/{folders[area]}/")
                if not name.startswith(scenario_id):
                    problems.append(f"{shown}: file name does not start with its id {scenario_id}")
    if checked == 0:
        problems.append(f"no scenarios found under {SCENARIOS}")
    for problem in problems:
        print(problem)
    print(f"{checked} scenarios checked, {len(problems)} misfiled")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
