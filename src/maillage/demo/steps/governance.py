"""Demo, order 100: the governance of Les Falaises and of four Causses structures (issue 9).

Les Falaises: a general assembly each June, a board (conseil d'administration) of 28 renewed at
each assembly since 2021, with a co-presidency since 2024 (a resident and a volunteer), a bureau
and a residents' committee, with their meetings and attendance. Four Causses structures that
share their key figures with the network have simpler bodies, and so has one that does not
share (L'Estive), so that the network page has something to hide. Names are fictional.
"""

from __future__ import annotations

import random
from datetime import date

from maillage.demo.registry import DemoWorld, step
from maillage.organisations.models import BodyMeeting, GovernanceGroup, GoverningBody, Mandate

Kind = GoverningBody.Kind
Role = Mandate.Role
G = GovernanceGroup
LAST_DAY = date(2026, 11, 30)  # the demo's records stop here

WOMEN = ["Nadège", "Sylvie", "Odile", "Fatima", "Brigitte", "Léa", "Chantal", "Amina", "Julie",
         "Monique", "Sandrine", "Inès", "Pauline", "Martine", "Yasmina", "Agnès", "Céline",
         "Hélène", "Noémie", "Rose", "Lucie", "Mireille", "Estelle", "Sabine"]  # fmt: skip
MEN = ["Bernard", "Karim", "Didier", "Hugo", "Alain", "Mehdi", "Pascal", "Rémi", "Thierry",
       "Joël", "Franck", "Yvon", "Bruno", "Cyril", "Gilles", "Loïc", "Serge", "Maxime", "Paul",
       "Antoine"]  # fmt: skip
SURNAMES = ["Lecoeur", "Vautier", "Hamelin", "Deschamps", "Lebrun", "Quibel", "Fauvel",
            "Gosselin", "Lemarchand", "Ozouf", "Baudry", "Toutain", "Anquetil", "Levasseur",
            "Mauger", "Catel", "Duboc", "Hue", "Letellier", "Renouf", "Cauvin", "Bréard",
            "Delahaye", "Esnault", "Halbout", "Jouen", "Lamotte", "Marette", "Pesquet", "Sanson",
            "Thouroude", "Vimard", "Yon", "Allain", "Beuzelin", "Courage"]  # fmt: skip


