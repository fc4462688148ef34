"""The network dashboard, collective sessions and calendar, as advisors and structures see them."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo_people import CAF, FEDERATION
from maillage.accounts.models import User
from maillage.collection.models import Activity
from maillage.evaluation.models import Framework, Indicator, ManualValue
from maillage.evaluation.steps import project_steps, projects_steps
from maillage.organisations import network_dashboard
from maillage.organisations.models import (
    Agreement,
    KeyFigures,
    Network,
    NetworkMembership,
    NetworkSession,
    NetworkSessionAttendance,
    NetworkShare,
    Organisation,
    OrganisationMember,
)
from maillage.projects.models import Membership, Project

pytestmark = pytest.mark.django_db
Scope = NetworkShare.Scope
CAUSSES = "reseau-causses"


def _url(name, **kwargs):
    return reverse(f"organisations:{name}", kwargs={"slug": CAUSSES, **kwargs})


# --- hand-made networks -----------------------------------------------------------------------


def make_network(size, *, sharing=(), scopes=(Scope.KEY_FIGURES,), copies=False):
    """A network animated by a federation, with `size` accompanied structures; those whose index
    is in `sharing` share `scopes`. Returns (network, advisor client, structures)."""
    network = Network.objects.create(name=f"Réseau test {size}", slug=f"reseau-test-{size}")
    federation = Organisation.objects.create(
        name=f"Fédération test {size}", slug=f"fede-test-{size}", kind="federation"
    )
    NetworkMembership.objects.create(network=network, organisation=federation, role="animator")
    advisor = User.objects.create_user(f"conseil{size}@test.demo", full_name="Conseil Test")
    OrganisationMember.objects.create(user=advisor, organisation=federation, role="contributor")
    common = Framework.objects.create(network=network, title="Socle test") if copies else None
    structures = []
    for i in range(size):
        org = Organisation.objects.create(
            name=f"EVS {size}-{i:03}", slug=f"evs-{size}-{i}", kind="evs"
        )
        NetworkMembership.objects.create(network=network, organisation=org, role="accompanied")
        KeyFigures.objects.create(
            organisation=org, year=2025, volunteers=10 + i, salaried_staff=2,
            annual_budget=Decimal(100_000), staff_fte=Decimal("1.5"),
        )  # fmt: skip
        Activity.objects.create(organisation=org, name="Atelier", code="atelier")
        Agreement.objects.create(organisation=org, partner=federation, kind="convention")
        if i in sharing:
            for scope in scopes:
                NetworkShare.objects.create(network=network, organisation=org, scope=scope)
        if copies:
            project = Project.objects.create(title=f"Projet social {i}", slug=f"ps-{size}-{i}")
            Membership.objects.create(project=project, organisation=org, role="porteur")
            Framework.objects.create(project=project, copied_from=common)
        structures.append(org)
    client = Client()
    client.force_login(advisor)
    return network, client, structures


def test_key_figures_add_up_only_sharing_structures_and_say_how_many():
    network, client, orgs = make_network(3, sharing=(0, 2))
    figures = network_dashboard.network_key_figures(network)
    assert figures.totals["volunteers"] == 10 + 12  # structures 0 and 2, not 1
    assert figures.coverage["volunteers"] == 2
    assert figures.totals["actions"] == 2 and figures.coverage["actions"] == 2
    assert figures.totals["partners"] == 1  # the same federation, counted once
    page = client.get(reverse("organisations:network", kwargs={"slug": network.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "2 structures sur 3 partagent leurs chiffres clés" in text
    # every total states its coverage; board members, families, associations were never typed
    assert text.count("2 structures sur 3") == 1 + 6
    assert text.count('"coverage">0 structure') == 3
    assert "non partagés" in text
    assert "11" not in text.split("Chiffres clés du réseau")[1].split("Indicateurs communs")[0]


def test_dashboard_queries_do_not_grow_with_the_structures():
    counts = {}
    for size in (8, 16):
        network, client, _orgs = make_network(size, sharing=range(size), scopes=list(Scope))
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(
                    reverse("organisations:network", kwargs={"slug": network.slug})
                ).status_code
                == 200
            )
        counts[size] = len(queries)
    assert counts[16] == counts[8]


def test_progress_queries_do_not_grow_with_the_copies():
    """The step tracker reads every structure's copy in one batch (it used to cost some twenty
    queries per structure: half a second for 8 structures)."""
    counts = {}
    for size in (8, 16):
        network, client, orgs = make_network(size, copies=True)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("organisations:network", kwargs={"slug": network.slug}))
        assert page.status_code == 200
        assert len(page.context["progress"]) == size
        assert all(row.has_copy for row in page.context["progress"])
        counts[size] = len(queries)
    assert counts[16] == counts[8]


def test_batched_steps_are_those_of_each_project_alone(world):
    """Nothing of one project leaks into another's steps when they are read together."""
    projects = list(Project.objects.all())
    together = projects_steps(projects)
    for project in projects:
        alone = project_steps(project)
        assert [(s.number, s.state, s.summary, s.todo) for s in together[project.pk]] == [
            (s.number, s.state, s.summary, s.todo) for s in alone
        ], project.slug


