"""Foreign objects for the insecure-direct-object-reference tests (test_object_references.py).

A *side* is one corner of the demo world that a demo account either works in (its home) or has
nothing to do with (foreign): Les Falaises (structure `falaises`, its projet social), the Collectif
Bien Vieillir (lead structure `moulin`, project `bien-vieillir`), and for network pages the réseau
des Causses and a « réseau témoin » that no demo account belongs to. For every URL keyword that
names an object, `RESOLVERS` gives a function side -> value that returns such an object of that
side, creating it inside the test's transaction when the demo world has none."""

from __future__ import annotations

import copy
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models.base import ModelState

from demo_people import CAF, COORDINATION, DIRECTION, FEDERATION, PARTENAIRE, REFERENTE

ANON = "anonyme"

FALAISES, MOULIN, CAUSSES, TEMOIN = "falaises", "moulin", "causses", "temoin"
PROJECT_OF = {FALAISES: "projet-social-falaises-2023-2026", MOULIN: "bien-vieillir"}
SURVEY_OF = {FALAISES: "benevoles-falaises-2025", MOULIN: "diagnostic-seniors-bellerive-2026"}
NETWORK_OF = {CAUSSES: "reseau-causses", TEMOIN: "reseau-temoin"}

# Where each account works (its home side) and a side it has nothing to do with. Pages of a
# structure or a project use the first two sides; pages of a network the last two.
HOME = {DIRECTION: FALAISES, REFERENTE: FALAISES, COORDINATION: MOULIN, PARTENAIRE: MOULIN}
FOREIGN = {
    DIRECTION: MOULIN,
    REFERENTE: MOULIN,
    COORDINATION: FALAISES,
    PARTENAIRE: FALAISES,
    FEDERATION: FALAISES,
    CAF: FALAISES,
    ANON: FALAISES,
}
NETWORK_HOME = {FEDERATION: CAUSSES, CAF: CAUSSES}
NETWORK_FOREIGN = dict.fromkeys(FOREIGN, TEMOIN)


# --- building objects --------------------------------------------------------------------------


def clone(obj: models.Model, **changes) -> models.Model:
    """A copy of `obj` with `changes`, saved; unique fields get fresh values."""
    new = copy.copy(obj)
    new._state = ModelState()
    new.pk = None
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            setattr(new, f.attname, None)
        elif f.unique:
            if isinstance(f, models.UUIDField):
                setattr(new, f.attname, uuid.uuid4() if not f.null else None)
            else:
                setattr(new, f.attname, secrets.token_hex(8)[: f.max_length or 16])
    for name, value in changes.items():
        setattr(new, name, value)
    new.save()
    return new


def first_or_clone(queryset, template_queryset, **changes):
    """The first object of `queryset`, or a copy of one of `template_queryset` made with
    `changes` when the demo world has none on this side."""
    found = queryset.order_by("pk").first()
    if found is not None:
        return found
    return clone(template_queryset.order_by("pk").first(), **changes)


@dataclass
class Sides:
    """Per-test cache: each side's objects are looked up (or made) once."""

    cache: dict = field(default_factory=dict)

    def get(self, key, make: Callable):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


def _org(side):
    from maillage.organisations.models import Organisation

    return Organisation.objects.get(slug=side)


def _project(side):
    from maillage.projects.models import Project

    return Project.objects.get(slug=PROJECT_OF[side])


def temoin_network():
    """A network no demo account belongs to: animated by the CAF of Seine-Maritime, it
    accompanies Les Tilleuls, which shares everything with it."""
    from maillage.organisations.models import (
        Network,
        NetworkMembership,
        NetworkSession,
        NetworkShare,
        Organisation,
    )

    found = Network.objects.filter(slug=NETWORK_OF[TEMOIN]).first()
    if found:
        return found
    causses = Network.objects.get(slug=NETWORK_OF[CAUSSES])
    network = clone(causses, slug=NETWORK_OF[TEMOIN], name="Réseau témoin")
    animator = Organisation.objects.get(slug="caf-seine-maritime")
    accompanied = Organisation.objects.get(slug="tilleuls")
    NetworkMembership.objects.create(
        network=network, organisation=animator, role=NetworkMembership.Role.ANIMATOR
    )
    NetworkMembership.objects.create(
        network=network, organisation=accompanied, role=NetworkMembership.Role.ACCOMPANIED
    )
    for scope in NetworkShare.Scope.values:
        NetworkShare.objects.create(network=network, organisation=accompanied, scope=scope)
    clone(NetworkSession.objects.filter(network=causses).order_by("pk").first(), network=network)
    return network


