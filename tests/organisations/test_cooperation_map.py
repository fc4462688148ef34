"""The cooperation map: its metrics on graphs known by hand, the ties each kind of record makes,
the period filter, the network's sharing rule, a stable and readable SVG, its pages and its part
in the project report."""

import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from functools import partial
from html import unescape

import networkx as nx
import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent
from maillage.organisations import map_svg
from maillage.organisations.cooperation_map import (
    TieKind,
    metrics,
    network_graph,
    structure_graph,
    yearly_change,
)
from maillage.organisations.models import (
    Agreement,
    Network,
    NetworkMembership,
    NetworkSession,
    NetworkSessionAttendance,
    NetworkShare,
    Organisation,
)
from maillage.projects.models import (
    Meeting,
    MeetingAttendance,
    Membership,
    Project,
    SharedPost,
    SharedPostAllocation,
)

SVG = "{http://www.w3.org/2000/svg}"


def known(edges, kinds=None):
    """A graph shaped like cooperation_map's, from (a, b) pairs."""
    graph = nx.Graph()
    for a, b in edges:
        for node in (a, b):
            kind = (kinds or {}).get(node, "association")
            graph.add_node(node, name=node.upper(), kind=kind, kind_label=kind)
        graph.add_edge(a, b, kinds={"convention": 1}, weight=1)
    return graph


# --- metrics on small known graphs ---------------------------------------------------------------


def test_star_density_degree_and_betweenness():
    graph = known([("c", "l1"), ("c", "l2"), ("c", "l3"), ("c", "l4")], kinds={"c": "caf"})
    found = metrics(graph, focus="c")
    assert found.density == pytest.approx(0.4)  # 4 edges of 10 possible
    assert found.nodes["c"].degree == 4
    assert found.nodes["c"].betweenness == pytest.approx(1.0)  # every path between leaves
    assert {found.nodes[f"l{i}"].betweenness for i in range(1, 5)} == {0.0}
    assert found.partner_count == 4
    assert found.partners_by_kind == [("association", "association", 4)]


def test_path_betweenness_counts_the_pairs_it_connects():
    found = metrics(known([("a", "b"), ("b", "c"), ("c", "d")]))
    assert found.density == pytest.approx(0.5)  # 3 of 6
    # b lies on the paths a–c and a–d: 2 pairs of the 3 it could connect.
    assert found.nodes["b"].betweenness == pytest.approx(2 / 3, abs=1e-6)
    assert found.nodes["a"].betweenness == 0
    assert [m.slug for m in found.connectors] == ["b", "c"]
    assert [found.nodes[n].degree for n in "abcd"] == [1, 2, 2, 1]


def test_triangle_is_dense_and_nobody_is_a_go_between():
    found = metrics(known([("a", "b"), ("b", "c"), ("a", "c")]))
    assert found.density == 1.0
    assert {m.betweenness for m in found.nodes.values()} == {0.0}
    assert found.connectors == []


# --- edges built from stored rows --------------------------------------------------------------


