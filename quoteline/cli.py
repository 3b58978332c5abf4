"""Command-line front end: parses arguments and hands off to the library.

Each command lives beside the code it drives and exposes ``register(subparsers)``; this module only
collects them. Run ``python -m quoteline COMMAND --help`` for a command's options and an example.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from quoteline import __version__, settings

# Exit statuses, shared by every command and documented in the README.
OK, NOTHING_DONE, SOME_FAILED, USAGE, CONFIG, INTERRUPTED = 0, 1, 2, 64, 78, 130


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error exits with USAGE (64): 2 means "some items failed" here."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: error: {message}\n")


def subcommand(
    subparsers: Any, name: str, *, summary: str, description: str | None = None, example: str
) -> argparse.ArgumentParser:
    """A sub-command's parser: ``summary`` in the command list, ``description`` atop its help and its
    ``Example:`` block (``example``) below, kept as written."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        epilog=example,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def store_option(parser: argparse.ArgumentParser) -> None:
    """The ``--store DIR`` option of every command that reads or writes the store (default: the setting)."""
    parser.add_argument(
        "--store", type=Path, metavar="DIR", help=f"store folder (default: {settings.get('store_dir')})"
    )


# The module that registers each sub-command. Only the module of the command being run is imported, so
# `extract` never pays for pandas, pyarrow or the store.
COMMANDS: dict[str, str] = {
    "extract": "quoteline.extract.command",
    "ingest": "quoteline.ingest.command",
    "export": "quoteline.store.command",
    "stats": "quoteline.store.command",
    "repair": "quoteline.store.command",
    "history": "quoteline.store.command",
    "compact": "quoteline.store.command",
    "migrate": "quoteline.store.command",
    "correct": "quoteline.corrections.command",
    "corrections": "quoteline.corrections.command",
    "merge-speakers": "quoteline.corrections.command",
    "undo": "quoteline.corrections.command",
    "index": "quoteline.query.index_command",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The top-level parser: with every sub-command, or only ``command``'s when it is known."""
    parser = Parser(
        prog="python -m quoteline",
        description="Quoteline: turn news articles into a table of dated, attributed statements.",
        epilog="Example:\n  python -m quoteline ingest data/sample\n  python -m quoteline stats\n\n"
        "--debug, anywhere on the command line, prints the traceback of an unexpected error.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quoteline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    arguments = [a for a in arguments if a != "--debug"]
    # The library logs what it refuses; the commands print those messages themselves, so only --debug
    # shows the log (with tracebacks).
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.CRITICAL,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        settings.validate()
    except settings.SettingsError as err:
        for line in str(err).splitlines():
            print(f"setting {line}", file=sys.stderr)
        return CONFIG
    command = next((a for a in arguments if not a.startswith("-")), None)
    args = build_parser(command).parse_args(arguments)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        return OK
    except Exception as exc:
        if debug:
            raise
        print(
            f"{args.command}: unexpected error: {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback)",
            file=sys.stderr,
        )
        return NOTHING_DONE
