"""Serve the dashboard with the chart pages' modules already imported: ``python -m components.serve app.py
[streamlit run's options]``.

``streamlit run app.py`` imports nothing of the app until a browser opens its first page, so the first
visitor after a start waits for the query layer, pandas' and pyarrow's heavy parts and Plotly to import: about
0.8 s of server CPU on this 2-core machine, much of the 1.9 to 2.3 s the first page's script costs a fresh
server against 0.4 s on a warm one (docs/DASHBOARD.md). Streamlit runs page scripts in its own process, where
an imported module stays imported, so making the chart pages' imports before the server starts moves that wait
to the start, before the server answers its health check. It then reads the store into the corpus cache the
pages share (``components.data.preload``): the first page of a fresh server otherwise also paid for the read,
the speaker facts and the display columns (about 1.5 s of server CPU on the real corpus). Then it serves the
page script as an ``st.App`` with the route that streams the Statements table's downloads (``asgi.py``,
``components.download_route``). Everything else is ``streamlit run``'s own command line, options and all.
"""

from __future__ import annotations

import ast
import importlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from streamlit.web import cli

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
# The pages whose first paint is timed (Leader, Topic and Compare timelines) and the Statements table.
WARM_VIEWS = ("timeline", "topics", "compare", "table")
# The launcher Streamlit runs (the page script with the download route), and how it is told the page script.
LAUNCHER = ROOT / "asgi.py"
APP_SCRIPT_ENV = "QUOTELINE_APP_SCRIPT"
# Streamlit's cache decorators look for a runtime when they are applied or called and log that none exists
# yet; the caches live in the process, not the runtime (the preload's entries are what the first page finds),
# so the message is noise here.
_CACHE_LOGGERS = (
    "streamlit.runtime.caching.cache_data_api",
    "streamlit.runtime.caching.cache_resource_api",
    "streamlit.runtime.scriptrunner_utils.script_run_context",  # the load's spinner, shown to nobody
)


@contextmanager
def _no_runtime_notes() -> Iterator[None]:
    """Silence Streamlit's note that a cache was declared or used before its runtime exists."""
    quiet = [logging.getLogger(name) for name in _CACHE_LOGGERS]
    levels = [q.level for q in quiet]
    for q in quiet:
        q.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for q, level in zip(quiet, levels, strict=True):
            q.setLevel(level)


def view_imports(view: Path) -> Iterator[tuple[str, str | None]]:
    """The imports a page script makes, read from its source (never run: a page draws when run): each as the
    module and, for ``from module import name``, the name."""
    tree = ast.parse(view.read_text(encoding="utf-8"), filename=str(view))
    for node in tree.body:
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield from ((node.module, alias.name) for alias in node.names)


def _import(module: str, name: str | None) -> str:
    """What ``import module`` or ``from module import name`` does (a name the module lacks is its submodule);
    the module named last."""
    loaded = importlib.import_module(module)
    if name is None:
        return module
    if not hasattr(loaded, name) or isinstance(getattr(loaded, name), ModuleType):
        importlib.import_module(f"{module}.{name}")
        return f"{module}.{name}"
    return module


def warm(views: tuple[str, ...] = WARM_VIEWS, views_dir: Path = ROOT / "views") -> list[str]:
    """Make the imports the given pages make; the modules imported, in order. An import that fails raises:
    the page would fail the same way, and a server that started anyway would hide it until a visitor came."""
    wanted = list(dict.fromkeys(i for v in views for i in view_imports(views_dir / f"{v}.py")))
    with _no_runtime_notes():
        names = [_import(module, name) for module, name in wanted]
    return list(dict.fromkeys(names))


def preload() -> None:
    """Read the store's current version into the cache the pages share (``components.data.preload``). A store
    or setting the pages cannot read is logged and left to the first page, which says what is wrong and what
    to do (app.py): the server starts all the same."""
    from components import data, logs
    from quoteline import settings
    from quoteline.store import StoreError

    started = time.perf_counter()
    try:
        settings.validate()
        logs.setup()
        with _no_runtime_notes():
            loaded = data.preload()
    except (settings.SettingsError, StoreError) as err:
        logger.warning("the store was not read before serving; the first page will: %s", err)
        return
    logger.info(
        "read %d statements of store version %s before serving, in %.2f s",
        len(loaded),
        loaded.version,
        time.perf_counter() - started,
    )


def main(argv: list[str]) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the page scripts import components and quoteline from the checkout
    names = warm()
    logger.info("imported %d modules of the chart pages before serving", len(names))
    preload()
    cli.main(args=["run", *launch_args(argv)], prog_name="streamlit")


def launch_args(argv: list[str]) -> list[str]:
    """``streamlit run``'s arguments that serve ``argv``'s page script through ``LAUNCHER``, its options
    kept; the script is named to the launcher in ``APP_SCRIPT_ENV``."""
    at = next((i for i, arg in enumerate(argv) if arg.endswith(".py")), None)
    if at is None:
        return argv  # no page script: streamlit says what is missing
    os.environ[APP_SCRIPT_ENV] = str(Path(argv[at]).resolve())
    return [str(LAUNCHER), *argv[:at], *argv[at + 1 :]]


if __name__ == "__main__":
    main(sys.argv[1:])
