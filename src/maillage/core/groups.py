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
