"""The public answer page's form, built once per survey version in each process.

Every GET and POST of a public link needs the survey's pages, questions and choices, and every
newcomer's first visit shows the same page but for its CSRF token and submission key. Both are
kept here, in the process, under the survey's `version`, which every change to the survey, its
sections, questions or choices raises (the signals below; `surveys.set_choices` on its bulk
path).

The campaign of a link, with its survey row, is read once (`campaign_by_token`, one query) and
then kept for `CAMPAIGN_SECONDS`: under load, the two reads of every submission (the form, then
the answers) were a third of its round trips to the database. Kept a few seconds, a campaign
closed or a survey changed in the meantime may still show its form; nothing wrong is stored,
because the response is written only if the campaign is still open and its survey still at the
version the answers were checked against, in the same statement (`surveys.store_response`,
`if_open_at_version`); otherwise the view reads the campaign afresh and answers with it. A change
made in this process (saves, deletes, `bump`) empties the kept campaigns at once.

What is kept is shared by the threads of the process: it is read, never changed, per request.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template import engines
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from maillage.collection import surveys
from maillage.collection.models import Campaign, Choice, Question, Section, Survey
from maillage.organisations.models import Organisation

# Surveys with an open campaign at once in one process; past that the oldest is built again.
MAX_SURVEYS = 200
# How long a campaign read by its token serves the requests of one process, and how many are kept.
CAMPAIGN_SECONDS = 5
MAX_CAMPAIGNS = 1000
FIELDS_TEMPLATE = "collection/_answer_questions.html"

PAGE_TEMPLATE = "collection/answer.html"
# Stand-ins for what differs per request in a kept page; random, so no survey text holds them.
_MARK = secrets.token_hex(16)
CSRF_MARK, KEY_MARK = f"csrf{_MARK}", f"key{_MARK}"
_ASSEMBLE = "{{ page_head }}{{ csrf_token }}{{ page_middle }}{{ submission_key }}{{ page_tail }}"
_assemble = None

_lock = threading.Lock()
_built: OrderedDict[tuple, Built] = OrderedDict()
# (database, token) -> (when it was read, the campaign with its survey and structure).
_campaigns: OrderedDict[tuple, tuple[float, Campaign]] = OrderedDict()


@dataclass
class Built:
    pages: list[surveys.Page]
    questions: list[Question]  # every page's, in order
    # Rendered empty fields by (page number, pks of the questions shown).
    fields: dict[tuple, SafeString] = field(default_factory=dict)
    # Whole first-visit pages, cut around the CSRF token and the submission key.
    pages_html: dict[tuple, tuple[SafeString, SafeString, SafeString]] = field(default_factory=dict)


def _key(survey: Survey) -> tuple:
    # created_at too: a survey created in a rolled-back transaction may leave its id to another.
    return (survey.pk, survey.created_at, survey.version, get_language())


def built(survey: Survey) -> Built:
    """The survey's pages and questions, as `surveys.pages()` builds them, for this version."""
    key = _key(survey)
    entry = _built.get(key)
    if entry is not None:
        return entry
    page_list = surveys.pages(survey)
    entry = Built(page_list, [q for page in page_list for q in page.questions])
    with _lock:
        _built[key] = entry
        while len(_built) > MAX_SURVEYS:
            _built.popitem(last=False)
    return entry


def question_fields(entry: Built, page, questions, raw: dict, errors: dict) -> SafeString:
    """The HTML of the page's question fields. An empty first visit (no answer on this page, no
    error) is rendered once per version; anything typed or wrong is rendered for this request."""
    cacheable = not errors and not any(raw.get(q.code) for q in page.questions)
    key = (page.number, tuple(q.pk for q in questions))
    if cacheable and (html := entry.fields.get(key)) is not None:
        return html
    # Template.render gives a SafeString: the template escaped what it had to.
    html = get_template(FIELDS_TEMPLATE).render(
        {"questions": questions, "raw": raw, "errors": errors}
    )
    if cacheable:
        entry.fields[key] = html
    return html


def first_visit_page(request, entry: Built, key: tuple, context: dict, make_context):
    """The whole page of a first visit (no cookie: nobody signed in, no message, no draft),
    rendered once per version and `key` (what else it shows), with this request's CSRF token and
    submission key put in. `make_context()` gives the full context, needed on the first render
    only. None when the page cannot be cut (then render it whole)."""
    global _assemble
    parts = entry.pages_html.get(key)
    if parts is None:
        # `form_key` is what the form carries; `submission_key` stays the real one in the
        # context (tests read it there).
        marked = {**make_context(), "csrf_token": CSRF_MARK, "form_key": KEY_MARK}
        html = render_to_string(PAGE_TEMPLATE, marked, request)
        head, csrf, rest = html.partition(CSRF_MARK)
        middle, key_mark, tail = rest.partition(KEY_MARK)
        if not csrf or not key_mark or _MARK in tail:
            return None
        # Slices of a page the template escaped already.
        parts = (mark_safe(head), mark_safe(middle), mark_safe(tail))  # noqa: S308
        entry.pages_html[key] = parts
    if _assemble is None:
        _assemble = engines["django"].from_string(_ASSEMBLE)
    head, middle, tail = parts
    # Through a template (not a string join): {{ csrf_token }} sets the CSRF cookie as usual.
    return _assemble.render(
        {**context, "page_head": head, "page_middle": middle, "page_tail": tail}, request
    )


