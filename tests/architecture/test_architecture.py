#!/usr/bin/python3
"""The layering of the source folders, checked from their #include lines.

Usage: test_architecture.py <root of the tree to check>

The rules come from <root>/docs/architecture.md, where they are written
once: the map (each folder and the folders it may include) and the heavy
headers (which files alone may reach CAF, RESTinio, RocksDB). The check then
reads every #include of every .cpp/.hpp in the mapped folders:

- a folder includes only itself and the folders below it in the map;
- a heavy library is reached (directly, or through our own headers) only
  from the files its row names, and where the row says so, each of those
  files does include it;
- every folder with C++ sources is in the map, and each folder's main header
  opens with a line saying what the folder holds.

The fixture cases copy the checked tree into a temporary directory, add one
offending line, and expect the check to name it.
"""

import fnmatch
import os
import re
import shutil
import sys
import tempfile
import unittest

MAP_HEADER = ["folder", "library", "main header", "holds", "may include"]
HEAVY_HEADER = ["library", "included as", "only in", "except", "each of those includes it"]
NOT_LAYERED = {"tests", "bench", "build", "docs", "scripts", "cmake"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
TICKED = re.compile(r"`([^`]+)`")


def read_tables(doc_text):
    """Every Markdown table of the document as (header cells, rows of cells)."""
    tables, current = [], None
    for line in doc_text.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if current is None:
            current = (cells, [])
            tables.append(current)
        elif not all(set(c) <= set("-: ") for c in cells):
            current[1].append(cells)
    return tables


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def ticked(cell):
    return TICKED.findall(cell)


class Rules:
    def __init__(self, root):
        tables = read_tables(read_text(os.path.join(root, "docs", "architecture.md")))
        layer_rows = [rows for header, rows in tables if [h.lower() for h in header] == MAP_HEADER]
        heavy_rows = [rows for header, rows in tables if [h.lower() for h in header] == HEAVY_HEADER]
        if len(layer_rows) != 1 or len(heavy_rows) != 1:
            raise ValueError("docs/architecture.md needs exactly one map table (%s) and one heavy-header "
                             "table (%s)" % (" | ".join(MAP_HEADER), " | ".join(HEAVY_HEADER)))
        self.below = {}        # folder -> folders it names under "may include"
        self.main_header = {}  # folder -> path of its main header
        for cells in layer_rows[0]:
            folder = ticked(cells[0])[0].rstrip("/")
            self.below[folder] = [name.rstrip("/") for name in ticked(cells[4])]
            headers = ticked(cells[2])
            if headers:
                self.main_header[folder] = headers[0]
        for folder, names in self.below.items():
            for name in names:
                if name not in self.below:
                    raise ValueError("the map lets %s/ include %s/, which the map does not list" % (folder, name))
        self.allowed = {folder: self._reachable(folder, []) for folder in self.below}
        self.heavy = []  # (library, include prefix, only-in globs, exceptions, every listed file includes it)
        for cells in heavy_rows[0]:
            prefix = ticked(cells[1])[0].strip("<>").split("...")[0]
            self.heavy.append((cells[0], prefix, ticked(cells[2]), ticked(cells[3]),
                               cells[4].strip().lower() == "yes"))

    def _reachable(self, folder, path):
        if folder in path:
            raise ValueError("the map has a cycle: " + " -> ".join(path + [folder]))
        found = set()
        for name in self.below[folder]:
            found.add(name)
            found |= self._reachable(name, path + [folder])
        return found


def source_files(root):
    """Every .cpp/.hpp under the top-level folders, keyed by path from the root."""
    files = {}
    for top in sorted(os.listdir(root)):
        # Build trees (build/, build-fuzz/ from scripts/fuzz, as .gitignore has them) hold generated sources.
        if top.startswith((".", "build")) or top in NOT_LAYERED or not os.path.isdir(os.path.join(root, top)):
            continue
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if name.endswith((".cpp", ".hpp")):
                    full = os.path.join(dirpath, name)
                    files[os.path.relpath(full, root).replace(os.sep, "/")] = INCLUDE.findall(read_text(full))
    return files


def matches(path, globs):
    return any(fnmatch.fnmatchcase(path, g) and path.count("/") == g.count("/") for g in globs)


def check(root):
    """The list of violations in the tree at `root` (empty when it keeps the rules)."""
    rules = Rules(root)
    files = source_files(root)
    problems = []

    folders = sorted({path.split("/")[0] for path in files})
    for folder in folders:
        if folder not in rules.below:
            problems.append("%s/ has C++ sources but is not in the map in docs/architecture.md" % folder)
    for folder, header in sorted(rules.main_header.items()):
        full = os.path.join(root, header)
        lines = read_text(full).splitlines() if os.path.exists(full) else []
        opening = next((l for l in lines if l.strip() and l.strip() != "#pragma once"), "")
        if not opening.startswith("//"):
            problems.append("%s (main header of %s/) does not open with a line saying what the folder holds"
                            % (header, folder))

    for path, includes in sorted(files.items()):
        folder = path.split("/")[0]
        if folder not in rules.below:
            continue
        for kind, target in includes:
            other = target.split("/")[0]
            if kind == '"' and "/" in target and other in rules.below and other != folder \
                    and other not in rules.allowed[folder]:
                problems.append('%s includes "%s": %s/ may include only %s' % (
                    path, target, folder, ", ".join(sorted(rules.allowed[folder])) or "itself"))

    memo = {}

    def reached(path, prefix, seen):
        """How `path` reaches headers starting with `prefix`: the chain, or None."""
        key = (path, prefix)
        if key in memo:
            return memo[key]
        if path in seen:
            return None
        seen = seen | {path}
        chain = None
        for kind, target in files.get(path, []):
            if kind == "<" and target.startswith(prefix):
                chain = [target]
                break
            if kind == '"' and target in files:
                below = reached(target, prefix, seen)
                if below:
                    chain = [target] + below
                    break
        memo[key] = chain
        return chain

    for library, prefix, only_in, exceptions, each_includes in rules.heavy:
        for path in sorted(files):
            listed = matches(path, only_in) and path not in exceptions
            chain = reached(path, prefix, frozenset())
            if chain and not listed:
                problems.append("%s reaches %s (%s): only %s may" % (
                    path, library, " -> ".join(chain), ", ".join(only_in)))
            if listed and each_includes and not chain:
                problems.append("%s does not include %s: it belongs in the folder named for what it does"
                                % (path, library))
    return problems


class ArchitectureTest(unittest.TestCase):
    root = None

    def copy_of_tree(self):
        work = tempfile.mkdtemp(prefix="s2d-architecture-")
        self.addCleanup(shutil.rmtree, work)
        os.makedirs(os.path.join(work, "docs"))
        shutil.copy(os.path.join(self.root, "docs", "architecture.md"), os.path.join(work, "docs"))
        for path in source_files(self.root):
            os.makedirs(os.path.join(work, os.path.dirname(path)), exist_ok=True)
            shutil.copy(os.path.join(self.root, path), os.path.join(work, path))
        return work

    def add_line(self, tree, path, line):
        full = os.path.join(tree, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        text = read_text(full) if os.path.exists(full) else ""
        with open(full, "w", encoding="utf-8") as f:
            f.write(line + "\n" + text)

    def assert_fails_naming(self, tree, *words):
        problems = check(tree)
        self.assertTrue(any(all(w in p for w in words) for p in problems),
                        "expected a problem naming %s, got %s" % (words, problems))

    def test_the_tree_keeps_the_rules(self):
        self.assertEqual(check(self.root), [])

    def test_an_upward_include_fails(self):
        tree = self.copy_of_tree()
        self.add_line(tree, "core/ids.cpp", '#include "resources/handlers.hpp"')
        self.assert_fails_naming(tree, "core/ids.cpp", "resources/handlers.hpp")

    def test_a_sideways_include_fails(self):
        tree = self.copy_of_tree()
        self.add_line(tree, "renderers/render.hpp", '#include "storage/db.hpp"')
        self.assert_fails_naming(tree, "renderers/render.hpp", "storage/db.hpp")

    def test_caf_outside_the_actor_files_fails_even_through_a_header(self):
        tree = self.copy_of_tree()
        self.add_line(tree, "resources/handlers.hpp", '#include "actors/messages.hpp"')
        self.assert_fails_naming(tree, "resources/handlers.hpp", "CAF")
        self.assert_fails_naming(tree, "resources/templates.cpp", "CAF")

    def test_a_caf_free_file_in_actors_fails(self):
        tree = self.copy_of_tree()
        self.add_line(tree, "actors/pure_logic.cpp", '#include "core/ids.hpp"')
        self.assert_fails_naming(tree, "actors/pure_logic.cpp", "does not include CAF")

    def test_restinio_outside_the_server_fails(self):
        tree = self.copy_of_tree()
        self.add_line(tree, "http/front.cpp", "#include <restinio/all.hpp>")
        self.assert_fails_naming(tree, "http/front.cpp", "RESTinio")

    def test_heavy_headers_in_renderers_fail(self):
        tree = self.copy_of_tree()
        self.add_line(tree, "renderers/render.hpp", "#include <rocksdb/db.h>")
        self.assert_fails_naming(tree, "renderers/render.hpp", "RocksDB")

    def test_a_folder_missing_from_the_map_fails(self):
        tree = self.copy_of_tree()
        self.add_line(tree, "newfolder/thing.cpp", '#include "core/ids.hpp"')
        self.assert_fails_naming(tree, "newfolder/", "not in the map")

    def test_a_cycle_in_the_map_is_refused(self):
        tree = self.copy_of_tree()
        doc = os.path.join(tree, "docs", "architecture.md")
        lines = read_text(doc).splitlines()
        core_row = next(i for i, l in enumerate(lines) if l.startswith("| `core/`"))
        cells = lines[core_row].split("|")
        cells[5] = " `app/` "
        lines[core_row] = "|".join(cells)
        with open(doc, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        with self.assertRaisesRegex(ValueError, "cycle"):
            check(tree)


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: test_architecture.py <root of the tree to check>")
    ArchitectureTest.root = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[2:])
