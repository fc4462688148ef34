"""The value-chain diagram: a plain-Python layout and an inline SVG, with no drawing library.

Five columns left to right (ressources → communs). Inside a column, boxes are ordered by a few
passes of the barycentre heuristic to reduce crossings, ties broken by (order, pk) so the same
data always gives the same picture. Forward links are curves between columns; feedback links
(a commun that renews a ressource…) are dashed and routed along the bottom, below every box, in
the gaps between columns, so no box ever hides them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.evaluation.models import ChainLink, Target

# Geometry, in SVG user units (pixels at 100 %).
BOX_WIDTH = 190
COLUMN_GAP = 80
MARGIN_X = 34  # room on the left for feedback links entering the first column
MARGIN_TOP = 16
HEADER_HEIGHT = 34
BOX_GAP = 18
PADDING = 10
LINE_HEIGHT = 16
META_HEIGHT = 18
CHARS_PER_LINE = 24  # at 12.5px sans-serif, 24 characters fit in the box width
LANE_GAP = 9
LEGEND_HEIGHT = 74
PASSES = 4

KIND_COLUMNS = list(ChainLink.KIND_ORDER)

# (fill, stroke) per kind: pale fills under dark text, contrast above 7:1.
PALETTE = {
    ChainLink.Kind.RESOURCE: ("#e6eefa", "#1f4e89"),
    ChainLink.Kind.ACTIVITY: ("#e5f4e8", "#1d6631"),
    ChainLink.Kind.OUTPUT: ("#fdf1dc", "#7f4c00"),
    ChainLink.Kind.EFFECT: ("#f5e7f6", "#742a7a"),
    ChainLink.Kind.COMMON: ("#e2f3f3", "#0d5b5c"),
}
TEXT_COLOUR = "#1a1a1a"
EDGE_COLOUR = "#4d4d4d"
FEEDBACK_COLOUR = "#9c1f1f"


def column_headings() -> dict[str, str]:
    return {
        ChainLink.Kind.RESOURCE: _("Ressources"),
        ChainLink.Kind.ACTIVITY: _("Activités"),
        ChainLink.Kind.OUTPUT: _("Réalisations"),
        ChainLink.Kind.EFFECT: _("Effets"),
        ChainLink.Kind.COMMON: _("Communs"),
    }


def wrap(text: str, budget: int = CHARS_PER_LINE) -> list[str]:
    """Cut text into lines of at most `budget` characters, on word boundaries when possible."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > budget:  # a word longer than a line is cut
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: budget - 1] + "-")
            word = word[budget - 1 :]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= budget:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or ["–"]


def _meta(link) -> str:
    """The small line above the title: resource type, support tag or target of an effect."""
    if link.kind == ChainLink.Kind.RESOURCE and link.resource_type == "support":
        return _("support")
    if link.kind == ChainLink.Kind.RESOURCE and link.resource_type:
        return str(dict(ChainLink.ResourceType.choices).get(link.resource_type, ""))
    if link.kind == ChainLink.Kind.EFFECT and link.target:
        label = dict(Target.choices).get(link.target, link.target)
        return _("Cible : %(target)s") % {"target": label}
    return ""


@dataclass
class Box:
    link: object
    column: int
    x: float
    y: float
    width: float
    height: float
    lines: list[str]
    meta: str
    support: bool

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass
class EdgePath:
    edge: object
    source_id: int
    target_id: int
    d: str
    feedback: bool


@dataclass
class ChainLayout:
    width: float
    height: float
    column_x: list[float]
    boxes: dict[int, Box] = field(default_factory=dict)
    edges: list[EdgePath] = field(default_factory=list)
    boxes_bottom: float = 0
    legend_y: float = 0


def _column_of(link) -> int:
    return KIND_COLUMNS.index(link.kind) if link.kind in KIND_COLUMNS else 0


def _crossings(columns: list[list[int]], forward: list[tuple[int, int]], col: dict) -> int:
    """Number of crossings between forward links of adjacent columns (a quality measure)."""
    index = {pk: i for column in columns for i, pk in enumerate(column)}
    total = 0
    for c in range(len(columns) - 1):
        pairs = [(index[s], index[t]) for s, t in forward if col[s] == c and col[t] == c + 1]
        for i, (a1, b1) in enumerate(pairs):
            for a2, b2 in pairs[i + 1 :]:
                if (a1 - a2) * (b1 - b2) < 0:
                    total += 1
    return total