def _network(side):
    from maillage.organisations.models import Network

    if side == TEMOIN:
        return temoin_network()
    return Network.objects.get(slug=NETWORK_OF[side])


def _survey(side):
    from maillage.collection.models import Survey

    return Survey.objects.get(code=SURVEY_OF[side])


def _framework(side):
    from maillage.evaluation.models import Framework

    return Framework.objects.get(project=_project(side))


def _chain(side):
    from maillage.evaluation.models import ValueChain

    return ValueChain.objects.filter(project=_project(side)).order_by("pk").first()


def _activity(side):
    from maillage.collection.models import Activity

    return Activity.objects.filter(organisation=_org(side)).order_by("pk").first()


def _theme(side):
    from maillage.analysis.models import Theme

    return first_or_clone(
        Theme.objects.filter(project=_project(side)),
        Theme.objects.all(),
        project=_project(side),
        parent=None,
    )


def _project_testimony(side):
    from maillage.collection.models import Testimony

    return (
        Testimony.objects.filter(project=_project(side), organisation=_org(side))
        .order_by("pk")
        .first()
    )


def _body(side):
    from maillage.organisations.models import GoverningBody

    return first_or_clone(
        GoverningBody.objects.filter(organisation=_org(side)),
        GoverningBody.objects.all(),
        organisation=_org(side),
    )


def _indicator(side):
    return _framework(side).indicators.order_by("pk").first()


# --- resolvers: side -> the value of one URL keyword ------------------------------------------


def org_slug(side):
    return _org(side).slug


def project_slug(side):
    return _project(side).slug


def network_slug(side):
    return _network(side).slug


def member_id(side):
    from maillage.organisations.models import OrganisationMember

    return OrganisationMember.objects.filter(organisation=_org(side)).order_by("pk").first().pk


def org_invitation_id(side):
    from maillage.accounts.models import Invitation

    invitation = Invitation.objects.create(
        organisation=_org(side), email=f"idor@{side}.demo", role="reader"
    )
    return invitation.pk


def api_token_id(side):
    from maillage.accounts import actions
    from maillage.accounts.models import User

    owner = {FALAISES: DIRECTION, MOULIN: COORDINATION}[side]
    token, _text = actions.create_api_token(User.objects.get(email=owner), "IDOR")
    return token.pk


def body_id(side):
    return _body(side).pk


def mandate_id(side):
    from maillage.organisations.models import Mandate

    body = _body(side)
    return first_or_clone(Mandate.objects.filter(body=body), Mandate.objects.all(), body=body).pk


def body_meeting_id(side):
    from maillage.organisations.models import BodyMeeting

    body = _body(side)
    return first_or_clone(
        BodyMeeting.objects.filter(body=body), BodyMeeting.objects.all(), body=body
    ).pk


def agreement_id(side):
    from maillage.organisations.models import Agreement

    return Agreement.objects.filter(organisation=_org(side)).order_by("pk").first().pk


def shared_org_slug(side):
    """A structure the network accompanies and that shares with it."""
    from maillage.organisations.models import NetworkShare

    share = NetworkShare.objects.filter(network=_network(side)).order_by("pk").first()
    return share.organisation.slug


def network_session_id(side):
    from maillage.organisations.models import NetworkSession

    return NetworkSession.objects.filter(network=_network(side)).order_by("pk").first().pk


def project_membership_id(side):
    from maillage.projects.models import Membership

    return (
        Membership.objects.filter(project=_project(side))
        .exclude(role=Membership.Role.LEAD)
        .order_by("pk")
        .first()
        .pk
    )


def project_meeting_id(side):
    from maillage.projects.models import Meeting

    return Meeting.objects.filter(project=_project(side)).order_by("pk").first().pk


def shared_post_id(side):
    from maillage.projects.models import SharedPost

    return first_or_clone(
        SharedPost.objects.filter(project=_project(side)),
        SharedPost.objects.all(),
        project=_project(side),
        employer=_org(side),
    ).pk


def charter_organisation(side):
    """A member structure of the side's project (not its lead)."""
    from maillage.projects.models import Membership

    membership = (
        Membership.objects.filter(project=_project(side))
        .exclude(role=Membership.Role.LEAD)
        .order_by("pk")
        .first()
    )
    return membership.organisation.slug


def framework_id(side):
    return _framework(side).pk


def indicator_id(side):
    return _indicator(side).pk


def goal_id(side):
    return _framework(side).goals.order_by("pk").first().pk


def evaluative_question_id(side):
    return _framework(side).questions.order_by("pk").first().pk


def manual_value_id(side):
    from maillage.evaluation.models import ManualValue

    indicator = _indicator(side)
    return first_or_clone(
        ManualValue.objects.filter(indicator=indicator),
        ManualValue.objects.all(),
        indicator=indicator,
    ).pk


def chain_id(side):
    return _chain(side).pk


def chain_link_id(side):
    return _chain(side).links.order_by("pk").first().pk


def chain_edge_id(side):
    from maillage.evaluation.models import ChainEdge

    return ChainEdge.objects.filter(chain=_chain(side)).order_by("pk").first().pk


def contribution_id(side):
    from maillage.evaluation.models import Contribution

    return Contribution.objects.filter(link__chain=_chain(side)).order_by("pk").first().pk


def library_entry_id(side):
    """The library is one catalogue for everyone: the same entry on both sides."""
    from maillage.evaluation.models import LibraryEntry

    return LibraryEntry.objects.order_by("pk").first().pk


def pathway_id(side):
    from maillage.evaluation.models import ChangePathway

    framework = _framework(side)
    return first_or_clone(
        ChangePathway.objects.filter(goal__framework=framework),
        ChangePathway.objects.all(),
        goal=framework.goals.order_by("pk").first(),
    ).pk


def survey_id(side):
    return _survey(side).pk


def survey_question_id(side):
    return _survey(side).questions.order_by("pk").first().pk


def campaign_id(side):
    from maillage.collection.models import Campaign

    survey = _survey(side)
    return first_or_clone(
        Campaign.objects.filter(survey=survey), Campaign.objects.all(), survey=survey
    ).pk


def response_import_id(side):
    from maillage.collection.models import ResponseImport

    job = ResponseImport.objects.create(
        survey=_survey(side), filename="r.csv", data=b"a;b\n1;2\n", mapping=["a", "b"],
        total_rows=1,
    )  # fmt: skip
    return job.pk


def open_answer_id(side):
    """An answer to an open question of the side's survey (a candidate testimony)."""
    from maillage.collection import testimonies

    return testimonies.open_answers(_survey(side)).order_by("pk").first().pk


def activity_id(side):
    return _activity(side).pk


def activity_session_id(side):
    return _activity(side).sessions.order_by("pk").first().pk


def volunteer_time_id(side):
    from maillage.collection.models import VolunteerTime

    return VolunteerTime.objects.filter(organisation=_org(side)).order_by("pk").first().pk


def testimony_id(side):
    from maillage.collection.models import Testimony

    return Testimony.objects.filter(organisation=_org(side)).order_by("pk").first().pk


def reception_request_id(side):
    from maillage.collection.models import ReceptionRequest

    return first_or_clone(
        ReceptionRequest.objects.filter(organisation=_org(side)),
        ReceptionRequest.objects.all(),
        organisation=_org(side),
        oriented_to=None,
    ).pk


def consent_record_id(side):
    """A consent the structure recorded (for a testimony, or made here when it has none)."""
    from maillage.collection.models import ConsentRecord

    found = ConsentRecord.objects.filter(organisation=_org(side)).order_by("pk").first()
    if found is not None:
        return found.pk
    return ConsentRecord.objects.create(
        organisation=_org(side), purpose=ConsentRecord.Purpose.values[0], text="Accord",
        channel=ConsentRecord.Channel.values[0], given_on=date(2026, 1, 5),
        subject_label="Personne témoin",
    ).pk  # fmt: skip


def coding_text_id(side):
    return _project_testimony(side).pk


def coding_id(side):
    from maillage.analysis.models import Coding

    project = _project(side)
    return first_or_clone(
        Coding.objects.filter(theme__project=project),
        Coding.objects.exclude(testimony=None),
        theme=_theme(side),
        testimony=_project_testimony(side),
        answer=None,
    ).pk


def suggestion_id(side):
    from maillage.analysis.models import Suggestion

    made = Suggestion.objects.create(
        theme=_theme(side), testimony=_project_testimony(side), start=0, end=5, excerpt="x",
        score=0.7,
    )  # fmt: skip
    return made.pk


def report_build_id(side):
    from maillage.reports.models import ReportBuild

    return ReportBuild.objects.create(project=_project(side), status="done", pdf=b"%PDF-").pk


def report_share_id(side):
    from maillage.accounts.models import User
    from maillage.reports.actions import share_report
    from maillage.reports.content import Options

    recipient = User.objects.get(email=CAF)
    return share_report(_project(side), recipient, Options(), "", by=None).pk


def unknown_token(side):
    """A token nobody was given: guessing must find nothing."""
    return secrets.token_urlsafe(24)


def fixed(value):
    """A keyword that names no object (a file format, a kind): the same on every side."""

    def resolve(side):
        return value

    resolve.fixed = True
    return resolve


library_entry_id.fixed = True


# --- which resolver for which URL keyword ------------------------------------------------------

# The slug of a page names a structure, a project or a network, told by the address.
SLUG_BY_PREFIX = {"structures/": org_slug, "projets/": project_slug, "reseaux/": network_slug}

# Keywords that name the same kind of object wherever they appear.
BY_KWARG = {
    "survey_id": survey_id,
    "campaign_id": campaign_id,
    "import_id": response_import_id,
    "framework_id": framework_id,
    "chain_id": chain_id,
    "link_id": chain_link_id,
    "edge_id": chain_edge_id,
    "contribution_id": contribution_id,
    "activity_id": activity_id,
    "testimony_id": testimony_id,
    "member_id": member_id,
    "invitation_id": org_invitation_id,
    "body_id": body_id,
    "mandate_id": mandate_id,
    "agreement_id": agreement_id,
    "membership_id": project_membership_id,
    "post_id": shared_post_id,
    "pathway_id": pathway_id,
    "value_id": manual_value_id,
    "request_id": reception_request_id,
    "indicator_id": indicator_id,
    "suggestion_id": suggestion_id,
    "coding_id": coding_id,
    "build_id": report_build_id,
    "share_id": report_share_id,
    "token_id": api_token_id,
    "answer_id": open_answer_id,
    "org_slug": shared_org_slug,
    "record_id": consent_record_id,
}

# Keywords whose meaning depends on the page (an `item_id` is a goal here, an indicator there).
BY_ROUTE = {
    ("organisations:governance_meeting_delete", "meeting_id"): body_meeting_id,
    ("organisations:network_session_delete", "session_id"): network_session_id,
    ("projects:meeting_delete", "meeting_id"): project_meeting_id,
    ("projects:charter_agree", "organisation"): charter_organisation,
    ("evaluation:indicator_values", "item_id"): indicator_id,
    ("evaluation:manual_value_delete", "item_id"): indicator_id,
    ("evaluation:goal_edit", "item_id"): goal_id,
    ("evaluation:goal_delete", "item_id"): goal_id,
    ("evaluation:question_edit", "item_id"): evaluative_question_id,
    ("evaluation:question_delete", "item_id"): evaluative_question_id,
    ("evaluation:indicator_edit", "item_id"): indicator_id,
    ("evaluation:indicator_delete", "item_id"): indicator_id,
    ("evaluation:library_add", "entry_id"): library_entry_id,
    ("collection:question_edit", "question_id"): survey_question_id,
    ("collection:question_delete", "question_id"): survey_question_id,
    ("collection:session_delete", "session_id"): activity_session_id,
    ("collection:volunteer_time_delete", "entry_id"): volunteer_time_id,
    ("analysis:answer_question", "question_id"): evaluative_question_id,
    ("analysis:code_text", "kind"): fixed("temoignage"),
    ("analysis:code_text", "pk"): coding_text_id,
    ("collection:survey_export", "fmt"): fixed("csv"),
    ("collection:campaign_qr", "kind"): fixed("svg"),
    ("collection:reception_export", "fmt"): fixed("csv"),
    ("collection:records_template", "kind"): fixed("seances"),
    # Capabilities: the token is the only key, so a foreign one is a token nobody was given.
    ("accounts:invitation", "token"): unknown_token,
    ("collection:answer", "token"): unknown_token,
    ("collection:answer_thanks", "token"): unknown_token,
    ("collection:invitation", "token"): unknown_token,
    ("reports:shared", "token"): unknown_token,
    ("reports:shared_pdf", "token"): unknown_token,
}

