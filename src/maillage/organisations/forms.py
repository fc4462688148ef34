from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from maillage.accounts.roles import Role
from maillage.organisations import sharing
from maillage.organisations.models import KeyFigures, NetworkShare, Organisation, Territory


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "commune",
            "postal_code",
            "department",
            "siret",
            "agrement_start",
            "agrement_end",
            "description",
        ]
        widgets = {
            "agrement_start": DateInput(),
            "agrement_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "pattern": "[0-9]{5}"}
            ),
            "siret": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Territory.objects.filter(
            kind=Territory.Kind.DEPARTMENT
        ).order_by("code")

    def clean_siret(self):
        return self.cleaned_data["siret"].replace(" ", "")

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and (not value.isdigit() or len(value) != 5):
            raise forms.ValidationError(_("Le code postal compte 5 chiffres."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("agrement_start"), cleaned.get("agrement_end")
        if start and end and end <= start:
            self.add_error(
                "agrement_end", _("La fin de l'agrément doit être postérieure à son début.")
            )
        return cleaned


class KeyFiguresForm(forms.ModelForm):
    class Meta:
        model = KeyFigures
        fields = [
            "salaried_staff",
            "staff_fte",
            "board_members",
            "volunteers",
            "member_families",
            "member_associations",
            "annual_budget",
        ]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
            for name in [
                "salaried_staff",
                "board_members",
                "volunteers",
                "member_families",
                "member_associations",
                "annual_budget",
            ]
        } | {
            "staff_fte": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"})
        }


def figures_year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 8, -1)]


class FiguresYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Année des chiffres"), coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = figures_year_choices()


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices, initial=Role.READER)
    job_title = forms.CharField(label=_("Fonction (facultatif)"), max_length=120, required=False)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)


class NetworkShareForm(forms.Form):
    """Four boxes, one per scope; each label says who will see what (`sharing.*_SENTENCES`)."""

    sentences = sharing.NETWORK_SENTENCES
    scopes = forms.MultipleChoiceField(
        label=_("Ce que vous partagez avec ce réseau"),
        choices=NetworkShare.Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [
            (
                value,
                format_html(
                    '<span><strong>{}</strong><br><span class="muted">{}</span></span>',
                    capfirst(label),
                    self.sentences[value],
                ),
            )
            for value, label in NetworkShare.Scope.choices
        ]


class ProjectShareForm(NetworkShareForm):
    sentences = sharing.PROJECT_SENTENCES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].label = _("Ce que vous partagez avec les autres membres du projet")