def _order_columns(links, forward: list[tuple[int, int]]) -> list[list[int]]:
    by_pk = {link.pk: link for link in links}
    col = {link.pk: _column_of(link) for link in links}
    columns: list[list[int]] = [[] for _kind in KIND_COLUMNS]
    for link in sorted(links, key=lambda link: (link.order, link.pk)):
        columns[col[link.pk]].append(link.pk)
    incoming: dict[int, list[int]] = {pk: [] for pk in by_pk}
    outgoing: dict[int, list[int]] = {pk: [] for pk in by_pk}
    for source, target in forward:
        outgoing[source].append(target)
        incoming[target].append(source)

    def positions() -> dict[int, float]:
        return {pk: (i + 0.5) / len(column) for column in columns for i, pk in enumerate(column)}

    def sweep(indices, neighbours):
        for c in indices:
            pos = positions()

            def key(pk, pos=pos):
                near = neighbours[pk]
                centre = sum(pos[n] for n in near) / len(near) if near else pos[pk]
                return (round(centre, 9), by_pk[pk].order, pk)

            columns[c] = sorted(columns[c], key=key)

    best = [list(column) for column in columns]
    best_score = _crossings(columns, forward, col)
    for _pass in range(PASSES):
        sweep(range(1, len(columns)), incoming)
        sweep(range(len(columns) - 2, -1, -1), outgoing)
        score = _crossings(columns, forward, col)
        if score < best_score:
            best, best_score = [list(column) for column in columns], score
    return best


def layout_chain(links, edges) -> ChainLayout:
    """Place the boxes and route the links. `links` are ChainLink-like objects (pk, kind, title,
    order, resource_type, target); `edges` have source_id and target_id."""
    links = list(links)
    by_pk = {link.pk: link for link in links}
    col = {pk: _column_of(link) for pk, link in by_pk.items()}
    edges = sorted(
        (e for e in edges if e.source_id in by_pk and e.target_id in by_pk),
        key=lambda e: (col[e.source_id], col[e.target_id], e.source_id, e.target_id),
    )
    forward = [(e.source_id, e.target_id) for e in edges if col[e.target_id] > col[e.source_id]]
    columns = _order_columns(links, forward)

    column_x = [MARGIN_X + i * (BOX_WIDTH + COLUMN_GAP) for i in range(len(KIND_COLUMNS))]
    width = column_x[-1] + BOX_WIDTH + MARGIN_X
    layout = ChainLayout(width=width, height=0, column_x=column_x)

    # Box heights first, then each column centred on the tallest one.
    sized: list[list[tuple[int, list[str], str, float]]] = []
    for column in columns:
        rows = []
        for pk in column:
            link = by_pk[pk]
            lines = wrap(link.title)
            meta = _meta(link)
            height = 2 * PADDING + len(lines) * LINE_HEIGHT + (META_HEIGHT if meta else 0)
            rows.append((pk, lines, meta, height))
        sized.append(rows)
    heights = [sum(r[3] for r in rows) + BOX_GAP * max(len(rows) - 1, 0) for rows in sized]
    tallest = max(heights) if heights else 0
    top = MARGIN_TOP + HEADER_HEIGHT
    for c, rows in enumerate(sized):
        y = top + (tallest - heights[c]) / 2
        for pk, lines, meta, height in rows:
            link = by_pk[pk]
            layout.boxes[pk] = Box(
                link=link,
                column=c,
                x=column_x[c],
                y=y,
                width=BOX_WIDTH,
                height=height,
                lines=lines,
                meta=meta,
                support=link.kind == ChainLink.Kind.RESOURCE and link.resource_type == "support",
            )
            y += height + BOX_GAP
    layout.boxes_bottom = top + max(tallest, LINE_HEIGHT * 2)

    lane = 0
    for edge in edges:
        source, target = layout.boxes[edge.source_id], layout.boxes[edge.target_id]
        if target.column > source.column:
            x1, y1, x2, y2 = source.right, source.middle, target.x - 2, target.middle
            bend = (x2 - x1) / 2
            d = (
                f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} "
                f"{x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            )
            feedback = False
        else:
            # Out to the right, down the gap, along its own lane below every box, up the gap
            # left of the target's column, into its left side.
            shift = 12 + (lane % 5) * 4
            out_x = source.right + shift
            in_x = target.x - shift
            lane_y = layout.boxes_bottom + 14 + lane * LANE_GAP
            x2 = target.x - 2
            d = (
                f"M{source.right:.1f},{source.middle:.1f} H{out_x:.1f} V{lane_y:.1f} "
                f"H{in_x:.1f} V{target.middle:.1f} H{x2:.1f}"
            )
            feedback = True
            lane += 1
        layout.edges.append(
            EdgePath(
                edge=edge,
                source_id=edge.source_id,
                target_id=edge.target_id,
                d=d,
                feedback=feedback,
            )
        )
    lanes_bottom = layout.boxes_bottom + (14 + lane * LANE_GAP if lane else 0)
    layout.legend_y = lanes_bottom + 16
    layout.height = layout.legend_y + LEGEND_HEIGHT
    return layout


