"""Benchmark 5 (issue 7): a federation's pages over a network of 100 structures.

On the national dataset (`bench/generate.py`), the advisor of department 1's federation
(`conseil-001@bench.invalid`) reads the pages of the network `federation-001`, which accompanies
100 centres sociaux and EVS that share everything with it: the dashboard (each structure's step
in the method, key figures, common indicators compared), the network report (page, and its PDF
once), the cooperation map and the governance figures. Each page is fetched with the Django test
client, logged in (the whole middleware stack and template rendering), after a warm-up; p95 and
median over `--repeat` requests, and the number of queries of one request. The reference is the
raw SQL that reads the same rows (one or a few aggregate queries per page), in the same run.

    uv run python bench/bench_network_pages.py [--small] [--repeat 60] [--before]

`--before` reproduces the dashboard as it was before issue 7: the step tracker called once per
structure (about twenty queries each) instead of one batch for all, and the common indicators
computed at every reading instead of kept (organisations/comparison_cache.py); nor are the
evidence's answer counts, the steps' sentences or the cooperation map kept (collection/evidence,
evaluation/steps, organisations/map_cache).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import benchlib

NETWORK = "federation-001"
ADVISOR = "conseil-001@bench.invalid"


def raw_queries(network_id: int, year: int) -> dict[str, list[tuple[str, list]]]:
    """What each page reads, as hand-written SQL: the reference of each page."""
    accompanied = """
        SELECT nm.organisation_id FROM organisations_networkmembership nm
        WHERE nm.network_id = %s AND nm.role = 'accompanied'"""
    structures = (
        f"""
        SELECT o.id, o.name, o.slug, o.kind, p.id, f.id,
          (SELECT count(*) FROM evaluation_transformationgoal g WHERE g.framework_id = f.id),
          (SELECT count(*) FROM evaluation_evaluativequestion q WHERE q.framework_id = f.id),
          (SELECT count(*) FROM evaluation_indicator i WHERE i.framework_id = f.id),
          (SELECT count(*) FROM evaluation_chainlink l JOIN evaluation_valuechain c
             ON c.id = l.chain_id WHERE c.project_id = p.id)
        FROM organisations_organisation o
        LEFT JOIN projects_membership m ON m.organisation_id = o.id AND m.role = 'porteur'
        LEFT JOIN projects_project p ON p.id = m.project_id
        LEFT JOIN evaluation_framework f ON f.project_id = p.id
        WHERE o.id IN ({accompanied}) ORDER BY o.name""",
        [network_id],
    )
    evidence = (
        f"""
        SELECT s.organisation_id, count(*) FROM collection_answer a
        JOIN collection_question q ON q.id = a.question_id
        JOIN collection_survey s ON s.id = q.survey_id
        WHERE s.organisation_id IN ({accompanied}) GROUP BY s.organisation_id""",
        [network_id],
    )
    sessions = (
        f"""
        SELECT act.organisation_id, count(*) FROM collection_activitysession se
        JOIN collection_activity act ON act.id = se.activity_id
        WHERE act.organisation_id IN ({accompanied}) GROUP BY act.organisation_id""",
        [network_id],
    )
    testimonies = (
        f"""
        SELECT organisation_id, count(*) FROM collection_testimony
        WHERE organisation_id IN ({accompanied}) GROUP BY organisation_id""",
        [network_id],
    )
    figures = (
        f"""
        SELECT DISTINCT ON (k.organisation_id) k.* FROM organisations_keyfigures k
        WHERE k.organisation_id IN ({accompanied}) ORDER BY k.organisation_id, k.year DESC""",
        [network_id],
    )
    # The common indicators of the year: answers of every structure's survey read in the year,
    # counted by structure, question and value; attendance added up by structure.
    compared = (
        f"""
        SELECT s.organisation_id, q.code, a.choices, sum(a.number), count(*)
        FROM collection_answer a
        JOIN collection_response r ON r.id = a.response_id
        JOIN collection_question q ON q.id = a.question_id
        JOIN collection_survey s ON s.id = q.survey_id
        WHERE s.organisation_id IN ({accompanied})
          AND r.submitted_at >= %s AND r.submitted_at < %s
        GROUP BY s.organisation_id, q.code, a.choices""",
        [network_id, f"{year}-01-01", f"{year + 1}-01-01"],
    )
    attendance = (
        f"""
        SELECT act.organisation_id, sum(at.count) FROM collection_attendance at
        JOIN collection_activitysession se ON se.id = at.session_id
        JOIN collection_activity act ON act.id = se.activity_id
        WHERE act.organisation_id IN ({accompanied})
          AND se.date >= %s AND se.date < %s
        GROUP BY act.organisation_id""",
        [network_id, f"{year}-01-01", f"{year + 1}-01-01"],
    )
    network_sessions = (
        """
        SELECT s.id, s.held_on, s.kind, a.organisation_id, a."group", a.count
        FROM organisations_networksession s
        LEFT JOIN organisations_networksessionattendance a ON a.session_id = s.id
        WHERE s.network_id = %s ORDER BY s.held_on""",
        [network_id],
    )
    ties = (
        f"""
        SELECT m1.organisation_id, m2.organisation_id, m1.project_id FROM projects_membership m1
        JOIN projects_membership m2 ON m2.project_id = m1.project_id
          AND m2.organisation_id <> m1.organisation_id
        WHERE m1.organisation_id IN ({accompanied})
        UNION ALL
        SELECT organisation_id, partner_id, NULL FROM organisations_agreement
        WHERE organisation_id IN ({accompanied})""",
        [network_id, network_id],
    )
    governance = (
        f"""
        SELECT b.organisation_id, b.id, b.kind, count(DISTINCT m.id), count(DISTINCT bm.id)
        FROM organisations_governingbody b
        LEFT JOIN organisations_mandate m ON m.body_id = b.id
        LEFT JOIN organisations_bodymeeting bm ON bm.body_id = b.id
        WHERE b.organisation_id IN ({accompanied})
        GROUP BY b.organisation_id, b.id, b.kind""",
        [network_id],
    )
    dashboard = [structures, evidence, sessions, testimonies, figures, compared, attendance]
    return {
        "dashboard": dashboard + [network_sessions],
        "report": dashboard + [network_sessions, ties],
        "map": [network_sessions, ties],
        "governance": [figures, governance],
    }


def run_raw(statements) -> int:
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="jeu réduit (département 1)")
    parser.add_argument(
        "--repeat", type=int, default=None, help="requêtes par page (60 ; 5 en --small)"
    )
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--before", action="store_true", help="suivi des étapes structure par structure"
    )
    parser.add_argument("--only", help="une page : dashboard, report, map, governance")
    args = parser.parse_args(argv)
    repeat = args.repeat or (5 if args.small else 60)  # 60: a p95 is the 57th, not the 19th

    benchlib.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from maillage.accounts.models import User
    from maillage.evaluation.steps import project_steps
    from maillage.organisations import network_dashboard
    from maillage.organisations.models import Network

    network = Network.objects.filter(slug=NETWORK).first()
    advisor = User.objects.filter(email=ADVISOR).first()
    if network is None or advisor is None:
        sys.exit(f"Réseau {NETWORK} ou compte {ADVISOR} absent : lancez d'abord bench/generate.py.")
    if args.before:
        # The step tracker structure by structure, and the common indicators computed at every
        # reading (no kept values): the dashboard's two causes of slowness before issue 7.
        from maillage.organisations import comparison_cache

        class NoCache:
            def get(self, key):
                return None

            def set(self, *args, **kwargs):
                pass

            def get_many(self, keys):
                return {}

            def set_many(self, *args, **kwargs):
                pass

        from maillage.collection import evidence
        from maillage.evaluation import steps
        from maillage.organisations import map_cache

        # Nor the answer counts, the steps' sentences and the cooperation map kept since.
        for module in (comparison_cache, evidence, steps, map_cache):
            module.cache = NoCache()
        network_dashboard.projects_steps = lambda projects: {
            p.pk: project_steps(p) for p in projects
        }
    structures = network.memberships.filter(role="accompanied").count()
    year = network_dashboard.default_year()
    client = Client()
    client.force_login(advisor)
    pages = {
        "dashboard": (
            "Tableau de bord du réseau",
            reverse("organisations:network", args=[NETWORK]),
        ),
        "report": ("Rapport du réseau (page)", reverse("reports:network_report", args=[NETWORK])),
        "map": ("Carte des coopérations", reverse("organisations:network_map", args=[NETWORK])),
        "governance": (
            "Gouvernance du réseau",
            reverse("organisations:network_governance", args=[NETWORK]),
        ),
    }
    raw = raw_queries(network.pk, year)
    rows = []
    for key, (label, url) in pages.items():
        if args.only and key != args.only:
            continue
        for _ in range(args.warmup):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        connection.queries_log.clear()  # a full log (9,000 entries) would capture nothing
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)
        times = [benchlib.timed(client.get, url)[0] for _ in range(repeat)]
        run_raw(raw[key])
        raw_seconds = benchlib.median_seconds(lambda statements=raw[key]: run_raw(statements), 5)
        p95 = benchlib.percentile(times, 0.95)
        print(f"{label} : p95 {p95 * 1000:.0f} ms", flush=True)
        rows.append(
            {
                "page": label,
                "p95_ms": p95 * 1000,
                "median_ms": statistics.median(times) * 1000,
                "raw_sql_ms": raw_seconds * 1000,
                "ratio": statistics.median(times) / raw_seconds,
                "queries": query_count,
            }
        )
    if not args.only or args.only == "report":
        url = reverse("reports:network_report_pdf", args=[NETWORK])
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        rows.append(
            {
                "page": "Rapport du réseau (PDF, une fois)",
                "p95_ms": None,
                "median_ms": seconds * 1000,
                "raw_sql_ms": None,
                "ratio": None,
                "queries": None,
            }
        )
    notes = (
        f"Réseau {NETWORK} : {structures} structures accompagnées ; {repeat} requêtes par page "
        f"après {args.warmup} d'échauffement ; référence : SQL écrit à la main lisant les mêmes "
        f"lignes (médiane de 5)"
        + (" ; AVANT (étapes par structure, indicateurs recalculés)" if args.before else "")
    )
    name = "network_pages_before" if args.before else "network_pages"
    benchlib.report(name, rows, small=args.small, notes=notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