# Pages that take an identifier but are out of this test, with the reason.
EXEMPT = {
    # Django's own password reset: a forged link shows « lien invalide », never a form.
    "accounts:password_reset_confirm": "uidb64 et jeton vérifiés par Django",
    # The API has its own table: tests/api/test_api_access.py.
}


def resolver_for(name: str, route: str, kwarg: str):
    if (name, kwarg) in BY_ROUTE:
        return BY_ROUTE[(name, kwarg)]
    if kwarg == "slug":
        for prefix, resolve in SLUG_BY_PREFIX.items():
            if route.startswith(prefix):
                return resolve
        return None
    return BY_KWARG.get(kwarg)


def is_network_route(route: str) -> bool:
    return route.startswith("reseaux/")


# The model each resolver points at, for the fingerprint of the rows a refused request must
# leave as they were. Slugs are looked up to their row.
MODELS = {
    org_slug: "organisations.Organisation",
    shared_org_slug: "organisations.Organisation",
    charter_organisation: "organisations.Organisation",
    project_slug: "projects.Project",
    network_slug: "organisations.Network",
    member_id: "organisations.OrganisationMember",
    org_invitation_id: "accounts.Invitation",
    api_token_id: "accounts.ApiToken",
    body_id: "organisations.GoverningBody",
    mandate_id: "organisations.Mandate",
    body_meeting_id: "organisations.BodyMeeting",
    agreement_id: "organisations.Agreement",
    network_session_id: "organisations.NetworkSession",
    project_membership_id: "projects.Membership",
    project_meeting_id: "projects.Meeting",
    shared_post_id: "projects.SharedPost",
    framework_id: "evaluation.Framework",
    indicator_id: "evaluation.Indicator",
    goal_id: "evaluation.TransformationGoal",
    evaluative_question_id: "evaluation.EvaluativeQuestion",
    manual_value_id: "evaluation.ManualValue",
    chain_id: "evaluation.ValueChain",
    chain_link_id: "evaluation.ChainLink",
    chain_edge_id: "evaluation.ChainEdge",
    contribution_id: "evaluation.Contribution",
    library_entry_id: "evaluation.LibraryEntry",
    pathway_id: "evaluation.ChangePathway",
    survey_id: "collection.Survey",
    survey_question_id: "collection.Question",
    campaign_id: "collection.Campaign",
    response_import_id: "collection.ResponseImport",
    open_answer_id: "collection.Answer",
    activity_id: "collection.Activity",
    activity_session_id: "collection.ActivitySession",
    volunteer_time_id: "collection.VolunteerTime",
    testimony_id: "collection.Testimony",
    reception_request_id: "collection.ReceptionRequest",
    coding_text_id: "collection.Testimony",
    consent_record_id: "collection.ConsentRecord",
    coding_id: "analysis.Coding",
    suggestion_id: "analysis.Suggestion",
    report_build_id: "reports.ReportBuild",
    report_share_id: "reports.ReportShare",
}


def model_of(resolver, value) -> tuple[str, int] | None:
    """(model label, pk) of the object a resolved keyword names, or None (tokens, formats)."""
    label = MODELS.get(resolver)
    if label is None:
        return None
    if isinstance(value, str):
        from django.apps import apps

        value = apps.get_model(label).objects.get(slug=value).pk
    return label, value