# --- SVG -------------------------------------------------------------------------------------


def _attr(value) -> str:
    return escape(str(value))


def _describe(title: str, links, layout: ChainLayout) -> str:
    counts = dict.fromkeys(KIND_COLUMNS, 0)
    for link in links:
        counts[link.kind] = counts.get(link.kind, 0) + 1
    headings = column_headings()
    parts = ", ".join(f"{headings[kind].lower()} : {counts[kind]}" for kind in KIND_COLUMNS)
    feedback = sum(1 for e in layout.edges if e.feedback)
    links_text = ngettext("%(count)s lien", "%(count)s liens", len(layout.edges)) % {
        "count": len(layout.edges)
    }
    feedback_text = ngettext(
        "dont %(count)s retour vers une colonne précédente",
        "dont %(count)s retours vers une colonne précédente",
        feedback,
    ) % {"count": feedback}
    return _(
        "Chaîne de valeur « %(title)s » en cinq colonnes. Maillons par colonne : %(parts)s. "
        "%(links)s, %(feedback)s. Le tableau qui suit le schéma en donne le détail."
    ) % {"title": title, "parts": parts, "links": links_text, "feedback": feedback_text}


def render_layout_svg(layout: ChainLayout, *, title: str, ident: str, links=()) -> str:
    """The SVG of a layout. `ident` makes element ids unique on the page."""
    marker = f"fleche-{ident}"
    marker_back = f"fleche-retour-{ident}"
    title_id, desc_id = f"schema-titre-{ident}", f"schema-desc-{ident}"
    w, h = round(layout.width), round(layout.height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chain-svg" role="img" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif">',
        f'<title id="{title_id}">{_attr(_("Schéma de la chaîne de valeur « %(title)s »") % {"title": title})}</title>',  # noqa: E501
        f'<desc id="{desc_id}">{_attr(_describe(title, links, layout))}</desc>',
        "<defs>",
        f'<marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{EDGE_COLOUR}"/></marker>',
        f'<marker id="{marker_back}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{FEEDBACK_COLOUR}"/></marker>',
        "</defs>",
        f'<rect class="chain-svg__background" x="0" y="0" width="{w}" height="{h}" '
        f'fill="#ffffff"/>',
    ]
    headings = column_headings()
    for i, kind in enumerate(KIND_COLUMNS):
        x = layout.column_x[i] + BOX_WIDTH / 2
        stroke = PALETTE[kind][1]
        out.append(
            f'<text class="chain-svg__heading" x="{x:.1f}" y="{MARGIN_TOP + 16}" '
            f'text-anchor="middle" font-size="15" font-weight="700" fill="{stroke}">'
            f"{_attr(headings[kind])}</text>"
        )
    # Forward links under the boxes, feedback links over everything (they never cross a box).
    for path in sorted(layout.edges, key=lambda p: p.feedback):
        if path.feedback:
            continue
        out.append(_edge_svg(path, marker))
    if not layout.boxes:
        out.append(
            f'<text x="{layout.width / 2:.1f}" y="{MARGIN_TOP + HEADER_HEIGHT + 20}" '
            f'text-anchor="middle" font-size="13" fill="{TEXT_COLOUR}">'
            f"{_attr(_('Aucun maillon pour l’instant.'))}</text>"
        )
    for box in sorted(layout.boxes.values(), key=lambda b: (b.column, b.y)):
        out.append(_box_svg(box))
    for path in layout.edges:
        if path.feedback:
            out.append(_edge_svg(path, marker_back))
    out.append(_legend_svg(layout, marker, marker_back))
    out.append("</svg>")
    return "\n".join(out)


