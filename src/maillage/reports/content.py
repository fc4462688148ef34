"""What a project's restitution argumentée says, as plain data: the same dictionary feeds the HTML
page and the Typst template of the PDF, so both always tell the same thing.

The audience decides what appears. Funders and partners get every figure with its interval and
the quotes whose consent covers reports; residents get a plain-language version: objectives,
answers and key figures in words, no internal figures (costs, valuations, intervals), and only
the quotes their authors agreed to make public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.analysis.coding import quotable
from maillage.analysis.results import figure, project_results
from maillage.analysis.volunteering import smic_on
from maillage.collection import records
from maillage.collection.models import Testimony
from maillage.evaluation.actions import framework_for
from maillage.evaluation.cooperation import member_summary
from maillage.evaluation.diagram import render_chain_svg
from maillage.evaluation.models import Indicator, Target
from maillage.projects.models import Membership
from maillage.reports import kept_indicators

AUDIENCES = {
    "funders": gettext_lazy("financeurs (CAF, collectivités)"),
    "partners": gettext_lazy("partenaires"),
    "residents": gettext_lazy("habitants (version en langage simple)"),
}
SECTIONS = {
    "context": gettext_lazy("contexte et communauté d'action"),
    "chain": gettext_lazy("chaîne de valeur"),
    "objectives": gettext_lazy("résultats par objectif"),
    "cooperation": gettext_lazy("coopération : ce que chaque membre apporte et reçoit"),
    "map": gettext_lazy("carte des coopérations"),
    "volunteering": gettext_lazy("bénévolat valorisé"),
    "governance": gettext_lazy("gouvernance de la structure porteuse (projet social)"),
    "method": gettext_lazy("note de méthode"),
}
INTERNAL_SECTIONS = {"cooperation", "volunteering"}  # figures residents do not get
QUOTES_PER_GOAL = 3
_UNSET = object()  # build(indicators_key=…) not given: computed there


def parse_rate(text) -> Decimal | None:
    """An hourly rate typed as « 15,50 » or « 15.5 »; None (the SMIC) when empty or unreadable."""
    try:
        rate = Decimal(str(text or "").strip().replace(",", ".").replace("€", ""))
    except InvalidOperation:
        return None
    return rate if rate.is_finite() and Decimal("1") <= rate <= Decimal("500") else None


@dataclass(frozen=True)
class Options:
    audience: str = "funders"
    sections: tuple[str, ...] = tuple(SECTIONS)
    hourly_rate: Decimal | None = None  # volunteer time valued at this rate instead of the SMIC

    @classmethod
    def from_request(cls, data) -> Options:
        audience = data.get("public") if data.get("public") in AUDIENCES else "funders"
        chosen = tuple(s for s in SECTIONS if s in data.getlist("section")) or tuple(SECTIONS)
        return cls(audience, chosen, parse_rate(data.get("taux")))

    def shows(self, section: str) -> bool:
        if self.audience == "residents" and section in INTERNAL_SECTIONS:
            return False
        return section in self.sections

    @property
    def plain(self) -> bool:
        return self.audience == "residents"


def _quotes(project, goals, plain: bool) -> dict[int, list[dict]]:
    """The quotes of each objective, the public ones first, then the latest: read in two
    queries for all objectives rather than a few for each."""
    candidates = quotable(project, public_only=plain).values("pk")
    links = Testimony.goals.through.objects.filter(
        transformationgoal_id__in=[goal.pk for goal in goals], testimony_id__in=candidates
    ).values_list("transformationgoal_id", "testimony_id")
    by_goal: dict[int, list[int]] = {}
    for goal_id, testimony_id in links:
        by_goal.setdefault(goal_id, []).append(testimony_id)
    found = Testimony.objects.filter(pk__in={pk for ids in by_goal.values() for pk in ids})
    ordered = sorted(found, key=lambda t: (t.consent_scope, t.said_on, t.pk), reverse=True)
    quotes: dict[int, list[dict]] = {}
    for testimony in ordered:
        for goal_id, ids in by_goal.items():
            chosen = quotes.setdefault(goal_id, [])
            if testimony.pk in ids and len(chosen) < QUOTES_PER_GOAL:
                chosen.append(
                    {
                        "text": testimony.text,
                        "author": testimony.author,
                        "date": date_format(testimony.said_on, "F Y"),
                    }
                )
    return quotes


def _indicator(item, plain: bool) -> dict:
    value = item.value
    data = {
        "name": item.indicator.name,
        "value": item.text,
        "notice": str(value.notice),
        "n": value.n,
        "chart_rows": [[str(label), number] for label, number in item.chart_rows],
        "chart_title": str(item.chart_title),
        "chart_svg": item.chart_svg,
    }
    if plain:
        return data
    reached = item.target_reached
    data.update(
        interval=item.interval,
        small=value.small_sample,
        baseline=figure(float(item.indicator.baseline))
        if item.indicator.baseline is not None
        else "",
        target=figure(float(item.indicator.target_value))
        if item.indicator.target_value is not None
        else "",
        compared=item.compared_text,
        reached="" if reached is None else (_("atteinte") if reached else _("pas encore atteinte")),
        rule=value.rule,
        source=value.source,
    )
    if value.change is not None and value.change.effect_label:
        data["change"] = _(
            "Moyenne avant : %(before)s ; aujourd'hui : %(after)s ; effet %(effect)s%(test)s."
        ) % {
            "before": figure(value.change.before, 1),
            "after": figure(value.change.after, 1),
            "effect": value.change.effect_label,
            "test": (
                _(", statistiquement significatif (Wilcoxon, p < 0,05)")
                if value.change.wilcoxon_p is not None and value.change.wilcoxon_p < 0.05
                else ""
            ),
        }
    return data


def _objectives(project, period, options, indicators_key=_UNSET) -> list[dict]:
    # The indicators' sections are kept while their data stay the same (kept_indicators).
    cache_key = (
        kept_indicators.key(project, framework_for(project), period, options.plain)
        if indicators_key is _UNSET
        else indicators_key
    )
    kept = kept_indicators.read(cache_key)
    results = project_results(project, period, computed=kept is None, quotes=False)
    if kept is None:
        kept = {
            item.indicator.pk: _indicator(item, options.plain)
            for goal_result in results
            for question in goal_result.questions
            for item in question.indicators
        }
        kept_indicators.keep(cache_key, kept)
    quotes = _quotes(project, [r.goal for r in results if r.goal], options.plain)
    goals = []
    for goal_result in results:
        goal = goal_result.goal
        goals.append(
            {
                "title": goal.title if goal else _("Questions transversales"),
                "target": goal.get_target_display() if goal else "",
                "description": goal.description if goal else "",
                "questions": [
                    {
                        "text": q.question.text,
                        "criterion": str(q.question.criterion),
                        "answer": _answer(q.answer),
                        "indicators": [kept[_indicator_pk(i)] for i in q.indicators],
                    }
                    for q in goal_result.questions
                ],
                "quotes": quotes.get(goal.pk, []) if goal else [],
            }
        )
    return goals


def _indicator_pk(item) -> int:
    """An indicator's pk, computed (an IndicatorResult) or not (the model)."""
    return item.pk if isinstance(item, Indicator) else item.indicator.pk


