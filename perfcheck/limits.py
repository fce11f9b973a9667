"""Limits on checking one report: a time limit and a memory ceiling (issue 12).

No input may hang a pre-submission hook or a CI job. ``perfcheck check`` runs each report under a
:class:`TimeLimit`: a timer thread that, when the report is still being read or checked after the limit,
writes one Chinese line and ends the process with exit code 3 (``os._exit``: nothing half-written is left
behind, since outputs are written only after checking, each atomically). A thread rather than
``signal.alarm`` or a forked worker, so it works the same on Windows; the batch runs each report in a
worker process that the parent kills at its own limit (``perfcheck.batch.pool``).

The memory ceiling is the address-space limit (``RLIMIT_AS``) where the platform has one (Linux, the
BSDs), and on Windows, which has no ``resource`` module, a job object with a per-process memory limit;
a report that needs more ends with ``MemoryError``, which the command line turns into the same exit 3.
macOS accepts but does not enforce RLIMIT_AS: there only the time limit applies.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
from types import TracebackType

from perfcheck.errors import ExitCode

DEFAULT_TIME_LIMIT = 60.0  # seconds per report, as the batch's --timeout
MAX_TIME_LIMIT = 86400.0  # a day: anything longer is not a limit
DEFAULT_MEMORY_LIMIT = 2048  # MB of address space for the whole process
MIN_MEMORY_LIMIT, MAX_MEMORY_LIMIT = 256, 1024 * 1024


def stopped_line(path: str, seconds: float) -> str:
    return f"{path}：报告过大或过于复杂，已在{seconds:g}秒后停止。可用 --timeout 或配置项 timeout 放宽时限"


def out_of_memory_line(path: str, megabytes: int) -> str:
    return f"{path}：报告过大或过于复杂，内存超过 {megabytes} MB 上限，已停止。可用配置项 memory-limit 放宽上限"


def check_time_limit(value: object) -> float:
    """A time limit in seconds: a finite number in [1, 86400]; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"应为 1～{MAX_TIME_LIMIT:g} 之间的秒数，实为 {value!r}")
    if not 1 <= value <= MAX_TIME_LIMIT:
        raise ValueError(f"应为 1～{MAX_TIME_LIMIT:g} 之间的秒数，实为 {value!r}")
    return float(value)


def check_memory_limit(value: object) -> int:
    """A memory ceiling in MB: a whole number in [256, 1048576]; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_MEMORY_LIMIT <= value <= MAX_MEMORY_LIMIT:
        raise ValueError(f"应为 {MIN_MEMORY_LIMIT}～{MAX_MEMORY_LIMIT} 之间的整数（MB），实为 {value!r}")
    return value


def cap_memory(megabytes: int) -> bool:
    """Lower this process's address-space limit to ``megabytes`` (never raise it); False where the
    platform cannot (Windows has no ``resource``; macOS refuses RLIMIT_AS)."""
    if sys.platform == "win32":
        return _cap_memory_windows(megabytes)
    try:
        import resource
    except ImportError:
        return False
    wanted = megabytes * 1024 * 1024
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        if soft != resource.RLIM_INFINITY and soft <= wanted:
            return True
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError, AttributeError):
        return False
    return True


def _cap_memory_windows(megabytes: int) -> bool:
    """Windows has no RLIMIT_AS: a job object with a per-process memory limit does the same (an
    allocation past it fails, and Python raises MemoryError). Any failure leaves the process uncapped."""
    try:
        import ctypes
        from ctypes import wintypes

        class BasicLimits(ctypes.Structure):
            _fields_ = [
                ("PerProcessUserTimeLimit", ctypes.c_int64),
                ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", wintypes.DWORD),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t),
                ("ActiveProcessLimit", wintypes.DWORD),
                ("Affinity", ctypes.c_size_t),
                ("PriorityClass", wintypes.DWORD),
                ("SchedulingClass", wintypes.DWORD),
            ]

        class IoCounters(ctypes.Structure):
            _fields_ = [(name, ctypes.c_ulonglong) for name in ("Read", "Write", "Other", "ReadB", "WriteB", "OtherB")]

        class ExtendedLimits(ctypes.Structure):
            _fields_ = [
                ("BasicLimitInformation", BasicLimits),
                ("IoInfo", IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t),
                ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t),
            ]

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        job = kernel32.CreateJobObjectW(None, None)
        if not job:
            return False
        limits = ExtendedLimits()
        limits.BasicLimitInformation.LimitFlags = 0x100  # JOB_OBJECT_LIMIT_PROCESS_MEMORY
        limits.ProcessMemoryLimit = megabytes * 1024 * 1024
        extended_limit_information = 9  # JobObjectExtendedLimitInformation
        if not kernel32.SetInformationJobObject(
            wintypes.HANDLE(job), extended_limit_information, ctypes.byref(limits), ctypes.sizeof(limits)
        ):
            return False
        return bool(kernel32.AssignProcessToJobObject(wintypes.HANDLE(job), kernel32.GetCurrentProcess()))
    except (OSError, AttributeError, ValueError):
        return False


class TimeLimit:
    """``with TimeLimit(seconds, line):`` ends the process with exit 3 and ``line`` if the block overruns."""

    def __init__(self, seconds: float, line: str) -> None:
        self.seconds = seconds
        self.line = line
        self._timer: threading.Timer | None = None

    def __enter__(self) -> TimeLimit:
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _expire(self) -> None:
        try:
            with contextlib.suppress(Exception):
                sys.stdout.flush()  # os._exit skips the interpreter's own flushing
            sys.stderr.write(self.line + "\n")
            sys.stderr.flush()
        finally:
            os._exit(int(ExitCode.UNREADABLE))
