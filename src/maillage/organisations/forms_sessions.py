"""The form of a network's collective session, and its attendance grid (structure × group)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.groups import StakeholderGroup, attendance_field, read_attendance
from maillage.organisations.models import NetworkSession, Organisation

GROUPS = StakeholderGroup.choices


class SessionForm(forms.ModelForm):
    class Meta:
        model = NetworkSession
        fields = ["kind", "held_on", "title", "place", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": gettext_lazy("Intitulé (facultatif)"),
            "place": gettext_lazy("Lieu (facultatif)"),
            "notes": gettext_lazy("Compte rendu (facultatif)"),
        }


@dataclass
class GridCell:
    name: str
    label: str  # « La Draille — bénévoles », for the input's accessible name
    value: str
    error: str = ""


@dataclass
class GridRow:
    organisation: Organisation
    cells: list[GridCell]


class AttendanceGrid:
    """The grid of counts typed for one session. What was typed is kept as typed, so that a page
    sent back with an error shows every value again."""

    def __init__(self, organisations: list[Organisation], data=None):
        self.organisations = organisations
        self.data = data or {}
        self.counts: dict[tuple[int, str], int] = {}
        self.errors: list[str] = []
        self.rows: list[GridRow] = []
        for organisation in organisations:
            cells = []
            for group, label in GROUPS:
                name = attendance_field(organisation.pk, group)
                text = str(self.data.get(name, "")).strip()
                cell = GridCell(name, f"{organisation.name} — {label}", text)
                try:
                    count = read_attendance(text)
                except ValueError:
                    cell.error = _(
                        "%(structure)s, %(group)s : « %(value)s » n'est pas un nombre entier "
                        "de 0 à 10 000."
                    ) % {"structure": organisation.name, "group": label, "value": text}
                    self.errors.append(cell.error)
                else:
                    if count:
                        self.counts[(organisation.pk, group)] = count
                cells.append(cell)
            self.rows.append(GridRow(organisation, cells))

    @property
    def groups(self):
        return GROUPS

    def is_valid(self) -> bool:
        return not self.errors
