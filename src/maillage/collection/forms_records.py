"""Forms of activity and volunteer records: activities, quick session entry, volunteer time and
record imports."""

import uuid
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maillage.collection import records
from maillage.collection.models import Activity, Participant
from maillage.evaluation.models import StakeholderGroup

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["name", "project", "default_duration", "description", "archived"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].required = False
        self.fields["default_duration"].localize = True
        self.fields["default_duration"].widget.is_localized = True


class HoursField(forms.CharField):
    """Hours typed as '2', '1,5' or '1h30'."""

    def __init__(self, *args, maximum=records.MAX_HOURS, **kwargs):
        self.maximum = maximum
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return records.parse_hours(value, maximum=self.maximum)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class SubmissionKeyMixin(forms.Form):
    """A hidden key, new on each empty form: the entry is stored once however often it is sent."""

    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def fresh_key(self):
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class SessionForm(SubmissionKeyMixin):
    """One session, typed fast: the date is filled in, Tab moves from count to count."""

    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    duration = HoursField(
        label=_("Durée (heures)"),
        required=False,
        help_text=_("Ex. : 2 ; 1,5 ; 1h30. Vide : la durée habituelle."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Personnes présentes (facultatif)"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_names = forms.CharField(
        label=_("Autres personnes à nommer (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Un nom par ligne. Elles comptent parmi les habitants."),
    )
    notes = forms.CharField(label=_("Remarque"), required=False, max_length=300)

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["duration"].widget.attrs["placeholder"] = str(
            activity.default_duration.normalize()
        ).replace(".", ",")
        for value, label in StakeholderGroup.choices:
            self.fields[f"count_{value}"] = forms.IntegerField(
                label=label.capitalize(),
                min_value=0,
                max_value=10_000,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--count"}),
            )
        self.fields["people"].queryset = activity.organisation.participants.all()
        self.fresh_key()
        self.order_fields(["date", "duration", *self.count_names(), "people", "new_names"])

    @staticmethod
    def count_names():
        return [f"count_{value}" for value, _label in StakeholderGroup.choices]

    def count_fields(self):
        return [self[name] for name in self.count_names()]

    def counts(self) -> dict[str, int]:
        return {
            value: self.cleaned_data.get(f"count_{value}") or 0
            for value, _label in StakeholderGroup.choices
        }

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > date.today().replace(year=date.today().year + 1):
            raise ValidationError(_("Cette date est à plus d'un an d'ici."))
        return value

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        names = records.split_names(data.get("new_names", ""))
        data["names"] = names
        if not sum(self.counts().values()) and not data.get("people") and not names:
            raise ValidationError(
                _("Indiquez combien de personnes sont venues, ou cochez leurs noms.")
            )
        return data


class VolunteerTimeForm(SubmissionKeyMixin):
    date = forms.DateField(label=_("Date ou fin de période"), widget=DATE_WIDGET)
    hours = HoursField(
        label=_("Heures données"),
        maximum=records.Decimal("100000"),
        help_text=_("En tout pour la période ; ex. : 3 ; 2,5 ; 1h30."),
    )
    activity = forms.ModelChoiceField(
        label=_("Activité"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("— vie de la structure (conseil, fêtes, accueil…) —"),
    )
    person = forms.ModelChoiceField(
        label=_("Bénévole"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label=_("— choisir —"),
    )
    person_name = forms.CharField(
        label=_("ou nouveau ou nouvelle bénévole"), required=False, max_length=150
    )
    group_label = forms.CharField(
        label=_("ou groupe de bénévoles"),
        required=False,
        max_length=150,
        help_text=_("Ex. : équipe de l'accompagnement scolaire"),
    )
    volunteers = forms.IntegerField(
        label=_("Nombre de bénévoles du groupe"), min_value=1, max_value=1000, initial=1
    )
    notes = forms.CharField(label=_("Remarque"), required=False, max_length=300)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = organisation.activities.filter(archived=False)
        self.fields["person"].queryset = organisation.participants.order_by("name")
        self.fresh_key()

    def clean(self):
        data = super().clean()
        given = [
            bool(data.get("person")),
            bool((data.get("person_name") or "").strip()),
            bool((data.get("group_label") or "").strip()),
        ]
        if sum(given) == 0:
            raise ValidationError(_("Choisissez un ou une bénévole, tapez un nom ou un groupe."))
        if sum(given) > 1:
            raise ValidationError(
                _("Une saisie porte sur une personne ou sur un groupe : remplissez un seul champ.")
            )
        return data


class RecordImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Ce que contient le fichier"),
        choices=[
            ("seances", _("des séances d'activité")),
            ("benevolat", _("du temps bénévole")),
        ],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("Fichier CSV ou XLSX"))
