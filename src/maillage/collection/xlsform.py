"""XLSForm, the survey format of KoboToolbox and ODK: write any survey to it (to answer offline in
KoboCollect or ODK Collect) and read a survey definition from it, with pyxform.

What maps: the question types of Maillage, choices, French labels (`label` or
`label::French (fr)`), hints, required, sections as groups, and `relevant` conditions of the
forms `${q} = 'v'`, `${q} = 'v' or ${q} = 'w'` and `selected(${q}, 'v')`. Anything else is
listed in the import report, never silently dropped.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook

from maillage.collection import surveys
from maillage.collection.models import Choice, Question, Section, Survey
from maillage.collection.models.surveys import RESPONDENT_GROUPS

LABEL = "label::French (fr)"
HINT = "hint::French (fr)"


# --- export -------------------------------------------------------------------------------------


def _relevant(question: Question) -> str:
    condition = question.show_if_question
    if condition is None:
        return ""
    if condition.type == Question.Type.MULTIPLE:
        parts = [f"selected(${{{condition.code}}}, '{v}')" for v in question.show_if_values]
    else:
        parts = [f"${{{condition.code}}} = '{v}'" for v in question.show_if_values]
    return " or ".join(parts)


def _type_and_list(question: Question) -> tuple[str, str, str]:
    """(XLSForm type, choice list name, appearance)."""
    kind = question.type
    if kind == Question.Type.SINGLE:
        return f"select_one {question.code}", question.code, ""
    if kind == Question.Type.MULTIPLE:
        return f"select_multiple {question.code}", question.code, ""
    if kind == Question.Type.SCALE:
        return f"select_one echelle_{question.code}", f"echelle_{question.code}", "horizontal"
    if kind == Question.Type.YES_NO:
        return "select_one oui_non", "oui_non", ""
    if kind == Question.Type.GROUP:
        return "select_one groupe", "groupe", ""
    if kind == Question.Type.NUMBER:
        return "decimal", "", ""
    if kind == Question.Type.DATE:
        return "date", "", ""
    if kind == Question.Type.LONG_TEXT:
        return "text", "", "multiline"
    return "text", "", ""


def _choice_rows(question: Question) -> list[tuple[str, str]]:
    if question.type == Question.Type.SCALE:
        rows = []
        for value, label in question.option_list():
            if value == "1" and question.scale_min_label:
                label = f"1 — {question.scale_min_label}"
            elif value == str(question.scale_max) and question.scale_max_label:
                label = f"{value} — {question.scale_max_label}"
            rows.append((value, label))
        return rows
    return question.option_list()


def export_xlsform(survey: Survey) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(["type", "name", LABEL, HINT, "required", "relevant", "appearance"])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", LABEL])
    written_lists: set[str] = set()
    for page in surveys.pages(survey):
        grouped = page.title != survey.title or page.description
        if grouped:
            sheet.append(["begin_group", f"partie_{page.number}", page.title, page.description])
        for question in page.questions:
            kind, list_name, appearance = _type_and_list(question)
            sheet.append(
                [
                    kind,
                    question.code,
                    question.label,
                    question.help_text,
                    "yes" if question.required else "",
                    _relevant(question),
                    appearance,
                ]
            )
            if list_name and list_name not in written_lists:
                written_lists.add(list_name)
                for value, label in _choice_rows(question):
                    choices.append([list_name, value, label])
        if grouped:
            sheet.append(["end_group", f"partie_{page.number}"])
    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(["form_title", "form_id", "default_language", "version"])
    settings_sheet.append([survey.title, survey.code.replace("-", "_"), "French (fr)", "1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_xform(data: bytes) -> str:
    """The XForm XML that ODK tools would build: proves the file is a valid XLSForm."""
    from pyxform import xls2xform

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "questionnaire.xlsx"
        path.write_bytes(data)
        result = xls2xform.convert(xlsform=str(path))
    return result.xform


# --- import -------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    survey: Survey | None = None
    questions: int = 0
    not_mapped: list[str] = field(default_factory=list)  # French, one line per thing left out
    errors: list[str] = field(default_factory=list)


def _label(value) -> str:
    """A French label from pyxform's label (a string, or a dict by language)."""
    if isinstance(value, dict):
        for key in ("French (fr)", "French", "fr", "Français", "default"):
            if value.get(key):
                return str(value[key])
        return str(next(iter(value.values()), ""))
    return str(value or "")


SIMPLE_EQUALS = re.compile(r"^\$\{(\w+)\}\s*=\s*'([^']*)'$")
SELECTED = re.compile(r"^selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\)$")


