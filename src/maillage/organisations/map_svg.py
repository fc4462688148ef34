"""The cooperation map as an inline SVG, drawn on the server with no drawing library.

Layout (the same data always gives the same bytes): the focus structure, if any, at the centre;
every other structure on one ring, grouped by kind (in the order of `Organisation.Kind`) and
sorted by name then slug inside a group, one empty slot between groups. The ring grows with the
number of structures so that neighbouring labels are always at least `SLOT` pixels apart. Labels
are written along the radius, outside the ring, so they never overlap each other however many
structures there are (60 and more). Each kind has its own shape AND colour (never colour alone),
explained by the legend; an edge's width grows with its weight. Colours follow the palette of
the site's CSS variables; classes let the page's stylesheet restyle them.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.organisations.cooperation_map import NODE_KIND_ORDER, TieKind
from maillage.organisations.models import Organisation

Kind = Organisation.Kind

SLOT = 19  # arc length between two neighbours on the ring: above the labels' 12 px line height
MIN_RADIUS = 150
NODE_R = 9
FOCUS_R = 17
LABEL_GAP = 8
LABEL_CHARS = 36  # longer names are shortened on the map (the table gives them in full)
CHAR_WIDTH = 6.6  # average width of a character at 12 px
MARGIN = 20
LEGEND_ITEM_WIDTH = 290
LEGEND_ROW = 24
MIN_WIDTH = 640

INK = "#1c2430"  # --ink
MUTED = "#4a5564"  # --muted
PRIMARY = "#1b4965"  # --primary
LINE = "#8795a8"  # a darker --line, visible on white (3:1)

# Shape and colour per kind; every colour keeps at least 3:1 against white (WCAG 1.4.11).
STYLE = {
    Kind.SOCIAL_CENTRE: ("circle", "#1b4965"),
    Kind.EVS: ("hexagon", "#2c6e91"),
    Kind.FEDERATION: ("star", "#6a3d9a"),
    Kind.CAF: ("diamond", "#a8481c"),
    Kind.LOCAL_AUTHORITY: ("square", "#1d6631"),
    Kind.ASSOCIATION: ("triangle", "#8a5a00"),
    Kind.BUSINESS: ("bar", "#55606e"),
    Kind.PUBLIC_SERVICE: ("octagon", "#0d5b5c"),
    Kind.CCAS: ("ring", "#9c1f1f"),
    Kind.SCHOOL: ("triangle_down", "#742a7a"),
    Kind.HEALTH: ("cross", "#b0233f"),
    Kind.SOCIAL_LANDLORD: ("house", "#3f5b1a"),
    Kind.TRANSPORT: ("chevron", "#005f87"),
}
DEFAULT_STYLE = ("circle", MUTED)


def _attr(value) -> str:
    return escape(str(value))


def _n(value: float) -> str:
    """Coordinates with one decimal and no negative zero: identical bytes for identical data."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def short_label(name: str, budget: int = LABEL_CHARS) -> str:
    """A name cut on a word boundary with an ellipsis when longer than `budget` characters."""
    name = " ".join(name.split())
    if len(name) <= budget:
        return name
    cut = name[: budget - 1]
    if " " in cut[-8:]:  # end on a whole word when that loses only a few characters
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–'’") + "…"


def _polygon(cx, cy, r, sides, rotation=-90.0) -> str:
    points = []
    for i in range(sides):
        angle = math.radians(rotation + 360 * i / sides)
        points.append(f"{_n(cx + r * math.cos(angle))},{_n(cy + r * math.sin(angle))}")
    return " ".join(points)


