"""The groups of people whose voice counts (used by evaluation, collection and projects alike)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StakeholderGroup(models.TextChoices):
    """Groups whose voice counts, used for breakdowns and for who was consulted."""

    RESIDENTS = "habitant", _("habitants")
    VOLUNTEERS = "benevole", _("bénévoles")
    STAFF = "salarie", _("salariés")
    BOARD = "administrateur", _("administrateurs")
    PARTNERS = "partenaire", _("partenaires")


# Attendance grids (structure × group), typed for project meetings and network sessions alike.
MAX_ATTENDANCE = 10_000


def attendance_field(organisation_id: int, group: str) -> str:
    """The name of one cell of an attendance grid."""
    return f"att-{organisation_id}-{group}"


def read_attendance(text) -> int | None:
    """A typed count: None when the cell is empty; ValueError unless a whole number from 0 to
    10,000 (ASCII digits only, so « ² » or « ３ » are refused)."""
    text = str(text or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ATTENDANCE:
        raise ValueError(text)
    return int(text)