# --- the demo network -------------------------------------------------------------------------


def test_advisor_sees_each_structure_step_and_what_remains(world, client_of):
    response = client_of(CAF).get(_url("network"))
    text = response.content.decode()
    progress = {row.organisation.slug: row for row in response.context["progress"]}
    assert len(progress) == 8
    haut_tarn = progress["haut-tarn"]
    assert haut_tarn.has_copy and haut_tarn.done >= 1
    assert f"{haut_tarn.done} / 8" in text
    assert haut_tarn.current.title in text
    assert haut_tarn.remaining[0] in text
    # the sharing part's page of each structure inside the network
    assert reverse("organisations:shared_with_network", args=[CAUSSES, "haut-tarn"]) in text


def test_common_indicators_are_compared_only_for_structures_that_share_them(world, client_of):
    framework = Project.objects.get(slug="projet-social-le-fournil-2027-2030").framework
    indicator = Indicator.objects.get(
        framework=framework, name="Permanences et services de proximité accueillis"
    )
    ManualValue.objects.create(
        indicator=indicator, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
        value=Decimal("777"),
    )  # fmt: skip
    response = client_of(FEDERATION).get(_url("network") + "?annee=2026")
    text = response.content.decode()
    comparison = response.context["comparison"]
    rows = {org.slug: (shared, cells) for org, shared, cells in comparison.by_structure}
    assert not rows["le-fournil"][0] and "777" not in text
    assert text.count("non partagé<") == 8 - comparison.sharing_count
    shared, cells = rows["haut-tarn"]
    services = next(c for c in cells if c.label.startswith("Permanences"))
    assert shared and services.value.value == 8  # typed for 2026 by Haut-Tarn
    assert rows["la-draille"][1][0].shared
    # The common indicator on the network's workshops counts Haut-Tarn's own people at them.
    workshops = next(c for c in cells if c.label.startswith("Participations aux ateliers"))
    came = NetworkSessionAttendance.objects.filter(
        organisation__slug="haut-tarn",
        session__kind="atelier_collectif",
        session__held_on__year=2026,
    ).aggregate(n=Sum("count"))["n"]
    assert came and workshops.value.value == came


def test_compared_values_are_kept_until_the_structures_data_change(world, client_of):
    """The common indicators are computed once and kept (comparison_cache); a new value typed by
    a structure shows at the next reading, and reading again costs no computation."""
    from maillage.analysis.indicators import Period, compute

    url = _url("network") + "?annee=2026"
    client = client_of(FEDERATION)

    def services(response):
        rows = {
            org.slug: cells for org, _shared, cells in response.context["comparison"].by_structure
        }
        return next(c for c in rows["haut-tarn"] if c.label.startswith("Permanences")).value.value

    assert services(client.get(url)) == 8
    with CaptureQueriesContext(connection) as kept:
        assert services(client.get(url)) == 8
    assert not any("evaluation_manualvalue\".\"value\"" in q["sql"] and "ORDER BY" in q["sql"]
                   for q in kept.captured_queries)  # fmt: skip
    indicator = Indicator.objects.get(
        framework__project__memberships__organisation__slug="haut-tarn",
        framework__copied_from__isnull=False,
        name="Permanences et services de proximité accueillis",
    )
    ManualValue.objects.create(
        indicator=indicator, period_start=date(2026, 12, 1), period_end=date(2026, 12, 31),
        value=Decimal("41"),
    )  # fmt: skip
    expected = compute(indicator, Period(date(2026, 1, 1), date(2026, 12, 31))).value
    assert expected != 8
    assert services(client.get(url)) == expected