def _answer(answer) -> dict | None:
    if answer is None or not answer.text:
        return None
    return {
        "text": answer.text,
        "deliberated_with": answer.deliberated_with,
        "disagreements": answer.disagreements,
        "recommendations": answer.recommendations,
    }


def _volunteering(project, period, rate: Decimal | None = None) -> dict:
    entries = records.project_volunteer_time(project)
    if period:
        entries = entries.filter(date__range=(period.start, period.end))
    rows, activities = {}, {}
    for organisation, activity, hours, day in entries.values_list(
        "organisation__name", "activity__name", "hours", "date"
    ):
        activity = activity or _("Vie de la structure")
        for table, key in ((rows, organisation), (activities, activity)):
            row = table.setdefault(key, {"hours": Decimal(0), "value": Decimal(0)})
            row["hours"] += hours
            row["value"] += hours * (rate or smic_on(day))
    total_hours = sum((r["hours"] for r in rows.values()), start=Decimal(0))
    total_value = sum((r["value"] for r in rows.values()), start=Decimal(0))
    return {
        "rows": [
            {
                "structure": name,
                "hours": figure(float(r["hours"])),
                "value": f"{figure(float(r['value']), 0)} €",
            }
            for name, r in sorted(rows.items())
        ],  # fmt: skip
        "by_activity": [
            {
                "activity": name,
                "hours": figure(float(r["hours"])),
                "value": f"{figure(float(r['value']), 0)} €",
            }
            for name, r in sorted(activities.items(), key=lambda item: -item[1]["hours"])
        ],  # fmt: skip
        "total_hours": figure(float(total_hours)),
        "total_value": f"{figure(float(total_value), 0)} €",
        "note": (
            _("Heures saisies × %(rate)s € de l'heure") % {"rate": figure(float(rate), 2)}
            if rate
            else _("Heures saisies × SMIC horaire brut en vigueur à leur date")
        )
        + _(" ; à inscrire en contributions volontaires en nature (comptes 86 et 87)."),
    }