def _edge_svg(path: EdgePath, marker: str) -> str:
    label = getattr(path.edge, "label", "") or ""
    tooltip = f"<title>{_attr(label)}</title>" if label else ""
    if path.feedback:
        return (
            f'<path class="chain-edge chain-edge--feedback" data-source="{path.source_id}" '
            f'data-target="{path.target_id}" d="{path.d}" fill="none" '
            f'stroke="{FEEDBACK_COLOUR}" stroke-width="1.6" stroke-dasharray="6 4" '
            f'marker-end="url(#{marker})">{tooltip}</path>'
        )
    return (
        f'<path class="chain-edge" data-source="{path.source_id}" data-target="{path.target_id}" '
        f'd="{path.d}" fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.4" '
        f'marker-end="url(#{marker})">{tooltip}</path>'
    )


def _box_svg(box: Box) -> str:
    link = box.link
    fill, stroke = PALETTE.get(link.kind, PALETTE[ChainLink.Kind.RESOURCE])
    classes = f"chain-node chain-node--{_attr(link.kind)}"
    dash = ""
    if box.support:
        classes += " chain-node--support"
        dash = ' stroke-dasharray="5 3"'
    label = link.title if not box.meta else f"{link.title} ({box.meta})"
    parts = [
        f'<g class="{classes}" data-link-id="{link.pk}">',
        f'<a href="#maillon-{link.pk}" aria-label="{_attr(label)}">',
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width}" height="{box.height}" '
        f'rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.6"{dash}/>',
    ]
    y = box.y + PADDING
    if box.meta:
        if box.support:
            tag_width = 8 + len(box.meta) * 7
            parts.append(
                f'<rect class="chain-node__tag" x="{box.x + PADDING:.1f}" y="{y:.1f}" '
                f'width="{tag_width}" height="15" rx="3" fill="{stroke}"/>'
                f'<text x="{box.x + PADDING + 4:.1f}" y="{y + 11.5:.1f}" font-size="11" '
                f'fill="#ffffff">{_attr(box.meta)}</text>'
            )
        else:
            parts.append(
                f'<text class="chain-node__meta" x="{box.x + PADDING:.1f}" y="{y + 11.5:.1f}" '
                f'font-size="11" font-style="italic" fill="{stroke}">{_attr(box.meta)}</text>'
            )
        y += META_HEIGHT
    for line in box.lines:
        parts.append(
            f'<text class="chain-node__title" x="{box.x + PADDING:.1f}" y="{y + 12:.1f}" '
            f'font-size="12.5" fill="{TEXT_COLOUR}">{_attr(line)}</text>'
        )
        y += LINE_HEIGHT
    parts.append("</a></g>")
    return "".join(parts)


def _legend_svg(layout: ChainLayout, marker: str, marker_back: str) -> str:
    x, y = MARGIN_X, layout.legend_y
    return "".join(
        [
            '<g class="chain-legend">',
            f'<text x="{x}" y="{y + 12}" font-size="13" font-weight="700" '
            f'fill="{TEXT_COLOUR}">{_attr(_("Légende"))}</text>',
            f'<path d="M{x},{y + 30} H{x + 44}" stroke="{EDGE_COLOUR}" stroke-width="1.4" '
            f'fill="none" marker-end="url(#{marker})"/>',
            f'<text x="{x + 54}" y="{y + 34}" font-size="12" fill="{TEXT_COLOUR}">'
            f"{_attr(_('lien : ce maillon contribue au suivant'))}</text>",
            f'<path d="M{x + 330},{y + 30} H{x + 374}" stroke="{FEEDBACK_COLOUR}" '
            f'stroke-width="1.6" stroke-dasharray="6 4" fill="none" '
            f'marker-end="url(#{marker_back})"/>',
            f'<text x="{x + 384}" y="{y + 34}" font-size="12" fill="{TEXT_COLOUR}">'
            f"{_attr(_('retour : renouvelle un maillon en amont (tracé sous les maillons)'))}"
            "</text>",
            f'<rect x="{x}" y="{y + 46}" width="44" height="18" rx="4" fill="#ffffff" '
            f'stroke="{PALETTE[ChainLink.Kind.RESOURCE][1]}" stroke-width="1.6" '
            f'stroke-dasharray="5 3"/>',
            f'<text x="{x + 54}" y="{y + 60}" font-size="12" fill="{TEXT_COLOUR}">'
            f"{_attr(_('fonction support (accueil, comptabilité, RH, locaux)'))}</text>",
            "</g>",
        ]
    )


def render_chain_svg(chain) -> str:
    """The complete SVG of a saved chain, safe to embed inline."""
    links = list(chain.links.all())
    edges = list(chain.edges.all())
    layout = layout_chain(links, edges)
    return render_layout_svg(layout, title=chain.title, ident=str(chain.pk), links=links)
