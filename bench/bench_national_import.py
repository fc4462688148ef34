"""Benchmark 1 (issue 7): importing a million survey answers against PostgreSQL COPY of them.

On the national dataset (`bench/generate.py`), the survey of the first structure of department 1
(`s-001-001`) receives a Google Forms style CSV (« Horodateur », questions by wording, answers by
label) of 100,000 rows × 10 questions, written to a temporary file. The importer runs as a user
drives it, in a child process so that its peak memory is its own:
1. upload: the file is read, columns and values suggested (what the upload page does);
2. the import job (`tasks.execute`, what `maillage worker` runs): every row checked, then all rows
   written in one transaction.
The reference is PostgreSQL COPY of the same already-clean rows into the response and answer
tables, in a transaction rolled back. Everything the importer wrote is deleted at the end.

    uv run python bench/bench_national_import.py [--small] [--answers 1000000]

`--small`: 10,000 answers (a smoke run of a few seconds).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import benchlib

STRUCTURE = "s-001-001"
NULL = "\\N"  # COPY's text format
ANSWERS_FULL = 1_000_000
ANSWERS_SMALL = 10_000
WORDS = [
    "le", "centre", "m'a", "permis", "de", "rencontrer", "des", "voisins", "et", "reprendre",
    "confiance", "en", "moi", "grâce", "aux", "ateliers", "bénévoles", "qui", "accueillie",
]  # fmt: skip


def pick_survey():
    """The survey of the structure with the most questions that every row can answer."""
    from django.db.models import Count

    from maillage.collection.models import Survey

    survey = (
        Survey.objects.filter(organisation__slug=STRUCTURE)
        .annotate(n=Count("questions"))
        .order_by("-n", "pk")
        .first()
    )
    if survey is None:
        sys.exit(f"Aucun questionnaire pour {STRUCTURE} : lancez d'abord bench/generate.py.")
    return survey


def columns(survey) -> list:
    """10 unconditional questions (a row answers all of them): the required ones, then one of
    each type (texts, numbers and dates cost more to check than choices), then the next ones."""
    questions = [
        q
        for q in survey.questions.prefetch_related("choices").order_by("order", "pk")
        if q.show_if_question_id is None and (q.option_list() or not _needs_choices(q))
    ]
    chosen = [q for q in questions if q.required]
    for question in questions:
        if question not in chosen and question.type not in {q.type for q in chosen}:
            chosen.append(question)
    chosen += [q for q in questions if q not in chosen]
    return sorted(chosen[:10], key=lambda q: (q.order, q.pk))


def _needs_choices(question) -> bool:
    return question.type in ("single", "multiple", "yes_no", "group", "scale")


def cell_and_value(question, rng: random.Random):
    """What a Google Forms export writes for one answer, and the clean value Maillage keeps:
    (cell, text, number, choices, date)."""
    kind = question.type
    if kind in ("single", "group"):
        value, label = rng.choice(question.option_list())
        return label, "", None, [value], None
    if kind == "multiple":
        options = question.option_list()
        chosen = sorted(rng.sample(range(len(options)), rng.randint(1, min(3, len(options)))))
        return (
            ", ".join(options[i][1] for i in chosen),
            "",
            None,
            [options[i][0] for i in chosen],
            None,
        )
    if kind == "yes_no":
        value = rng.choice(("oui", "non"))
        return value.capitalize(), "", None, [value], None
    if kind == "scale":
        n = rng.randint(1, question.scale_max or 5)
        return str(n), "", Decimal(n), [str(n)], None
    if kind == "number":
        number = Decimal(rng.randint(0, 400)) / 4
        return str(number).replace(".", ","), "", number, [], None
    if kind == "date":
        day = date(2015, 1, 1) + timedelta(days=rng.randint(0, 4000))
        return f"{day:%d/%m/%Y}", "", None, [], day
    words = rng.randint(2, 6 if kind == "short_text" else 25)
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text, text, None, [], None


def rows(questions, count: int, seed: int = 7):
    """(submitted_at, cells, clean values) of `count` rows, the same for the same seed."""
    rng = random.Random(seed)
    start = datetime(2025, 9, 1, 8, 0, 0)
    for n in range(count):
        when = start + timedelta(seconds=n * 97 + rng.randint(0, 90))
        answers = [cell_and_value(q, rng) for q in questions]
        yield when, answers


def write_csv(path: Path, questions, count: int) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Horodateur", *(q.label for q in questions)])
        for when, answers in rows(questions, count):
            writer.writerow([f"{when:%d/%m/%Y %H:%M:%S}", *(a[0] for a in answers)])
    return path.stat().st_size


# --- the importer, in a child process -----------------------------------------------------------


def child(path: str, survey_id: int) -> None:
    """The importer as the upload page and the worker run it; prints its figures as JSON."""
    benchlib.setup_django()
    from maillage.collection import imports, tasks
    from maillage.collection.models import ResponseImport, Survey

    survey = Survey.objects.get(pk=survey_id)
    start = time.perf_counter()
    data = Path(path).read_bytes()
    upload = upload_step(imports, data, survey)
    job = ResponseImport.objects.create(survey=survey, filename="reponses.csv", data=data, **upload)
    del data
    uploaded = time.perf_counter()
    tasks.execute(job)
    done = time.perf_counter()
    job.refresh_from_db()
    print(
        json.dumps(
            {
                "job": job.pk,
                "status": job.status,
                "problems": job.problems[:3],
                "upload_s": uploaded - start,
                "run_s": done - uploaded,
                "peak_mb": benchlib.peak_memory_mb(),
            }
        )
    )


def upload_step(imports, data: bytes, survey) -> dict:
    """What the upload page computes from the file: mapping, value maps, number of rows."""
    table = imports.open_table(data, "reponses.csv")
    mapping = imports.suggest_mapping(table, survey)
    return {
        "mapping": mapping,
        "value_maps": imports.suggest_value_maps(table, survey, mapping),
        "total_rows": table.count(),
    }


# --- the reference: COPY of the same clean rows ------------------------------------------------


def copy_reference(survey, questions, count: int) -> tuple[float, int]:
    """Seconds to COPY the clean rows (prepared beforehand) into both tables; rolled back."""
    from django.db import connection, transaction
    from django.utils import timezone

    by_code = {q.code: q for q in questions}
    group = next((q for q in questions if q.type == "group"), None)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('collection_response', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            ids = [row[0] for row in cursor.fetchall()]
        responses, answers = io.StringIO(), io.StringIO()
        tz = timezone.get_current_timezone()
        answered = 0
        for pk, (when, values) in zip(ids, rows(questions, count), strict=True):
            chosen = values[questions.index(group)][3][0] if group else ""
            stamp = when.replace(tzinfo=tz).isoformat()
            responses.write(f"{pk}\t{survey.pk}\t{uuid.uuid4()}\timport\t{chosen}\t\t\t{stamp}\n")
            for question, (_cell, text, number, choices, day) in zip(
                by_code.values(), values, strict=True
            ):
                answers.write(
                    f"{pk}\t{question.pk}\t{_copy_text(text)}\t"
                    f"{NULL if number is None else number}\t{json.dumps(choices)}\t"
                    f"{NULL if day is None else day.isoformat()}\n"
                )
                answered += 1
        response_data = responses.getvalue().encode()
        answer_data = answers.getvalue().encode()
        raw = connection.connection  # psycopg 3
        start = time.perf_counter()
        with raw.cursor() as cursor:
            with cursor.copy(
                "COPY collection_response (id, survey_id, submission_key, channel, "
                "respondent_group, respondent_name, respondent_email, submitted_at) FROM STDIN"
            ) as copy:
                copy.write(response_data)
            with cursor.copy(
                "COPY collection_answer (response_id, question_id, text, number, choices, date) "
                "FROM STDIN"
            ) as copy:
                copy.write(answer_data)
            # The foreign keys are checked at commit (deferred): check them now, as a commit would.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed, answered


def _copy_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def remove_import(survey, job_id: int, first_new_id: int) -> int:
    """Delete the responses, answers, job and audit line the importer wrote."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM collection_answer WHERE response_id IN (SELECT id FROM collection_response"
            " WHERE survey_id = %s AND id >= %s AND channel = 'import')",
            [survey.pk, first_new_id],
        )
        cursor.execute(
            "DELETE FROM collection_response WHERE survey_id = %s AND id >= %s "
            "AND channel = 'import'",
            [survey.pk, first_new_id],
        )
        removed = cursor.rowcount
        cursor.execute("DELETE FROM collection_responseimport WHERE id = %s", [job_id])
        cursor.execute(
            "DELETE FROM core_auditevent WHERE verb = 'survey.imported' AND organisation_id = %s "
            "AND summary LIKE %s",
            [survey.organisation_id, "%reponses.csv%"],
        )
    return removed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--answers", type=int)
    parser.add_argument("--child", nargs=2, metavar=("CSV", "SURVEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    target = args.answers or (ANSWERS_SMALL if args.small else ANSWERS_FULL)
    benchlib.setup_django()
    from django.db import connection

    survey = pick_survey()
    questions = columns(survey)
    count = target // len(questions)
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
        path = Path(folder) / "reponses.csv"
        size = write_csv(path, questions, count)
        print(
            f"{survey.code}: {count} rows × {len(questions)} questions, {size / 1e6:.1f} MB CSV",
            flush=True,
        )
        copy_s, answered = copy_reference(survey, questions, count)
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM collection_response")
            first_new_id = cursor.fetchone()[0]
        env = {**os.environ, "BENCH_DATABASE_URL": benchlib.database_url()}
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(survey.pk)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    if done.returncode:
        sys.exit(f"L'import a échoué :\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM collection_answer a JOIN collection_response r "
            "ON r.id = a.response_id "
            "WHERE r.survey_id = %s AND r.id >= %s AND r.channel = 'import'",
            [survey.pk, first_new_id],
        )
        stored = cursor.fetchone()[0]
    removed = remove_import(survey, figures["job"], first_new_id)
    # What autovacuum would do in its own time: without it the million deleted answers stay as
    # dead rows in this structure's index pages, and the next benchmark (its indicators, its
    # report) reads them, the hand-written SQL three times slower (14 ms → 54 ms).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) collection_answer, collection_response")
    if figures["status"] != "done" or stored != answered or removed != count:
        sys.exit(f"Import incomplet : {figures} ; {stored} réponses sur {answered}.")
    importer = figures["upload_s"] + figures["run_s"]
    benchlib.report(
        "national_import",
        [
            {
                "rows": count,
                "answers": answered,
                "csv_mb": round(size / 1e6, 1),
                "upload_s": round(figures["upload_s"], 2),
                "check_and_write_s": round(figures["run_s"], 2),
                "importer_s": round(importer, 2),
                "copy_s": round(copy_s, 2),
                "ratio": round(importer / copy_s, 2),
                "peak_mb": round(figures["peak_mb"]),
            }
        ],
        small=args.small,
        notes="importer = upload (read, suggest) + job (check, write); "
        "reference = COPY of the same clean rows; peak = resident memory of the importer process",
    )


if __name__ == "__main__":
    main()