@pytest.fixture
def little_world(db):
    """Five structures tied by one record of each kind (A is the one we look from)."""
    orgs = {
        key: Organisation.objects.create(name=f"Structure {key}", slug=f"test-{key}", kind=kind)
        for key, kind in [
            ("a", Organisation.Kind.SOCIAL_CENTRE),
            ("b", Organisation.Kind.ASSOCIATION),
            ("c", Organisation.Kind.LOCAL_AUTHORITY),
            ("d", Organisation.Kind.EVS),
            ("e", Organisation.Kind.HEALTH),
        ]
    }
    project = Project.objects.create(
        title="Projet test", slug="projet-test", kind=Project.Kind.COOPERATION,
        period_start=date(2023, 1, 1), period_end=date(2024, 12, 31),
    )  # fmt: skip
    for key, role in [("a", "porteur"), ("b", "partenaire"), ("c", "financeur")]:
        Membership.objects.create(project=project, organisation=orgs[key], role=role)
    post = SharedPost.objects.create(
        title="Poste", employer=orgs["a"], total_fte=1, started_on=date(2024, 1, 1)
    )
    for key in ("b", "d"):
        SharedPostAllocation.objects.create(post=post, organisation=orgs[key], fte=0.5,
                                            cost_share=0.5)  # fmt: skip
    Agreement.objects.create(
        organisation=orgs["a"], partner=orgs["e"], kind=Agreement.Kind.CONVENTION,
        starts_on=date(2023, 1, 1), ends_on=date(2024, 12, 31),
    )  # fmt: skip
    Agreement.objects.create(organisation=orgs["a"], partner=orgs["b"], kind=Agreement.Kind.FUNDING)
    # Recorded by B: B's own data, not on A's map.
    Agreement.objects.create(organisation=orgs["b"], partner=orgs["c"], kind="mise_a_disposition")
    meeting = Meeting.objects.create(project=project, kind="comite_pilotage",
                                     held_on=date(2025, 3, 10))  # fmt: skip
    for key, count in [("a", 2), ("b", 1), ("c", 0)]:  # C was expected but nobody came
        MeetingAttendance.objects.create(meeting=meeting, organisation=orgs[key], group="salarie",
                                         count=count)  # fmt: skip
    network = Network.objects.create(name="Réseau test", slug="reseau-test")
    session = NetworkSession.objects.create(network=network, kind="atelier_collectif",
                                            held_on=date(2025, 5, 20))  # fmt: skip
    for key in ("a", "d"):
        NetworkSessionAttendance.objects.create(session=session, organisation=orgs[key],
                                                group="salarie", count=3)  # fmt: skip
    return orgs


def edge(graph, a, b):
    data = graph.edges[f"test-{a}", f"test-{b}"]
    return data["kinds"], data["weight"]


def test_each_kind_of_record_makes_its_tie(little_world):
    graph = structure_graph(little_world["a"])
    assert edge(graph, "a", "b") == (
        {TieKind.PROJECT: 1, TieKind.FUNDING: 1, TieKind.SHARED_POST: 1, TieKind.MEETING: 1},
        4,
    )
    assert edge(graph, "a", "c") == ({TieKind.FUNDING: 1}, 1)  # C funds the project
    assert edge(graph, "b", "c") == ({TieKind.FUNDING: 1}, 1)  # ties among partners count too
    assert edge(graph, "a", "d") == ({TieKind.SHARED_POST: 1, TieKind.SESSION: 1}, 2)
    assert edge(graph, "b", "d") == ({TieKind.SHARED_POST: 1}, 1)
    assert edge(graph, "a", "e") == ({TieKind.CONVENTION: 1}, 1)
    assert graph.number_of_edges() == 6  # B's own agreement with C is not A's to show
    assert graph.nodes["test-e"]["kind"] == Organisation.Kind.HEALTH
    found = metrics(graph)
    assert found.focus == "test-a" and found.partner_count == 4
    # A alone joins E to everyone, and shares the c–d paths with B: (1 + 1 + 1 + 1/2) / 6.
    assert found.nodes["test-a"].betweenness == pytest.approx(3.5 / 6, abs=1e-6)
    assert found.nodes["test-b"].betweenness == pytest.approx(0.5 / 6, abs=1e-6)
    kinds_filtered = structure_graph(little_world["a"], kinds=[TieKind.SHARED_POST])
    assert sorted(kinds_filtered.nodes) == ["test-a", "test-b", "test-d"]


