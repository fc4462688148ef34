"""The value-chain diagram: complete, readable (no overlaps), deterministic and well-formed."""

import re
import xml.etree.ElementTree as ET

import pytest

from maillage.evaluation.diagram import layout_chain, render_chain_svg
from maillage.evaluation.models import ChainEdge, ChainLink, ValueChain

SVG = "{http://www.w3.org/2000/svg}"
KINDS = ChainLink.KIND_ORDER


def _numbers(d):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


def _overlap(a, b):
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def assert_readable(chain):
    layout = layout_chain(chain.links.all(), chain.edges.all())
    boxes = list(layout.boxes.values())
    for i, box in enumerate(boxes):
        assert box.x >= 0 and box.y >= 0
        assert box.right <= layout.width and box.bottom <= layout.height
        for other in boxes[i + 1 :]:
            assert not _overlap(box, other), (box.link, other.link)
    return layout


@pytest.fixture
def big_chain(world):
    """40 maillons over the five kinds and about 60 links, some of them feedback links."""
    project = world.projects["bien-vieillir"]
    chain = ValueChain.objects.create(project=project, title="Grande chaîne")
    links = []
    for i in range(40):
        kind = KINDS[i % 5]
        links.append(
            ChainLink(
                chain=chain,
                kind=kind,
                title=f"Maillon {i} avec un intitulé assez long pour tenir sur plusieurs lignes"
                if i % 3 == 0
                else f"Maillon {i}",
                resource_type="support" if kind == "resource" and i % 2 == 0 else "",
                target="habitants" if kind == "effect" else "",
                order=(i * 7) % 11,
            )
        )
    links = ChainLink.objects.bulk_create(links)
    by_kind = {kind: [link for link in links if link.kind == kind] for kind in KINDS}
    pairs = set()
    for c in range(4):
        sources, targets = by_kind[KINDS[c]], by_kind[KINDS[c + 1]]
        for i, source in enumerate(sources):
            pairs.add((source.pk, targets[(i * 3) % len(targets)].pk))
            pairs.add((source.pk, targets[(i * 5 + 1) % len(targets)].pk))
    for i, common in enumerate(by_kind["common"]):  # communs renew resources
        pairs.add((common.pk, by_kind["resource"][i % 8].pk))
    pairs.add((by_kind["effect"][0].pk, by_kind["activity"][1].pk))
    ChainEdge.objects.bulk_create(
        ChainEdge(chain=chain, source_id=s, target_id=t) for s, t in sorted(pairs)
    )
    assert 55 <= chain.edges.count() <= 75
    return chain


def test_every_node_and_edge_is_in_the_svg(big_chain):
    svg = render_chain_svg(big_chain)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Schéma de la chaîne de valeur")
    assert "Maillons par colonne" in root.find(f"{SVG}desc").text
    for heading in ("Ressources", "Activités", "Réalisations", "Effets", "Communs"):
        assert f">{heading}<" in svg
    nodes = {g.get("data-link-id"): g for g in root.iter(f"{SVG}g") if g.get("data-link-id")}
    assert set(nodes) == {str(pk) for pk in big_chain.links.values_list("pk", flat=True)}
    for link in big_chain.links.all():
        group = nodes[str(link.pk)]
        assert f"chain-node--{link.kind}" in group.get("class")
        assert group.find(f"{SVG}a").get("href") == f"#maillon-{link.pk}"
        words = " ".join(t.text for t in group.iter(f"{SVG}text"))
        assert words.split()[-1] == link.title.split()[-1]
        if link.is_support_function:
            assert "chain-node--support" in group.get("class")
            assert "support" in words
        if link.kind == "effect":
            assert "Cible : habitants" in words
    paths = {
        (p.get("data-source"), p.get("data-target"))
        for p in root.iter(f"{SVG}path")
        if p.get("data-source")
    }
    expected = {(str(s), str(t)) for s, t in big_chain.edges.values_list("source", "target")}
    assert paths == expected


def test_no_overlap_and_everything_inside_the_view_box(big_chain):
    layout = assert_readable(big_chain)
    svg = render_chain_svg(big_chain)
    root = ET.fromstring(svg)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert (width, height) == (round(layout.width), round(layout.height))
    for path in root.iter(f"{SVG}path"):
        if path.get("data-source"):
            numbers = _numbers(path.get("d"))
            assert all(0 <= x <= width for x in numbers[0::2])
            assert all(0 <= y <= height for y in numbers[1::2])


def test_feedback_edges_are_dashed_and_pass_below_the_boxes(big_chain):
    layout = layout_chain(big_chain.links.all(), big_chain.edges.all())
    lowest = max(box.bottom for box in layout.boxes.values())
    root = ET.fromstring(render_chain_svg(big_chain))
    feedback = [
        p for p in root.iter(f"{SVG}path") if "chain-edge--feedback" in (p.get("class") or "")
    ]
    assert len(feedback) == 9
    lanes = set()
    for path in feedback:
        assert path.get("stroke-dasharray")
        ys = _numbers(path.get("d"))[1::2]
        assert max(ys) > lowest
        lanes.add(max(ys))
    assert len(lanes) == len(feedback)  # each its own lane, so none hides another
    forward = [p for p in root.iter(f"{SVG}path") if p.get("class") == "chain-edge"]
    assert forward and not any(p.get("stroke-dasharray") for p in forward)
    # Vertical runs of feedback links stay in the gaps between columns, never across a box.
    for path in layout.edges:
        if not path.feedback:
            continue
        for match in re.finditer(r"V(-?[\d.]+)", path.d):
            x = float(re.findall(r"[MH](-?[\d.]+)", path.d[: match.start()])[-1])
            assert not any(box.x <= x <= box.right for box in layout.boxes.values())


def test_same_input_same_picture(big_chain):
    assert render_chain_svg(big_chain) == render_chain_svg(ValueChain.objects.get(pk=big_chain.pk))


def test_text_is_escaped(world):
    chain = ValueChain.objects.create(
        project=world.projects["bien-vieillir"], title="Chaîne <b>\"A\" & 'B'</b>"
    )
    a = ChainLink.objects.create(chain=chain, kind="resource", title="Temps <script>& « x »")
    b = ChainLink.objects.create(chain=chain, kind="activity", title='Atelier "quotes" & co')
    ChainEdge.objects.create(chain=chain, source=a, target=b, label="<lien> & 'retour'")
    svg = render_chain_svg(chain)
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # well-formed
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Temps <script>& « x »" in texts
    assert 'Atelier "quotes" & co' in texts
    assert root.find(f"{SVG}title").text.endswith("« Chaîne <b>\"A\" & 'B'</b> »")


def test_empty_chain_still_draws(world):
    chain = ValueChain.objects.create(project=world.projects["bien-vieillir"], title="Vide")
    root = ET.fromstring(render_chain_svg(chain))
    assert "Aucun maillon" in " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_demo_chains_are_readable(db):
    for chain in ValueChain.objects.all():
        assert_readable(chain)
        ET.fromstring(render_chain_svg(chain))
