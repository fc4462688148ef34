"""The HTTP API of Maillage, mounted at /api/v1/ (schema: /api/v1/openapi.json).

Every endpoint authenticates with a personal token and asks `maillage.access`, like the pages.
Errors are French and share one shape: {"detail": "…", "errors": [{"field", "label", "message"}]}.
"""

from __future__ import annotations

from functools import partial

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from maillage.api import collection, organisations, projects
from maillage.api.auth import PersonalToken

DESCRIPTION = """
L'API de Maillage, pour les logiciels qui travaillent avec les structures : logiciel
d'adhésions, tableur, observatoire.

**Authentification** : chaque requête porte un jeton personnel, créé sur la page « Mon compte »
ou par `maillage token create`, dans l'en-tête `Authorization: Bearer mlg_…`. Le jeton donne
les mêmes droits que son compte, ni plus ni moins : ce que vous ne voyez pas dans les pages
n'existe pas pour l'API (réponse 404).

**Listes** : paginées par `limit` (100 au plus) et `offset` ; la réponse donne `items` et
`count`, dans un ordre stable.

**Saisie** : les réponses aux questionnaires et les séances d'activité sont vérifiées comme
une saisie dans les pages. Chaque envoi porte une `submission_key` (UUID) choisie par votre
logiciel : le renvoyer après une coupure n'enregistre rien de plus. Une erreur (422) nomme la
question ou le champ en cause, et rien n'est enregistré.
"""

NOT_FOUND = "Introuvable, ou vous n'y avez pas accès."
UNAUTHORIZED = (
    "Jeton d'accès absent, inconnu ou révoqué. Envoyez l'en-tête « Authorization: Bearer "
    "mlg_… » avec un jeton créé sur la page « Mon compte »."
)

api = NinjaAPI(
    title="API Maillage",
    version="1",
    description=DESCRIPTION,
    auth=PersonalToken(),
    urls_namespace="api",
    # Swagger UI is served from django-ninja's own static files ("ninja" is an installed app),
    # never from a CDN.
    docs_url="/docs",
)
api.add_router("", organisations.router)
api.add_router("", projects.router)
api.add_router("", collection.router)


def _error(request, detail: str, status: int, errors=None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    response = _error(request, UNAUTHORIZED, 401)
    response["WWW-Authenticate"] = 'Bearer realm="maillage"'
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, NOT_FOUND, 404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:  # django-ninja's own, for a body it cannot read
        return _error(request, "Le corps de la requête n'est pas du JSON lisible.", 400)
    return _error(request, exc.message, exc.status_code)


PYDANTIC_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "uuid_parsing": "Écrivez un UUID, par exemple 3f2b6c1e-8d4a-4e2f-9b1a-2c3d4e5f6a7b.",
    "uuid_type": "Écrivez un UUID, par exemple 3f2b6c1e-8d4a-4e2f-9b1a-2c3d4e5f6a7b.",
    "int_parsing": "Écrivez un nombre entier.",
    "int_type": "Écrivez un nombre entier.",
    "greater_than_equal": "Valeur trop petite.",
    "less_than_equal": "Valeur trop grande.",
    "json_invalid": "Le corps de la requête n'est pas du JSON valide.",
    "model_attributes_type": "Un objet JSON est attendu.",
    "dict_type": "Un objet JSON est attendu.",
    "list_type": "Une liste est attendue.",
    "string_type": "Un texte est attendu.",
}


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    """Requests that do not fit the schema: one French message per field."""
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        if location and location[0] in {"body", "query", "path"}:
            location = location[1:]
        if location and location[0] == "payload":
            location = location[1:]
        message = PYDANTIC_MESSAGES.get(error.get("type", ""), "Valeur refusée.")
        errors.append({"field": ".".join(location) or "body", "message": message})
    return _error(request, "Requête invalide : rien n'est enregistré.", 422, errors)


api.add_exception_handler(collection.Refused, partial(collection.refused_response, api))
api.add_exception_handler(collection.Conflict, partial(collection.conflict_response, api))
