"""Benchmark 2 (issue 7): the indicator engine at national scale, against hand-written SQL.

1. One structure: every indicator of the projet social of s-001-001 for the current year, through
   `analysis.indicators.compute` (figure, interval, breakdowns, rule), against hand-written SQL
   giving the same figures (asserted equal).
2. National figures of common indicators (a share, a mean, attendances, sessions): the value of
   the same-named indicator of every structure that shares its indicator values, pooled.
   - `aggregates.aggregate`, which reads each structure's kept value (`IndicatorFigure`);
   - `aggregates.refresh`, the background task that keeps those values (its time, and per value);
   - the way without kept values: the engine structure by structure, as the network dashboard
     does, measured on department 1 and scaled to all structures;
   against one hand-written SQL query over the answers (or attendance rows) of all structures.

    uv run python bench/bench_national_indicators.py [--small] [--repeat 5]

The kept values it writes are rolled back at the end: the dataset is left as it was.
"""

from __future__ import annotations

import argparse
import math
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

SLUG = "s-001-001"
NATIONAL = [
    "Part des habitants qui disent avoir gagné en confiance",
    "Confiance moyenne déclarée (échelle de 1 à 5)",
    "Participations aux activités",
    "Séances d'activité réalisées",
]

# --- hand-written SQL ---------------------------------------------------------------------------

HAS_VALUE = (
    "(a.text <> '' or a.choices <> '[]'::jsonb or a.number is not null or a.date is not null)"
)
NUMBER = "coalesce(a.number, (a.choices->>0)::numeric)"
# The activities that count for a project: its own, and its lead structure's with no project.
# (A UNION, not an OR: PostgreSQL plans each branch on its index.)
LEADS = (
    "select organisation_id from projects_membership where project_id = %(project)s "
    "and role = 'porteur'"
)
PROJECT_ACTIVITIES = f"""
    select act.id from collection_activity act where act.project_id = %(project)s
    union all
    select act.id from collection_activity act
    where act.project_id is null and act.organisation_id in ({LEADS})
"""


def _one(sql: str, params: dict):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _condition(indicator) -> str:
    values = indicator.condition_values()
    if indicator.condition_operator == "gte":
        return f"{NUMBER} >= {float(values[0])}"
    if indicator.condition_operator == "lte":
        return f"{NUMBER} <= {float(values[0])}"
    wanted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"(a.choices ?| array[{wanted}] or a.text in ({wanted}))"


def structure_sql(indicator, project, low, high, start, end):
    """(value, n) of one indicator by hand, for the shapes of the generated data."""
    params = {"project": project.pk, "low": low, "high": high, "start": start, "end": end,
              "indicator": indicator.pk, **(indicator.source_params or {})}  # fmt: skip
    source, computation = indicator.source_type, indicator.computation
    if source == "survey_question":
        answers = f"""
            from collection_answer a
            join collection_response r on r.id = a.response_id
            join collection_question q on q.id = a.question_id
            join collection_survey s on s.id = q.survey_id
            where s.code = %(survey)s and q.code = %(question)s
              and r.submitted_at between %(low)s and %(high)s and {HAS_VALUE}"""
        if computation == "share":
            hits, n = _one(
                f"select count(*) filter (where {_condition(indicator)}), count(*) {answers}",
                params,
            )
            return (100 * hits / n if n else None), n
        if computation == "mean":
            mean, n = _one(f"select avg({NUMBER}), count({NUMBER}) {answers}", params)
            return (float(mean) if mean is not None else None), n
        if computation == "change":
            paired = answers.replace(
                "where s.code",
                """join collection_answer b on b.response_id = a.response_id
            join collection_question qb on qb.id = b.question_id
            where qb.code = %(before_question)s and s.code""",
            )
            before = "coalesce(b.number, (b.choices->>0)::numeric)"
            mean, n = _one(
                f"select avg({NUMBER} - {before}), count({NUMBER} - {before}) {paired}", params
            )
            return (float(mean) if mean is not None else None), n
    if source == "activity_records":
        sessions = f"""from collection_activitysession se
            where se.activity_id in ({PROJECT_ACTIVITIES})
              and se.date between %(start)s and %(end)s"""
        if params.get("measure") == "sessions":
            n = _one(f"select count(*) {sessions}", params)[0]
            return n, n
        total, n = _one(
            f"""select (select coalesce(sum(at.count), 0) from collection_attendance at
                   where at.session_id in (select se.id {sessions})),
                  (select count(*) {sessions})""",
            params,
        )
        return total, n
    if source == "volunteer_time":
        total, n = _one(
            f"""select coalesce(sum(hours), 0), count(*) from (
              select v.hours from collection_volunteertime v
              where v.activity_id in ({PROJECT_ACTIVITIES})
                and v.date between %(start)s and %(end)s
              union all
              select v.hours from collection_volunteertime v
              where v.activity_id is null and v.organisation_id in ({LEADS})
                and v.date between %(start)s and %(end)s) v""",
            params,
        )
        return float(total), n
    if source == "manual":
        row = _one(
            """select value, (select count(*) from evaluation_manualvalue
                  where indicator_id = %(indicator)s and period_start <= %(end)s
                    and period_end >= %(start)s)
            from evaluation_manualvalue where indicator_id = %(indicator)s
              and period_start <= %(end)s and period_end >= %(start)s
            order by period_end desc limit 1""",
            params,
        )
        return (float(row[0]), row[1]) if row else (None, 0)
    if source == "testimonies":
        themes = [t.lower() for t in params.get("themes") or []]
        hits, n = _one(
            f"""select count(*) filter (where exists (
                  select 1 from collection_testimony_tags tt
                  join collection_testimonytag tag on tag.id = tt.testimonytag_id
                  where tt.testimony_id = t.id and lower(tag.name) = any(%(themes)s))), count(*)
            from (select t.id from collection_testimony t
                  where t.project_id = %(project)s and t.said_on between %(start)s and %(end)s
                  union
                  select t.id from collection_testimony t
                  where t.project_id is null and t.organisation_id in ({LEADS})
                    and t.said_on between %(start)s and %(end)s) t""",
            {**params, "themes": themes},
        )
        return (hits if themes else n), n
    return None, 0


