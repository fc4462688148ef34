"""Forms of the charter: its text, and a member's agreement."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.organisations.forms import DateInput
from maillage.projects.models import Charter, CharterAgreement


class CharterForm(forms.ModelForm):
    class Meta:
        model = Charter
        fields = ["values", "goals", "commitments"]
        widgets = {
            "values": forms.Textarea(attrs={"rows": 5}),
            "goals": forms.Textarea(attrs={"rows": 5}),
            "commitments": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "values": _("Une valeur par ligne, avec ce qu'elle veut dire pour le collectif."),
            "commitments": _("Ce à quoi chaque membre s'engage (présence, partage, moyens)."),
        }


class AgreementForm(forms.ModelForm):
    class Meta:
        model = CharterAgreement
        fields = ["agreed_on", "signed_by"]
        widgets = {"agreed_on": DateInput()}
        labels = {"agreed_on": _("Date d'approbation"), "signed_by": _("Signée par")}

    def clean_agreed_on(self):
        value = self.cleaned_data["agreed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date d'approbation ne peut pas être à venir."))
        return value
