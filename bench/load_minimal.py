"""The reference of benchmark 4: a minimal Django view that stores one row, for the load test only.

This module is at once a settings module (Maillage's settings, every middleware included) and the
URLconf it names, so that `bench/load_submissions.py --compare-minimal` serves it with the very
same gunicorn settings (`maillage.cli._serve`) and database as the real answer pages. It lives in
bench/ and is never a production route.

GET /minimal/ gives a tiny form (CSRF token and a fresh key, like the answer page); POST stores
one row keyed by it, once (a retried POST finds its row), and redirects like the answer page.
"""

from __future__ import annotations

import uuid

from maillage.config.settings import *  # noqa: F403  (the same settings, one URLconf changed)

ROOT_URLCONF = __name__
TABLE = "bench_load_minimal"
CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(key uuid PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
)


def minimal(request):
    from django.db import connection
    from django.http import HttpResponse, HttpResponseRedirect
    from django.middleware.csrf import get_token

    if request.method == "POST":
        key = uuid.UUID(request.POST["submission_key"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (key, payload) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                [key, request.POST.get("payload", "")],
            )
        return HttpResponseRedirect("/minimal/merci/")
    token = get_token(request)
    return HttpResponse(
        '<form method="post">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<input type="hidden" name="submission_key" value="{uuid.uuid4()}">'
        "</form>"
    )


def _urlpatterns():
    from django.urls import path

    return [path("minimal/", minimal)]


urlpatterns = _urlpatterns()
