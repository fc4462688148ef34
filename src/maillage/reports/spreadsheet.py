"""Every indicator value of a project, with its breakdowns, as an XLSX workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from maillage.analysis.indicators import compute, default_period, years
from maillage.evaluation.actions import framework_for

HEADERS = [
    "Objectif", "Question évaluative", "Indicateur", "Période", "Ventilation", "Libellé",
    "Valeur", "Borne basse (95 %)", "Borne haute (95 %)", "Données", "Unité", "Référence",
    "Cible", "Règle de calcul",
]  # fmt: skip


def _safe(value):
    # A cell that starts like a formula is written as text (no formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _number(value):
    return None if value is None else round(float(value), 4)


def indicator_rows(indicator):
    whole = default_period(indicator)
    periods = [whole, *years(whole)] if whole else [None]
    for period in periods:
        value = compute(indicator, period)
        label = period.label if period else "toutes les données"
        lines = [("ensemble", "", value.estimate)]
        lines += [("groupe", row.label, row.estimate) for row in value.by_group]
        lines += [("structure", row.label, row.estimate) for row in value.by_member]
        lines += [("choix", row.label, row.estimate) for row in value.distribution]
        for kind, row_label, estimate in lines:
            if estimate is None:
                continue
            yield [
                label, kind, str(row_label), _number(estimate.value), _number(estimate.low),
                _number(estimate.high), estimate.n, "%" if value.is_percent else indicator.unit,
                _number(indicator.baseline), _number(indicator.target_value), value.rule,
            ]  # fmt: skip


def indicators_xlsx(project) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indicateurs"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    framework = framework_for(project)
    indicators = framework.indicators.select_related("question__goal").order_by(
        "question__goal__target", "question__goal__order", "question__order", "order", "pk"
    )
    for indicator in indicators:
        goal = indicator.question.goal.title if indicator.question.goal else ""
        for row in indicator_rows(indicator):
            sheet.append([_safe(v) for v in [goal, indicator.question.text, indicator.name, *row]])
    for index, width in enumerate([30, 40, 40, 12, 12, 28, 10, 10, 10, 9, 12, 10, 10, 60], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
