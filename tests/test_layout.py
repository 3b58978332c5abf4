"""The architecture holds: the library never imports Streamlit, and the UI does not compute."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_library_source_never_imports_streamlit() -> None:
    offenders = [p for p in (ROOT / "quoteline").rglob("*.py") if "streamlit" in _imports(p)]
    assert offenders == []


def test_importing_every_library_module_leaves_streamlit_unloaded() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "quoteline").rglob("*.py")
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "assert 'streamlit' not in sys.modules, 'streamlit was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_app_only_routes() -> None:
    """app.py sets up the page and routes; it defines no functions of its own."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert defs == []
    assert "navigation" in (ROOT / "app.py").read_text(encoding="utf-8")
