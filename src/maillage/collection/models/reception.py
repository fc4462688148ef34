"""The reception log (fonction accueil): one row per request received at the front desk, with no
name by default — the person's group, the channel, the theme and what was done. Orientations to a
named partner also feed the cooperation map."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.groups import StakeholderGroup
from maillage.organisations.models import Organisation


class ReceptionRequest(models.Model):
    class Channel(models.TextChoices):
        IN_PERSON = "physique", _("sur place")
        PHONE = "telephone", _("téléphone")
        ONLINE = "en_ligne", _("en ligne (courriel, site, messagerie)")

    class Theme(models.TextChoices):
        RIGHTS = "acces_droits", _("accès aux droits")
        DIGITAL = "numerique", _("aide numérique")
        FAMILY = "famille", _("famille, parentalité")
        HOUSING = "logement", _("logement")
        HEALTH = "sante", _("santé")
        EMPLOYMENT = "emploi", _("emploi, formation")
        LEISURE = "loisirs", _("loisirs, culture, vacances")
        VOLUNTEERING = "benevolat", _("bénévolat, engagement")
        ACTIVITIES = "activites", _("activités du centre, inscriptions")
        OTHER = "autre", _("autre")

    class Outcome(models.TextChoices):
        ANSWERED = "repondu", _("réponse donnée sur place")
        ACCOMPANIED = "accompagne", _("accompagnement individuel")
        COLLECTIVE = "collectif", _("orienté vers une action collective du centre")
        ORIENTED = "oriente", _("orienté vers un partenaire")

    class Group(models.TextChoices):
        RESIDENTS = StakeholderGroup.RESIDENTS.value, StakeholderGroup.RESIDENTS.label
        VOLUNTEERS = StakeholderGroup.VOLUNTEERS.value, StakeholderGroup.VOLUNTEERS.label
        PARTNERS = StakeholderGroup.PARTNERS.value, StakeholderGroup.PARTNERS.label
        UNKNOWN = "inconnu", _("non précisé")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reception_requests"
    )
    received_on = models.DateField(_("date"))
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    group = models.CharField(
        _("la personne est"), max_length=20, choices=Group.choices, default=Group.RESIDENTS
    )
    theme = models.CharField(_("thème de la demande"), max_length=20, choices=Theme.choices)
    outcome = models.CharField(_("ce qui a été fait"), max_length=20, choices=Outcome.choices)
    oriented_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reception_orientations",
        verbose_name=_("partenaire vers qui la personne est orientée"),
    )
    follow_up = models.BooleanField(_("suivi à prévoir"), default=False)
    follow_up_note = models.CharField(_("suivi"), max_length=300, blank=True)
    # Sent with the entry form: a double click or a reload stores the request once.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demande reçue à l'accueil")
        verbose_name_plural = _("journal d'accueil")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="oriente") | models.Q(oriented_to__isnull=False),
                name="reception_orientation_names_a_partner",
            )
        ]

    def __str__(self):
        return f"{self.received_on:%d/%m/%Y} — {self.get_theme_display()}"
