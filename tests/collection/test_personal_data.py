"""Personal data of one structure: a person's records found, exported and erased without
changing the structure's figures; the register describes every field that holds personal data;
another structure cannot reach any of it."""

import io
import json
import zipfile
from html import unescape

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse

from demo_people import DIRECTION, PARTENAIRE, REFERENTE
from maillage.analysis import indicators
from maillage.collection import personal_data
from maillage.collection.models import (
    ActivitySession,
    Participant,
    Response,
    Survey,
    VolunteerTime,
)
from maillage.collection.models import Testimony as Quote  # "Test…" would be collected by pytest
from maillage.collection.models.surveys import Invitation as SurveyInvitation
from maillage.core.models import AuditEvent
from maillage.evaluation.models import Indicator

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Jeanne Martin", "jeanne.martin@exemple.fr"
PAGE = reverse("collection:personal_data", kwargs={"slug": "falaises"})
EXPORT = reverse("collection:personal_data_export", kwargs={"slug": "falaises"})
ERASE = reverse("collection:personal_data_erase", kwargs={"slug": "falaises"})
REGISTER = reverse("collection:personal_data_register", kwargs={"slug": "falaises"})
PHOTO = b"\x89PNG\r\n\x1a\n" + b"photo de Jeanne" * 10
PERSONAL_APPS = ("accounts", "organisations", "projects", "collection", "evaluation", "reports")


@pytest.fixture
def jeanne(world, settings, tmp_path):
    """Jeanne Martin of the demo (volunteer hours, a signed testimony) plus what the demo does
    not give her: an identified answer with her e-mail, a survey invitation, a photo, a note."""
    settings.MEDIA_ROOT = tmp_path
    falaises = world.organisations["falaises"]
    testimony = Quote.objects.get(organisation=falaises, author_name=NAME)
    testimony.media_kind, testimony.media_type, testimony.media_token = "photo", "image/png", "x1"
    testimony.media.save("photo.png", ContentFile(PHOTO))
    survey = Survey.objects.get(organisation=falaises, code="benevoles-falaises-2025")
    campaign = survey.campaigns.first()
    invitation = SurveyInvitation.objects.create(campaign=campaign, email=EMAIL)
    response = survey.responses.filter(respondent_name="").first()
    response.respondent_name, response.respondent_email = NAME, EMAIL
    response.invitation = invitation
    response.save()
    entry = VolunteerTime.objects.filter(organisation=falaises, person__name=NAME).first()
    entry.notes = f"remplace {NAME} au pied levé"
    entry.save()
    return {"testimony": testimony, "response": response, "invitation": invitation}


