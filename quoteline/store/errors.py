"""Errors raised by the store."""

from pathlib import Path


class StoreError(RuntimeError):
    """The store on disk cannot be read or written; the message names the file and the problem."""


def repair_hint(root: Path) -> str:
    """What to run to rebuild a damaged store from its data files."""
    command = f"python -m quoteline repair --store {root}"
    return f"run `{command}` to rebuild it from its data files (backed up first)"
