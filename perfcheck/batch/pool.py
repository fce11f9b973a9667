"""Worker processes for a batch: one task at a time each, so a stuck file can be killed.

``concurrent.futures.ProcessPoolExecutor`` cannot stop a task that hangs (a pathological PDF, a
runaway regex outside the rule timeout): it can only wait. Here every worker has its own pipe; the
parent sends it one task, waits on all pipes at once (``multiprocessing.connection.wait``) and knows
which file each worker is on and since when. A worker past the time limit is killed and replaced; a
worker that dies is replaced too; either way the file becomes a result, never a silent gap.

Workers are forked where the platform allows (Linux): they start in milliseconds with the modules and
the ruleset the parent already loaded, and ignore SIGINT, so Ctrl-C reaches only the parent, which
then stops them. One task per message keeps a result's size bounded and the parent's memory flat.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

Task = tuple[int, str]
Work = Callable[[int, str], dict[str, Any]]


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _serve(connection: Connection, work: Work) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        connection.send(work(*task))


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    task: Task | None = None
    started: float = 0.0
    retired: bool = field(default=False)


class WorkerPool:
    """``jobs`` processes running ``work(index, path) -> dict``; results come back as they finish.

    ``on_timeout(task, seconds)`` and ``on_crash(task, exitcode)`` build the result for a file whose
    worker was killed or died. ``on_start(task)`` is told when a file is handed to a worker.
    """

    def __init__(
        self,
        jobs: int,
        work: Work,
        timeout: float | None,
        on_timeout: Callable[[Task, float], dict[str, Any]],
        on_crash: Callable[[Task, int | None], dict[str, Any]],
    ) -> None:
        self.jobs = max(1, jobs)
        self.work = work
        self.timeout = timeout
        self.on_timeout = on_timeout
        self.on_crash = on_crash
        self._context = _context()
        self._workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child_end, self.work), daemon=True)
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        worker.retired = True
        if kill:
            worker.process.kill()
        else:
            try:
                worker.connection.send(None)
            except (BrokenPipeError, OSError):
                worker.process.kill()
        worker.connection.close()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        self._workers.remove(worker)

    def run(self, tasks: Iterable[Task], on_start: Callable[[Task], None] | None = None) -> Iterator[dict[str, Any]]:
        """Results in the order they finish. Closing the iterator (or Ctrl-C) kills the workers."""
        pending = deque(tasks)
        try:
            for _ in range(min(self.jobs, len(pending))):
                self._spawn()
            while True:
                for worker in self._workers:
                    if worker.task is None and pending:
                        worker.task, worker.started = pending.popleft(), time.monotonic()
                        if on_start is not None:
                            on_start(worker.task)
                        worker.connection.send(worker.task)
                busy = [w for w in self._workers if w.task is not None]
                if not busy:
                    return
                ready = wait([w.connection for w in busy], timeout=self._wait_time(busy))
                for worker in busy:
                    if worker.connection in ready:
                        yield self._receive(worker, pending)
                yield from self._expire(busy, pending)
        finally:
            for worker in list(self._workers):
                self._retire(worker, kill=True)

    def _wait_time(self, busy: list[_Worker]) -> float | None:
        if self.timeout is None:
            return None
        now = time.monotonic()
        return max(0.0, min(w.started + self.timeout - now for w in busy))

    def _receive(self, worker: _Worker, pending: deque[Task]) -> dict[str, Any]:
        task = worker.task
        assert task is not None
        try:
            result: dict[str, Any] = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            exitcode = worker.process.exitcode
            self._retire(worker, kill=True)
            if pending:
                self._spawn()
            return self.on_crash(task, exitcode)
        worker.task = None
        return result

    def _expire(self, busy: list[_Worker], pending: deque[Task]) -> Iterator[dict[str, Any]]:
        if self.timeout is None:
            return
        now = time.monotonic()
        for worker in busy:
            if worker.retired or worker.task is None or now - worker.started < self.timeout:
                continue
            task, seconds = worker.task, now - worker.started
            self._retire(worker, kill=True)
            if pending:
                self._spawn()
            yield self.on_timeout(task, seconds)