def structure_sql_all(indicators, project, period):
    low, high = period.moments()
    return [structure_sql(i, project, low, high, period.start, period.end) for i in indicators]


SHARING_COPIES = """
    with sharing as (
      select distinct ns.organisation_id from organisations_networkshare ns
      join organisations_networkmembership nm on nm.network_id = ns.network_id
        and nm.organisation_id = ns.organisation_id and nm.role = 'accompanied'
      where ns.scope = 'indicator_values'),
    copies as (
      select m.organisation_id, m.project_id, i.source_params, i.condition_value
      from projects_membership m
      join evaluation_framework f on f.project_id = m.project_id
      join evaluation_framework common on common.id = f.copied_from_id
        and common.network_id is not null
      join evaluation_indicator i on i.framework_id = f.id and i.name = %(name)s
      where m.role = 'porteur' and m.organisation_id in (select organisation_id from sharing))
"""


def national_sql(name: str, computation: str, low, high, start, end):
    """(value, n) of a common indicator over all sharing structures, in one query."""
    params = {"name": name, "low": low, "high": high, "start": start, "end": end}
    if computation in ("share", "mean"):
        answers = f"""
            from copies c
            join collection_survey s on s.code = c.source_params->>'survey'
            join collection_question q on q.survey_id = s.id
              and q.code = c.source_params->>'question'
            join collection_answer a on a.question_id = q.id
            join collection_response r on r.id = a.response_id
            where r.submitted_at between %(low)s and %(high)s and {HAS_VALUE}"""
        if computation == "share":  # the generated condition: 4 or more on the scale
            hits = f"count(*) filter (where {NUMBER} >= 4)"
            hits, n = _one(f"{SHARING_COPIES} select {hits}, count(*) {answers}", params)
            return 100 * hits / n, n
        mean, n = _one(f"{SHARING_COPIES} select avg({NUMBER}), count(*) {answers}", params)
        return float(mean), n
    activities = """
        from copies c
        join collection_activity act on act.project_id = c.project_id
          or (act.project_id is null and act.organisation_id = c.organisation_id)
        join collection_activitysession se on se.activity_id = act.id
        where se.date between %(start)s and %(end)s"""
    if computation == "count":  # sessions
        n = _one(f"{SHARING_COPIES} select count(*) {activities}", params)[0]
        return n, n
    total, n = _one(
        f"""{SHARING_COPIES}, sessions as (select se.id {activities})
        select (select coalesce(sum(at.count), 0) from collection_attendance at
                where at.session_id in (select id from sessions)),
               (select count(*) from sessions)""",
        params,
    )
    return total, n


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="jeu de données réduit (CI)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    benchlib.setup_django()
    from django.db import transaction
    from django.utils import timezone

    from maillage.analysis import aggregates
    from maillage.analysis.indicators import Period, compute, compute_all
    from maillage.evaluation.models import Indicator
    from maillage.organisations.models import NetworkMembership
    from maillage.projects.models import Project

    repeat = 3 if args.small else args.repeat
    year = timezone.localdate().year
    period = Period(date(year, 1, 1), date(year, 12, 31))
    low, high = period.moments()
    rows = []

    # 1. one structure, every indicator of its projet social
    project = Project.objects.get(slug="ps-" + SLUG[2:])
    indicators = list(
        Indicator.objects.filter(framework__project=project)
        .select_related("framework__project")
        .order_by("order", "pk")
    )
    values = [compute(i, period) for i in indicators]
    reference = structure_sql_all(indicators, project, period)
    for indicator, value, (expected, n) in zip(indicators, values, reference, strict=True):
        assert _same(value.value, expected) and value.n == n, (indicator.name, value, expected, n)
    # A few hundredths of a second each: timed in turn with the SQL, many times, so that the
    # machine's noise weighs on both sides of the ratio alike.
    samples = 7 if args.small else 21
    engine, sql = benchlib.paired_medians(
        lambda: [compute(i, period) for i in indicators],
        lambda: structure_sql_all(indicators, project, period),
        samples,
    )
    rows.append({
        "measure": f"one structure: {len(indicators)} indicators, {year}",
        "engine_s": engine, "sql_s": sql, "ratio": engine / sql,
    })  # fmt: skip
    # The same in one pass (what a framework page can use): the project's scope read once.
    together, sql = benchlib.paired_medians(
        lambda: compute_all(indicators, period),
        lambda: structure_sql_all(indicators, project, period),
        samples,
    )
    rows.append({
        "measure": f"one structure in one pass (compute_all): {len(indicators)} indicators",
        "engine_s": together, "sql_s": sql, "ratio": together / sql,
    })  # fmt: skip

    with transaction.atomic():
        # 2. national figures: keep the values, then read them
        structures = len(aggregates.sharing_ids())
        refresh_s, kept = benchlib.timed(lambda: aggregates.refresh(year, NATIONAL))
        rows.append({
            "measure": f"refresh (background): {kept} kept values, {len(NATIONAL)} indicators",
            "engine_s": refresh_s, "sql_s": None, "ratio": None,
        })  # fmt: skip
        department = set(
            NetworkMembership.objects.filter(
                network__slug="federation-001", role="accompanied"
            ).values_list("organisation_id", flat=True)
        ) or set(aggregates.sharing_ids())
        for name in NATIONAL:
            common = Indicator.objects.filter(framework__network__isnull=False, name=name).first()
            national = aggregates.aggregate(name, year)
            expected, n = national_sql(
                name, common.computation, low, high, period.start, period.end
            )
            assert _same(national.value, expected) and national.n == n, (name, national, expected)
            read = benchlib.median_seconds(
                lambda name=name: aggregates.aggregate(name, year), repeat
            )
            direct = benchlib.median_seconds(
                lambda name=name, common=common: national_sql(
                    name, common.computation, low, high, period.start, period.end
                ),
                repeat,
            )
            # Without kept values: the engine structure by structure (the dashboard's way), on
            # structures of department 1, scaled to all sharing structures.
            sample = sorted(department & aggregates.sharing_ids())[: 20 if args.small else 100]
            copies = aggregates.structure_copies(name, sample)
            one_by_one, _values = benchlib.timed(
                lambda copies=copies: [compute(i, period) for i in copies.values()]
            )
            scaled = one_by_one * structures / max(len(copies), 1)
            rows.append({
                "measure": f"national « {name} » = {national.value:.4g} "
                           f"(n={national.n}, {national.structures} structures)",
                "engine_s": read, "sql_s": direct, "ratio": read / direct,
                "structure_by_structure_s": scaled,
                "ratio_structure_by_structure": scaled / direct,
            })  # fmt: skip
        transaction.set_rollback(True)

    notes = (
        f"{structures} structures share their indicator values. One structure: medians of "
        f"{samples} runs, engine and SQL in turn; national figures: medians of {repeat} runs; "
        "« structure by structure » is the engine over department 1 "
        "(100 structures, 20 with --small, as the network dashboard computes it), scaled to all "
        "sharing structures."
    )
    benchlib.report("national_indicators", rows, small=args.small, notes=notes)


if __name__ == "__main__":
    main()
