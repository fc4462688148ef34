"""Roles a person holds in a structure. Kept apart from the models so that the access module and
the forms can import them without import cycles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrateur")
    CONTRIBUTOR = "contributor", _("Contributeur")
    READER = "reader", _("Lecteur")


ROLE_HELP = {
    Role.ADMIN: _("modifie la fiche de la structure, invite et gère les membres"),
    Role.CONTRIBUTOR: _("saisit des données"),
    Role.READER: _("consulte"),
}
