"""Collected evidence, one module per kind: surveys and their answers (surveys.py); activity and
volunteer records (records.py); testimonies (testimonies.py); consent records (consent.py)."""

from maillage.collection.models.consent import ConsentRecord  # noqa: F401
from maillage.collection.models.imports import ResponseImport  # noqa: F401
from maillage.collection.models.reception import ReceptionRequest  # noqa: F401
from maillage.collection.models.records import (  # noqa: F401
    Activity,
    ActivitySession,
    Attendance,
    Participant,
    VolunteerTime,
)
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
from maillage.collection.models.testimonies import Testimony, TestimonyTag  # noqa: F401
