import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Server  # noqa: E402


@pytest.fixture
def server():
    s = Server().start()
    yield s
    s.stop()
    shutil.rmtree(s.data_dir, ignore_errors=True)


@pytest.fixture
def make_server():
    """Factory for tests that need their own settings or several servers."""
    made = []

    def make(**kwargs):
        s = Server(**kwargs)
        made.append(s)
        return s

    yield make
    for s in made:
        try:
            s.stop()
        finally:
            shutil.rmtree(s.data_dir, ignore_errors=True)
