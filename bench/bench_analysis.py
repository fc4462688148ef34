"""Benchmarks of the analysis and the restitution, each against the same work done directly.

1. The indicators of a 10,000-answer survey (a share with its Wilson interval, a mean, and a
   before/after change) through the indicator engine, against hand-written SQL that gives the
   same numbers.
2. Les Falaises' report as a PDF (content gathered, charts drawn, Typst run) against Typst alone
   compiling the same generated sources.
3. Assisted coding on the demo data: suggestions made by spaCy's `fr_core_news_md`, then judged
   with the demo's own reading of each testimony (the référente's keywords stand for a person
   accepting or rejecting): how often would a suggestion be accepted?

    uv run python bench/bench_analysis.py [--answers 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench_evaluation_pages import setup_django  # noqa: E402


def median_time(function, repeat: int) -> tuple[object, float]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def big_survey(project, organisation, count: int):
    """A survey with a 1–5 scale pair and a yes/no question, answered `count` times."""
    import random

    from django.utils import timezone

    from maillage.collection.models import Answer, Question, Response, Survey
    from maillage.collection.surveys import add_retrospective_pair
    from maillage.evaluation.actions import framework_for
    from maillage.evaluation.models import Criterion, EvaluativeQuestion, Indicator

    rng = random.Random(5)
    survey = Survey.objects.create(organisation=organisation, project=project, code="bench-10k",
                                   title="Banc d'essai")  # fmt: skip
    before_q, after_q = add_retrospective_pair(survey, code="lien", label="lien", scale_max=5)
    yes = Question.objects.create(survey=survey, code="oui_non", type="yes_no", label="?")
    when = timezone.make_aware(datetime(2025, 6, 1))
    responses = Response.objects.bulk_create(
        Response(survey=survey, submission_key=uuid.uuid4(), submitted_at=when,
                 respondent_group=rng.choice(["habitant", "benevole"]))
        for _ in range(count)
    )  # fmt: skip
    answers = []
    for response in responses:
        before = rng.randint(1, 4)
        after = min(5, before + rng.choice([0, 1, 1, 2]))
        answers += [
            Answer(response=response, question=before_q, choices=[str(before)],
                   number=Decimal(before)),
            Answer(response=response, question=after_q, choices=[str(after)],
                   number=Decimal(after)),
            Answer(response=response, question=yes, choices=[rng.choice(["oui", "non"])]),
        ]  # fmt: skip
    Answer.objects.bulk_create(answers, batch_size=5000)
    framework = framework_for(project)
    question = EvaluativeQuestion.objects.create(
        framework=framework, text="Banc d'essai ?", criterion=Criterion.objects.first()
    )
    params = {"survey": "bench-10k"}
    return [
        Indicator.objects.create(framework=framework, question=question, name="part",
                                 computation="share", source_type="survey_question",
                                 source_params={**params, "question": "oui_non"},
                                 condition_operator="eq", condition_value="oui"),
        Indicator.objects.create(framework=framework, question=question, name="moyenne",
                                 computation="mean", source_type="survey_question",
                                 source_params={**params, "question": "lien_apres"}),
        Indicator.objects.create(framework=framework, question=question, name="évolution",
                                 computation="change", source_type="survey_question",
                                 source_params={**params, "question": "lien_apres",
                                                "before_question": "lien_avant"}),
    ]  # fmt: skip


def direct_sql(survey_code: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            select
              (select avg(case when a.choices like '%%"oui"%%' then 1.0 else 0 end)
                 from collection_answer a join collection_question q on q.id = a.question_id
                 join collection_survey s on s.id = q.survey_id
                 where s.code = %s and q.code = 'oui_non'),
              (select avg(a.number) from collection_answer a
                 join collection_question q on q.id = a.question_id
                 join collection_survey s on s.id = q.survey_id
                 where s.code = %s and q.code = 'lien_apres'),
              (select avg(after.number - before.number) from collection_answer after
                 join collection_question qa on qa.id = after.question_id
                 join collection_answer before on before.response_id = after.response_id
                 join collection_question qb on qb.id = before.question_id
                 join collection_survey s on s.id = qa.survey_id
                 where s.code = %s and qa.code = 'lien_apres' and qb.code = 'lien_avant')
            """,
            [survey_code] * 3,
        )
        return cursor.fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    import typst

    from maillage.analysis import coding
    from maillage.analysis.indicators import compute, project_period
    from maillage.analysis.models import Suggestion
    from maillage.demo import registry
    from maillage.demo.steps.analysis_themes import TAG_THEMES
    from maillage.reports import content
    from maillage.reports.pdf import render_pdf, write_sources

    world = registry.build()

    # 1. indicators of a big survey
    bien_vieillir = world.projects["bien-vieillir"]
    indicators = big_survey(bien_vieillir, world.organisations["moulin"], args.answers)
    values, engine = median_time(lambda: [compute(i) for i in indicators], args.repeat)
    reference, sql = median_time(lambda: direct_sql("bench-10k"), args.repeat)
    share, mean, change = (v.value for v in values)
    assert abs(share / 100 - float(reference[0])) < 1e-9, (share, reference[0])
    assert abs(mean - float(reference[1])) < 1e-9 and abs(change - float(reference[2])) < 1e-9
    print(f"indicators of a {args.answers}-answer survey (share, mean, paired change):")
    print(f"  engine {engine * 1000:.0f} ms, SQL {sql * 1000:.0f} ms, ratio {engine / sql:.1f}")

    # 2. a project report
    project = world.projects["projet-social-falaises-2023-2026"]
    period = project_period(project)

    def full_report():
        return render_pdf(content.build(project, period, content.Options()))

    pdf, whole = median_time(full_report, args.repeat)
    data = content.build(project, period, content.Options())
    with tempfile.TemporaryDirectory() as folder:
        main_file = write_sources(data, Path(folder))
        _pdf, alone = median_time(lambda: typst.compile(str(main_file), root=folder), args.repeat)
    print(f"report PDF of Les Falaises ({len(pdf) // 1024} KB):")
    print(f"  Maillage {whole * 1000:.0f} ms, Typst alone {alone * 1000:.0f} ms, "
          f"ratio {whole / alone:.1f}")  # fmt: skip

    # 3. assisted coding
    start = time.perf_counter()
    coding.nlp()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    made = coding.suggest(project)
    suggested = time.perf_counter() - start
    judged = accepted = 0
    for suggestion in Suggestion.objects.filter(theme__project=project, testimony__isnull=False):
        themes = {TAG_THEMES.get(t.name) for t in suggestion.testimony.tags.all()}
        judged += 1
        accepted += suggestion.theme.name in themes or (
            suggestion.theme.parent is not None and suggestion.theme.parent.name in themes
        )
    print(f"assisted coding: model loaded in {loaded:.1f} s, {made} suggestions in "
          f"{suggested:.1f} s")  # fmt: skip
    print(f"  {accepted} of {judged} suggestions on testimonies match the référente's reading "
          f"({100 * accepted / max(judged, 1):.0f} %)")  # fmt: skip


if __name__ == "__main__":
    main()