def shape_svg(kind: str, cx: float, cy: float, r: float) -> str:
    """The node's shape, centred on (cx, cy), about 2r wide."""
    shape, colour = STYLE.get(kind, DEFAULT_STYLE)
    paint = f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" {paint}/>'
    if shape == "ring":
        return (
            f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" {paint}/>'
            f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r * 0.45)}" fill="#ffffff"/>'
        )
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{_n(cx - s)}" y="{_n(cy - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" {paint}/>'  # noqa: E501
    if shape == "bar":
        return (
            f'<rect x="{_n(cx - r * 1.15)}" y="{_n(cy - r * 0.6)}" width="{_n(r * 2.3)}" '
            f'height="{_n(r * 1.2)}" {paint}/>'
        )
    if shape == "cross":
        t = r * 0.4
        d = (
            f"M{_n(cx - t)},{_n(cy - r)} H{_n(cx + t)} V{_n(cy - t)} H{_n(cx + r)} V{_n(cy + t)} "
            f"H{_n(cx + t)} V{_n(cy + r)} H{_n(cx - t)} V{_n(cy + t)} H{_n(cx - r)} "
            f"V{_n(cy - t)} H{_n(cx - t)} Z"
        )
        return f'<path d="{d}" {paint}/>'
    if shape == "house":
        d = (
            f"M{_n(cx)},{_n(cy - r)} L{_n(cx + r)},{_n(cy - r * 0.1)} V{_n(cy + r * 0.9)} "
            f"H{_n(cx - r)} V{_n(cy - r * 0.1)} Z"
        )
        return f'<path d="{d}" {paint}/>'
    if shape == "chevron":
        d = (
            f"M{_n(cx - r)},{_n(cy - r * 0.8)} H{_n(cx + r * 0.2)} L{_n(cx + r * 1.1)},{_n(cy)} "
            f"L{_n(cx + r * 0.2)},{_n(cy + r * 0.8)} H{_n(cx - r)} L{_n(cx - r * 0.2)},{_n(cy)} Z"
        )
        return f'<path d="{d}" {paint}/>'
    if shape == "star":
        points = []
        for i in range(10):
            radius = r * 1.15 if i % 2 == 0 else r * 0.5
            angle = math.radians(-90 + 36 * i)
            points.append(
                f"{_n(cx + radius * math.cos(angle))},{_n(cy + radius * math.sin(angle))}"
            )
        return f'<polygon points="{" ".join(points)}" {paint}/>'
    sides, rotation, scale = {
        "hexagon": (6, 0.0, 1.0),
        "octagon": (8, 22.5, 1.0),
        "diamond": (4, -90.0, 1.2),
        "triangle": (3, -90.0, 1.2),
        "triangle_down": (3, 90.0, 1.2),
    }[shape]
    return f'<polygon points="{_polygon(cx, cy, r * scale, sides, rotation)}" {paint}/>'


def edge_width(weight: int) -> float:
    """1.5 px for one tie, growing with the square root of the weight, at most 9 px."""
    return round(min(9.0, 1.5 + 1.6 * math.sqrt(max(weight, 1) - 1)), 1)


def _focus_key(graph, focus) -> str | None:
    if focus is None:
        focus = graph.graph.get("focus")
    key = getattr(focus, "slug", focus)
    return key if key in graph else None


def ring_order(graph, focus=None) -> list[str | None]:
    """The slots of the ring: structures grouped by kind, None for the gap after each group."""
    key = _focus_key(graph, focus)
    kind_index = {kind: i for i, kind in enumerate(NODE_KIND_ORDER)}
    nodes = sorted(
        (n for n in graph.nodes if n != key),
        key=lambda n: (
            kind_index.get(graph.nodes[n]["kind"], len(kind_index)),
            graph.nodes[n]["name"].casefold(),
            n,
        ),
    )
    slots: list[str | None] = []
    previous = None
    for node in nodes:
        kind = graph.nodes[node]["kind"]
        if previous is not None and kind != previous:
            slots.append(None)
        slots.append(node)
        previous = kind
    if slots and len({graph.nodes[n]["kind"] for n in nodes}) > 1:
        slots.append(None)  # the gap between the last group and the first
    return slots


def layout(graph, focus=None) -> dict:
    """Positions: {'radius', 'centre', 'width', 'height', 'nodes': {slug: (x, y, angle°)}}."""
    key = _focus_key(graph, focus)
    slots = ring_order(graph, key)
    count = len(slots)
    radius = max(MIN_RADIUS, count * SLOT / (2 * math.pi)) if count > 1 else 0.0
    longest = max((len(short_label(graph.nodes[n]["name"])) for n in graph.nodes), default=0)
    reach = radius + NODE_R + LABEL_GAP + longest * CHAR_WIDTH if count else FOCUS_R + 40
    half = max(reach + MARGIN, MIN_WIDTH / 2)
    centre = half
    positions = {}
    if key is not None:
        positions[key] = (centre, centre, 0.0)
    for i, slug in enumerate(slots):
        if slug is None:
            continue
        angle = -90.0 + 360.0 * i / count if count > 1 else -90.0
        if count == 1:
            x, y = centre, centre - (MIN_RADIUS if key else 0)
        else:
            x = centre + radius * math.cos(math.radians(angle))
            y = centre + radius * math.sin(math.radians(angle))
        positions[slug] = (x, y, angle)
    return {
        "radius": radius,
        "centre": centre,
        "width": 2 * half,
        "height": 2 * half,
        "nodes": positions,
    }


def _label(slug: str, data: dict, x: float, y: float, angle: float, *, focus: bool) -> str:
    text = _attr(short_label(data["name"]))
    if focus:
        return (
            f'<text class="coop-label coop-label--focus" data-node="{_attr(slug)}" x="{_n(x)}" '
            f'y="{_n(y + FOCUS_R + 16)}" text-anchor="middle" font-size="13" font-weight="700" '
            f'fill="{INK}" paint-order="stroke" stroke="#ffffff" stroke-width="4">{text}</text>'
        )
    right = math.cos(math.radians(angle)) >= -1e-9
    rotation = angle if right else angle + 180.0
    distance = NODE_R + LABEL_GAP
    lx = x + distance * math.cos(math.radians(angle))
    ly = y + distance * math.sin(math.radians(angle))
    return (
        f'<text class="coop-label" data-node="{_attr(slug)}" x="{_n(lx)}" y="{_n(ly)}" '
        f'dy="0.35em" text-anchor="{"start" if right else "end"}" '
        f'transform="rotate({_n(rotation)} {_n(lx)} {_n(ly)})" font-size="12" '
        f'fill="{INK}">{text}</text>'
    )


def _describe(graph, key: str | None) -> str:
    kinds: dict[str, int] = {}
    for node, data in graph.nodes(data=True):
        if node != key:
            kinds[data["kind_label"]] = kinds.get(data["kind_label"], 0) + 1
    structures = graph.number_of_nodes()
    parts = ", ".join(f"{label} : {count}" for label, count in sorted(kinds.items()))
    text = ngettext(
        "%(count)s structure et %(edges)s relations.",
        "%(count)s structures et %(edges)s relations.",
        structures,
    ) % {"count": structures, "edges": graph.number_of_edges()}
    if key is not None:
        text = (
            _("%(name)s au centre, ses partenaires autour, regroupés par type.")
            % {"name": graph.nodes[key]["name"]}
            + " "
            + text
        )
    if parts:
        text += " " + _("Par type : %(parts)s.") % {"parts": parts}
    return text + " " + _("Le tableau qui suit la carte en donne le détail.")


def _legend(graph, x0: float, y0: float, width: float, ident: str) -> tuple[str, float]:
    present = {kind for _node, kind in graph.nodes(data="kind")}
    kinds = [kind for kind in NODE_KIND_ORDER if kind in present]
    per_row = max(1, int((width - 2 * MARGIN) // LEGEND_ITEM_WIDTH))
    labels = dict(Kind.choices)
    out = [
        f'<g class="coop-legend" id="legende-{ident}">',
        f'<text x="{_n(x0)}" y="{_n(y0 + 14)}" font-size="13" font-weight="700" '
        f'fill="{INK}">{_attr(_("Légende"))}</text>',
    ]
    y = y0 + 28
    for i, kind in enumerate(kinds):
        col, row = i % per_row, i // per_row
        x = x0 + col * LEGEND_ITEM_WIDTH
        cy = y + row * LEGEND_ROW + 10
        out.append(shape_svg(kind, x + 10, cy, NODE_R))
        out.append(
            f'<text x="{_n(x + 26)}" y="{_n(cy + 4)}" font-size="12" fill="{INK}">'
            f"{_attr(short_label(str(labels.get(kind, kind)), 40))}</text>"
        )
    rows = (len(kinds) + per_row - 1) // per_row
    y += rows * LEGEND_ROW + 8
    heaviest = max((w for _a, _b, w in graph.edges(data="weight")), default=1)
    samples = [1] if heaviest <= 1 else [1, heaviest]
    x = x0
    for weight in samples:
        out.append(
            f'<path d="M{_n(x)},{_n(y + 8)} H{_n(x + 40)}" stroke="{LINE}" '
            f'stroke-width="{edge_width(weight)}" stroke-linecap="round"/>'
        )
        label = ngettext("%(count)s lien", "%(count)s liens", weight) % {"count": weight}
        out.append(
            f'<text x="{_n(x + 50)}" y="{_n(y + 12)}" font-size="12" fill="{INK}">'
            f"{_attr(label)}</text>"
        )
        x += 130
    out.append(
        f'<text x="{_n(x + 10)}" y="{_n(y + 12)}" font-size="12" fill="{MUTED}">'
        f"{_attr(_('épaisseur du trait : nombre de liens'))}</text>"
    )
    out.append("</g>")
    return "".join(out), y + 24 - y0


def render_svg(graph, focus=None) -> str:
    """The complete SVG of a cooperation graph (from `cooperation_map`), safe to embed inline.
    `focus`: a structure (or its slug) to draw at the centre; by default the graph's own.
    Kept with the graph when the graph is kept (map_cache): the layout costs."""
    from maillage.organisations.map_cache import kept

    key = _focus_key(graph, focus)
    return kept(graph, "svg", lambda: _render_svg(graph, key), key)


def _render_svg(graph, key) -> str:
    ident = _attr(graph.graph.get("ident") or "carte")
    title = graph.graph.get("title") or ""
    place = layout(graph, key)
    width = place["width"]
    legend_width = max(width, MIN_WIDTH)
    legend, legend_height = _legend(graph, MARGIN, place["height"], legend_width, ident)
    height = place["height"] + legend_height + MARGIN
    w, h = round(legend_width), round(height)
    title_id, desc_id = f"carte-titre-{ident}", f"carte-desc-{ident}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coop-svg" role="img" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif">',
        f'<title id="{title_id}">'
        f"{_attr(_('Carte des coopérations — %(title)s') % {'title': title})}</title>",
        f'<desc id="{desc_id}">{_attr(_describe(graph, key))}</desc>',
        f'<rect class="coop-svg__background" x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
    ]
    nodes = place["nodes"]
    if not graph.number_of_nodes():
        out.append(
            f'<text x="{_n(w / 2)}" y="{_n(place["height"] / 2)}" text-anchor="middle" '
            f'font-size="13" fill="{INK}">{_attr(_("Aucune coopération enregistrée."))}</text>'
        )
    edges = sorted((tuple(sorted((a, b))), data) for a, b, data in graph.edges(data=True))
    # Ties among partners first (thin, grey), the focus's own ties over them.
    edges.sort(key=lambda item: key in item[0])
    out.append('<g class="coop-edges" fill="none" stroke-linecap="round">')
    for (a, b), data in edges:
        (x1, y1, _a1), (x2, y2, _a2) = nodes[a], nodes[b]
        focus_edge = key in (a, b)
        kinds = ", ".join(
            f"{TieKind.label(kind)} ({count})" for kind, count in data["kinds"].items()
        )
        tip = f"{graph.nodes[a]['name']} — {graph.nodes[b]['name']} : {kinds}"
        out.append(
            f'<path class="coop-edge{" coop-edge--focus" if focus_edge else ""}" '
            f'd="M{_n(x1)},{_n(y1)} L{_n(x2)},{_n(y2)}" '
            f'stroke="{PRIMARY if focus_edge else LINE}" '
            f'stroke-opacity="{"0.75" if focus_edge else "0.6"}" '
            f'stroke-width="{edge_width(data["weight"])}"><title>{_attr(tip)}</title></path>'
        )
    out.append("</g>")
    for slug in sorted(nodes, key=lambda s: (s == key, s)):
        data = graph.nodes[slug]
        x, y, angle = nodes[slug]
        is_focus = slug == key
        tip = f"{data['name']} ({data['kind_label']})"
        out.append(
            f'<g class="coop-node coop-node--{_attr(data["kind"])}" data-node="{_attr(slug)}">'
            f"<title>{_attr(tip)}</title>"
            f"{shape_svg(data['kind'], x, y, FOCUS_R if is_focus else NODE_R)}"
            f"</g>"
        )
        out.append(_label(slug, data, x, y, angle, focus=is_focus))
    out.append(legend)
    out.append("</svg>")
    return "\n".join(out)
