"""Benchmark 3 (issue 7): a projet social report as a PDF against Typst compiling it alone.

On the national dataset (`bench/generate.py`), the projet social of the first structure of
department 1 (`ps-001-001`, its whole period) is made into the funders' version of its report
through the code path of the page and of `maillage report`: `reports.content.build` (indicators
computed from the stored answers, attendance and testimonies, charts drawn as SVG, the
cooperation map) then `reports.pdf.render_pdf` (sources written, Typst compiles). The reference
is Typst compiling the same generated sources (data.json, SVG files, template) alone, in the same
run. The cache is emptied before each report so that every indicator is computed and every chart
drawn again (what the first reader of new data gets). Two rows give the next reports: after an
edit of the report's own text (its indicator sections kept: reports/kept_indicators.py), and
when nothing changed (the PDF itself kept under the stamp of its rows: reports/kept_pdf.py).

Where the time goes is printed beside: database queries (their number and time), charts, map,
sources written and the Typst compile.

    uv run python bench/bench_report_pdf.py [--small] [--repeat 5] [--project ps-001-001]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import benchlib

PROJECT = "ps-001-001"


class Stopwatch:
    """Adds up the time spent in some functions, by wrapping them for the run."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._undo = []

    def wrap(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def undo(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="jeu réduit (département 1)")
    parser.add_argument(
        "--repeat", type=int, default=None, help="rapports mesurés (5 ; 3 en --small)"
    )
    parser.add_argument("--project", default=PROJECT)
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.small else 5)

    benchlib.setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from maillage.accounts.models import User
    from maillage.analysis import charts, results
    from maillage.analysis.indicators import project_period
    from maillage.organisations import map_svg
    from maillage.projects.models import Project
    from maillage.reports import content, kept_pdf, pdf

    project = Project.objects.filter(slug=args.project).first()
    if project is None:
        sys.exit(f"Projet {args.project} absent : lancez d'abord bench/generate.py.")
    options = content.Options.from_request(QueryDict(""))  # what the page asks by default
    period = project_period(project, None)

    watch = Stopwatch()
    watch.wrap(charts, "draw", "charts")
    watch.wrap(results, "compute", "indicators")
    # The trends' points (one grouped pass per indicator; it calls compute itself only for the
    # sources it does not read in one pass, which are then counted here, not above).
    if hasattr(results, "trend_values"):
        watch.wrap(results, "trend_values", "trends")
    watch.wrap(map_svg, "render_svg", "map")
    watch.wrap(content, "_cooperation_map", "map (graph + SVG)")

    def report_once(clear: bool = True):
        if clear:
            cache.clear()
        watch.reset()
        timings = {}
        # The path of the page and of `maillage report` when no PDF is kept: the stamp is read
        # first (reports/kept_pdf.py), then the report is built and laid out.
        start = time.perf_counter()
        kept_pdf.key(project, period, options, date.today())
        timings["key"] = time.perf_counter() - start
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            data = content.build(project, period, options)
            timings["build"] = time.perf_counter() - start
        start = time.perf_counter()
        body = pdf.render_pdf(data)
        timings["pdf"] = time.perf_counter() - start
        timings["total"] = timings["key"] + timings["build"] + timings["pdf"]
        timings["queries"] = len(queries)
        timings["query_seconds"] = sum(float(q["time"]) for q in queries.captured_queries)
        timings.update({f"{k}_seconds": v for k, v in watch.seconds.items()})
        timings.update({f"{k}_calls": v for k, v in watch.calls.items()})
        return timings, body

    # The first report of a fresh process loads vl-convert and the Typst compiler.
    first, body = report_once()
    assert body.startswith(b"%PDF"), "pas un PDF"
    runs = [report_once()[0] for _ in range(repeat)]
    warm = [report_once(clear=False)[0] for _ in range(repeat)]
    # Nothing changed since the last PDF: the kept one, after its stamp is checked.
    assert kept_pdf.project_pdf(project, period, options).startswith(b"%PDF")
    kept_seconds = benchlib.median_seconds(
        lambda: kept_pdf.project_pdf(project, period, options), max(repeat, 5)
    )

    # The reference: Typst alone on the same sources, written once.
    import typst

    data = content.build(project, period, options)
    with tempfile.TemporaryDirectory(prefix="bench-typst-") as folder:
        main_file = pdf.write_sources(data, Path(folder))
        typst.compile(str(main_file), root=folder)  # warm
        typst_alone = benchlib.median_seconds(
            lambda: typst.compile(str(main_file), root=folder), max(repeat, 5)
        )
        charts_count = len(list(Path(folder).glob("chart-*.svg")))
    watch.undo()

    # The same PDF through the page a structure's director downloads (once, caches warm).
    director = User.objects.filter(email="direction-001-001@bench.invalid").first()
    http_seconds = None
    if director is not None and args.project == PROJECT:
        client = Client()
        client.force_login(director)
        url = reverse("reports:report_pdf", args=[project.slug])
        assert client.get(url).status_code == 200
        http_seconds = benchlib.median_seconds(lambda: client.get(url), 3)

    def median(key, rows=runs):
        return statistics.median(row.get(key, 0.0) for row in rows)

    total = median("total")
    rows = [
        {
            "measure": "PDF report, charts drawn (build + PDF)",
            "seconds": total,
            "typst_alone_s": typst_alone,
            "ratio": total / typst_alone,
        },
        {
            "measure": "PDF report, its text edited (indicators kept)",
            "seconds": median("total", warm),
            "typst_alone_s": typst_alone,
            "ratio": median("total", warm) / typst_alone,
        },
        {
            "measure": "PDF report, nothing changed (PDF kept)",
            "seconds": kept_seconds,
            "typst_alone_s": typst_alone,
            "ratio": kept_seconds / typst_alone,
        },
        {
            "measure": "first report of a fresh process",
            "seconds": first["total"],
            "typst_alone_s": typst_alone,
            "ratio": first["total"] / typst_alone,
        },
    ]
    if http_seconds is not None:
        rows.append(
            {
                "measure": "GET rapport.pdf (page, logged in)",
                "seconds": http_seconds,
                "typst_alone_s": typst_alone,
                "ratio": http_seconds / typst_alone,
            }
        )
    parts = [
        ("kept_pdf.key (the stamp)", median("key")),
        ("content.build", median("build")),
        (f"  queries ({int(median('queries'))})", median("query_seconds")),
        (f"  indicators.compute ({int(median('indicators_calls'))} calls)",
         median("indicators_seconds")),
        (f"  indicators.trend_values ({int(median('trends_calls'))} calls)",
         median("trends_seconds")),
        (f"  charts drawn ({int(median('charts_calls'))})", median("charts_seconds")),
        ("  cooperation map", median("map (graph + SVG)_seconds")),
        ("render_pdf (sources + Typst)", median("pdf")),
    ]  # fmt: skip
    for label, seconds in parts:
        rows.append({"measure": label, "seconds": seconds, "typst_alone_s": None, "ratio": None})
    notes = (
        f"Projet {project.slug}, version financeurs, toute la période ; "
        f"{charts_count} graphiques ; "
        f"PDF de {len(body) // 1024} Kio ; médiane de {repeat} rapports ; "
        f"mémoire max {benchlib.peak_memory_mb():.0f} Mo."
    )
    benchlib.report("report_pdf", rows, small=args.small, notes=notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
