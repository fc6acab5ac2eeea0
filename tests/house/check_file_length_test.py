#!/usr/bin/env python3
"""Proves scripts/check-file-length.py can fail: a non-test file of MAX_LINES + 1 lines in a
temporary tree is named with its length; a test file that long, or a file of exactly
MAX_LINES, passes."""
import unittest

from checker_tree import run_checker_on_tree

MAX_LINES = 600


class CheckFileLengthTest(unittest.TestCase):
    def run_on(self, files):
        """Runs the checker over a tree of `files` ({path: line count})."""
        return run_checker_on_tree("check-file-length.py",
                                   {path: "int x;\n" * count for path, count in files.items()})

    def test_a_long_source_file_fails_by_name(self):
        code, output = self.run_on({"exporter/web/big.cc": MAX_LINES + 1,
                                    "simulator/model/big.h": MAX_LINES + 5})
        self.assertEqual(code, 1, output)
        self.assertIn(f"exporter/web/big.cc: {MAX_LINES + 1} lines, over {MAX_LINES}: "
                      "split it by job", output.splitlines())
        self.assertIn(f"simulator/model/big.h: {MAX_LINES + 5} lines, over {MAX_LINES}: "
                      "split it by job", output.splitlines())

    def test_tests_and_files_at_the_limit_pass(self):
        code, output = self.run_on({"exporter/web/big_test.cc": MAX_LINES * 3,
                                    "exporter/web/full.cc": MAX_LINES})
        self.assertEqual(code, 0, output)


if __name__ == "__main__":
    unittest.main()