def _cooperation(project) -> list[dict]:
    chain = project.value_chains.order_by("pk").first()
    if chain is None:
        return []
    return [
        {
            "member": row["organisation"].name,
            "cost": f"{figure(float(row['cost']), 0)} €" if row["cost"] is not None else "–",
            "benefit": (
                f"{figure(float(row['benefit']), 0)} €" if row["benefit"] is not None else "–"
            ),
        }
        for row in member_summary(project, chain)
    ]


def _cooperation_map(project, period) -> dict | None:
    """The communauté d'action as a map (organisations.cooperation_map), with its partner
    table; only for a project of at least two members (one structure alone is no map)."""
    from maillage.organisations.cooperation_map import metrics, project_graph
    from maillage.organisations.map_svg import render_svg

    if project.memberships.count() < 2:
        return None
    graph = project_graph(project, *((period.start, period.end) if period else (None, None)))
    found = metrics(graph)
    return {
        "svg": render_svg(graph),
        "structures": found.structures,
        "edges": found.edges,
        "ties": found.ties,
        "density": figure(found.density, 2),
        "partners": [
            {
                "name": m.name,
                "kind": capfirst(m.kind_label),
                "ties": m.tie_kinds_text or "–",
                "weight": m.weight,
                "degree": m.degree,
                "betweenness": figure(m.betweenness, 2),
            }
            for m in found.partners
        ],
    }


def _percent(value) -> str:
    return f"{figure(value, 0)} %" if value is not None else "–"


def _governance(project, period) -> dict | None:
    """The lead structure's bodies and their figures, for a projet social: counts and shares
    only, never a member's name (reports leave the structure)."""
    from django.utils import timezone

    from maillage.organisations import governance
    from maillage.projects.models import Project

    lead = project.lead
    if project.kind != Project.Kind.SOCIAL_PROJECT or lead is None:
        return None
    today = timezone.localdate()
    year = min(period.end, today).year if period else today.year
    rows = governance.structure_figures(lead, year, today=today)
    if not rows:
        return None
    return {
        "year": str(year),
        "day": date_format(rows[0].figures.on, "j F Y"),
        "rows": [
            {
                "body": str(row.body),
                "members": str(f.members) if f.members else "–",
                "residents": _percent(f.residents_share),
                "women": _percent(f.women_share),
                "parity": "" if f.parity is None else (_("oui") if f.parity else _("non")),
                "co_presidency": (
                    _("oui (%(count)s)") % {"count": f.co_presidents}
                    if f.co_presidency
                    else _("non")
                ),
                "renewal": _percent(f.renewal_rate),
                "meetings": str(f.meetings),
                "attendance": _percent(f.attendance_rate),
            }
            for row in rows
            for f in [row.figures]
        ],
        "rules": [str(rule) for rule in governance.RULES.values()],
    }


