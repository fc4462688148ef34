"""The network report: what a federation or a CAF shows of the network it accompanies, for
advocacy, in the manner of the yearly SENACS leaflet. The content is one dict (plain strings and
numbers) read by the HTML page and by `typst/network.typ` for the PDF.

Only what the structures share reaches it: key figures as totals (each with the number of
structures it adds up), the common indicators of the structures that share their values, and the
network's own sessions. Nothing is extrapolated."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from maillage.analysis.results import figure
from maillage.organisations import network_dashboard
from maillage.organisations.cooperation_map import metrics, network_graph
from maillage.organisations.map_svg import render_svg
from maillage.organisations.models import Network, NetworkMembership
from maillage.reports.pdf import _french, compile_in_temporary_folder, write_data_and_template

TEMPLATE = Path(__file__).parent / "typst" / "network.typ"


def _number(value, kind: str = "int") -> str:
    if value is None:
        return "–"
    if kind == "euros":
        return f"{figure(float(value), 0)} €"
    return figure(float(value), 1 if kind == "fte" else 0)


def _cooperation_map(network: Network) -> dict | None:
    """The network's cooperation map; None while no structure is on it."""
    graph = network_graph(network)
    if graph.number_of_nodes() == 0:
        return None
    found = metrics(graph)
    return {
        "svg": render_svg(graph),
        "structures": found.structures,
        "edges": found.edges,
        "density": figure(found.density * 100, 0) + " %",
        "connectors": [
            {"name": m.name, "kind": m.kind_label, "degree": m.degree, "ties": m.tie_kinds_text}
            for m in found.connectors
        ],
        "partners_by_kind": [
            {"kind": label, "count": n} for _k, label, n in found.partners_by_kind
        ],
    }


def build(network: Network, year: int | None = None, *, today: date | None = None) -> dict:
    from django.utils import timezone

    today = today or timezone.localdate()
    board = network_dashboard.dashboard(network, year)
    summary = network_dashboard.sessions_summary(network, board.comparison.organisations)
    animators = network.memberships.filter(role=NetworkMembership.Role.ANIMATOR).select_related(
        "organisation"
    )
    figures = board.figures
    comparison = board.comparison
    sessions = [
        {
            "date": date_format(s.held_on, "j F Y"),
            "iso": s.held_on.isoformat(),
            "kind": capfirst(s.get_kind_display()),
            "title": s.title,
            "place": s.place,
            "people": s.people,
            "structures": s.structure_count,
            "milestone": s.is_milestone,
            "past": s.held_on < today,
        }
        for s in summary.sessions
    ]
    shared_rows = [(org, cells) for org, shared, cells in comparison.by_structure if shared]
    not_shared = [org.name for org, shared, _cells in comparison.by_structure if not shared]
    not_sharing_figures = [row.organisation.name for row in figures.rows if not row.shared]
    data = {
        "lang": "fr",
        "title": network.name,
        "subtitle": _("Rapport du réseau"),
        "department": str(network.department or ""),
        "description": network.description,
        "generated_on": date_format(today, "j F Y"),
        "animators": [m.organisation.name for m in animators],
        "accompanied_count": figures.accompanied_count,
        "common_framework": str(board.common) if board.common else "",
        "structures": [
            {
                "name": row.organisation.name,
                "kind": row.organisation.get_kind_display(),
                "commune": row.organisation.commune,
                "agrement_end": (
                    date_format(row.organisation.agrement_end, "F Y")
                    if row.organisation.agrement_end
                    else ""
                ),
                "has_copy": row.has_copy,
                "done": row.done,
                "current": (
                    f"{row.current.number}. {row.current.title}"
                    if row.current
                    else (_("toutes terminées") if row.has_copy else "")
                ),
            }
            for row in board.progress
        ],
        "figures": {
            "sharing_count": figures.sharing_count,
            "cards": [
                {
                    "label": card.label,
                    "value": _number(card.value, card.format),
                    "coverage": card.coverage,
                    "out_of": card.out_of,
                }
                for card in board.cards
            ],
            "not_sharing": not_sharing_figures,
        },
        "indicators": {
            "year": comparison.year,
            "sharing_count": comparison.sharing_count,
            "items": [
                {
                    "name": row.indicator.name,
                    "unit": row.indicator.unit,
                    "values": [
                        {
                            "structure": org.name,
                            "value": (
                                _("absent de sa copie")
                                if not cells[i].in_copy
                                else (
                                    cells[i].text
                                    if cells[i].value is not None
                                    and cells[i].value.value is not None
                                    else _("pas de donnée")
                                )
                            ),
                        }
                        for org, cells in shared_rows
                    ],
                }
                for i, row in enumerate(comparison.rows)
            ],
            "not_shared": not_shared,
        },
        "sessions": sessions,
        "sessions_people": summary.people,
        "attendance": [
            {"structure": row.organisation.name, "sessions": row.sessions, "people": row.people}
            for row in summary.by_structure
        ],
        "milestones": [s for s in sessions if s["milestone"]],
    }
    data["map"] = _cooperation_map(network)
    data["method"] = _method(data)
    return data


def _method(data: dict) -> list[str]:
    notes = [
        _(
            "Chiffres clés : dernière année saisie par chaque structure qui les partage avec le "
            "réseau. Chaque total dit combien de structures il additionne ; rien n'est estimé "
            "pour les autres."
        ),
        _(
            "Actions : activités relevées dans Maillage par ces structures. Partenaires : "
            "structures distinctes avec qui elles ont un projet ou un accord enregistré, chacune "
            "comptée une fois pour le réseau."
        ),
        _(
            "Indicateurs communs : calculés sur la copie du cadre commun de chaque structure qui "
            "partage les valeurs de ses indicateurs, pour l'année civile %(year)s."
        )
        % {"year": data["indicators"]["year"]},
        _(
            "Séances : présences comptées par structure et par groupe (habitants, bénévoles, "
            "salariés, administrateurs, partenaires) ; une personne venue deux fois compte deux "
            "fois."
        ),
    ]
    if data["figures"]["not_sharing"]:
        notes.append(
            _("Ne partagent pas leurs chiffres clés : %(names)s.")
            % {"names": ", ".join(data["figures"]["not_sharing"])}
        )
    if data["indicators"]["not_shared"]:
        notes.append(
            _("Ne partagent pas les valeurs de leurs indicateurs : %(names)s.")
            % {"names": ", ".join(data["indicators"]["not_shared"])}
        )
    if data["map"] is None:
        notes.append(_("Aucune structure n'est encore sur la carte des coopérations du réseau."))
    return notes


def write_sources(data: dict, folder: Path) -> Path:
    """data.json (French spacing), the map's SVG beside it, then the template: ready for Typst."""
    data = _french(json.loads(json.dumps(data)))
    if data.get("map"):
        (folder / "map.svg").write_text(data["map"].pop("svg"), encoding="utf-8")
    return write_data_and_template(folder, data, TEMPLATE)


def render_pdf(data: dict) -> bytes:
    return compile_in_temporary_folder(write_sources, data, "maillage-reseau-")