def parse_relevant(expression: str) -> tuple[str, list[str]] | None:
    """(question code, values) for the conditions Maillage can show, else None."""
    code, values = None, []
    for part in re.split(r"\s+or\s+", expression.strip()):
        match = SIMPLE_EQUALS.match(part.strip()) or SELECTED.match(part.strip())
        if not match or (code and match.group(1) != code):
            return None
        code = match.group(1)
        values.append(match.group(2))
    return (code, values) if code else None


def _parse(data: bytes, filename: str) -> dict:
    from pyxform.xls2json import parse_file_to_json

    from maillage.collection.imports import check_archive

    suffix = Path(filename).suffix.lower() or ".xlsx"
    if suffix in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        check_archive(data)  # a zip bomb is refused before pyxform unzips it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"questionnaire{suffix}"
        path.write_bytes(data)
        return parse_file_to_json(str(path))


TYPE_MAP = {
    "select one": Question.Type.SINGLE,
    "select all that apply": Question.Type.MULTIPLE,
    "integer": Question.Type.NUMBER,
    "decimal": Question.Type.NUMBER,
    "range": Question.Type.NUMBER,
    "date": Question.Type.DATE,
    "text": Question.Type.SHORT_TEXT,
}
SKIPPED_SILENTLY = {"start", "end", "today", "deviceid", "username", "calculate"}


def import_xlsform(data: bytes, filename: str, *, organisation, by, project=None) -> ImportReport:
    """A new survey from an XLSForm file; all of it, or nothing and the reasons in French."""
    report = ImportReport()
    try:
        tree = _parse(data, filename)
    except Exception as error:  # pyxform raises many kinds; every one means « not readable »
        report.errors.append(
            _("Le fichier n'est pas un XLSForm lisible : %(error)s") % {"error": _french(error)}
        )
        return report
    try:
        with transaction.atomic():
            _build(tree, report, organisation=organisation, by=by, project=project)
            if not report.questions:
                raise ValueError(_("la feuille « survey » ne contient aucune question reprise."))
    except Exception as error:
        report.errors.append(_("Import impossible : %(error)s") % {"error": error})
        report.survey = None
    return report


# pyxform's most frequent complaints, said in French; the others keep pyxform's own words.
PYXFORM_ERRORS = [
    (r"You must have a sheet named .survey.",
     N_("il manque la feuille « survey » (les questions).")),
    (r"There should be a choices sheet",
     N_("il manque la feuille « choices » (les listes de choix).")),
    (r"Argument 'definition' was not recognized",
     N_("ce n'est pas un classeur XLSX lisible (fichier abîmé, incomplet ou d'un autre format).")),
    (r"the 'name' value '(?P<name>[^']*)' is invalid. Questions, groups, and repeats must be "
     r"unique",
     N_("le nom « {name} » est déjà celui d'une autre question.")),
    (r"the 'name' value is invalid. Names must begin",
     N_("le nom de la question n'est pas valide (une lettre ou _ d'abord, puis des lettres, "
        "chiffres, _, - ou .).")),
    (r"List name not in choices sheet: (?P<name>\S+)",
     N_("la liste de choix « {name} » n'existe pas dans la feuille « choices ».")),
    (r"Unmatched 'begin_group'. No matching 'end_group' was found for the name '(?P<name>[^']*)'",
     N_("le groupe « {name} » est ouvert (begin_group) mais jamais fermé (end_group).")),
    (r"'(?P<column>\w+)' value is invalid. Reference variables must contain a name from the "
     r"'survey' sheet. Could not find the name '(?P<name>[^']*)'",
     N_("la colonne « {column} » cite « {name} », qui n'est pas une question du questionnaire.")),
]  # fmt: skip


def _french(error: Exception) -> str:
    """pyxform's message in French, with the row of the « survey » sheet where it names one."""
    text = str(error).strip()
    row = re.match(r"\[row : (\d+)\]\s*", text)
    detail = text[row.end() :] if row else text
    for pattern, french in PYXFORM_ERRORS:
        match = re.search(pattern, detail)
        if match:
            detail = _(french).format(**match.groupdict())
            break
    if row:
        return _("feuille « survey », ligne %(row)s : %(detail)s") % {
            "row": row.group(1),
            "detail": detail,
        }
    return detail