def test_a_structure_sees_the_network_but_not_the_others_figures(world):
    client = Client()
    client.force_login(User.objects.get(email="accueil@la-draille.demo"))
    page = client.get(_url("network"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Centre social du Haut-Tarn" in text  # the list of structures
    assert "Chiffres clés du réseau" not in text
    assert not re.search(r"\b780\b", text)  # a figure, not three letters of a CSRF token
    assert "Où en est votre structure" in text
    sessions = client.get(_url("network_sessions")).content.decode()
    assert "Espace de vie sociale La Draille :" in sessions
    assert "Centre social du Haut-Tarn :" not in sessions
    assert (
        client.get(reverse("reports:network_report", kwargs={"slug": CAUSSES})).status_code == 403
    )


# --- collective sessions ----------------------------------------------------------------------


def _grid(world, **cells):
    data = {"kind": "atelier_collectif", "held_on": "2026-10-06", "title": "Atelier test",
            "place": "Mende"}  # fmt: skip
    for slug_group, value in cells.items():
        slug, group = slug_group.split("__")
        slug = slug.replace("_", "-")
        data[f"att-{world.organisations[slug].pk}-{group}"] = value
    return data


def test_recording_a_session_with_its_grid(world, client_of):
    client = client_of(FEDERATION)
    before = NetworkSession.objects.count()
    data = _grid(world, haut_tarn__habitant="12", la_draille__benevole="3", estive__salarie="1")
    response = client.post(_url("network_sessions"), data)
    assert response.status_code == 302
    session = NetworkSession.objects.latest("pk")
    assert NetworkSession.objects.count() == before + 1
    assert {(a.organisation.slug, a.group, a.count) for a in session.attendances.all()} == {
        ("haut-tarn", "habitant", 12), ("la-draille", "benevole", 3), ("estive", "salarie", 1),
    }  # fmt: skip
    page = client.get(_url("network_sessions"))
    mine = next(s for s in page.context["summary"].sessions if s.pk == session.pk)
    assert (mine.people, mine.structure_count) == (16, 3)
    assert "16 personnes de 3 structures" in page.content.decode()  # the success message


def test_a_bad_cell_is_named_in_french_and_nothing_typed_is_lost(world, client_of):
    before = NetworkSession.objects.count()
    data = _grid(world, estive__habitant="7", margeride__benevole="douze")
    response = client_of(FEDERATION).post(_url("network_sessions"), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert NetworkSession.objects.count() == before
    assert "Espace de vie sociale L&#x27;Estive" in text or "Estive" in text
    assert (
        "Centre social de la Margeride, bénévoles : « douze » n&#x27;est pas un nombre entier"
        in text
    )
    estive = world.organisations["estive"].pk
    assert f'name="att-{estive}-habitant" id="att-{estive}-habitant" value="7"' in text
    assert 'value="douze"' in text and 'value="Atelier test"' in text


def test_totals_per_structure_count_sessions_attended(world):
    summary = network_dashboard.sessions_summary(world.networks["causses"])
    by_slug = {row.organisation.slug: row for row in summary.by_structure}
    held = [s for s in summary.sessions if s.people]
    assert by_slug["haut-tarn"].sessions == len(held)
    assert by_slug["caussenard"].sessions == len(held) - 1  # missed one
    big = [s for s in summary.sessions if s.is_milestone]
    assert len(big) == 2 and all(s.people >= 40 and s.structure_count >= 8 for s in big)


def test_a_structure_not_accompanied_counts_at_the_session_it_came_to(world):
    """A structure outside the accompanied ones is shown at the session it came to and in
    the totals per structure; a session's structures come in the order of their names."""
    network = world.networks["causses"]
    session = network.sessions.order_by("held_on").first()
    guest = Organisation.objects.create(
        name="Centre social invité", slug="invite-test", kind="centre_social"
    )  # in no membership of the network: a guest, or a structure that left
    NetworkSessionAttendance.objects.create(
        session=session, organisation=guest, group="salarie", count=2
    )
    summary = network_dashboard.sessions_summary(network)
    mine = next(s for s in summary.sessions if s.pk == session.pk)
    names = [organisation.name for organisation, _groups, _total in mine.rows]
    in_order = NetworkSessionAttendance.objects.filter(session=session).order_by(
        "organisation__name"
    )
    assert guest.name in names
    assert names == list(dict.fromkeys(in_order.values_list("organisation__name", flat=True)))
    assert {o.pk: total for o, _groups, total in mine.rows}[guest.pk] == 2
    row = next(r for r in summary.by_structure if r.organisation.pk == guest.pk)
    assert (row.sessions, row.people) == (1, 2)
    assert summary.people == sum(s.people for s in summary.sessions)


# --- calendar ---------------------------------------------------------------------------------


def test_calendar_groups_by_month_and_marks_milestones(world, client_of):
    sessions = list(world.networks["causses"].sessions.all())
    months = network_dashboard.calendar(sessions, today=date(2026, 12, 2))
    labels = [m.start for m in months]
    assert labels == sorted(labels) and len(labels) == len(set(labels))
    january = next(m for m in months if m.start == date(2026, 1, 1))
    assert [s.kind for s in january.sessions] == ["revue_mi_parcours"]
    upcoming = [s for m in months for s in m.sessions if not s.is_past]
    assert [s.held_on for s in upcoming] == [date(2027, 1, 14)]
    text = client_of(CAF).get(_url("network_calendar")).content.decode()
    assert "Janvier 2026" in text and '<time datetime="2026-01-27">' in text
    assert "Étape clé : revue à mi-parcours" in text and "Étape clé : rencontre de clôture" in text
    assert "à venir" in text


def _unfold(text):
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_export_is_a_valid_calendar(world, client_of):
    response = client_of(CAF).get(_url("network_calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = _unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    events, current = [], None
    for line in lines[1:-2]:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            key, _sep, value = line.partition(":")
            current[key.split(";")[0]] = value
    assert len(events) == world.networks["causses"].sessions.count()
    assert len({e["UID"] for e in events}) == len(events)
    review = next(e for e in events if e["DTSTART"] == "20260127")
    assert review["DTEND"] == "20260128"
    assert review["SUMMARY"].startswith("[Étape clé] Revue à mi-parcours")
    assert "\\," in review["DESCRIPTION"] or "\\;" in review["DESCRIPTION"] or review["DESCRIPTION"]
