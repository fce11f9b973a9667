"""What the benchmarks share: where things are, the rows printed, and how a time is taken."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
OUT = ROOT / "bench" / "out"
EXAMPLE_DOCX = SAMPLES / "qingshuitang-2018-overall.docx"
sys.path.insert(0, str(SAMPLES))

REAL = ROOT.parent / "shared" / "corpus" / "real"

ROWS: list[tuple[str, str, str, str]] = []
NOTES: list[str] = []

# A child's peak memory, for probes run in a child process. ru_maxrss survives exec on Linux, so a child
# forked from this (by then large) benchmark process would report the parent's size; the kernel's
# high-water mark of the child's own address space (VmHWM) starts afresh at exec.
PEAK_KB = (
    "def peak_kb():\n"
    "    try:\n"
    "        with open('/proc/self/status') as status:\n"
    "            return int(next(l for l in status if l.startswith('VmHWM')).split()[1])\n"
    "    except (OSError, StopIteration):\n"
    "        import resource\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)


def best_of(action: Callable[[], object], repeat: int = 15) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def process_time(args: list[str], repeat: int = 7) -> float:
    """Median wall time of a whole process, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(name: str, measured: str, baseline: str, verdict: str) -> None:
    ROWS.append((name, measured, baseline, verdict))


def ratio_line(name: str, ours: float, base: float, target: float, unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1
    ratio = ours / base if base else float("inf")
    mark = "ok" if ratio <= target else "MISSED"
    row(name, f"{ours * scale:.1f} {unit}", f"{base * scale:.1f} {unit}", f"{ratio:.2f}x (target <= {target}x) {mark}")


def interleaved(commands: dict[str, list[str]], repeat: int = 9, cwd: str | None = None) -> dict[str, float]:
    """Median wall time of each whole process, the commands taking turns so a busy spell hits them alike.

    Also, under ``<name> cpu``, the median CPU time (user + system) of the process: on a machine shared
    with other work the wall time includes waiting for a core, the CPU time does not.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, args in commands.items():
            before = children_cpu()
            started = time.perf_counter()
            subprocess.run(args, capture_output=True, check=False, cwd=cwd)
            times[name].append(time.perf_counter() - started)
            cpu[name].append(children_cpu() - before)
    medians = {name: statistics.median(values) for name, values in times.items()}
    medians.update({f"{name} cpu": statistics.median(values) for name, values in cpu.items()})
    return medians


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children. ``getrusage`` where there is one: it
    counts microseconds, while ``os.times`` counts clock ticks (10 ms on Linux, a tenth of a short run)."""
    try:
        import resource
    except ImportError:  # Windows
        now = os.times()
        return now.children_user + now.children_system
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_best_of(action: Callable[[], object], repeat: int) -> float:
    """The least CPU time of this process over ``repeat`` runs: on a machine shared with other work, wall
    time measures the neighbours; the ratio between sizes is what matters here."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return min(times)
