"""Governance figures of a structure's bodies (issue 9): plain functions of the stored bodies,
mandates and body meetings, for one body or several pooled, at a date or over a period.

Rules, each stated in French by `RULES` for the pages, the indicators and the report:
- a mandate is in office on day D when it started on or before D and has not ended on or before
  D (a mandate ended at a general assembly no longer counts that day, the one started there does);
- shares (residents, each group, women) are counted among the members in office;
- parity holds when women are between 40 % and 60 % of the members in office;
- co-presidents are the members in office with that role (every member of a co-presidency body);
  a co-presidency needs at least two;
- the renewal rate divides the newcomers of the period (mandates started in it, except a
  mandate that continues without a break the same person's seat in the same body: a re-election
  or a change of role) by the seats of the statutes, or failing them by the members in office
  the day the period starts;
- the attendance rate is the mean, over the period's meetings, of present ÷ members in office
  on the day of the meeting (meetings of a body without recorded members are counted as held but
  left out of the mean).
No figure carries a name: names stay on the structure's own governance pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.indicator_sources import GOVERNANCE_MEASURES
from maillage.organisations.models import (
    BodyMeeting,
    GovernanceGroup,
    GoverningBody,
    Mandate,
    Organisation,
)

PARITY_LOW, PARITY_HIGH = 40.0, 60.0
GROUP_LABELS = dict(GovernanceGroup.choices)
# How a number of people of each group reads: « 1 habitante ou habitant », « 4 habitants ».
GROUP_NOUNS = {
    GovernanceGroup.RESIDENT: (_("habitant ou habitante"), _("habitants")),
    GovernanceGroup.VOLUNTEER: (_("bénévole"), _("bénévoles")),
    GovernanceGroup.PARTNER: (_("partenaire"), _("partenaires")),
    GovernanceGroup.ELECTED: (_("élu ou élue"), _("élus")),
    GovernanceGroup.STAFF_VOTING: (
        _("salarié avec voix délibérative"),
        _("salariés avec voix délibérative"),
    ),
    GovernanceGroup.STAFF_ADVISORY: (
        _("salarié avec voix consultative"),
        _("salariés avec voix consultative"),
    ),
}

MEASURES = GOVERNANCE_MEASURES
PERCENT_MEASURES = {"residents_share", "women_share", "renewal_rate", "attendance_rate"}

RULES = {
    "members": _(
        "Membres en fonction : mandats commencés ce jour-là ou avant et pas encore terminés (un "
        "mandat terminé le jour J ne compte plus ce jour-là)."
    ),
    "residents_share": _("Part des habitants : habitants en fonction ÷ membres en fonction."),
    "groups": _("Part de chaque collège : ses membres en fonction ÷ membres en fonction."),
    "women_share": _(
        "Parité : femmes en fonction ÷ membres en fonction ; elle est respectée entre 40 % et 60 %."
    ),
    "co_presidents": _(
        "Co-présidence : au moins deux membres en fonction avec le rôle de co-président ou "
        "co-présidente (tous les membres d'une instance « co-présidence »)."
    ),
    "renewal_rate": _(
        "Renouvellement : nouveaux mandats commencés dans la période (sans compter la "
        "réélection ou le changement de rôle d'une personne déjà en fonction dans la même "
        "instance) ÷ sièges prévus par les statuts, ou à défaut membres en fonction au début "
        "de la période."
    ),
    "meetings": _("Réunions : nombre de réunions de l'instance tenues dans la période."),
    "attendance_rate": _(
        "Présence : moyenne, sur les réunions de la période, de présents ÷ membres en fonction "
        "le jour de la réunion (réunions d'une instance sans membres enregistrés non comptées)."
    ),
}


def in_office(mandate: Mandate, on: date) -> bool:
    return mandate.started_on <= on and (mandate.ended_on is None or mandate.ended_on > on)


def members_on(mandates: Iterable[Mandate], on: date) -> list[Mandate]:
    return [m for m in mandates if in_office(m, on)]


def is_continuation(mandate: Mandate, mandates: Iterable[Mandate]) -> bool:
    """Does `mandate` carry on, without a break, a seat the same person held in the same body?"""
    name = mandate.person_name.strip().casefold()
    before = mandate.started_on - timedelta(days=1)
    return any(
        other.pk != mandate.pk
        and other.body_id == mandate.body_id
        and other.person_name.strip().casefold() == name
        and other.started_on < mandate.started_on
        and (other.ended_on is None or other.ended_on >= before)
        for other in mandates
    )


def percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


@dataclass
class GroupShare:
    group: str
    label: str
    count: int
    share: float | None
    women: int = 0

    @property
    def counted(self) -> str:
        singular, plural = GROUP_NOUNS[self.group]
        return f"{self.count} {singular if self.count < 2 else plural}"


@dataclass
class Figures:
    """The governance figures of one body, or of several bodies pooled (seats added up)."""

    start: date
    on: date  # the day members are counted: the period's end, never after today
    members: int = 0
    groups: list[GroupShare] = field(default_factory=list)
    women: int = 0
    co_presidents: int = 0
    co_president_groups: Counter = field(default_factory=Counter)
    newcomers: int = 0
    newcomer_groups: Counter = field(default_factory=Counter)
    renewal_base: int = 0
    meetings: int = 0
    attendance: list[float] = field(default_factory=list)  # present ÷ in office, per meeting

    @property
    def residents(self) -> int:
        return next((g.count for g in self.groups if g.group == GovernanceGroup.RESIDENT), 0)

    @property
    def residents_share(self) -> float | None:
        return percent(self.residents, self.members)

    @property
    def women_share(self) -> float | None:
        return percent(self.women, self.members)

    @property
    def parity(self) -> bool | None:
        share = self.women_share
        return None if share is None else PARITY_LOW <= share <= PARITY_HIGH

    @property
    def co_presidency(self) -> bool:
        return self.co_presidents >= 2

    @property
    def renewal_rate(self) -> float | None:
        return percent(self.newcomers, self.renewal_base)

    @property
    def attendance_rate(self) -> float | None:
        return 100.0 * sum(self.attendance) / len(self.attendance) if self.attendance else None

    def measure(self, name: str) -> float | None:
        """One figure by its indicator measure name."""
        if name == "meetings":
            return float(self.meetings)
        if name == "co_presidents":
            return float(self.co_presidents)
        return getattr(self, name)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass
class Preloaded:
    """Mandates and meetings of many bodies read at once (a network's hundred structures), so
    that `compute` reads nothing more."""

    mandates: dict[int, list[Mandate]]
    meetings: list[tuple[int, date, int]]  # (body, held on, present)

    @classmethod
    def of(cls, bodies: Iterable[GoverningBody]) -> Preloaded:
        bodies = list(bodies)
        mandates: dict[int, list[Mandate]] = {body.pk: [] for body in bodies}
        for mandate in Mandate.objects.filter(body__in=bodies):
            mandates[mandate.body_id].append(mandate)
        meetings = list(
            BodyMeeting.objects.filter(body__in=bodies).values_list("body_id", "held_on", "present")
        )
        return cls(mandates, meetings)


def compute(
    bodies: Iterable[GoverningBody],
    start: date,
    end: date,
    *,
    today: date | None = None,
    preloaded: Preloaded | None = None,
) -> Figures:
    """The figures of `bodies` (pooled) for the period from `start` to `end`.

    Reads the mandates and meetings of all the bodies in two queries (none if `preloaded`)."""
    bodies = list(bodies)
    today = today or timezone.localdate()
    on = min(end, today)
    result = Figures(start=start, on=on)
    if not bodies:
        return result
    kinds = {body.pk: body.kind for body in bodies}
    by_body: dict[int, list[Mandate]] = {body.pk: [] for body in bodies}
    if preloaded is not None:
        for body in bodies:
            by_body[body.pk] = preloaded.mandates.get(body.pk, [])
    else:
        for mandate in Mandate.objects.filter(body__in=bodies):
            by_body[mandate.body_id].append(mandate)
    counts, women = Counter(), Counter()
    for body in bodies:
        mandates = by_body[body.pk]
        current = [] if body.dissolved_on and body.dissolved_on <= on else members_on(mandates, on)
        for mandate in current:
            counts[mandate.group] += 1
            women[mandate.group] += mandate.gender == Mandate.Gender.WOMAN
            if (
                kinds[body.pk] == GoverningBody.Kind.CO_PRESIDENCY
                or mandate.role == Mandate.Role.CO_PRESIDENT
            ):
                result.co_presidents += 1
                result.co_president_groups[mandate.group] += 1
        for mandate in mandates:
            if start <= mandate.started_on <= on and not is_continuation(mandate, mandates):
                result.newcomers += 1
                result.newcomer_groups[mandate.group] += 1
        result.renewal_base += body.seats or len(members_on(mandates, start))
    result.members = sum(counts.values())
    result.women = sum(women.values())
    result.groups = [
        GroupShare(group, GROUP_LABELS[group], counts[group], percent(counts[group],
                   result.members), women[group])
        for group in GovernanceGroup.values
        if counts[group]
    ]  # fmt: skip
    if preloaded is not None:
        meetings = [row for row in preloaded.meetings if row[0] in kinds and start <= row[1] <= on]
    else:
        meetings = BodyMeeting.objects.filter(
            body__in=bodies, held_on__range=(start, on)
        ).values_list("body_id", "held_on", "present")
    for body_id, held_on, present in meetings:
        result.meetings += 1
        office = len(members_on(by_body[body_id], held_on))
        if office:
            result.attendance.append(min(present, office) / office)
    return result


def current_bodies(organisation: Organisation, on: date | None = None):
    """The bodies of a structure that exist on `on` (created by then, not dissolved)."""
    on = on or timezone.localdate()
    bodies = organisation.governing_bodies.all()
    return [
        body
        for body in bodies
        if (body.created_on is None or body.created_on <= on)
        and (body.dissolved_on is None or body.dissolved_on > on)
    ]


@dataclass
class BodyRow:
    body: GoverningBody
    figures: Figures


def structure_figures(
    organisation: Organisation, year: int, *, today=None, bodies=None, preloaded=None
) -> list[BodyRow]:
    """One row per body that existed at some point of `year`, with its figures for that year.
    `bodies` and `preloaded`: the structure's bodies and their rows, already read."""
    start, end = year_bounds(year)
    bodies = [
        body
        for body in (organisation.governing_bodies.all() if bodies is None else bodies)
        if (body.created_on is None or body.created_on <= end)
        and (body.dissolved_on is None or body.dissolved_on > start)
    ]
    if preloaded is None:
        preloaded = Preloaded.of(bodies)
    return [
        BodyRow(body, compute([body], start, end, today=today, preloaded=preloaded))
        for body in bodies
    ]


def present_limit(body: GoverningBody, held_on: date) -> int:
    """How many members were in office on a meeting's day: at most that many can be present."""
    return len(members_on(body.mandates.all(), held_on))


def years_available(organisation: Organisation, today: date | None = None) -> list[int]:
    """The years from the first mandate or meeting to this one, most recent first."""
    today = today or timezone.localdate()
    firsts = [
        value
        for value in (
            Mandate.objects.filter(body__organisation=organisation)
            .order_by("started_on")
            .values_list("started_on", flat=True)
            .first(),
            BodyMeeting.objects.filter(body__organisation=organisation)
            .order_by("held_on")
            .values_list("held_on", flat=True)
            .first(),
        )
        if value
    ]
    first = min(firsts).year if firsts else today.year
    return list(range(today.year, min(first, today.year) - 1, -1))


# --- across a network -------------------------------------------------------------------------


@dataclass
class NetworkStructure:
    organisation: Organisation
    shared: bool
    rows: list[BodyRow] = field(default_factory=list)


@dataclass
class KindSummary:
    kind: str
    label: str
    structures: int  # how many sharing structures have a body of this kind
    figures: Figures
    co_presidencies: int  # structures whose bodies of this kind have a co-presidency


@dataclass
class NetworkGovernance:
    year: int
    structures: list[NetworkStructure]
    kinds: list[KindSummary]

    @property
    def sharing_count(self) -> int:
        return sum(s.shared for s in self.structures)


def network_figures(network, year: int, *, today=None) -> NetworkGovernance:
    """The figures of each accompanied structure that shares its key figures with the network,
    and, per kind of body, the same figures pooled over those structures. The others are listed
    without any figure. No name is read: only counts leave this function."""
    from maillage.organisations.figures import accompanied_organisations
    from maillage.organisations.models import NetworkShare
    from maillage.organisations.sharing import shared_organisation_ids

    accompanied = list(accompanied_organisations(network))
    sharing = shared_organisation_ids(network, NetworkShare.Scope.KEY_FIGURES)
    # Every sharing structure's bodies, mandates and meetings in three queries, not per structure.
    bodies: dict[int, list[GoverningBody]] = {}
    for body in GoverningBody.objects.filter(
        organisation_id__in=[o.pk for o in accompanied if o.pk in sharing]
    ):
        bodies.setdefault(body.organisation_id, []).append(body)
    preloaded = Preloaded.of(body for items in bodies.values() for body in items)
    structures = []
    for organisation in accompanied:
        shared = organisation.pk in sharing
        rows = (
            structure_figures(
                organisation, year, today=today, bodies=bodies.get(organisation.pk, []),
                preloaded=preloaded,
            )
            if shared
            else []
        )  # fmt: skip
        structures.append(NetworkStructure(organisation, shared, rows))
    start, end = year_bounds(year)
    kinds = []
    for kind, label in GoverningBody.Kind.choices:
        rows = [(s, r) for s in structures for r in s.rows if r.body.kind == kind]
        if not rows:
            continue
        kinds.append(
            KindSummary(
                kind,
                str(label),
                len({s.organisation.pk for s, _row in rows}),
                compute([r.body for _s, r in rows], start, end, today=today, preloaded=preloaded),
                len({s.organisation.pk for s, r in rows if r.figures.co_presidency}),
            )
        )
    return NetworkGovernance(year, structures, kinds)