def test_the_period_keeps_what_was_active_in_it(little_world):
    a = little_world["a"]
    graph = structure_graph(a, date(2025, 1, 1), date(2025, 12, 31))
    # The project ended in 2024 and the convention with E too; the meeting and session were in
    # 2025; the post and the open-ended funding go on.
    assert edge(graph, "a", "b") == (
        {TieKind.FUNDING: 1, TieKind.SHARED_POST: 1, TieKind.MEETING: 1},
        3,
    )
    assert "test-e" not in graph
    assert not graph.has_edge("test-a", "test-c")  # C came to no meeting (count 0)
    change = yearly_change(partial(structure_graph, a), 2025)
    assert [m.slug for m in change.lost_partners] == ["test-c", "test-e"]
    assert change.new_partners == []
    assert (change.partners_before, change.partners_after) == (4, 2)


def test_orientations_from_the_front_desk_are_ties(little_world):
    from maillage.collection.models import ReceptionRequest

    a, e = little_world["a"], little_world["e"]
    for day in (date(2025, 2, 3), date(2025, 2, 4), date(2026, 1, 5)):
        ReceptionRequest.objects.create(
            organisation=a, received_on=day, channel="physique", theme="sante",
            outcome="oriente", oriented_to=e,
        )  # fmt: skip
    ReceptionRequest.objects.create(  # answered on the spot: no tie
        organisation=a, received_on=date(2025, 2, 3), channel="physique", theme="sante",
        outcome="repondu",
    )  # fmt: skip
    assert edge(structure_graph(a), "a", "e") == (
        {TieKind.CONVENTION: 1, TieKind.ORIENTATION: 3},
        4,
    )
    in_2025 = structure_graph(a, date(2025, 1, 1), date(2025, 12, 31))
    assert edge(in_2025, "a", "e") == ({TieKind.ORIENTATION: 2}, 2)
    # E's map does not show A's front desk: it is A's record.
    assert not structure_graph(e).has_edge("test-a", "test-e")


# --- the network's rule ---------------------------------------------------------------------


def test_the_network_map_shows_only_what_structures_share(world):
    network = world.networks["causses"]
    estive = world.organisations["estive"]
    assert not NetworkShare.objects.filter(
        network=network, organisation=estive, scope=NetworkShare.Scope.KEY_FIGURES
    ).exists()
    graph = network_graph(network)
    # L'Estive is on the map (it is in the network), without its own partners.
    assert "estive" in graph
    assert "mairie-aubrac-le-haut" not in graph and "amis-de-l-aubrac" not in graph
    # La Draille shares: its agreements with local partners count.
    assert graph.has_edge("la-draille", "foyer-rural-saint-julien")
    # Once L'Estive shares its key figures, its partners join the map.
    NetworkShare.objects.create(
        network=network, organisation=estive, scope=NetworkShare.Scope.KEY_FIGURES
    )
    assert network_graph(network).has_edge("estive", "amis-de-l-aubrac")


def test_the_network_own_sessions_always_count(little_world):
    network = Network.objects.get(slug="reseau-test")
    for key in ("a", "d"):
        NetworkMembership.objects.create(network=network, organisation=little_world[key],
                                         role="accompanied")  # fmt: skip
    graph = network_graph(network)  # nobody shares anything
    assert sorted(graph.edges) == [("test-a", "test-d")]
    assert graph.edges["test-a", "test-d"]["kinds"] == {TieKind.SESSION: 1}


# --- the SVG ---------------------------------------------------------------------------------


def test_same_data_same_bytes_whatever_the_insertion_order(little_world):
    a = little_world["a"]
    rows = [(little_world[k], kind) for k, kind in [("c", "convention"), ("d", "financement"),
                                                      ("e", "mise_a_disposition")]]  # fmt: skip

    def draw(order):
        Agreement.objects.filter(organisation=a).delete()
        for partner, kind in order:
            Agreement.objects.create(organisation=a, partner=partner, kind=kind)
        return map_svg.render_svg(structure_graph(a))

    first = draw(rows)
    assert draw(list(reversed(rows))) == first
    # A graph built by hand in two orders draws the same bytes too.
    pairs = [("x", "y"), ("y", "z"), ("x", "w")]
    assert map_svg.render_svg(known(pairs)) == map_svg.render_svg(known(reversed(pairs)))


