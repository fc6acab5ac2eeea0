"""Runs one of the house checkers (scripts/check-*.py) over a small temporary tree: what
both checkers' self-tests need to prove that a checker fails on a tree that breaks its rule."""
import os
import subprocess
import sys
import tempfile

SOURCE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run_checker_on_tree(script, files, extra_args=()):
    """Writes `files` ({path: text}) into a fresh tree, runs scripts/`script` with --root on
    it, and returns (exit code, stdout + stderr)."""
    with tempfile.TemporaryDirectory() as root:
        for path, text in files.items():
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
        run = subprocess.run(
            [sys.executable, os.path.join(SOURCE_ROOT, "scripts", script), "--root", root,
             *extra_args], capture_output=True, text=True, timeout=60)
    return run.returncode, run.stdout + run.stderr
