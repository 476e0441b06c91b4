#!/usr/bin/env python3
"""scripts/check-layers.py: passes on a tree that respects the layers and
fails, naming the file and the include, on each kind of wrong-way include."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

SCRIPT = pathlib.Path(__file__).resolve().parents[3] / "scripts" / "check-layers.py"


def run(root):
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True)


class CheckLayersTest(unittest.TestCase):
    def make_tree(self, files):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        root = pathlib.Path(directory.name)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        return root

    BASE = {
        "lib/http/server.hpp": "#pragma once\n",
        "lib/log/log.hpp": "#pragma once\n",
        "proto/resources.hpp": "#pragma once\n#include <nlohmann/json.hpp>\n",
        "server/domain/error.hpp": '#include "lib/log/log.hpp"\n',
        "server/store/store.hpp": '#include "server/domain/error.hpp"\n',
        "server/service/sessions.hpp": '#include "server/store/store.hpp"\n#include "proto/resources.hpp"\n',
        "server/api/routes.hpp": '#include "server/service/sessions.hpp"\n#include "lib/http/server.hpp"\n',
        "proxy/main.cpp": '#include "lib/http/server.hpp"\n',
        "agent/main.cpp": '#include "proto/resources.hpp"\n',
    }

    def test_the_repository_passes(self):
        result = run(SCRIPT.parent.parent)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_tree_that_respects_the_layers_passes(self):
        result = run(self.make_tree(self.BASE))
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_each_wrong_way_include_fails(self):
        wrong = {
            "proto/resources.cpp": "server/store/store.hpp",
            "lib/log/log.cpp": "server/domain/error.hpp",
            "server/store/sql.cpp": "server/service/sessions.hpp",
            "server/store/other.cpp": "lib/http/server.hpp",
            "server/service/x.cpp": "server/api/routes.hpp",
            "server/service/y.cpp": "lib/http/server.hpp",
            "proxy/x.cpp": "server/store/store.hpp",
            "agent/x.cpp": "server/api/routes.hpp",
            "agent-api/x.cpp": "server/service/sessions.hpp",
        }
        for source, include in wrong.items():
            with self.subTest(source=source, include=include):
                files = dict(self.BASE)
                files[source] = f'#include "{include}"\n'
                result = run(self.make_tree(files))
                self.assertEqual(result.returncode, 1)
                self.assertIn(f'{source}: includes "{include}"', result.stderr)


if __name__ == "__main__":
    unittest.main()
