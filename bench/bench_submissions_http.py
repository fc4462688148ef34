"""Benchmark 4 of issue 7: public survey submissions over HTTP, against a minimal one-row view.

    uv run python bench/bench_submissions_http.py           # 20,000 submissions, 50 clients,
                                                            # then the same against the minimal view
    uv run python bench/bench_submissions_http.py --small   # smoke run: 300 submissions,
                                                            # 10 clients, the server killed once

Both are bench/load_submissions.py with fixed options (see there for what is checked); the
figures go to bench/results/submissions_http[-small].json.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_submissions  # noqa: E402

FULL = ["--submissions", "20000", "--clients", "50", "--compare-minimal"]
SMALL = ["--submissions", "300", "--clients", "10", "--kill-at", "0.5", "--pause", "0.5"]


def main(argv: list[str]) -> int:
    small = "--small" in argv
    options = [*(SMALL if small else FULL), "--name", "submissions_http"]
    return load_submissions.main([*options, *(["--small"] if small else [])])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
