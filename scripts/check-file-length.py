#!/usr/bin/env python3
"""One job per file, measured: no non-test C++ source file (.cc/.h that is not *_test.cc)
over MAX_LINES lines. A longer file has grown a second job; split it by responsibility
(docs/architecture.md, "One job per file"). Prints each offender and exits 1 if any.

Usage: check-file-length.py [--root DIR]
"""
import argparse
import pathlib
import sys

MAX_LINES = 600
SOURCE_ROOTS = ("exporter", "simulator", "bench", "fuzz", "tests")


def offenders(root):
    for top in SOURCE_ROOTS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".cc", ".h") or path.name.endswith("_test.cc"):
                continue
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            with path.open(encoding="utf-8", errors="replace") as f:
                lines = sum(1 for _ in f)
            if lines > MAX_LINES:
                yield f"{path.relative_to(root).as_posix()}: {lines} lines, over {MAX_LINES}: split it by job"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent,
                        type=pathlib.Path)
    root = parser.parse_args().root
    found = list(offenders(root))
    summary = f"{len(found)} file(s) over" if found else "no non-test source file over"
    print("\n".join(found + [f"check-file-length: {summary} {MAX_LINES} lines"]))
    return 1 if found else 0

if __name__ == "__main__":
    sys.exit(main())
