"""Authentication of the API: `Authorization: Bearer mlg_<prefix>_<secret>`, a personal token.

Session cookies never authenticate the API, so no page of another site can make a logged-in
browser write through it (no CSRF surface)."""

from __future__ import annotations

from ninja.security import HttpBearer

from maillage.accounts.actions import authenticate_api_token


class PersonalToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = authenticate_api_token(token)
        if found is None:
            return None
        request.api_token = found
        return found.user
