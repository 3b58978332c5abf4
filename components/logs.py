"""The dashboard server's log: Quoteline's own loggers write to the server's stderr, at INFO by default.

Streamlit configures only its own loggers, so without this the library's INFO lines (an upload stopped because
its tab closed, a store repaired) would be dropped, and its warnings printed without time or source.
The level is the ``log_level`` setting (``QUOTELINE_LOG_LEVEL``), checked with the others at start-up.
"""

from __future__ import annotations

import logging
import sys

from quoteline import settings

_OURS = ("quoteline", "components", "views")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MARK = "_quoteline_handler"


def setup() -> None:
    """Attach one stderr handler to Quoteline's loggers; a no-op on every later script run."""
    level = logging.getLevelNamesMapping().get(settings.get("log_level").strip().upper(), logging.INFO)
    for logger_name in _OURS:
        logger = logging.getLogger(logger_name)
        logger.setLevel(level)
        if any(getattr(h, _MARK, False) for h in logger.handlers):
            continue
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        setattr(handler, _MARK, True)
        logger.addHandler(handler)
        logger.propagate = False
