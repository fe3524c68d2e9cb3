"""What every benchmark group shares: figures, whole-process timing, A/B
alternation, child processes and peak memory (see README.md here)."""

from __future__ import annotations

import json
import os
import platform
import re
import select
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PY = sys.executable
FACTDRILL = str(Path(PY).parent / "factdrill")
FLAGSHIP = ROOT / "decks" / "breast-cancer-metastasis"


@dataclass
class Figure:
    """One measured figure and its goal (a ratio to the floor, or an absolute bound)."""

    name: str
    ours: float
    floor: float
    unit: str  # "s", "ms", "MiB", "us/fact"
    goal: float
    absolute: bool = False
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def passed(self) -> bool:
        return (self.ours if self.absolute else self.ratio) <= self.goal

    def line(self) -> str:
        ratio = f"{self.ratio:.2f}x" if self.ratio < 1000 else ">999x"
        goal = f"< {self.goal:g} {self.unit}" if self.absolute else f"<= {self.goal:g}x"
        verdict = "PASS" if self.passed else "FAIL"
        return (f"{self.name[:26]:<26} {fmt(self.ours, self.unit):>11} {fmt(self.floor, self.unit):>11} "
                f"{ratio:>7} {goal:>10}  {verdict}")


def fmt(v: float, unit: str) -> str:
    if unit == "s" and v < 1:
        return f"{v * 1000:.1f} ms"
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.2f} ms"
    if unit == "MiB":
        return f"{v:.0f} MiB"
    return f"{v:.1f} {unit}"


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def spread(xs: list[float]) -> str:
    """How noisy a series was: its range as a share of the median."""
    m = med(xs)
    return f"{(max(xs) - min(xs)) / m * 100:.0f}%" if m and len(xs) > 1 else "-"


def env(tmp: Path, **extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out.update(FACTDRILL_HOME=str(tmp / "home"), FACTDRILL_CACHE=str(tmp / "cache"), NO_COLOR="1", COLUMNS="80",
               PYTHONDONTWRITEBYTECODE="")  # compiled modules are cached, as after an install
    out.pop("PYTHONPATH", None)
    out.update(extra)
    return out


def run_process(cmd: list[str], environ: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process, which must succeed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=environ, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024


_QUESTION = re.compile(rb"; \d+ answered[^\n]*\n[^\n]*\S[^\n]*\n")


def until_first_question(cmd: list[str], environ: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning a drill until its first question is on stdout, and its peak RSS (MiB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=environ, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    out, wall = b"", None
    fd = proc.stdout.fileno()
    deadline = t0 + 600
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        out += chunk
        if _QUESTION.search(out):
            wall = time.perf_counter() - t0
            break
    proc.send_signal(signal.SIGKILL)
    _, _, usage = os.wait4(proc.pid, 0)
    if wall is None:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"no question appeared from: {' '.join(cmd)}\n{out.decode(errors='replace')}\n{err}")
    return wall, usage.ru_maxrss / 1024


def ab(ours, floor, runs: int, warmup: bool = True) -> tuple[list[float], list[float], list[float], list[float]]:
    """Alternate ours and the floor (one warm-up each, order flipped every
    round) so the machine's noise hits both alike; times and peak memories."""
    if warmup:
        ours()
        floor()
    o_t, o_m, f_t, f_m = [], [], [], []
    for i in range(runs):
        pair = [(ours, o_t, o_m), (floor, f_t, f_m)]
        for fn, ts, ms in pair if i % 2 == 0 else pair[::-1]:
            t, m = fn()
            ts.append(t)
            ms.append(m)
    return o_t, o_m, f_t, f_m


def child(mode: str, *args: str, environ: dict[str, str]) -> dict:
    """Run ``run.py --child MODE ARGS`` (a fresh process per measurement, so one
    run's heap never slows the next) and return its JSON report."""
    proc = subprocess.Popen([PY, str(HERE / "run.py"), "--child", mode, *args], env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"child {mode} {' '.join(args)} failed:\n{err.decode(errors='replace')}")
    return json.loads(out.decode().strip().splitlines()[-1])


def reset_peak() -> float:
    """Reset this process's peak RSS to its current RSS (Linux: clear_refs 5); return it in MiB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return status_mib("VmRSS")
    except OSError:
        return maxrss_mib()


def peak_mib() -> float:
    """Peak RSS since the last reset (VmHWM), in MiB."""
    try:
        return status_mib("VmHWM")
    except OSError:
        return maxrss_mib()


def status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise OSError(f"no {field} in /proc/self/status")


def maxrss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synth_folder(tmp: Path, n: int) -> Path:
    """A synthetic folder deck of ``n`` facts, 100 to a file (one file per chapter,
    as a large deck is kept), 20 topics; written once per scratch folder."""
    sys.path.insert(0, str(ROOT / "tests"))
    from synthdeck import write_synth_folder

    path = tmp / f"synth-{n}"
    if not (path / "deck.yaml").exists():
        write_synth_folder(tmp, n, per_file=100, topics=20)
    return path


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"
