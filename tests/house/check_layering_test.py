#!/usr/bin/env python3
"""Proves scripts/check-layering.py can fail: it runs the checker, with the real table in
docs/architecture.md, over small temporary trees that break one rule each and checks the
exit code and the `file:line: module X may not include Y` line it prints."""
import os
import unittest

from checker_tree import SOURCE_ROOT, run_checker_on_tree

RULES = os.path.join(SOURCE_ROOT, "docs", "architecture.md")


class CheckLayeringTest(unittest.TestCase):
    def check(self, files):
        """Runs the checker with the real table over a tree of `files` ({path: text})."""
        return run_checker_on_tree("check-layering.py", files, ["--rules", RULES])

    def assert_violation(self, files, expected_line):
        code, output = self.check(files)
        self.assertEqual(code, 1, output)
        self.assertIn(expected_line, output.splitlines())

    def test_allowed_includes_pass(self):
        code, output = self.check({
            "exporter/common/log.h": "#pragma once\n",
            "exporter/five9/types.h": '#include "exporter/common/log.h"\n',
            "exporter/config/config.h": '#include "exporter/five9/types.h"\n#include <vector>\n',
            "exporter/web/web_server.cc": '#include "exporter/config/config.h"\n#include "httplib.h"\n',
        })
        self.assertEqual(code, 0, output)

    def test_a_lower_module_including_a_higher_one_fails(self):
        self.assert_violation(
            {"exporter/common/log.h": '#pragma once\n#include "exporter/web/web_server.h"\n'},
            "exporter/common/log.h:2: module exporter/common may not include exporter/web "
            "(exporter/web/web_server.h)")

    def test_five9_types_are_judged_per_file(self):
        self.assert_violation(
            {"exporter/five9/endpoint.cc": '#include "exporter/five9/client.h"\n'},
            "exporter/five9/endpoint.cc:1: module exporter/five9/types may not include "
            "exporter/five9 (exporter/five9/client.h)")
        self.assert_violation(
            {"exporter/config/validate.cc":
             '#include "exporter/five9/proxy.h"\n#include "exporter/five9/xml.h"\n'},
            "exporter/config/validate.cc:2: module exporter/config may not include "
            "exporter/five9 (exporter/five9/xml.h)")

    def test_metrics_knows_nothing_of_xml(self):
        self.assert_violation(
            {"exporter/metrics/exposition.cc": '#include "exporter/five9/xml.h"\n'},
            "exporter/metrics/exposition.cc:1: module exporter/metrics may not include "
            "exporter/five9 (exporter/five9/xml.h)")

    def test_only_test_code_includes_test_support(self):
        self.assert_violation(
            {"exporter/web/web_server.cc": '#include "exporter/five9/fake_transport.h"\n'},
            "exporter/web/web_server.cc:1: module exporter/web may not include exporter/five9 "
            "test support (exporter/five9/fake_transport.h): only test code may")
        code, output = self.check(
            {"exporter/web/web_server_test.cc": '#include "exporter/five9/fake_transport.h"\n'})
        self.assertEqual(code, 0, output)

    def test_every_test_may_use_the_shared_test_library(self):
        code, output = self.check(
            {"exporter/config/cli_test.cc": '#include "exporter/testing/temp_dir.h"\n'})
        self.assertEqual(code, 0, output)
        self.assert_violation(
            {"exporter/config/cli.cc": '#include "exporter/testing/temp_dir.h"\n'},
            "exporter/config/cli.cc:1: module exporter/config may not include exporter/testing "
            "(exporter/testing/temp_dir.h)")

    def test_tests_get_no_extra_modules(self):
        self.assert_violation(
            {"exporter/five9/client_test.cc": '#include "exporter/statistics/table.h"\n'},
            "exporter/five9/client_test.cc:1: module exporter/five9 may not include "
            "exporter/statistics (exporter/statistics/table.h)")

    def test_a_file_of_no_module_fails(self):
        self.assert_violation({"exporter/newmodule/thing.cc": "int x;\n"},
                              "exporter/newmodule/thing.cc:1: belongs to no module of the "
                              "layering table")

    def test_a_relative_project_include_fails(self):
        self.assert_violation(
            {"exporter/common/log.h": "#pragma once\n",
             "exporter/common/log.cc": '#include "log.h"\n'},
            'exporter/common/log.cc:1: include project headers by their path from the source '
            'root, not "log.h"')

    def test_every_violation_is_listed(self):
        code, output = self.check({
            "exporter/common/a.h": '#include "exporter/config/config.h"\n',
            "exporter/ha/b.cc": '#include "exporter/five9/client.h"\n',
        })
        self.assertEqual(code, 1, output)
        self.assertIn("exporter/common/a.h:1: module exporter/common may not include "
                      "exporter/config (exporter/config/config.h)", output)
        self.assertIn("exporter/ha/b.cc:1: module exporter/ha may not include exporter/five9 "
                      "(exporter/five9/client.h)", output)


if __name__ == "__main__":
    unittest.main()
