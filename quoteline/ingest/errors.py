"""The one error every reader raises: it names the file (and row or field) and says what is wrong."""

from __future__ import annotations


class InputError(ValueError):
    """A file, or one record in it, cannot be ingested. ``str(err)`` is ``"<where>: <problem>"``."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem
