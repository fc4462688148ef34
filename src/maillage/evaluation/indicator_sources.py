"""What an indicator's source definition (`Indicator.source_params`) must hold, per source type.

The indicator engine reads these parameters and nothing else, so a definition is complete only when
every key its source needs is there. Surveys, activity records, testimonies and meetings are built
by later parts of Maillage: here they are referenced by identifier and measure.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIVITY_MEASURES = {
    "sessions": _("nombre de séances"),
    "participants": _("nombre de participants différents"),
    "attendances": _("nombre de participations"),
    "hours": _("heures d'activité"),
}
VOLUNTEER_MEASURES = {
    "hours": _("heures de bénévolat"),
    "value_eur": _("valeur du bénévolat en euros"),
}
MEETING_TYPES = {
    "comite_pilotage": _("comité de pilotage"),
    "reunion_mensuelle": _("réunion mensuelle"),
    "formation_action": _("journée de formation-action"),
    "atelier_collectif": _("atelier collectif"),
}
MEETING_MEASURES = {
    "meetings": _("nombre de rencontres"),
    "attendances": _("nombre de participations"),
    "organisations": _("nombre de structures présentes"),
}
# Governance of the project's lead structure (organisations.governance computes them).
GOVERNANCE_MEASURES = {
    "residents_share": _("part des habitants parmi les membres"),
    "women_share": _("part des femmes parmi les membres (parité)"),
    "renewal_rate": _("taux de renouvellement"),
    "meetings": _("nombre de réunions tenues"),
    "attendance_rate": _("taux de présence moyen aux réunions"),
    "co_presidents": _("nombre de co-présidents ou co-présidentes"),
}
GOVERNANCE_COUNTS = {"meetings", "co_presidents"}  # the others are shares: never « counted »


def governance_body_kinds() -> dict[str, str]:
    from maillage.organisations.models import GoverningBody

    return dict(GoverningBody.Kind.choices)


# The reception log (collection.reception): what is measured, and the optional filters that
# narrow the requests counted (each a list of codes of ReceptionRequest's choices).
RECEPTION_MEASURES = {
    "requests": _("nombre de demandes"),
    "share": _("part des demandes"),
    "partners": _("nombre de partenaires différents vers qui des personnes sont orientées"),
}
RECEPTION_FILTERS = {"themes": "theme", "channels": "channel", "outcomes": "outcome"}


def reception_choices() -> dict[str, dict[str, str]]:
    """The codes and French labels of each filtered field of a reception request."""
    from maillage.collection.models import ReceptionRequest

    fields = {
        "theme": ReceptionRequest.Theme,
        "channel": ReceptionRequest.Channel,
        "outcome": ReceptionRequest.Outcome,
        "group": ReceptionRequest.Group,
    }
    return {
        name: {str(value): str(label) for value, label in kind.choices}
        for name, kind in fields.items()
    }


def reception_condition_codes(values: list[str]) -> tuple[set[str], list[str]]:
    """A reception share's condition names categories by code or French label (« oriente »,
    « orienté vers un partenaire »): their codes, and the values that name nothing."""
    from maillage.collection.imports import normalise

    known = {}
    for choices in reception_choices().values():
        for code, label in choices.items():
            known[normalise(code)] = code
            known[normalise(label)] = code
    codes, unknown = set(), []
    for value in values:
        code = known.get(normalise(value))
        if code is None:
            unknown.append(value)
        else:
            codes.add(code)
    return codes, unknown


def source_errors(source_type: str, computation: str, params: dict) -> dict[str, str]:
    """French messages, keyed by parameter, for what the definition lacks or gets wrong."""
    errors: dict[str, str] = {}
    params = params or {}

    def text(key):
        value = params.get(key)
        return str(value).strip() if value not in (None, "") else ""

    if source_type == "survey_question":
        if not text("survey"):
            errors["survey"] = gettext("Indiquez le questionnaire d'où viennent les réponses.")
        if not text("question"):
            errors["question"] = gettext("Indiquez le code de la question du questionnaire.")
        if computation == "change" and not text("before_question"):
            errors["before_question"] = gettext(
                "Une évolution avant / après compare deux questions : "
                "indiquez la question « avant »."
            )
    elif source_type == "activity_records":
        if params.get("measure") not in ACTIVITY_MEASURES:
            errors["measure"] = gettext("Choisissez ce qui est compté dans les relevés d'activité.")
    elif source_type == "volunteer_time":
        if params.get("measure") not in VOLUNTEER_MEASURES:
            errors["measure"] = gettext("Choisissez ce qui est compté du temps bénévole.")
    elif source_type == "testimonies":
        if computation == "themes" and not params.get("themes"):
            errors["themes"] = gettext("Indiquez au moins un thème de codage des témoignages.")
    elif source_type == "meetings":
        if params.get("measure") not in MEETING_MEASURES:
            errors["measure"] = gettext("Choisissez ce qui est compté des rencontres.")
        unknown = set(params.get("meeting_types") or []) - set(MEETING_TYPES)
        if unknown:
            errors["meeting_types"] = gettext("Type de rencontre inconnu : %(list)s") % {
                "list": ", ".join(sorted(unknown))
            }
    elif source_type == "governance":
        measure = params.get("measure")
        if measure not in GOVERNANCE_MEASURES:
            errors["measure"] = gettext(
                "Choisissez ce qui est mesuré de la gouvernance (part des habitants, parité, "
                "renouvellement, réunions, présence ou co-présidence)."
            )
        elif computation == "count" and measure not in GOVERNANCE_COUNTS:
            errors["measure"] = gettext(
                "« %(measure)s » est une part : choisissez le calcul « dernière valeur » ou "
                "« moyenne », pas « nombre »."
            ) % {"measure": GOVERNANCE_MEASURES[measure]}
        kind = params.get("body_kind")
        if kind and kind not in governance_body_kinds():
            errors["body_kind"] = gettext("Type d'instance inconnu : %(kind)s") % {"kind": kind}
    if source_type == "reception":
        measure = params.get("measure")
        if measure not in RECEPTION_MEASURES:
            errors["measure"] = gettext(
                "Choisissez ce qui est compté du journal d'accueil (nombre de demandes, part "
                "des demandes ou nombre de partenaires)."
            )
        elif (measure == "share") != (computation == "share"):
            errors["measure"] = gettext(
                "« Part des demandes » va avec le calcul « part des réponses qui remplissent une "
                "condition », et seulement avec lui : accordez la mesure et le calcul."
            )
        choices = reception_choices()
        for key, name in RECEPTION_FILTERS.items():
            unknown = set(params.get(key) or []) - set(choices[name])
            if unknown:
                errors[key] = gettext("Valeur inconnue pour le journal d'accueil : %(list)s") % {
                    "list": ", ".join(sorted(str(value) for value in unknown))
                }
    return errors


def is_complete(indicator) -> bool:
    return not source_errors(indicator.source_type, indicator.computation, indicator.source_params)


def _activity_suffix(params: dict) -> str:
    """Activity records may be narrowed to one activity, named by its identifier."""
    if not params.get("activity"):
        return ""
    return gettext(" (activité « %(code)s »)") % {"code": params["activity"]}


def describe_source(indicator) -> str:
    """One French sentence saying where the indicator's data comes from."""
    params = indicator.source_params or {}
    kind = indicator.get_source_type_display()
    if indicator.source_type == "survey_question":
        if not params.get("survey"):
            return gettext("%(kind)s — à préciser") % {"kind": kind}
        text = gettext("Questionnaire « %(survey)s », question %(question)s") % {
            "survey": params.get("survey"),
            "question": params.get("question") or "?",
        }
        if params.get("before_question"):
            text += gettext(" (avant : %(before)s)") % {"before": params["before_question"]}
        return text
    if indicator.source_type == "activity_records":
        measure = ACTIVITY_MEASURES.get(params.get("measure"), gettext("à préciser"))
        text = gettext("Relevés d'activité : %(measure)s") % {"measure": measure}
        return text + _activity_suffix(params)
    if indicator.source_type == "volunteer_time":
        measure = VOLUNTEER_MEASURES.get(params.get("measure"), gettext("à préciser"))
        text = gettext("Temps bénévole : %(measure)s") % {"measure": measure}
        return text + _activity_suffix(params)
    if indicator.source_type == "testimonies":
        themes = params.get("themes") or []
        if not themes:
            return gettext("Témoignages codés")
        return gettext("Témoignages codés, thèmes : %(themes)s") % {
            "themes": ", ".join(str(theme) for theme in themes)
        }
    if indicator.source_type == "meetings":
        measure = MEETING_MEASURES.get(params.get("measure"), gettext("à préciser"))
        types = [str(MEETING_TYPES.get(t, t)) for t in params.get("meeting_types") or []]
        suffix = gettext(" (%(types)s)") % {"types": ", ".join(types)} if types else ""
        if params.get("network_sessions"):
            return (
                gettext("Séances collectives des réseaux : %(measure)s") % {"measure": measure}
                + suffix
            )
        return gettext("Rencontres : %(measure)s") % {"measure": measure} + suffix
    if indicator.source_type == "governance":
        measure = GOVERNANCE_MEASURES.get(params.get("measure"), gettext("à préciser"))
        kind = governance_body_kinds().get(params.get("body_kind") or "")
        where = (
            gettext("%(kind)s de la structure porteuse") % {"kind": kind}
            if kind
            else gettext("toutes les instances de la structure porteuse")
        )
        return gettext("Gouvernance : %(measure)s (%(where)s)") % {
            "measure": measure,
            "where": where,
        }
    if indicator.source_type == "reception":
        measure = RECEPTION_MEASURES.get(params.get("measure"), gettext("à préciser"))
        choices = reception_choices()
        narrowed = [
            choices[name].get(code, code)
            for key, name in RECEPTION_FILTERS.items()
            for code in params.get(key) or []
        ]
        suffix = gettext(" (%(list)s)") % {"list": ", ".join(narrowed)} if narrowed else ""
        return gettext("Journal d'accueil : %(measure)s") % {"measure": measure} + suffix
    return str(kind)
