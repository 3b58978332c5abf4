"""The dashboard's launcher (`components.serve`): what it imports before the server starts. The browser tests
start every server through it (benchmarks/server.py), so that the launcher serves the app is tested there."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from child_process import run_python

from components import serve


def test_a_pages_imports_are_read_from_its_source(tmp_path: Path) -> None:
    view = tmp_path / "page.py"
    view.write_text(
        "import numpy as np\n"
        "import streamlit as st\n"
        "from components import data as store_data, detail\n"
        "from quoteline.query.order import sort_rows\n"
        "st.write('drawn only when run')\n",
        encoding="utf-8",
    )
    got = list(serve.view_imports(view))
    assert got == [
        ("numpy", None),
        ("streamlit", None),
        ("components", "data"),
        ("components", "detail"),
        ("quoteline.query.order", "sort_rows"),
    ]


def test_warming_imports_every_module_the_chart_pages_import_and_draws_nothing() -> None:
    # A fresh interpreter, so that this test's own imports do not answer for the launcher's.
    code = (
        "import sys\n"
        "from components import serve\n"
        "names = serve.warm()\n"
        "missing = [n for n in names if n not in sys.modules]\n"
        "assert not missing, missing\n"
        "print(len(names), 'components.timeline' in names, 'components.compare' in names)\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr[-2000:]
    count, timeline, compare = done.stdout.split()
    assert int(count) > 5
    assert (timeline, compare) == ("True", "True")
    assert "No runtime found" not in done.stderr  # the cache decorators' start-up noise is kept out


def test_a_page_importing_a_missing_module_stops_the_launch(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("from components import no_such_module\n", encoding="utf-8")
    with pytest.raises(ModuleNotFoundError):
        serve.warm(("broken",), views_dir=tmp_path)


def _run_preload(store: Path, then: str = "") -> subprocess.CompletedProcess[str]:
    """``serve.preload`` in a fresh interpreter (whose caches are empty) over ``store``, then ``then``."""
    code = "from components import data, serve\nserve.preload()\n" + then
    return run_python(code, {"QUOTELINE_STORE_DIR": str(store), "PATH": "/usr/bin:/bin"})


def test_the_store_is_read_into_the_shared_cache_before_serving(tmp_path: Path) -> None:
    from benchmarks.synthetic import synthetic_table, write_table_store

    store = write_table_store(tmp_path / "store", synthetic_table(300, seed=5))
    # What the first page's calls find: the corpus cached (the same object, no second read) with its speaker
    # facts worked out (a memo that was not made yet would store the marker instead).
    done = _run_preload(
        store,
        "first = data.corpus()\n"
        "facts = first.memo(('speaker_facts',), lambda: 'not made', keep=1)\n"
        "print(len(first), first is data.corpus(), facts != 'not made')\n",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["300", "True", "True"]
    assert "statements of store version" in done.stderr  # the launcher says what it read
    assert "missing ScriptRunContext" not in done.stderr  # the load's spinner, outside a page, says nothing


def test_an_unreadable_store_is_left_to_the_first_page(tmp_path: Path) -> None:
    from benchmarks.synthetic import synthetic_table, write_table_store

    store = write_table_store(tmp_path / "store", synthetic_table(50, seed=5))
    (store / "commit.json").write_text("{not json", encoding="utf-8")
    done = _run_preload(store)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "was not read before serving" in done.stderr
