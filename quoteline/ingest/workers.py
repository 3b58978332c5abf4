"""A small process pool for the ingest: one pipe per worker, results in input order, and a clear error when
a worker dies.

``concurrent.futures.ProcessPoolExecutor`` sends every worker's results through one shared queue guarded by
one lock. A worker killed (``kill -9``, the OOM killer) while it sends a result leaves that lock held and half
a message in the pipe: the other workers block on the lock, the pool's manager thread waits for the rest of
the message, and the whole ingest hangs for ever (seen on Python 3.11). Here each worker has a pipe of its
own, so a dead worker can only cut its own pipe short, which the parent sees at once as end-of-file.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
# Tasks in flight per worker: one being worked on and one waiting, so a worker never idles on the parent.
IN_FLIGHT = 2


class WorkerDied(RuntimeError):
    """A worker process ended while it still had work: killed, out of memory, or crashed."""


def _serve(
    conn: Connection, fn: Callable[[Any], Any], initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> None:
    """A worker's loop: receive (index, item), send back (index, ok, result) until told to stop."""
    initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return  # the parent is gone
        if task is None:
            return
        index, item = task
        try:
            reply = (index, True, fn(item))
        except Exception as exc:  # sent back to the parent, which raises it there
            reply = (index, False, exc)
        try:
            conn.send(reply)
        except OSError:
            return  # the parent stopped listening (it is gone, or stopped early)


def imap_ordered(
    fn: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``fn`` over ``items`` in ``workers`` processes, yielding results in the order of ``items``.

    Raises WorkerDied, after yielding every result that came before the lost item, when a worker dies.
    """
    context = multiprocessing.get_context()
    conns: list[Connection] = []
    processes: dict[int, Any] = {}  # sentinel -> the worker's Process
    owner: dict[int, Connection] = {}  # sentinel -> that worker's pipe
    for _ in range(workers):
        mine, theirs = context.Pipe()
        process: Any = context.Process(target=_serve, args=(theirs, fn, initializer, initargs), daemon=True)
        process.start()
        theirs.close()  # only the worker holds its end now, so its death reads as end-of-file here
        conns.append(mine)
        processes[process.sentinel] = process
        owner[process.sentinel] = mine
    in_flight: dict[Connection, deque[int]] = {conn: deque() for conn in conns}
    results: dict[int, R] = {}
    sent = 0
    wanted = 0

    def feed(conn: Connection) -> None:
        nonlocal sent
        while sent < len(items) and len(in_flight[conn]) < IN_FLIGHT:
            try:
                conn.send((sent, items[sent]))
            except OSError:  # the worker is gone
                raise WorkerDied(_death(conn)) from None
            in_flight[conn].append(sent)
            sent += 1

    def receive(conn: Connection) -> None:
        try:
            index, ok, value = conn.recv()
        except (EOFError, OSError):
            raise WorkerDied(_death(conn)) from None
        in_flight[conn].remove(index)
        if not ok:
            raise value
        results[index] = value

    def _death(conn: Connection) -> str:
        sentinel = next(s for s, c in owner.items() if c is conn)
        process = processes[sentinel]
        process.join(timeout=1)
        code = process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return f"a worker process died ({how})"

    try:
        for conn in conns:
            feed(conn)
        while wanted < len(items):
            if wanted in results:
                yield results.pop(wanted)
                wanted += 1
                continue
            busy = [conn for conn in conns if in_flight[conn]]
            if not busy:
                raise WorkerDied("a worker process died: every worker has ended")
            for ready in wait([*busy, *(s for s, c in owner.items() if in_flight[c])]):
                if isinstance(ready, int):  # a worker's sentinel: it ended
                    conn = owner[ready]
                    while in_flight[conn] and conn.poll():
                        receive(conn)  # results it finished before it died
                    if in_flight[conn]:
                        raise WorkerDied(_death(conn))
                else:
                    assert isinstance(ready, Connection)
                    if in_flight[ready]:
                        receive(ready)
                        feed(ready)
    finally:
        for conn in conns:
            with contextlib.suppress(OSError):  # a worker already gone needs no stop message
                conn.send(None)
            conn.close()
        for process in processes.values():
            process.join(timeout=2)
            if process.is_alive():
                LOGGER.warning("worker %s did not stop; killing it", process.pid)
                process.kill()
                process.join()