def _plain_method() -> dict:
    return {
        "samples": [],
        "limits": [
            _("Les chiffres viennent des questionnaires remplis par les habitants, les bénévoles "
              "et les partenaires, des feuilles de présence des activités et des témoignages."),
            _("Quand peu de personnes ont répondu, un chiffre montre une tendance plutôt qu'une "
              "mesure précise."),
            _("Les personnes qui répondent sont surtout celles qui viennent au centre."),
        ],
    }  # fmt: skip


def _method(project, period, objectives) -> dict:
    samples = []
    for goal in objectives:
        for question in goal["questions"]:
            for indicator in question["indicators"]:
                if indicator.get("source"):
                    samples.append(
                        {"name": indicator["name"], "source": indicator["source"],
                         "n": indicator["n"]}
                    )  # fmt: skip
    limits = [
        _("Les proportions sont données avec leur intervalle de confiance à 95 % (méthode de "
          "Wilson) ; sous 10 réponses, un chiffre indique une tendance, pas une mesure sûre."),
        _("Les évolutions avant / après reposent sur ce que les personnes disent de leur "
          "situation passée (questions rétrospectives), pas sur deux mesures séparées."),
        _("Les personnes qui répondent ne sont pas tirées au sort : elles sont le plus souvent "
          "celles qui fréquentent la structure."),
    ]  # fmt: skip
    return {"samples": samples, "limits": limits}


def build(
    project,
    period=None,
    options: Options | None = None,
    *,
    generated_on=None,
    progress=None,
    indicators_key=_UNSET,
) -> dict:
    """The report's content. `progress(percent, step)`, if given, hears of each part done;
    `indicators_key`, if given, is kept_indicators.key for these arguments, already computed
    (kept_pdf.key computes it: its stamp query is not run twice)."""
    options = options or Options()
    progress = progress or (lambda percent, step: None)
    generated_on = generated_on or date.today()
    lead = project.lead
    data = {
        "lang": "fr",
        "title": project.title,
        "subtitle": _("Restitution de l'évaluation"),
        "audience": str(AUDIENCES[options.audience]),
        "plain": options.plain,
        "period": period.label if period else "",
        "generated_on": date_format(generated_on, "j F Y"),
        "lead": lead.name if lead else "",
        "sections": {key: options.shows(key) for key in SECTIONS},
        "project": {
            "kind": capfirst(project.get_kind_display()),
            "description": project.description,
            "territory": project.territory_label or (str(project.territory or "")),
            "period": (
                f"{date_format(project.period_start, 'F Y')} – "
                f"{date_format(project.period_end, 'F Y')}"
                if project.period_start and project.period_end
                else ""
            ),
        },
        "members": [
            {
                "name": m.organisation.name,
                "role": m.get_role_display(),
                "kind": m.organisation.get_kind_display(),
            }
            for m in sorted(
                project.memberships.select_related("organisation"),
                key=lambda m: (m.role != Membership.Role.LEAD, m.role, m.organisation.name),
            )
        ],
        "targets": {str(value): str(label) for value, label in Target.choices},
    }
    chain = project.value_chains.order_by("pk").first()
    data["chain"] = (
        {"title": chain.title, "svg": render_chain_svg(chain)}
        if chain and options.shows("chain")
        else None
    )
    progress(10, _("Calcul des indicateurs et des graphiques"))
    objectives = _objectives(project, period, options, indicators_key)
    data["objectives"] = objectives
    progress(70, _("Coopération, bénévolat et note de méthode"))
    if options.shows("cooperation"):
        data["cooperation"] = _cooperation(project)
    if options.shows("map"):
        data["cooperation_map"] = _cooperation_map(project, period)
    if options.shows("volunteering"):
        data["volunteering"] = _volunteering(project, period, options.hourly_rate)
    if options.shows("governance"):
        data["governance"] = _governance(project, period)
    if options.shows("method"):
        data["method"] = _plain_method() if options.plain else _method(project, period, objectives)
    hours = records.project_sessions(project)
    if period:
        hours = hours.filter(date__range=(period.start, period.end))
    data["activity"] = {
        "sessions": figure(hours.count()),
        "hours": figure(float(hours.aggregate(h=Sum("duration"))["h"] or 0)),
    }
    return data
