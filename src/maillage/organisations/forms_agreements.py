"""Forms of the cooperation map (its filters) and of a structure's agreements with partners."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.organisations.cooperation_map import TieKind, year_bounds
from maillage.organisations.forms import DateInput
from maillage.organisations.models import Agreement, Organisation

SEARCH_MIN = 2


class MapFilterForm(forms.Form):
    """The map's filters, read from the query string (GET): a year, or dates from/to, and the
    kinds of ties and of structures to keep."""

    annee = forms.TypedChoiceField(
        label=_("Année"), required=False, coerce=int, empty_value=None,
        help_text=_("Une année civile ; sinon les dates ci-dessous, ou toute la période."),
    )  # fmt: skip
    du = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    au = forms.DateField(label=_("Au"), required=False, widget=DateInput())
    liens = forms.MultipleChoiceField(
        label=_("Types de liens"),
        required=False,
        choices=TieKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : tous les liens."),
    )
    structures = forms.MultipleChoiceField(
        label=_("Types de structures"),
        required=False,
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les structures."),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [("", _("toutes les années"))] + [
            (year, str(year)) for year in years
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and end < start:
            self.add_error("au", _("La date de fin doit être postérieure à la date de début."))
        return cleaned

    @property
    def period(self) -> tuple[date | None, date | None]:
        if not self.is_valid():
            return None, None
        if self.cleaned_data.get("annee"):
            return year_bounds(self.cleaned_data["annee"])
        return self.cleaned_data.get("du"), self.cleaned_data.get("au")

    @property
    def tie_kinds(self) -> list[str]:
        return self.cleaned_data.get("liens", []) if self.is_valid() else []

    @property
    def node_kinds(self) -> list[str]:
        return self.cleaned_data.get("structures", []) if self.is_valid() else []


class PartnerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Chercher une structure partenaire"),
        required=False,
        max_length=100,
        help_text=_("Au moins deux lettres de son nom ou de sa commune."),
    )


def partner_choices(organisation: Organisation, visible, query: str = ""):
    """The structures offered as partners: those matching the search (any structure of the
    instance, a directory lookup), or else those the user already sees and this structure's
    present partners."""
    others = Organisation.objects.exclude(pk=organisation.pk)
    query = query.strip()
    if len(query) >= SEARCH_MIN:
        return others.filter(Q(name__icontains=query) | Q(commune__icontains=query))
    partner_ids = organisation.agreements.values("partner_id")
    return others.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=partner_ids)).distinct()


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["partner", "kind", "title", "starts_on", "ends_on", "annual_amount"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        labels = {"title": _("Intitulé (facultatif)")}
        error_messages = {
            "partner": {
                "required": _("Choisissez la structure partenaire."),
                "invalid_choice": _("Choisissez une structure partenaire dans la liste."),
            },
            "kind": {"required": _("Choisissez le type d'accord.")},
        }

    def __init__(self, *args, organisation: Organisation, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation  # before validation: the model's constraints
        partner = self.fields["partner"]
        # Shown: the search's structures; accepted: any structure but this one.
        partner.queryset = Organisation.objects.exclude(pk=organisation.pk).order_by("name")
        if choices is not None and not self.is_bound:
            partner.queryset = choices.order_by("name")
        partner.label_from_instance = lambda o: f"{o.name} ({o.commune})" if o.commune else o.name
        partner.empty_label = _("— choisir —")
        self.fields["annual_amount"].widget.attrs.update(inputmode="numeric", min="0")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("La fin de l'accord doit être postérieure à son début."))
        return cleaned
