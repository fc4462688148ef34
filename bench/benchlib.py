"""What every national-scale benchmark shares: the bench database, timing, memory, the report.

The national dataset lives in its own PostgreSQL database (default `maillage_bench` on the local
server; `BENCH_DATABASE_URL` to change it), built by `bench/generate.py`. Each benchmark prints
its rows and writes them to `bench/results/<name>.json`, which `bench/run` gathers and
docs/benchmarks.md quotes. Ratios against the same work done directly in the same run are what
count: these machines are noisy, so an absolute time says little.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/maillage_bench"

sys.path.insert(0, str(BENCH_DIR.parent / "src"))


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def setup_django(migrate: bool = False) -> None:
    """Django on the bench database (test mode: no SECRET_KEY needed, no demo)."""
    os.environ["MAILLAGE_MODE"] = "test"
    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.config.settings")
    # Load tests post thousands of answers from one address: the public limits would refuse them.
    os.environ.setdefault("MAILLAGE_ANSWER_RATE_PER_ADDRESS", "0")
    os.environ.setdefault("MAILLAGE_ANSWER_RATE_PER_LINK", "0")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    # As `maillage serve` prepares its workers, so that pages are timed as the server runs them.
    from maillage.core.startup import settle_server_process

    settle_server_process()


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """Seconds taken by one call, and what it returned."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def median_seconds(fn, repeat: int = 5) -> float:
    return statistics.median(timed(fn)[0] for _ in range(repeat))


def paired_medians(first, second, repeat: int = 21) -> tuple[float, float]:
    """Median seconds of two ways of doing the same work, run in turn (first, second, first…):
    a drift of the machine during the measure then weighs on both alike, and their ratio holds
    where two series timed one after the other can differ by half."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        times[0].append(timed(first)[0])
        times[1].append(timed(second)[0])
    return statistics.median(times[0]), statistics.median(times[1])


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
    }


def report(name: str, rows: list[dict], *, small: bool, notes: str = "") -> Path:
    """Print the rows as a table and keep them in bench/results/<name>.json."""
    RESULTS_DIR.mkdir(exist_ok=True)
    if rows:
        columns = list(rows[0])
        print(" | ".join(columns))
        for row in rows:
            print(" | ".join(_cell(row.get(column)) for column in columns))
    if notes:
        print(notes)
    path = RESULTS_DIR / f"{name}{'-small' if small else ''}.json"
    payload = {
        "name": name,
        "small": small,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "rows": rows,
        "notes": notes,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
