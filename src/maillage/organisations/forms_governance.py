"""Forms of a structure's governance pages. Each refusal names the field and says why, in
French: an end before a start, a mandate in a dissolved body, more present than members."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.organisations import governance
from maillage.organisations.forms import DateInput
from maillage.organisations.models import BodyMeeting, GoverningBody, Mandate


def _day(value) -> str:
    return f"{value:%d/%m/%Y}"


class BodyForm(forms.ModelForm):
    class Meta:
        model = GoverningBody
        fields = ["kind", "name", "seats", "created_on"]
        widgets = {
            "created_on": DateInput(),
            "seats": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }
        labels = {"name": gettext_lazy("Nom (facultatif)")}
        help_texts = {
            "name": gettext_lazy("Par exemple « Comité d'habitants du Plateau ». Vide : le type."),
            "seats": gettext_lazy(
                "Facultatif. Sert au taux de renouvellement (sinon : les membres en fonction "
                "au 1er janvier)."
            ),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_seats(self):
        seats = self.cleaned_data.get("seats")
        if seats == 0:
            raise forms.ValidationError(_("Une instance compte au moins un siège."))
        return seats

    def clean(self):
        cleaned = super().clean()
        created = cleaned.get("created_on")
        body = self.instance
        if created and body.pk:
            first = body.mandates.order_by("started_on").values_list("started_on", flat=True)
            first = first.first()
            if first and first < created:
                self.add_error(
                    "created_on",
                    _("Un mandat de cette instance commence le %(date)s, avant cette date.")
                    % {"date": _day(first)},
                )
        return cleaned


class CloseBodyForm(forms.Form):
    dissolved_on = forms.DateField(label=gettext_lazy("Dissoute le"), widget=DateInput())

    def __init__(self, *args, body: GoverningBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body

    def clean_dissolved_on(self):
        day = self.cleaned_data["dissolved_on"]
        body = self.body
        if body.created_on and day <= body.created_on:
            raise forms.ValidationError(
                _("L'instance a été créée le %(date)s : elle ne peut être dissoute qu'après.")
                % {"date": _day(body.created_on)}
            )
        late = body.mandates.filter(started_on__gte=day).count()
        if late:
            raise forms.ValidationError(
                _("%(count)s mandat(s) commencent ce jour-là ou après : terminez-les ou "
                  "choisissez une date plus tardive.") % {"count": late}
            )  # fmt: skip
        meeting = body.meetings.filter(held_on__gt=day).order_by("held_on").first()
        if meeting:
            raise forms.ValidationError(
                _("Une réunion de l'instance est consignée le %(date)s, après cette date.")
                % {"date": _day(meeting.held_on)}
            )
        return day


def _body_open_on(body: GoverningBody, day, field_label: str):
    """Errors for a date outside the body's life, or None."""
    if body.created_on and day < body.created_on:
        return _("%(field)s : l'instance n'existe que depuis le %(date)s.") % {
            "field": field_label,
            "date": _day(body.created_on),
        }
    if body.dissolved_on and day >= body.dissolved_on:
        return _("%(field)s : l'instance est dissoute depuis le %(date)s.") % {
            "field": field_label,
            "date": _day(body.dissolved_on),
        }
    return None


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["person_name", "gender", "group", "role", "started_on", "ended_on"]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "person_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        labels = {"ended_on": gettext_lazy("Fin du mandat (facultatif)")}
        help_texts = {
            "gender": gettext_lazy("Sert seulement au calcul de la parité."),
            "ended_on": gettext_lazy("Le jour où la personne quitte l'instance."),
        }

    def __init__(self, *args, body: GoverningBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.body = body

    def clean(self):
        cleaned = super().clean()
        body = self.body
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start:
            problem = _body_open_on(body, start, _("Début du mandat"))
            if problem:
                self.add_error("started_on", problem)
        if start and end and end < start:
            self.add_error(
                "ended_on",
                _("La fin du mandat (%(end)s) précède son début (%(start)s).")
                % {"end": _day(end), "start": _day(start)},
            )
        if end and body.dissolved_on and end > body.dissolved_on:
            self.add_error(
                "ended_on",
                _("L'instance est dissoute le %(date)s : le mandat finit au plus tard ce jour-là.")
                % {"date": _day(body.dissolved_on)},
            )
        if start and not self.errors.get("started_on"):
            current = governance.members_on(body.mandates.all(), start)
            name = (cleaned.get("person_name") or "").strip().casefold()
            if name and any(m.person_name.strip().casefold() == name for m in current):
                self.add_error(
                    "person_name",
                    _("Cette personne siège déjà dans l'instance le %(date)s : terminez d'abord "
                      "son mandat en cours (réélection, changement de rôle).")
                    % {"date": _day(start)},
                )  # fmt: skip
            elif body.seats and len(current) >= body.seats:
                self.add_error(
                    "started_on",
                    _("Le %(date)s, les %(seats)s sièges de l'instance sont déjà occupés : "
                      "terminez d'abord un mandat.") % {"date": _day(start), "seats": body.seats},
                )  # fmt: skip
        return cleaned


class EndMandateForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Fin du mandat"), widget=DateInput())

    def __init__(self, *args, mandate: Mandate, **kwargs):
        super().__init__(*args, **kwargs)
        self.mandate = mandate

    def clean_ended_on(self):
        day = self.cleaned_data["ended_on"]
        mandate, body = self.mandate, self.mandate.body
        if day < mandate.started_on:
            raise forms.ValidationError(
                _("La fin du mandat (%(end)s) précède son début (%(start)s).")
                % {"end": _day(day), "start": _day(mandate.started_on)}
            )
        if body.dissolved_on and day > body.dissolved_on:
            raise forms.ValidationError(
                _("L'instance est dissoute le %(date)s : le mandat finit au plus tard ce jour-là.")
                % {"date": _day(body.dissolved_on)}
            )
        return day


class MeetingForm(forms.ModelForm):
    class Meta:
        model = BodyMeeting
        fields = ["held_on", "present", "notes"]
        widgets = {
            "held_on": DateInput(),
            "present": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"notes": gettext_lazy("Notes (facultatif)")}

    def __init__(self, *args, body: GoverningBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.body = body
        self.members_that_day: int | None = None

    def clean(self):
        cleaned = super().clean()
        body, day, present = self.body, cleaned.get("held_on"), cleaned.get("present")
        if not day:
            return cleaned
        problem = _body_open_on(body, day, _("Date"))
        if problem:
            self.add_error("held_on", problem)
            return cleaned
        if body.meetings.filter(held_on=day).exclude(pk=self.instance.pk).exists():
            self.add_error(
                "held_on",
                _("Une réunion de cette instance est déjà consignée le %(date)s.")
                % {"date": _day(day)},
            )
        self.members_that_day = governance.present_limit(body, day)
        if present is not None and self.members_that_day and present > self.members_that_day:
            self.add_error(
                "present",
                _("%(present)s présents pour %(members)s membres en fonction le %(date)s : le "
                  "nombre de présents ne peut pas dépasser celui des membres.")
                % {"present": present, "members": self.members_that_day, "date": _day(day)},
            )  # fmt: skip
        return cleaned


class YearForm(forms.Form):
    annee = forms.TypedChoiceField(label=gettext_lazy("Année"), coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in years]
