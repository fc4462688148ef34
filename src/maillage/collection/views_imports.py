"""Importing answers from a file: upload, map columns and values (with a preview), run, follow.
Every page works without JavaScript; the follow-up page refreshes itself while the import runs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maillage import access
from maillage.access import Action
from maillage.collection import imports, tasks
from maillage.collection.models import ResponseImport, Survey

MAX_BYTES = 60 * 1024 * 1024
MAX_DISTINCT = 60  # a column with more distinct values than this is not a choice question


def _survey(request, survey_id) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("organisation"), pk=survey_id)
    access.require(request.user, Action.SURVEY_EDIT, survey)
    return survey


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    error, status = "", 200
    if request.method == "POST":
        upload = request.FILES.get("fichier")
        if upload is None:
            error = _("Choisissez un fichier CSV ou XLSX.")
        elif upload.size > MAX_BYTES:
            error = _("Ce fichier dépasse 60 Mo : découpez-le en plusieurs fichiers.")
        else:
            data = upload.read()
            try:
                # The file is read row by row (twice at most), never held as a whole table.
                table = imports.open_table(data, upload.name)
                mapping = imports.suggest_mapping(table, survey)
                value_maps = _value_maps(table, survey, mapping, {})
                total_rows = table.count()
            except imports.ImportProblem as problem:
                error = str(problem)
            else:
                job = ResponseImport.objects.create(
                    survey=survey,
                    filename=upload.name[:255],
                    data=data,
                    mapping=mapping,
                    value_maps=value_maps,
                    total_rows=total_rows,
                    created_by=request.user,
                )
                return redirect("collection:import_mapping", survey_id=survey.pk, import_id=job.pk)
        status = 400
    return render(
        request,
        "collection/import_upload.html",
        {
            "survey": survey,
            "organisation": survey.organisation,
            "error": error,
            "jobs": survey.imports.only(
                "filename", "status", "total_rows", "created_at", "finished_at"
            )[:10],
        },
        status=status,
    )


def _value_maps(table, survey, mapping, chosen) -> dict[str, dict[str, str]]:
    """Suggested value maps for the mapped choice questions (at most MAX_DISTINCT values each,
    for the screen), keeping what the user chose."""
    maps = {}
    for code, suggested in imports.suggest_value_maps(table, survey, mapping).items():
        previous = chosen.get(code, {})
        shown = list(suggested.items())[:MAX_DISTINCT]
        maps[code] = {raw: previous.get(raw, value) for raw, value in shown}
    return maps


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_mapping(request: HttpRequest, survey_id: int, import_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    job = get_object_or_404(ResponseImport, pk=import_id, survey=survey)
    if job.status != ResponseImport.Status.UPLOADED and job.status != ResponseImport.Status.FAILED:
        return redirect("collection:import_status", survey_id=survey.pk, import_id=job.pk)
    table = imports.open_table(bytes(job.data), job.filename)
    questions = list(survey.questions.prefetch_related("choices"))
    codes = {q.code for q in questions}
    if request.method == "POST":
        job.mapping = [
            code if code in codes or code == imports.SUBMITTED_AT else ""
            for code in (request.POST.get(f"col-{i}", "") for i in range(len(table.headers)))
        ]
        chosen = {}
        for key, value in request.POST.items():
            if key.startswith("val-"):
                _prefix, code, index = key.split("-", 2)
                chosen.setdefault(code, {})[request.POST.get(f"raw-{code}-{index}", "")] = value
        job.value_maps = _value_maps(table, survey, job.mapping, chosen)
        job.status = ResponseImport.Status.UPLOADED
        job.save(update_fields=["mapping", "value_maps", "status"])
        if "importer" in request.POST:
            tasks.start(job)
            return redirect("collection:import_status", survey_id=survey.pk, import_id=job.pk)
    preview_rows = table.head(5)
    preview = imports.check(
        imports.Table(table.headers, preview_rows), survey, job.mapping, job.value_maps
    )
    by_code = {q.code: q for q in questions}
    return render(
        request,
        "collection/import_mapping.html",
        {
            "survey": survey,
            "organisation": survey.organisation,
            "job": job,
            "table": table,
            "columns": list(
                zip(range(len(table.headers)), table.headers, job.mapping, strict=True)
            ),
            "questions": questions,
            "value_maps": [
                (by_code[code], list(enumerate(values.items())))
                for code, values in job.value_maps.items()
                if code in by_code
            ],
            "preview_rows": preview_rows,
            "preview_problems": [str(p) for p in preview.problems],
        },
    )


@login_required
@require_safe
def import_status(request: HttpRequest, survey_id: int, import_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    job = get_object_or_404(ResponseImport.objects.defer("data"), pk=import_id, survey=survey)
    running = job.status in (ResponseImport.Status.QUEUED, ResponseImport.Status.RUNNING)
    return render(
        request,
        "collection/import_status.html",
        {"survey": survey, "organisation": survey.organisation, "job": job, "running": running},
    )
