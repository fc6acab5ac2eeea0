#!/usr/bin/env python3
"""The one-way dependency rule, executable: every `#include "..."` of a project file must be
allowed by the table in docs/architecture.md ("Who may include whom"). The document is the
rule; this script only reads it. Prints `file:line: module X may not include Y` per violation
and exits 1 if there is any.

Usage: check-layering.py [--root DIR] [--rules FILE]
  --root   the source tree to scan (default: this script's repository)
  --rules  the Markdown file holding the table (default: ROOT/docs/architecture.md)
"""
import argparse
import os
import re
import sys

TABLE_HEADING = "### Who may include whom"
TEST_SUPPORT = "test support"
SOURCE_SUFFIXES = (".cc", ".h")
# Top-level folders holding project sources; a quoted include starting with one of them is
# a project include.
SOURCE_ROOTS = ("exporter", "simulator", "bench", "fuzz", "tests")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
BACKTICKED = re.compile(r"`([^`]+)`")


class Rules:
    """The table: modules (name, file patterns, what each may include) and test support."""

    def __init__(self):
        self.modules = []  # (name, [compiled patterns with specificity], set of allowed)
        self.test_support = []
        self.test_libraries = set()  # modules every test may include

    def module_of(self, path):
        """The module whose pattern matches `path` most specifically, or None."""
        best, best_rank = None, -1
        for name, patterns, _ in self.modules:
            for regex, rank in patterns:
                if regex.fullmatch(path) and rank > best_rank:
                    best, best_rank = name, rank
        return best

    def may_include(self, module):
        for name, _, allowed in self.modules:
            if name == module:
                return allowed
        return set()

    def is_test_code(self, path):
        return any(regex.fullmatch(path) for regex, _ in self.test_support)


def compile_pattern(pattern):
    """`*` matches within one folder, `**` across folders. The rank orders matches: a longer
    literal part before the first wildcard is more specific; `**` is least specific."""
    regex = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            regex += ".*"
            i += 2
        elif pattern[i] == "*":
            regex += "[^/]*"
            i += 1
        else:
            regex += re.escape(pattern[i])
            i += 1
    literal = len(re.split(r"\*", pattern, maxsplit=1)[0])
    rank = literal * 2 + (0 if "**" in pattern else 1)
    return re.compile(regex), rank


def cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_rules(text, rules_name):
    lines = text.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.strip().startswith(TABLE_HEADING))
    except StopIteration:
        raise SystemExit(f"{rules_name}: no '{TABLE_HEADING}' section: the rule has no table")
    rules = Rules()
    in_table = False
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            if in_table:
                break
            continue
        row = cells(line)
        if not in_table:
            in_table = True  # the header row
            continue
        if set("".join(row)) <= set("-: "):
            continue
        if len(row) != 3:
            raise SystemExit(f"{rules_name}: table row needs 3 cells: {line}")
        module_cell, files_cell, allowed_cell = row
        patterns = [compile_pattern(p) for p in BACKTICKED.findall(files_cell)]
        if module_cell == TEST_SUPPORT:
            rules.test_support = patterns
            rules.test_libraries = set(BACKTICKED.findall(allowed_cell))
            continue
        names = BACKTICKED.findall(module_cell)
        if not names or not patterns:
            raise SystemExit(f"{rules_name}: row without a `module` or its `files`: {line}")
        rules.modules.append((names[0], patterns, set(BACKTICKED.findall(allowed_cell))))
    if not rules.modules:
        raise SystemExit(f"{rules_name}: the '{TABLE_HEADING}' table has no rows")
    known = {name for name, _, _ in rules.modules}
    for name, _, allowed in rules.modules + [(TEST_SUPPORT, None, rules.test_libraries)]:
        for unknown in sorted(allowed - known):
            raise SystemExit(f"{rules_name}: module {name} may include unknown module {unknown}")
    return rules


def source_files(root):
    for top in SOURCE_ROOTS:
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")


def violations(root, rules):
    for path in source_files(root):
        module = rules.module_of(path)
        if module is None:
            yield f"{path}:1: belongs to no module of the layering table"
            continue
        test_code = rules.is_test_code(path)
        allowed = rules.may_include(module) | {module}
        if test_code:
            allowed |= rules.test_libraries
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                included = match.group(1)
                if included.split("/", 1)[0] not in SOURCE_ROOTS:
                    if os.path.exists(os.path.join(root, os.path.dirname(path), included)):
                        yield (f"{path}:{number}: include project headers by their path from "
                               f"the source root, not \"{included}\"")
                    continue  # a third-party header in quotes
                target = rules.module_of(included)
                if target is None:
                    yield f"{path}:{number}: {included} belongs to no module of the layering table"
                elif target not in allowed:
                    yield f"{path}:{number}: module {module} may not include {target} ({included})"
                elif rules.is_test_code(included) and not test_code:
                    yield (f"{path}:{number}: module {module} may not include {target} test "
                           f"support ({included}): only test code may")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.dirname(here))
    parser.add_argument("--rules")
    args = parser.parse_args()
    rules_path = args.rules or os.path.join(args.root, "docs", "architecture.md")
    with open(rules_path, encoding="utf-8") as f:
        rules = parse_rules(f.read(), rules_path)
    found = list(violations(args.root, rules))
    for line in found:
        print(line)
    if found:
        print(f"check-layering: {len(found)} violation(s) of the table in {rules_path}")
        return 1
    print(f"check-layering: every project include follows {rules_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
