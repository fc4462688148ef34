from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.organisations.forms import DateInput
from maillage.organisations.models import Organisation, Territory
from maillage.projects.models import Membership, Project


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "kind",
            "description",
            "territory",
            "territory_label",
            "period_start",
            "period_end",
        ]
        labels = {"territory": _("Département")}
        help_texts = {"territory": _("Facultatif.")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "period_start": DateInput(),
            "period_end": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(
            kind=Territory.Kind.DEPARTMENT
        ).order_by("code")
        self.fields["territory"].empty_label = _("— aucun —")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error(
                "period_end", _("La fin de la période doit être postérieure à son début.")
            )
        return cleaned


class ProjectCreateForm(ProjectForm):
    """A new project, carried by one of the structures where the user may create projects."""

    organisation = forms.ModelChoiceField(
        label=_("Structure porteuse"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Elle devient porteur du projet."),
    )

    field_order = ["organisation"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        if organisations is not None and len(organisations) == 1:
            field.widget = forms.HiddenInput()


class MemberFields(forms.Form):
    """Role and referent of a member: the referent may be someone without an account."""

    role = forms.ChoiceField(
        label=_("Rôle dans le projet"),
        choices=Membership.Role.choices,
        initial=Membership.Role.PARTNER,
    )
    referent_name = forms.CharField(
        label=_("Référent ou référente (nom)"), max_length=150, required=False
    )
    referent_email = forms.EmailField(
        label=_("Adresse e-mail du référent ou de la référente"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom ou commune de la structure"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class AddMemberForm(MemberFields):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Cette structure n'existe pas dans l'annuaire.")},
    )


class PartnerForm(MemberFields):
    name = forms.CharField(label=_("Nom de la structure"), max_length=200)
    kind = forms.ChoiceField(label=_("Type de structure"), choices=Organisation.Kind.choices)
    commune = forms.CharField(label=_("Commune"), max_length=150, required=False)
    postal_code = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "pattern": "[0-9]{5}"}
        ),
    )

    field_order = ["name", "kind", "commune", "postal_code", "role"]

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and (not value.isdigit() or len(value) != 5):
            raise forms.ValidationError(_("Le code postal compte 5 chiffres."))
        return value


class MemberForm(MemberFields):
    pass
