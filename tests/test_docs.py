"""The README and the CLI help stay true: every setting and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quoteline import settings
from quoteline.cli import COMMANDS, build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _settings_rows() -> dict[str, tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- settings-table -->")[1].split("<!-- /settings-table -->")[0]
    rows = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`QUOTELINE_"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


def test_every_setting_is_in_the_readme_with_its_default_and_help() -> None:
    rows = _settings_rows()
    assert set(rows) == {s.env_var for s in settings.SETTINGS}
    for s in settings.SETTINGS:
        default, help_text = rows[s.env_var]
        assert default == (f"`{s.default}`" if s.default else "(none)"), s.name
        assert help_text == s.help, s.name


def _subcommands(command: str | None = None) -> dict[str, str]:
    parser = build_parser(command)
    sub = next(a for a in parser._actions if a.dest == "command")
    choices: dict = getattr(sub, "choices", {})
    return {name: p.format_help() for name, p in choices.items()}


def test_each_command_is_mapped_to_the_module_that_adds_it() -> None:
    """``python -m quoteline NAME`` imports only ``COMMANDS[NAME]``'s module (a command left out of the map
    imported every module), so that module must add NAME."""
    for name in _subcommands():
        assert name in COMMANDS, name
        assert name in _subcommands(name), (name, COMMANDS[name])


def test_every_command_has_help_with_an_example_and_is_in_the_readme() -> None:
    commands = _subcommands()
    assert {"extract", "ingest", "export", "stats"} <= set(commands)
    readme = README.read_text(encoding="utf-8")
    for name, help_text in commands.items():
        assert "Example:" in help_text, f"{name} --help has no Example: block"
        assert re.search(rf"`{name}\b", readme), f"README does not document the {name} command"


def test_settings_resolve_defaults_against_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUOTELINE_STORE_DIR", raising=False)
    assert settings.get_path("store_dir") == settings.PROJECT_ROOT / "data" / "store"
    monkeypatch.setenv("QUOTELINE_STORE_DIR", "elsewhere/store")
    assert settings.get_path("store_dir") == Path("elsewhere/store")
