"""The knowledge layer fails loudly: a missing package or a broken knowledge file stops extraction with a
message naming the package, or the file and entry, instead of quietly losing every speaker."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from child_process import quoteline_cli, run_python

ARTICLE = "Ferry fares\n\nPello Haskin, the harbour master, said the ferries would run on Sunday.\n"


def _extract_without(module: str) -> subprocess.CompletedProcess[str]:
    """Extract one article in a fresh interpreter where ``module`` cannot be imported."""
    code = textwrap.dedent(
        f"""
        import sys
        sys.modules[{module!r}] = None  # import of it now fails, as if it were not installed
        from quoteline.extract import extract_statements
        extract_statements({ARTICLE!r}, published="2023-03-15")
        """
    )
    return run_python(code, timeout=120)


@pytest.mark.parametrize(("module", "package"), [("rapidfuzz", "rapidfuzz"), ("dateparser", "dateparser")])
def test_a_missing_package_stops_extraction_naming_it(module: str, package: str) -> None:
    done = _extract_without(module)
    assert done.returncode != 0
    assert "MissingDependency" in done.stderr
    assert f"package '{package}'" in done.stderr


def test_extraction_runs_with_every_package_present() -> None:
    done = _extract_without("a_module_nobody_imports")
    assert done.returncode == 0, done.stderr


def _extract_with_gazetteer_dir(folder: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "from quoteline.extract import extract_statements\n"
        f"extract_statements({ARTICLE!r}, published='2023-03-15')\n"
    )
    return run_python(code, {**os.environ, "QUOTELINE_GAZETTEER_DIRS": str(folder)}, timeout=120)


def test_a_broken_gazetteer_entry_stops_extraction_naming_file_and_entry(tmp_path: Path) -> None:
    (tmp_path / "harbours.yaml").write_text(
        "people:\n  - name: Orla Benedek\n    country: Ostravia\n"
        "    roles: [{office: harbour_king, start: 2010-01-01}]\n",
        encoding="utf-8",
    )
    done = _extract_with_gazetteer_dir(tmp_path)
    assert done.returncode != 0
    assert "harbours.yaml" in done.stderr
    assert "Orla Benedek" in done.stderr
    assert "office" in done.stderr


def test_unparsable_gazetteer_yaml_stops_extraction_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "mangled.yaml").write_text("people:\n  - name: [unclosed\n", encoding="utf-8")
    done = _extract_with_gazetteer_dir(tmp_path)
    assert done.returncode != 0
    assert "mangled.yaml" in done.stderr


def test_a_valid_extra_gazetteer_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "harbours.yaml").write_text(
        "people:\n  - name: Orla Benedek\n    country: Ostravia\n", encoding="utf-8"
    )
    done = _extract_with_gazetteer_dir(tmp_path)
    assert done.returncode == 0, done.stderr


def test_an_unreadable_publication_date_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    from quoteline.extract import kb

    with caplog.at_level("WARNING", logger="quoteline.extract.kb"):
        assert kb.parse_published("the day after the storm") is None
    assert "the day after the storm" in caplog.text


def test_the_extract_command_names_a_broken_gazetteer_file_and_stops(tmp_path: Path) -> None:
    broken = tmp_path / "gaz"
    broken.mkdir()
    (broken / "harbours.yaml").write_text(
        "people:\n  - name: Orla Benedek\n    roles: [{office: harbour_king, start: 2010-01-01}]\n",
        encoding="utf-8",
    )
    article = tmp_path / "ferry.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = quoteline_cli("extract", str(article), env={"QUOTELINE_GAZETTEER_DIRS": str(broken)})
    assert done.returncode == 3
    assert "harbours.yaml" in done.stderr
    assert "Orla Benedek" in done.stderr
    assert "Traceback" not in done.stderr
