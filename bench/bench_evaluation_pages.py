"""Benchmark: the evaluation pages of a large project against the same rows read directly.

Builds, in a throw-away SQLite database (or the PostgreSQL of DATABASE_URL), the demo world plus a
project the size of a big coopération: 12 objectives, 24 questions, 40 indicators and a value
chain of 40 maillons with 60 links and 80 contributions. It then times each page as its user gets
it (Django test client, logged in) against the raw SQL that reads the same rows, in the same run,
and prints the ratio (page / raw SQL) with the number of queries of each page.

    uv run python bench/bench_evaluation_pages.py [--repeat 15]

Figures go to docs/benchmarks.md. Ratios, not seconds, are what to compare from one machine or
one change to the next.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def setup_django() -> None:
    os.environ["MAILLAGE_MODE"] = "test"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.config.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["MAILLAGE_SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_big_project():
    """A project with 40 indicators and a 40-maillon chain, through the ORM in bulk."""
    from maillage.accounts.models import User
    from maillage.demo import registry
    from maillage.evaluation.actions import framework_for
    from maillage.evaluation.models import (
        ChainEdge,
        ChainLink,
        Contribution,
        Criterion,
        EvaluativeQuestion,
        Indicator,
        TransformationGoal,
        ValueChain,
    )
    from maillage.projects.models import Membership, Project

    world = registry.build()
    lead = world.organisations["moulin"]
    members = [world.organisations[slug] for slug in world.extra["bien_vieillir_centres"]]
    project = Project.objects.create(
        title="Grand projet de banc d'essai",
        slug="banc-essai",
        kind=Project.Kind.COOPERATION,
        period_start=date(2025, 1, 1),
        period_end=date(2028, 12, 31),
    )
    Membership.objects.bulk_create(
        Membership(
            project=project,
            organisation=member,
            role=Membership.Role.LEAD if member == lead else Membership.Role.PARTNER,
        )
        for member in members
    )
    framework = framework_for(project)
    criteria = list(Criterion.objects.filter(project=None))
    targets = ["habitants", "territoire", "communaute"]
    goals = TransformationGoal.objects.bulk_create(
        TransformationGoal(framework=framework, target=targets[i % 3], title=f"Objectif {i}")
        for i in range(12)
    )
    questions = EvaluativeQuestion.objects.bulk_create(
        EvaluativeQuestion(
            framework=framework,
            goal=goals[i % 12],
            criterion=criteria[i % len(criteria)],
            text=f"Question évaluative {i} ?",
        )
        for i in range(24)
    )
    Indicator.objects.bulk_create(
        Indicator(
            framework=framework,
            question=questions[i % 24],
            name=f"Indicateur {i}",
            computation="latest",
            source_type="manual",
            unit="personnes",
        )
        for i in range(40)
    )
    chain = ValueChain.objects.create(project=project, title="Chaîne de 40 maillons")
    kinds = ChainLink.KIND_ORDER
    links = ChainLink.objects.bulk_create(
        ChainLink(
            chain=chain,
            kind=kinds[i % 5],
            title=f"Maillon {i} au libellé assez long pour passer sur deux lignes",
            target=targets[i % 3] if kinds[i % 5] == "effect" else "",
            resource_type="support" if kinds[i % 5] == "resource" else "",
            order=i,
        )
        for i in range(40)
    )
    by_kind = {kind: [link for link in links if link.kind == kind] for kind in kinds}
    edges = []
    for step, kind in enumerate(kinds[:-1]):
        sources, targets_ = by_kind[kind], by_kind[kinds[step + 1]]
        for i, source in enumerate(sources):
            edges.append(ChainEdge(chain=chain, source=source, target=targets_[i % len(targets_)]))
            edges.append(
                ChainEdge(chain=chain, source=source, target=targets_[(i + 3) % len(targets_)])
            )
    for i, common in enumerate(by_kind["common"][:4]):
        edges.append(ChainEdge(chain=chain, source=common, target=by_kind["resource"][i]))
    ChainEdge.objects.bulk_create(edges, ignore_conflicts=True)
    Contribution.objects.bulk_create(
        Contribution(
            link=links[i % 40],
            organisation=members[i % len(members)],
            direction="cost" if i % 2 else "benefit",
            nature="hours",
            quantity=10 + i,
            euro_value=120 * (i + 1),
        )
        for i in range(80)
    )
    user = User.objects.get(email="coordination@bienvieillir.demo")
    return project, framework, chain, user


RAW_FRAMEWORK = [
    "SELECT * FROM evaluation_transformationgoal WHERE framework_id = %s",
    "SELECT * FROM evaluation_evaluativequestion WHERE framework_id = %s",
    "SELECT * FROM evaluation_indicator WHERE framework_id = %s",
]
RAW_CHAIN = [
    "SELECT * FROM evaluation_chainlink WHERE chain_id = %s",
    "SELECT * FROM evaluation_chainedge WHERE chain_id = %s",
    "SELECT c.*, o.name FROM evaluation_contribution c JOIN evaluation_chainlink l "
    "ON l.id = c.link_id JOIN organisations_organisation o ON o.id = c.organisation_id "
    "WHERE l.chain_id = %s",
]


def timed(function, repeat: int) -> float:
    function()  # warm caches (templates, connections) before measuring
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def raw(queries):
    """Run each (sql, key) pair and fetch its rows: the same data a page reads, done directly."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql, key in queries:
                cursor.execute(sql, [key])
                cursor.fetchall()

    return run


def page(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)

    def run():
        client.get(url)

    return run, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from maillage.evaluation.diagram import render_chain_svg

    project, framework, chain, user = build_big_project()
    client = Client()
    client.force_login(user)
    framework_rows = [(sql, framework.pk) for sql in RAW_FRAMEWORK]
    chain_rows = [(sql, chain.pk) for sql in RAW_CHAIN]
    cases = [
        ("Cadre (40 indicateurs)", reverse("evaluation:framework", args=[project.slug]),
         framework_rows),
        ("Chaîne (40 maillons)", chain.get_absolute_url(), chain_rows),
        ("Étapes de la méthode", reverse("evaluation:steps", args=[project.slug]),
         framework_rows + chain_rows),
    ]  # fmt: skip

    print(f"{'page':32} {'page (ms)':>10} {'SQL (ms)':>9} {'ratio':>7} {'requêtes':>9}")
    for label, url, queries in cases:
        run, count = page(client, url)
        page_time = timed(run, args.repeat)
        raw_time = timed(raw(queries), args.repeat)
        print(
            f"{label:32} {page_time * 1000:10.1f} {raw_time * 1000:9.2f} "
            f"{page_time / raw_time:7.0f} {count:9d}"
        )
    svg_time = timed(lambda: render_chain_svg(chain), args.repeat)
    raw_time = timed(raw(chain_rows[:2]), args.repeat)
    print(
        f"{'Schéma SVG seul (40 maillons)':32} {svg_time * 1000:10.1f} {raw_time * 1000:9.2f} "
        f"{svg_time / raw_time:7.0f} {'':>9}"
    )


if __name__ == "__main__":
    main()
