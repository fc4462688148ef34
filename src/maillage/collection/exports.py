"""Survey responses as a table, for CSV and XLSX files.

Respondents are pseudonymised: a response is named by a code derived from the instance's secret
(stable from one export to the next, meaningless outside it), never by a name or an address.
Cells a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) are written as text.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Iterator

from django.conf import settings
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from maillage.collection.models import Question, Response, Survey

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def pseudonym(response: Response) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"response:{response.pk}".encode(), hashlib.sha256
    ).hexdigest()
    return f"R-{digest[:10]}"


def neutralise(value):
    """A text that a spreadsheet would read as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(question: Question, answer) -> object:
    if answer is None:
        return ""
    if question.type == Question.Type.SCALE or question.type == Question.Type.NUMBER:
        return answer.number if answer.number is not None else ""
    if answer.choices:
        return ";".join(answer.choices)
    if answer.date:
        return answer.date.isoformat()
    return answer.text


def headers(questions: list[Question]) -> list[str]:
    fixed = [_("répondant"), _("reçue le"), _("origine"), _("groupe")]
    return fixed + [q.code for q in questions]


def rows(survey: Survey) -> Iterator[list]:
    """One row per response, answers in the order of the questions (codes as headers)."""
    questions = list(survey.questions.all())
    yield headers(questions)
    responses = survey.responses.order_by("submitted_at", "pk").prefetch_related("answers")
    for response in responses.iterator(chunk_size=500):
        by_question = {a.question_id: a for a in response.answers.all()}
        yield [
            pseudonym(response),
            localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
            response.channel,
            response.respondent_group,
            *(neutralise(_cell(q, by_question.get(q.pk))) for q in questions),
        ]


def to_csv(survey: Survey) -> bytes:
    """UTF-8 with a BOM and semicolons: what a French spreadsheet opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows(survey):
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "normalize"):  # Decimal: 3.5 → « 3,5 » as French spreadsheets expect
        return f"{value.normalize():f}".replace(".", ",")
    return neutralise(value)


def to_xlsx(survey: Survey) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Réponses"))
    for row in rows(survey):
        sheet.append([_xlsx_value(v) for v in row])
    labels = workbook.create_sheet(title=_("Questions"))
    labels.append([_("code"), _("question"), _("type")])
    for question in survey.questions.all():
        labels.append([question.code, neutralise(question.label), str(question.get_type_display())])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if hasattr(value, "normalize"):
        return float(value)
    if isinstance(value, str):
        # Numbers stay numbers; text is written as text, never as a formula.
        return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))
    return value
