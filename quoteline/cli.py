"""Command-line front end: parses arguments and hands off to the library.

Each command lives beside the code it drives and exposes ``register(subparsers)``; this module only
collects them. Run ``python -m quoteline COMMAND --help`` for a command's options and an example.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from quoteline import __version__

# Modules that each add one or more sub-commands. Imported lazily so `extract` never pays for pyarrow.
COMMAND_MODULES: tuple[str, ...] = (
    "quoteline.extract.command",
    "quoteline.ingest.command",
    "quoteline.store.command",
)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="python -m quoteline",
        description="Quoteline: turn news articles into a table of dated, attributed statements.",
        epilog="Example:\n  python -m quoteline ingest data/sample\n  python -m quoteline stats",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quoteline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
