#!/usr/bin/env python3
"""Summarises the .trx files of one `dotnet test` run: every failed test with its message and the top of its
stack trace, and every skipped test's reason grouped by test method and reason, so a CI log says *why*.

Usage: summarize_test_results.py RESULTS_DIR
"""
import collections
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def text(element, path):
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None and found.text else ""


def method_of(test_name):
    # "Ns.Class.Method(arg: ...)" -> "Class.Method"
    bare = test_name.split("(", 1)[0]
    parts = bare.split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else bare


def main(results_dir):
    files = sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True))
    if not files:
        print(f"summarize_test_results: no .trx files under {results_dir}")
        return
    failures = []
    skips = collections.Counter()
    for path in files:
        root = ET.parse(path).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            outcome = result.get("outcome")
            name = result.get("testName", "?")
            if outcome == "Failed":
                failures.append((name, text(result, ".//t:Message"), text(result, ".//t:StackTrace")))
            elif outcome == "NotExecuted":
                reason = re.sub(r"\s+", " ", text(result, ".//t:Message") or "(no reason given)")
                skips[(method_of(name), reason[:160])] += 1
    if skips:
        print(f"Skipped tests by reason ({sum(skips.values())}):")
        for (method, reason), count in sorted(skips.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {count:4d}  {method}: {reason}")
    if failures:
        print(f"Failed tests ({len(failures)}):")
        for name, message, stack in failures:
            print(f"  FAILED {name}")
            for line in message.splitlines()[:20]:
                print(f"    {line}")
            for line in stack.splitlines()[:8]:
                print(f"    {line}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