def test_sixty_structures_each_labelled_and_no_two_labels_in_one_place():
    kinds = [k for k, _label in Organisation.Kind.choices]
    graph = known(
        [("focus", f"p{i:02d}") for i in range(59)],
        kinds={f"p{i:02d}": kinds[i % len(kinds)] for i in range(59)},
    )
    for i in range(59):  # long names, some identical at the start
        graph.nodes[f"p{i:02d}"]["name"] = f"Association intercommunale d'aide à domicile {i}"
    svg = map_svg.render_svg(graph, focus="focus")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Carte des coopérations")
    assert root.find(f"{SVG}desc").text
    labels = [t for t in root.iter(f"{SVG}text") if "coop-label" in (t.get("class") or "")]
    assert sorted(t.get("data-node") for t in labels) == sorted(graph.nodes)
    assert all(t.text for t in labels)
    places = {(t.get("x"), t.get("y")) for t in labels}
    assert len(places) == 60
    # Labels run along the radius from their node: neighbours are at least one line apart.
    layout = map_svg.layout(graph, "focus")
    ring = [layout["nodes"][n] for n in graph.nodes if n != "focus"]
    angles = sorted(angle for _x, _y, angle in ring)
    gaps = [b - a for a, b in zip(angles, angles[1:], strict=False)]
    assert min(gaps) * math.pi / 180 * layout["radius"] >= 15
    # Every node has a legend entry for its kind: shape and label, not colour alone.
    legend = root.find(f".//{SVG}g[@class='coop-legend']")
    legend_text = " ".join(t.text for t in legend.iter(f"{SVG}text"))
    for kind in kinds:
        assert map_svg.short_label(str(dict(Organisation.Kind.choices)[kind]), 40) in legend_text


def test_names_are_escaped_and_shortened():
    graph = known([("a", "b")])
    graph.nodes["b"]["name"] = "<script>Les Amis & Co</script> " + "très long nom " * 5
    svg = map_svg.render_svg(graph, focus="a")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # still well-formed
    assert map_svg.short_label("Espace de vie sociale Le Caussenard") == (
        "Espace de vie sociale Le Caussenard"
    )
    assert map_svg.short_label("a" * 50).endswith("…") and len(map_svg.short_label("a" * 50)) <= 36


# --- pages ----------------------------------------------------------------------------------


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_structure_map_page_with_its_filters(client_of, world):
    client = client_of("direction@falaises.demo")
    url = reverse("organisations:structure_map", kwargs={"slug": "falaises"})
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'role="img"' in content and "<svg" in content
    text = text_of(page)
    assert "Pharmacie des Falaises" in text and "Micro-crèche Les Goélands" in text
    assert "Centre social Les Falaises travaille avec 20 structures." in text
    # In 2025 the micro-nursery was not yet a partner, and it was new in 2026.
    text_2025 = text_of(client.get(url, {"annee": 2025}))
    assert "Micro-crèche Les Goélands" not in text_2025
    assert "De 2024 à 2025" in text_2025
    assert "Les Tréteaux de la Falaise (théâtre amateur)" in text_2025.split("De 2024 à 2025")[1]
    lost = text_of(client.get(url, {"annee": 2025}))  # the music school's room ended in 2024
    assert "partenaire de l’année précédente sans lien cette année" in lost
    assert "École de musique intercommunale du pays de Caux" in lost.split("De 2024 à 2025")[1]
    # Node kind and tie kind filters.
    only_health = text_of(client.get(url, {"structures": "sante"}))
    assert "Pharmacie des Falaises" in only_health and "Caux Habitat" not in only_health
    bad = client.get(url, {"du": "2025-06-01", "au": "2025-01-01"})
    assert "La date de fin doit être postérieure à la date de début." in text_of(bad)


