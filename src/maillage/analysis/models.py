"""What the stakeholders conclude: the written answer to each evaluative question, beside its
evidence (DESIGN §2, step 8). One answer per question, rewritten as the deliberation goes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.models import EvaluativeQuestion


class QuestionAnswer(models.Model):
    question = models.OneToOneField(
        EvaluativeQuestion, on_delete=models.CASCADE, related_name="answer"
    )
    text = models.TextField(
        _("réponse à la question"),
        help_text=_("Ce que vous concluez, en vous appuyant sur les indicateurs et les paroles."),
    )
    deliberated_with = models.CharField(
        _("délibérée avec"),
        max_length=400,
        blank=True,
        help_text=_("Ex. : comité de pilotage du 12 mars, habitants, bénévoles, partenaires"),
    )
    disagreements = models.TextField(_("points de désaccord"), blank=True)
    recommendations = models.TextField(_("recommandations"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse à une question évaluative")
        verbose_name_plural = _("réponses aux questions évaluatives")

    def __str__(self):
        return self.text[:60]