def _text_rows_with(value: str) -> list[str]:
    """Every row of every model whose text columns contain `value` (any structure)."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in (*PERSONAL_APPS, "core"):
            continue
        for column in model._meta.get_fields():
            if isinstance(column, (models.CharField, models.TextField)):
                hits = model.objects.filter(**{f"{column.name}__icontains": value})
                found += [
                    f"{model.__name__}.{column.name}#{pk}"
                    for pk in hits.values_list("pk", flat=True)
                ]
    found += [
        f"AuditEvent.details#{event.pk}"
        for event in AuditEvent.objects.exclude(details={})
        if value.casefold() in json.dumps(event.details, ensure_ascii=False).casefold()
    ]
    return found


def test_an_admin_finds_exports_and_sees_every_record(world, client_of, jeanne):
    client = client_of(DIRECTION)
    listed = unescape(client.get(PAGE, {"q": "jeanne"}).content.decode())
    assert NAME in listed and EMAIL in listed and "Jeanne M." in listed  # two people, both listed
    page = unescape(client.get(PAGE, {"personne": NAME}).content.decode())
    for label in ("Temps bénévole", "Témoignage signé", "Réponse nominative", "Personne nommée"):
        assert label in page
    falaises = world.organisations["falaises"]
    hours = VolunteerTime.objects.filter(organisation=falaises, person__name=NAME).count()

    response = client.post(EXPORT, {"personne": NAME})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("donnees.json"))
    assert data["personne"] == NAME
    assert len(data["donnees"]["Temps bénévole"]) == hours > 10
    assert data["donnees"]["Témoignage signé"][0]["texte"] == jeanne["testimony"].text
    answers = data["donnees"]["Réponse nominative à un questionnaire"]
    assert answers[0]["e-mail"] == EMAIL and len(answers[0]) > 5  # the answers come along
    assert archive.read(f"fichiers/temoignage-{jeanne['testimony'].pk}-photo") == PHOTO
    assert "volunteer_time.csv" in archive.namelist()
    assert "remplace Jeanne Martin" in archive.read("mentions.csv").decode("utf-8-sig")
    event = AuditEvent.objects.get(organisation=falaises, verb="personal_data.export")
    assert NAME not in event.summary + json.dumps(event.details, ensure_ascii=False)


def test_erasure_leaves_no_trace_and_keeps_the_figures(world, client_of, jeanne):
    falaises = world.organisations["falaises"]
    project = world.projects["projet-social-falaises-2023-2026"]
    hamlet = (
        ActivitySession.objects.filter(activity__code="ateliers-numeriques-itinerants",
                                       activity__organisation=falaises)
        .exclude(participants=None).first().participants.first()
    )  # fmt: skip
    wanted = ("Habitants des hameaux venus", "Heures de bénévolat", "Participations des parents")
    watched = [
        i for i in Indicator.objects.filter(framework__project=project)
        if i.name.startswith(wanted)
    ]  # fmt: skip
    assert len(watched) >= 3
    before = [indicators.compute(i).value for i in watched]
    hours = personal_data.volunteer_hours(falaises)
    photo = jeanne["testimony"].media.path
    answers = jeanne["response"].answers.count()

    client = client_of(DIRECTION)
    confirm = unescape(client.get(ERASE, {"personne": NAME}).content.decode())
    assert "Ce qui sera effacé" in confirm and "Témoignage signé" in confirm
    assert "Le nom et le fichier (photo, son, vidéo) sont supprimés" in confirm
    assert f"« {EMAIL} »" in confirm  # the address she gave in her answer goes with her name
    assert client.post(ERASE, {"personne": NAME, "confirmer": "oui"}).status_code == 302
    personal_data.erase_person(falaises, hamlet.name, by=None)

    assert _text_rows_with(NAME) == []
    assert _text_rows_with(EMAIL) == []
    assert _text_rows_with(hamlet.name) == []
    assert not __import__("os").path.exists(photo)
    assert [indicators.compute(i).value for i in watched] == before
    assert personal_data.volunteer_hours(falaises) == hours
    response = Response.objects.get(pk=jeanne["response"].pk)
    assert response.answers.count() == answers  # the content stays, without its author
    testimony = Quote.objects.get(pk=jeanne["testimony"].pk)
    assert testimony.text == jeanne["testimony"].text and not testimony.media
    assert Participant.objects.filter(name__startswith="Personne effacée").count() == 2
    for event in AuditEvent.objects.filter(verb="personal_data.erase"):
        assert event.organisation == falaises and "Effacement" in event.summary


def test_another_structure_cannot_reach_les_falaises_people(world, client_of, jeanne):
    from maillage.organisations.models import OrganisationMember

    other = OrganisationMember.objects.filter(role="admin").exclude(organisation__slug="falaises")
    other = other.exclude(user__memberships__organisation__slug="falaises").first()
    for email in (other.user.email, PARTENAIRE, REFERENTE):  # another admin; a non-admin member
        client = client_of(email)
        assert client.get(PAGE, {"q": "jeanne"}).status_code == 403
        assert client.post(EXPORT, {"personne": NAME}).status_code == 403
        assert client.post(ERASE, {"personne": NAME, "confirmer": "oui"}).status_code == 403
    # On its own structure's page, the other admin finds nobody of Les Falaises.
    own = reverse("collection:personal_data", kwargs={"slug": other.organisation.slug})
    client = client_of(other.user.email)
    page = client.get(own, {"q": "jeanne", "personne": NAME})
    assert page.status_code == 200
    text = unescape(page.content.decode())
    assert "Aucun nom ni aucune adresse ne contient « jeanne »" in text
    assert "Rien n'est enregistré sous ce nom" in text and "Témoignage signé" not in text
    assert client.post(own.replace("/donnees-personnelles/", "/donnees-personnelles/effacer/"),
                       {"personne": NAME, "confirmer": "oui"}).status_code == 302  # fmt: skip
    assert Quote.objects.filter(author_name=NAME).exists()  # nothing of Les Falaises erased


def test_a_query_too_short_is_answered_in_french(client_of):
    page = client_of(DIRECTION).get(PAGE, {"q": "j"})
    assert page.status_code == 400
    assert "Tapez au moins deux lettres" in unescape(page.content.decode())


def _personal_fields() -> set[tuple[str, str]]:
    """Model fields whose name says they hold a person: e-mail, person, or a *_name."""
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in PERSONAL_APPS:
            continue
        for column in model._meta.get_fields():
            name = column.name
            if getattr(column, "concrete", False) and (
                "email" in name or "person" in name or name.endswith("_name")
            ):
                found.add((model._meta.label, name))
    found.add(("collection.Participant", "name"))  # a bare "name", but a person's
    return found


def test_the_register_describes_every_personal_field(client_of):
    missing = _personal_fields() - personal_data.register_fields()
    assert missing == set()
    detail = reverse("organisations:detail", kwargs={"slug": "falaises"})
    assert PAGE in client_of(DIRECTION).get(detail).content.decode()
    assert REGISTER in client_of(REFERENTE).get(detail).content.decode()
    page = unescape(client_of(REFERENTE).get(REGISTER).content.decode())
    for entry in personal_data.REGISTER:
        assert str(entry["why"]) in page and str(entry["retention"]) in page
        for name in entry["fields"]:
            assert f"<code>{name}</code>" in page


def test_the_daily_purge_anonymises_what_outlived_its_retention(world):
    from datetime import date

    from maillage.organisations.models import Mandate

    falaises = world.organisations["falaises"]
    old, recent = Quote.objects.filter(organisation=falaises).exclude(author_name="")[:2]
    Quote.objects.filter(pk=old.pk).update(said_on=date(2020, 5, 4), consent_on=date(2020, 5, 4))
    gone = Participant.objects.create(organisation=falaises, name="Albert Ancien")
    Participant.objects.filter(pk=gone.pk).update(created_at="2019-01-01T10:00:00Z")
    active = (
        VolunteerTime.objects.filter(organisation=falaises, person__isnull=False).first().person
    )
    Participant.objects.filter(pk=active.pk).update(created_at="2019-01-01T10:00:00Z")
    mandate = Mandate.objects.filter(body__organisation=falaises).first()
    Mandate.objects.filter(pk=mandate.pk).update(
        started_on=date(2015, 6, 1), ended_on=date(2019, 6, 1)
    )
    hours = personal_data.volunteer_hours(falaises)

    counts = personal_data.purge_expired(date(2026, 12, 2))

    assert Quote.objects.get(pk=old.pk).author_name == ""
    assert Quote.objects.get(pk=recent.pk).author_name == recent.author_name
    assert Participant.objects.get(pk=gone.pk).name.startswith("Personne effacée")
    assert Participant.objects.get(pk=active.pk).name == active.name  # still volunteering
    assert Mandate.objects.get(pk=mandate.pk).person_name.startswith("Personne effacée")
    assert counts["testimonies"] >= 1 and counts["participants"] >= 1
    assert personal_data.volunteer_hours(falaises) == hours
    event = AuditEvent.objects.get(organisation=falaises, verb="personal_data.purge")
    assert "Albert" not in event.summary and event.details["counts"]["participants"] >= 1
    assert personal_data.purge_expired(date(2026, 12, 2)) == {}  # nothing twice
    # The tests' immediate task backend cannot defer: the worker's daily schedule is skipped.
    assert personal_data.schedule_purge() is False