class _CampaignQuery:
    """`Campaign.objects.select_related("survey__organisation").filter(token=…)`, its SQL and
    converters built once per database from the models rather than compiled at every request
    (the ORM's compilation of this three-table join was a fifth of a submission's time)."""

    def __init__(self, connection):
        q = connection.ops.quote_name
        columns, self.converters, self.parts = [], [], []
        for model, alias in ((Campaign, "c"), (Survey, "s"), (Organisation, "o")):
            start = len(columns)
            for model_field in model._meta.concrete_fields:
                columns.append(f"{alias}.{q(model_field.column)}")
                col = model_field.get_col(alias)
                found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if found:
                    self.converters.append((len(columns) - 1, found, col))
            names = [f.attname for f in model._meta.concrete_fields]
            self.parts.append((model, names, start, len(columns)))
        survey_fk = q(Campaign._meta.get_field("survey").column)
        organisation_fk = q(Survey._meta.get_field("organisation").column)
        token = q(Campaign._meta.get_field("token").column)
        # Names from the models only; the token goes as a parameter.
        self.sql = (
            f"SELECT {', '.join(columns)} FROM {q(Campaign._meta.db_table)} c"  # noqa: S608
            f" JOIN {q(Survey._meta.db_table)} s ON s.{q(Survey._meta.pk.column)} = c.{survey_fk}"
            f" JOIN {q(Organisation._meta.db_table)} o"
            f" ON o.{q(Organisation._meta.pk.column)} = s.{organisation_fk}"
            f" WHERE c.{token} = %s"
        )


_campaign_queries: dict[str, _CampaignQuery] = {}


def campaign_by_token(token: str, *, fresh: bool = False) -> Campaign | None:
    """The campaign of a public link with its survey and structure, as read at most
    `CAMPAIGN_SECONDS` ago in this process (`fresh`: read now); None if no campaign has this
    token (never kept: unknown links cost no memory)."""
    db = router.db_for_read(Campaign)
    key = (db, token)
    kept = None if fresh else _campaigns.get(key)
    if kept is not None and time.monotonic() - kept[0] < CAMPAIGN_SECONDS:
        return kept[1]
    campaign = _read_campaign(db, token)
    with _lock:
        if campaign is None:
            _campaigns.pop(key, None)
        else:
            _campaigns[key] = (time.monotonic(), campaign)
            _campaigns.move_to_end(key)
            while len(_campaigns) > MAX_CAMPAIGNS:
                _campaigns.popitem(last=False)
    return campaign


def _read_campaign(db: str, token: str) -> Campaign | None:
    """The campaign with its survey and structure, in one query."""
    connection = connections[db]
    query = _campaign_queries.get(db)
    if query is None:
        query = _campaign_queries[db] = _CampaignQuery(connection)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [token])
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for index, converters, col in query.converters:
        for convert in converters:
            row[index] = convert(row[index], col, connection)
    campaign, survey, organisation = (
        model.from_db(db, names, row[start:end]) for model, names, start, end in query.parts
    )
    Campaign.survey.field.set_cached_value(campaign, survey)
    Survey.organisation.field.set_cached_value(survey, organisation)
    return campaign


def bump(survey_id: int | None) -> None:
    """Raise the survey's version: the public page builds its form again at the next request."""
    if survey_id is not None:
        Survey.objects.filter(pk=survey_id).update(version=F("version") + 1)
        forget_campaigns()


def forget_campaigns() -> None:
    """The next request of this process reads its campaign afresh (other processes within
    `CAMPAIGN_SECONDS`)."""
    with _lock:
        _campaigns.clear()


def clear() -> None:
    with _lock:
        _built.clear()
        _campaigns.clear()


@receiver([post_save, post_delete], sender=Campaign, dispatch_uid="answer_cache_campaign")
@receiver([post_save, post_delete], sender=Survey, dispatch_uid="answer_cache_survey")
@receiver([post_save, post_delete], sender=Organisation, dispatch_uid="answer_cache_organisation")
def _campaign_changed(sender, **kwargs):
    forget_campaigns()


@receiver([post_save, post_delete], sender=Question, dispatch_uid="answer_cache_question")
@receiver([post_save, post_delete], sender=Section, dispatch_uid="answer_cache_section")
def _survey_part_changed(sender, instance, **kwargs):
    bump(instance.survey_id)


@receiver([post_save, post_delete], sender=Choice, dispatch_uid="answer_cache_choice")
def _choice_changed(sender, instance, **kwargs):
    # By the question's survey in one statement; a question deleted with it bumped already.
    Survey.objects.filter(questions=instance.question_id).update(version=F("version") + 1)
    forget_campaigns()
