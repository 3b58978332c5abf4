"""Entry point for `python -m quoteline`."""

import atexit
import contextlib
import os
import sys

from quoteline.cli import main


def _status(code: object) -> int:
    """The exit status a ``SystemExit`` code stands for (argparse exits with 0 or 2, a message means 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


try:
    status = main()
except SystemExit as done:
    status = _status(done.code)
# Leave without the native libraries' static destructors. Once the Delta Lake (tokio) and Arrow thread pools
# are up, about one run in thirty of a command that failed (a refused ingest) aborted with "terminate called
# without an active exception" (SIGABRT) after all of Python's own clean-up had run, so the caller saw a crash
# instead of the exit status. Python's exit handlers (logging, multiprocessing, temporary files) still run
# here; nothing stored depends on a destructor, since every commit is on disk before its command returns.
atexit._run_exitfuncs()
for stream in (sys.stdout, sys.stderr):
    with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream has nothing left to flush
        stream.flush()
os._exit(status)
