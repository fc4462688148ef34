"""Collected evidence, one module per kind: surveys and their answers (surveys.py); activity and
volunteer records, testimonies (added by their own modules)."""

from maillage.collection.models.imports import ResponseImport  # noqa: F401
from maillage.collection.models.surveys import (  # noqa: F401
    Answer,
    Campaign,
    Choice,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
)
