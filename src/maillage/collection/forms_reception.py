"""Forms of the reception log: the front-desk entry (a few keys per request) and the journal's
filters."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maillage.collection import reception
from maillage.collection.forms_records import DATE_WIDGET, SubmissionKeyMixin
from maillage.collection.models import ReceptionRequest
from maillage.core.forms import PeriodFilterMixin
from maillage.organisations.models import Organisation

# The digit that picks each choice of a group (1 to 9, then 0 for the tenth), shown on screen.
# Radio buttons already move with the arrow keys without any script; the page's few lines of
# script add the digits.
SHORTCUTS = "1234567890"


class ReceptionForm(SubmissionKeyMixin):
    """One request as the front desk types it, in the order it happens: how the person came, who
    they are, what they ask, what was done. The date comes last: it is today's and kept."""

    channel = forms.ChoiceField(
        label=_("Canal"), choices=ReceptionRequest.Channel.choices, widget=forms.RadioSelect
    )
    group = forms.ChoiceField(
        label=_("La personne est"),
        choices=ReceptionRequest.Group.choices,
        widget=forms.RadioSelect,
        initial=ReceptionRequest.Group.RESIDENTS,
    )
    theme = forms.ChoiceField(
        label=_("Thème de la demande"),
        choices=ReceptionRequest.Theme.choices,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Ce qui a été fait"),
        choices=ReceptionRequest.Outcome.choices,
        widget=forms.RadioSelect,
    )
    oriented_to = forms.ModelChoiceField(
        label=_("Partenaire vers qui la personne est orientée"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— choisir (tapez les premières lettres) —"),
        help_text=_("Obligatoire quand la personne est orientée vers un partenaire."),
    )
    follow_up = forms.BooleanField(label=_("Suivi à prévoir"), required=False)
    follow_up_note = forms.CharField(
        label=_("Suivi (facultatif)"),
        required=False,
        max_length=300,
        help_text=_("Ce qu'il reste à faire, sans nom : « rappeler jeudi pour le dossier »."),
    )
    received_on = forms.DateField(label=_("Date de la demande"), widget=DATE_WIDGET)

    GROUPS = ["channel", "group", "theme", "outcome"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["oriented_to"].queryset = reception.known_partners(organisation)
        self.initial.setdefault("channel", ReceptionRequest.Channel.IN_PERSON)
        self.initial.setdefault("received_on", date.today())
        self.fresh_key()

    def choice_groups(self):
        """The radio groups, each choice with its digit shortcut, for the template; an empty form
        puts the focus on its first group, ready for the next person."""
        groups = []
        for position, name in enumerate(self.GROUPS):
            bound = self[name]
            options = [
                (radio, SHORTCUTS[index] if index < len(SHORTCUTS) else "")
                for index, radio in enumerate(bound)
            ]
            groups.append((bound, options, position == 0 and not self.is_bound))
        return groups

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > date.today():
            raise ValidationError(_("La date de la demande ne peut pas être dans le futur."))
        if value.year < 2000:
            raise ValidationError(_("Cette date est trop ancienne pour le journal d'accueil."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("outcome") == ReceptionRequest.Outcome.ORIENTED and not data.get("oriented_to"):
            self.add_error(
                "oriented_to",
                _(
                    "Choisissez le partenaire vers qui la personne est orientée : il est "
                    "obligatoire pour « orienté vers un partenaire »."
                ),
            )
        return data


class JournalFilterForm(PeriodFilterMixin, forms.Form):
    """The journal's filters, read from the address (GET): all are optional."""

    start = forms.DateField(label=_("Du"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Au"), required=False, widget=DATE_WIDGET)
    theme = forms.ChoiceField(
        label=_("Thème"),
        required=False,
        choices=[("", _("tous")), *ReceptionRequest.Theme.choices],
    )
    channel = forms.ChoiceField(
        label=_("Canal"),
        required=False,
        choices=[("", _("tous")), *ReceptionRequest.Channel.choices],
    )
    outcome = forms.ChoiceField(
        label=_("Ce qui a été fait"),
        required=False,
        choices=[("", _("tout")), *ReceptionRequest.Outcome.choices],
    )

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of `reception.log`."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