def _build(tree: dict, report: ImportReport, *, organisation, by, project) -> None:
    title = _label(tree.get("title")) or tree.get("name") or _("Questionnaire importé")
    code = slugify(tree.get("id_string") or title)[:70] or "questionnaire"
    base, n = code, 2
    while Survey.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    survey = Survey.objects.create(
        organisation=organisation, project=project, code=code, title=title, created_by=by
    )
    report.survey = survey
    order = [0]
    pending_conditions: list[tuple[Question, str]] = []

    def walk(children, section):
        for child in children:
            kind = child.get("type", "")
            name = child.get("name", "")
            if kind in ("group", "repeat"):
                if kind == "repeat":
                    report.not_mapped.append(
                        _("« %(name)s » : les groupes répétés sont repris comme une partie simple.")
                        % {"name": name}
                    )
                inner = Section.objects.create(
                    survey=survey,
                    title=(_label(child.get("label")) or name)[:200],
                    description=_label(child.get("hint")),
                    order=survey.sections.count() + 1,
                )
                walk(child.get("children", []), inner)
                continue
            if kind in SKIPPED_SILENTLY or name in ("meta", "instanceID"):
                continue
            if kind == "note":
                report.not_mapped.append(
                    _("« %(name)s » : les notes (textes sans réponse) ne sont pas reprises.")
                    % {"name": name}
                )
                continue
            mapped = TYPE_MAP.get(kind)
            if mapped is None:
                report.not_mapped.append(
                    _("« %(name)s » : le type « %(type)s » n'existe pas dans Maillage.")
                    % {"name": name, "type": kind}
                )
                continue
            question = _question(survey, section, child, mapped, order)
            report.questions += 1
            relevant = (child.get("bind") or {}).get("relevant")
            if relevant:
                pending_conditions.append((question, relevant))
            constraint = (child.get("bind") or {}).get("constraint")
            if constraint:
                report.not_mapped.append(
                    _("« %(name)s » : la contrainte « %(expr)s » n'est pas reprise ; les réponses "
                      "ne seront pas contrôlées ainsi.")
                    % {"name": question.code, "expr": constraint[:100]}
                )  # fmt: skip

    walk(tree.get("children", []), None)
    _link_pairs(survey)
    by_code = {q.code: q for q in survey.questions.all()}
    for question, expression in pending_conditions:
        parsed = parse_relevant(expression)
        if parsed and parsed[0] in by_code and by_code[parsed[0]].order < question.order:
            question.show_if_question = by_code[parsed[0]]
            question.show_if_values = parsed[1]
            question.save(update_fields=["show_if_question", "show_if_values"])
        else:
            report.not_mapped.append(
                _("« %(name)s » : la condition « %(expr)s » n'est pas reprise ; la question "
                  "sera toujours posée.")
                % {"name": question.code, "expr": expression}
            )  # fmt: skip


def _question(survey, section, child, mapped, order) -> Question:
    order[0] += 1
    options = [(str(c.get("name")), _label(c.get("label"))) for c in child.get("choices") or []]
    values = [v for v, _l in options]
    appearance = (child.get("control") or {}).get("appearance", "")
    kind = mapped
    scale_max = None
    min_label = max_label = ""
    if mapped == Question.Type.SINGLE:
        if sorted(values) in (["non", "oui"], ["no", "yes"]) and len(values) == 2:
            kind = Question.Type.YES_NO
        elif set(values) == set(RESPONDENT_GROUPS):
            kind = Question.Type.GROUP
        elif values in (
            [str(n) for n in range(1, 6)],
            [str(n) for n in range(1, 11)],
        ):
            kind, scale_max = Question.Type.SCALE, len(values)
            min_label = options[0][1].partition("—")[2].strip()
            max_label = options[-1][1].partition("—")[2].strip()
    if mapped == Question.Type.SHORT_TEXT and "multiline" in appearance:
        kind = Question.Type.LONG_TEXT
    bind = child.get("bind") or {}
    question = Question(
        survey=survey,
        section=section,
        code=surveys.unique_code(survey, child.get("name", "")),
        type=kind,
        label=(_label(child.get("label")) or child.get("name", ""))[:400],
        help_text=_label(child.get("hint"))[:300],
        required=str(bind.get("required", "")).lower() in ("yes", "true", "true()"),
        order=order[0],
        scale_max=scale_max,
        scale_min_label=min_label[:60],
        scale_max_label=max_label[:60],
    )
    question.full_clean()
    question.save()
    if kind in Question.CHOICE_TYPES:
        Choice.objects.bulk_create(
            Choice(question=question, value=slugify(v)[:60] or v[:60], label=label[:200], order=i)
            for i, (v, label) in enumerate(options)
        )
    return question


def _link_pairs(survey: Survey) -> None:
    """Questions `x_avant` and `x_apres` on the same scale form a retrospective pair."""
    scales = {q.code: q for q in survey.questions.filter(type=Question.Type.SCALE)}
    for code, after in scales.items():
        if code.endswith("_apres"):
            before = scales.get(code[: -len("_apres")] + "_avant")
            if before and before.scale_max == after.scale_max:
                after.before = before
                after.save(update_fields=["before"])