class _People:
    """Fictional people, each drawn once: a name and a gender."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def draw(self, gender: str | None = None) -> tuple[str, str]:
        while True:
            gender = gender or self.rng.choice([Mandate.Gender.WOMAN, Mandate.Gender.MAN])
            first = self.rng.choice(WOMEN if gender == Mandate.Gender.WOMAN else MEN)
            name = f"{first} {self.rng.choice(SURNAMES)}"
            if name not in self.used:
                self.used.add(name)
                return name, gender


def _mandate(body, who, group, started_on, role=Role.MEMBER, ended_on=None) -> Mandate:
    name, gender = who
    return Mandate(
        body=body, person_name=name, gender=gender, group=group, role=role,
        started_on=started_on, ended_on=ended_on,
    )  # fmt: skip


def _in_office(mandates, day) -> int:
    return sum(m.started_on <= day and (m.ended_on is None or m.ended_on > day) for m in mandates)


def _meetings(
    body, mandates, days, rng, low=0.62, high=0.92, notes="", crowd=(60, 130)
) -> list[BodyMeeting]:
    """Meetings on `days`, each with a share of the members then in office present."""
    meetings = []
    for day in days:
        if day > LAST_DAY:
            continue
        office = _in_office(mandates, day)
        if mandates and not office:
            continue  # a body with no member in office yet does not meet
        # A general assembly has no recorded members: its attendance is a plain count.
        present = round(office * rng.uniform(low, high)) if office else rng.randint(*crowd)
        meetings.append(BodyMeeting(body=body, held_on=day, present=present, notes=notes))
    return meetings


def _board_days(year: int, rng: random.Random, count: int) -> list[date]:
    months = sorted(rng.sample([1, 2, 3, 4, 5, 6, 9, 10, 11, 12], count))
    return [date(year, month, rng.randint(5, 25)) for month in months]


@step(100, "Gouvernance : instances, mandats et réunions")
def build_governance(world: DemoWorld) -> None:
    rng = random.Random(100)
    _falaises(world, rng)
    _causses(world, rng)


def _falaises(world: DemoWorld, rng: random.Random) -> None:
    falaises = world.organisations["falaises"]
    people = _People(rng)
    people.used.add("Jean-Pierre Lemonnier")
    assemblies = {year: date(year, 6, 20 + (year % 5)) for year in range(2021, 2027)}
    ag = GoverningBody.objects.create(
        organisation=falaises, kind=Kind.GENERAL_ASSEMBLY, name="Assemblée générale",
        created_on=date(1987, 3, 14),
    )  # fmt: skip
    board = GoverningBody.objects.create(
        organisation=falaises, kind=Kind.BOARD, name="Conseil d'administration", seats=28,
        created_on=date(1987, 3, 14),
    )  # fmt: skip
    bureau = GoverningBody.objects.create(
        organisation=falaises, kind=Kind.BUREAU, name="Bureau", seats=8,
        created_on=date(1987, 3, 14),
    )  # fmt: skip
    committee = GoverningBody.objects.create(
        organisation=falaises, kind=Kind.RESIDENTS_COMMITTEE,
        name="Comité d'habitants des hameaux", created_on=date(2022, 1, 15),
    )  # fmt: skip

    # The board elected at the 2021 assembly: 11 residents, 8 volunteers, 5 partners (member
    # associations), 2 elected officials, 2 staff representatives with an advisory vote.
    first = assemblies[2021]
    composition = [(G.RESIDENT, 10), (G.VOLUNTEER, 8), (G.PARTNER, 5), (G.ELECTED, 2),
                   (G.STAFF_ADVISORY, 2)]  # fmt: skip
    president = ("Jean-Pierre Lemonnier", Mandate.Gender.MAN)
    co_president = ("Nadège Letellier", Mandate.Gender.WOMAN)
    people.used.add(co_president[0])
    seats: list[Mandate] = [
        _mandate(board, president, G.VOLUNTEER, first, Role.PRESIDENT, assemblies[2024]),
        _mandate(board, co_president, G.RESIDENT, first, Role.MEMBER, assemblies[2024]),
    ]
    for group, count in composition:
        for _index in range(count - (group == G.VOLUNTEER)):  # the president is a volunteer
            seats.append(_mandate(board, people.draw(), group, first))
    treasurer, secretary = seats[3], seats[12]
    treasurer.role, secretary.role = Role.TREASURER, Role.SECRETARY
    # The 2024 assembly chose a co-presidency: a resident and the former president.
    seats += [
        _mandate(board, president, G.VOLUNTEER, assemblies[2024], Role.CO_PRESIDENT),
        _mandate(board, co_president, G.RESIDENT, assemblies[2024], Role.CO_PRESIDENT),
    ]
    officers = {id(m) for m in seats if m.role != Role.MEMBER}
    # Each June, three to five members leave and as many join; residents replace partners
    # little by little (the board's stated aim).
    for year in range(2022, 2027):
        day = assemblies[year]
        running = [m for m in seats if m.ended_on is None and id(m) not in officers]
        for leaving in rng.sample(running, rng.randint(3, 5)):
            leaving.ended_on = day
            group = G.RESIDENT if leaving.group == G.PARTNER and year >= 2024 else leaving.group
            seats.append(_mandate(board, people.draw(), group, day))
    Mandate.objects.bulk_create(seats)

    # The bureau: the officers of the board, plus two members.
    board_running = [m for m in seats if m.ended_on is None and m.role == Role.MEMBER]
    bureau_mandates = [
        _mandate(bureau, president, G.VOLUNTEER, first, Role.PRESIDENT, assemblies[2024]),
        _mandate(bureau, president, G.VOLUNTEER, assemblies[2024], Role.CO_PRESIDENT),
        _mandate(bureau, co_president, G.RESIDENT, assemblies[2024], Role.CO_PRESIDENT),
        _mandate(bureau, (treasurer.person_name, treasurer.gender), treasurer.group, first,
                 Role.TREASURER),
        _mandate(bureau, (secretary.person_name, secretary.gender), secretary.group, first,
                 Role.SECRETARY),
        *(_mandate(bureau, (m.person_name, m.gender), m.group, m.started_on,
                   Role.VICE_PRESIDENT if i == 0 else Role.MEMBER)
          for i, m in enumerate(board_running[:3])),
    ]  # fmt: skip
    Mandate.objects.bulk_create(bureau_mandates)

    # The residents' committee, open to any resident: 9 at its start, 12 today.
    committee_mandates = [
        _mandate(committee, people.draw(), G.RESIDENT, date(2022, 1, 15)) for _i in range(9)
    ]
    committee_mandates[2].ended_on = date(2024, 9, 30)
    committee_mandates += [
        _mandate(committee, people.draw(), G.RESIDENT, day)
        for day in (date(2023, 3, 9), date(2024, 10, 3), date(2025, 2, 6), date(2025, 11, 13))
    ]
    committee_mandates.append(
        _mandate(committee, people.draw(), G.STAFF_ADVISORY, date(2022, 1, 15))
    )
    Mandate.objects.bulk_create(committee_mandates)

    meetings = _meetings(ag, [], assemblies.values(), rng, notes="Assemblée générale annuelle")
    for year in range(2021, 2027):
        days = _board_days(year, rng, rng.randint(6, 8))
        if year == 2021:
            days = [day for day in days if day > first]
        meetings += _meetings(board, seats, days, rng)
        meetings += _meetings(
            bureau, bureau_mandates, [date(year, m, 8) for m in range(1, 13) if m != 8], rng,
            low=0.75, high=1.0,
        )  # fmt: skip
        if year >= 2022:
            meetings += _meetings(
                committee, committee_mandates,
                [date(year, m, 12) for m in (2, 4, 6, 10, 12)], rng, low=0.45, high=0.85,
            )  # fmt: skip
    BodyMeeting.objects.bulk_create(meetings)


# (slug, seats of the board, residents among them, women, co-presidency)
CAUSSES_BOARDS = [
    ("la-draille", 9, 5, 5, False),
    ("le-fournil", 7, 3, 4, True),
    ("haut-tarn", 14, 4, 6, False),
    ("lou-cantou", 12, 6, 7, True),
    ("estive", 8, 3, 4, False),  # does not share its key figures: hidden from the network
]


def _causses(world: DemoWorld, rng: random.Random) -> None:
    people = _People(rng)
    for slug, seats, residents, women, co_presidency in CAUSSES_BOARDS:
        organisation = world.organisations[slug]
        ag = GoverningBody.objects.create(
            organisation=organisation, kind=Kind.GENERAL_ASSEMBLY, created_on=date(2005, 1, 1)
        )
        board = GoverningBody.objects.create(
            organisation=organisation, kind=Kind.BOARD, seats=seats, created_on=date(2005, 1, 1)
        )
        start = date(2023, 5, 15)
        genders = [Mandate.Gender.WOMAN] * women + [Mandate.Gender.MAN] * (seats - women)
        groups = [G.RESIDENT] * residents + [G.VOLUNTEER] * (seats - residents - 1) + [G.ELECTED]
        rng.shuffle(genders)
        mandates = [
            _mandate(board, people.draw(gender), group, start)
            for gender, group in zip(genders, groups, strict=True)
        ]
        if co_presidency:
            mandates[0].role = mandates[residents].role = Role.CO_PRESIDENT
        else:
            mandates[0].role = Role.PRESIDENT
        mandates[1].role = Role.TREASURER
        # One or two seats renewed at the 2025 assembly.
        renewed = date(2025, 5, 20)
        for leaving in mandates[-rng.randint(1, 2) - 1 : -1]:
            leaving.ended_on = renewed
            mandates.append(_mandate(board, people.draw(), leaving.group, renewed))
        Mandate.objects.bulk_create(mandates)
        meetings = _meetings(
            ag, [], [date(y, 5, 20) for y in (2023, 2024, 2025, 2026)], rng, crowd=(18, 45)
        )
        for year in (2024, 2025, 2026):
            meetings += _meetings(board, mandates, _board_days(year, rng, rng.randint(4, 6)), rng)
        BodyMeeting.objects.bulk_create(meetings)
        if slug == "lou-cantou":
            committee = GoverningBody.objects.create(
                organisation=organisation, kind=Kind.RESIDENTS_COMMITTEE,
                name="Comité des habitants du bourg", created_on=date(2024, 3, 1),
            )  # fmt: skip
            Mandate.objects.bulk_create(
                [_mandate(committee, people.draw(), G.RESIDENT, date(2024, 3, 1))
                 for _i in range(7)]
            )  # fmt: skip
    world.extra["governance_structures"] = [slug for slug, *_rest in CAUSSES_BOARDS]