def test_the_network_map_page_for_advisors(client_of, world):
    page = client_of("caf@causses.demo").get(
        reverse("organisations:network_map", kwargs={"slug": "reseau-causses"})
    )
    text = text_of(page)
    assert "Foyer rural de Saint-Julien" in text
    assert "Les Amis de l'Aubrac" not in text and "Mairie d'Aubrac-le-Haut" not in text
    assert "partagent leurs chiffres clés avec le réseau" in text


def test_agreements_added_and_deleted_by_contributors(client_of, world):
    url = reverse("organisations:agreements", kwargs={"slug": "falaises"})
    reader = client_of("president@falaises.demo")
    assert reader.get(url).status_code == 200
    assert "Enregistrer un accord" not in text_of(reader.get(url))
    partner = world.organisations["pharmacie-du-marche"]
    assert reader.post(url, {"partner": partner.pk, "kind": "convention"}).status_code == 403

    client = client_of("referente@falaises.demo")
    found = text_of(client.get(url, {"q": "pharmacie du"}))
    assert "1 structure trouvée" in found
    wrong = client.post(url, {"partner": partner.pk, "kind": "convention",
                              "starts_on": "2026-05-01", "ends_on": "2026-01-01"})  # fmt: skip
    assert wrong.status_code == 400
    assert "La fin de l'accord doit être postérieure à son début." in text_of(wrong)
    itself = client.post(url, {"partner": world.organisations["falaises"].pk, "kind": "convention"})
    assert "Choisissez une structure partenaire dans la liste." in text_of(itself)
    assert not Agreement.objects.filter(partner=partner, organisation__slug="falaises").exists()

    done = client.post(url, {"partner": partner.pk, "kind": "convention",
                             "title": "Relais santé", "starts_on": "2026-01-01"})  # fmt: skip
    assert done.status_code == 302
    agreement = Agreement.objects.get(partner=partner, organisation__slug="falaises")
    assert AuditEvent.objects.filter(verb="agreement.added").exists()
    assert structure_graph(world.organisations["falaises"]).has_edge(
        "falaises", "pharmacie-du-marche"
    )
    delete = reverse(
        "organisations:agreement_delete", kwargs={"slug": "falaises", "agreement_id": agreement.pk}
    )
    assert client.post(delete).status_code == 302
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    # Another structure's agreement cannot be deleted through Les Falaises' address.
    other = Agreement.objects.filter(organisation__slug="moulin").first()
    stray = reverse(
        "organisations:agreement_delete", kwargs={"slug": "falaises", "agreement_id": other.pk}
    )
    assert client.post(stray).status_code == 404


# --- the project report -----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext absent (poppler-utils)")
def test_the_report_pdf_has_the_map_part(world):
    from maillage.reports import content, pdf

    project = world.projects["bien-vieillir"]
    data = content.build(project)
    assert "<svg" in data["cooperation_map"]["svg"]
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.render_pdf(data), capture_output=True
    )
    text = done.stdout.decode()
    assert "Carte des coopérations" in text
    ties = data["cooperation_map"]["ties"]
    assert f"9 structures, 36 relations, {ties} liens enregistrés" in text
    assert "Carte des coopérations — Collectif Bien Vieillir" in text  # the figure's caption

    alone = Project.objects.create(title="Seul", slug="seul", kind=Project.Kind.SOCIAL_PROJECT)
    Membership.objects.create(project=alone, organisation=world.organisations["falaises"],
                              role="porteur")  # fmt: skip
    assert content.build(alone)["cooperation_map"] is None


def test_the_report_page_shows_the_map(client_of, world):
    page = client_of("coordination@bienvieillir.demo").get(
        reverse("reports:report", kwargs={"slug": "bien-vieillir"})
    )
    assert page.status_code == 200
    assert "Carte des coopérations" in text_of(page)
    assert 'class="coop-svg"' in page.content.decode()
