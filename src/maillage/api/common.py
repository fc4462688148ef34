"""What every endpoint module shares: turning `access` answers into HTTP statuses.

The rules themselves live in `maillage.access`; here only the presentation: an object the user
may not see answers 404, like an object that does not exist (its existence is not revealed);
an object seen but not changeable answers 403."""

from __future__ import annotations

from django.http import Http404
from ninja.errors import HttpError

from maillage import access
from maillage.access import Action

FORBIDDEN = "Vous pouvez consulter cet élément, mais pas le modifier."


def visible(request, action: Action, obj):
    if obj is None or not access.can(request.auth, action, obj):
        raise Http404
    return obj


def allowed(request, action: Action, obj) -> None:
    if not access.can(request.auth, action, obj):
        raise HttpError(403, FORBIDDEN)


def number(value) -> float | None:
    return float(value) if value is not None else None
