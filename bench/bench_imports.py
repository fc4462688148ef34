"""Benchmark: importing answers and activity records against writing the same rows directly.

In a throw-away SQLite database (or the PostgreSQL of DATABASE_URL) with the demo world:
1. a CSV of N survey answers (the Bien Vieillir seniors' questionnaire, 10 columns, Google Forms
   style) goes through the importer a user drives: read (encoding and separator detected),
   mapping and value maps suggested, every row checked, all rows written in one transaction;
   the reference is `bulk_create` of the same responses and answers, already cleaned;
2. a CSV of M activity sessions goes through `records.import_sessions` (checked, then stored in
   bulk); the reference is `bulk_create` of the same sessions and attendances.
It prints the time of each, the ratio, and the process's peak resident memory after the import
(the importer runs first, so the peak is its own).

    uv run python bench/bench_imports.py [--answers 100000] [--sessions 20000]

Figures go to docs/benchmarks.md. Ratios, not seconds, are what to compare.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench_evaluation_pages import setup_django  # noqa: E402


def seniors_csv(count: int) -> bytes:
    from maillage.demo.steps.collection_diagnostic import _seniors_rows

    rows = []
    rng = random.Random(1)
    while len(rows) < count:
        rows += _seniors_rows(rng)[1:]
    header = _seniors_rows(random.Random(0))[0]
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows[:count])
    return buffer.getvalue().encode("utf-8")


def import_answers(survey, data: bytes) -> int:
    from maillage.collection import imports

    table = imports.read_table(data, "seniors.csv")
    mapping = imports.suggest_mapping(table, survey)
    value_maps = imports.suggest_value_maps(table, survey, mapping)
    checked = imports.check(table, survey, mapping, value_maps, max_problems=1)
    assert not checked.problems, checked.problems[:3]
    return imports.store(survey, checked)


def direct_answers(survey, checked_values) -> None:
    """The same rows written with nothing but bulk_create (the values already clean)."""
    from django.db import transaction

    from maillage.collection.models import Answer, Response

    questions = {q.code: q for q in survey.questions.all()}
    with transaction.atomic():
        for start in range(0, len(checked_values), 2000):
            batch = checked_values[start : start + 2000]
            responses = Response.objects.bulk_create(
                Response(survey=survey, submission_key=uuid.uuid4(), channel="import")
                for _ in batch
            )
            Answer.objects.bulk_create(
                Answer(response=response, question=questions[code], text=c.text,
                       number=c.number, choices=c.choices, date=c.date)
                for response, values in zip(responses, batch, strict=True)
                for code, c in values.items()
            )  # fmt: skip


def sessions_csv(count: int) -> bytes:
    rng = random.Random(2)
    lines = ["activite;date;duree;habitants;benevoles"]
    day = date(2000, 1, 3)
    for n in range(count):
        activity = f"Atelier {n % 40}"
        if n % 40 == 0:
            day += timedelta(days=1)
        lines.append(f"{activity};{day:%d/%m/%Y};2;{rng.randint(3, 15)};{rng.randint(0, 3)}")
    return ("\n".join(lines) + "\n").encode()


def direct_sessions(organisation, rows) -> None:
    from django.db import transaction

    from maillage.collection.models import Activity, ActivitySession, Attendance

    with transaction.atomic():
        activities = {
            name: Activity.objects.create(organisation=organisation, name=name, code=f"d-{i}")
            for i, name in enumerate(sorted({row.activity_name for row in rows}))
        }
        for start in range(0, len(rows), 2000):
            batch = rows[start : start + 2000]
            sessions = ActivitySession.objects.bulk_create(
                ActivitySession(activity=activities[row.activity_name], date=row.date,
                                duration=row.duration or 2)
                for row in batch
            )  # fmt: skip
            Attendance.objects.bulk_create(
                Attendance(session=session, group=group, count=count)
                for session, row in zip(sessions, batch, strict=True)
                for group, count in row.counts.items()
                if count
            )


def timed(function, *args):
    """Result, seconds, and the process's peak resident memory so far (bytes)."""
    start = time.perf_counter()
    result = function(*args)
    elapsed = time.perf_counter() - start
    return result, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=20_000)
    args = parser.parse_args()
    setup_django()
    from django.db import transaction

    from maillage.collection import imports, records
    from maillage.collection.models import Survey
    from maillage.demo import registry
    from maillage.organisations.models import Organisation

    registry.build()
    survey = Survey.objects.get(code="diagnostic-seniors-bellerive-2026")
    data = seniors_csv(args.answers)
    count, through_importer, peak = timed(import_answers, survey, data)
    table = imports.read_table(data, "seniors.csv")
    mapping = imports.suggest_mapping(table, survey)
    checked = imports.check(
        table, survey, mapping, imports.suggest_value_maps(table, survey, mapping)
    )
    _none, direct, _peak = timed(direct_answers, survey, checked.values)
    print(f"answers: {count} rows, {len(data) / 1e6:.1f} MB CSV")
    print(f"  importer {through_importer:.2f} s, bulk_create {direct:.2f} s, "
          f"ratio {through_importer / direct:.1f}, peak {peak / 1e6:.0f} MB")  # fmt: skip

    organisation = Organisation.objects.get(slug="falaises")
    data = sessions_csv(args.sessions)
    result, through_importer, peak = timed(
        records.import_sessions, data, "seances.csv", organisation
    )
    assert result.ok, result.problems[:3]
    other = Organisation.objects.get(slug="moulin")
    rows, problems = records.check_sessions(records.read_table(data, "s.csv"), other)
    assert not problems
    with transaction.atomic():
        _none, direct, _peak = timed(direct_sessions, other, rows)
    print(f"sessions: {result.stored} rows")
    print(f"  importer {through_importer:.2f} s, bulk_create {direct:.2f} s, "
          f"ratio {through_importer / direct:.1f}, peak {peak / 1e6:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
