"""Consent records: written by the flows where people agree, kept as they were agreed, withdrawn
with their effects on the data, reduced to a nameless proof on erasure; only the structure's
admins see them."""

import importlib
import json
from datetime import date, timedelta
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from demo_people import DIRECTION, REFERENTE
from maillage.analysis.coding import quotable
from maillage.collection import consents, personal_data
from maillage.collection.models import Campaign, ConsentRecord, Question, Response, Survey
from maillage.collection.models import Testimony as Quote  # "Test…" would be collected by pytest
from maillage.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LEA, LEA_EMAIL = "Léa Durand", "lea.durand@exemple.fr"
CONSENT_TEXT = "Votre nom sert à vous rappeler pour le bilan de l'atelier."
LIST = reverse("collection:consents", kwargs={"slug": "falaises"})


def text(response) -> str:
    return unescape(response.content.decode())


def _withdraw_url(record) -> str:
    return reverse(
        "collection:consent_withdraw", kwargs={"slug": "falaises", "record_id": record.pk}
    )


@pytest.fixture
def lea(world, client):
    """Léa answers an identified survey of Les Falaises on the public page, box ticked."""
    falaises = world.organisations["falaises"]
    survey = Survey.objects.create(organisation=falaises, code="bilan-cuisine", title="Bilan")
    Question.objects.create(survey=survey, code="mot", type="short_text", label="Un mot ?", order=1)
    campaign = Campaign.objects.create(
        survey=survey,
        title="Bilan nominatif",
        opens_on=date.today() - timedelta(days=1),
        closes_on=date.today() + timedelta(days=10),
        mode=Campaign.Mode.IDENTIFIED,
        consent_text=CONSENT_TEXT,
    )
    url = reverse("collection:answer", args=[campaign.token])
    key = client.get(url).context["submission_key"]
    answer = {"page": 1, "submission_key": key, "respondent_name": LEA,
              "respondent_email": LEA_EMAIL, "q-mot": f"Merci, signé {LEA}"}  # fmt: skip
    assert client.post(url, answer).status_code == 400  # no consent, nothing stored
    assert not ConsentRecord.objects.filter(organisation=falaises, subject_label=LEA).exists()
    client.post(url, {**answer, "consent": "on"})
    response = Response.objects.get(survey=survey)
    return {"campaign": campaign, "response": response}


def test_an_identified_answer_keeps_the_exact_text_agreed_to(world, client_of, lea):
    record = ConsentRecord.objects.get(response=lea["response"])
    assert record.purpose == ConsentRecord.Purpose.SURVEY_IDENTIFIED
    assert record.channel == ConsentRecord.Channel.ONLINE and record.recorded_by is None
    assert record.subject_label == LEA and record.given_on == timezone.localdate()
    assert CONSENT_TEXT in record.text and consents.SURVEY_CHECKBOX in record.text
    lea["campaign"].consent_text = "Un autre texte, écrit après coup."
    lea["campaign"].save()

    admin = client_of(DIRECTION)
    listed = text(admin.get(LIST, {"objet": "survey_identified", "etat": "en-cours"}))
    assert LEA in listed and "Réponse nominative à un questionnaire" in listed
    detail = text(admin.get(record.get_absolute_url()))
    assert CONSENT_TEXT in detail and "après coup" not in detail  # the text as it was agreed
    assert "Retirer le consentement" in detail


def test_withdrawing_an_identified_consent_pseudonymises_the_answer(world, client_of, lea):
    record = ConsentRecord.objects.get(response=lea["response"])
    admin = client_of(DIRECTION)
    confirm = text(admin.get(_withdraw_url(record)))
    assert "Le nom et l'adresse e-mail sont retirés de la réponse" in confirm
    refused = admin.post(_withdraw_url(record), {"note": "sans dire comment"})
    assert refused.status_code == 400
    assert "Indiquez comment la personne a retiré son consentement" in text(refused)
    assert ConsentRecord.objects.get(pk=record.pk).active

    done = admin.post(_withdraw_url(record), {"comment": "paper", "note": "courrier du 3 mars"})
    assert done.status_code == 302
    response = Response.objects.get(pk=lea["response"].pk)
    assert response.respondent_name == "" and response.respondent_email == ""
    assert response.answers.get().text == "Merci, signé [nom effacé]"  # the answer stays
    record.refresh_from_db()
    assert record.withdrawn_at and record.withdrawal_channel == "paper"
    assert record.withdrawn_by.email == DIRECTION and record.withdrawal_note == "courrier du 3 mars"
    assert record.subject_label == LEA  # the proof of the withdrawal says whose it was
    event = AuditEvent.objects.get(verb="consent.withdrawn", details__record=record.pk)
    assert event.organisation == world.organisations["falaises"]
    assert LEA not in event.summary + json.dumps(event.details, ensure_ascii=False)
    assert LEA in text(admin.get(LIST, {"etat": "retire"}))
    assert LEA not in text(admin.get(LIST, {"etat": "en-cours"}))
    again = admin.get(_withdraw_url(record))
    assert again.status_code == 302  # already withdrawn: back to the record


def test_testimony_consents_follow_the_testimony_form(world, client_of):
    referente = client_of(REFERENTE)
    form = {
        "text": "L'atelier m'a redonné confiance pour chercher du travail.",
        "author_group": "habitant",
        "said_on": "2026-03-02",
        "consent_on": "2026-03-02",
        "consent_scope": "reports",
        "name_consent": "on",
        "author_name": "Rachid Benali",
        "consent_channel": "paper",
    }
    added = referente.post(reverse("collection:testimony_add", args=["falaises"]), form)
    assert added.status_code == 302
    quote = Quote.objects.get(author_name="Rachid Benali")
    name, use = (quote.consent_records.get(purpose=p) for p in ("testimony_name", "testimony_use"))
    assert name.channel == use.channel == "paper" and use.scope == "reports"
    assert name.recorded_by.email == REFERENTE and name.given_on == date(2026, 3, 2)
    assert "cite mon témoignage du 2 mars 2026 dans ses rapports" in use.text
    assert "Rachid" not in name.text + use.text  # the proof's text never carries the name

    edit = reverse("collection:testimony_edit", args=[quote.pk])
    referente.post(edit, {**form, "consent_scope": "public", "consent_channel": "oral"})
    use.refresh_from_db()
    assert use.status_label == "remplacé"
    public = quote.consent_records.get(purpose="testimony_use", withdrawn_at__isnull=True)
    assert public.scope == "public" and public.channel == "oral"
    without_name = {k: v for k, v in form.items() if k not in ("name_consent", "author_name")}
    referente.post(edit, {**without_name, "consent_scope": "public"})
    name.refresh_from_db()
    assert name.withdrawal_channel == "edit" and not Quote.objects.get(pk=quote.pk).author_name
    assert quote.consent_records.filter(withdrawn_at__isnull=True).count() == 1


def test_withdrawing_testimony_consents_applies_their_effects(world, client_of):
    project = world.projects["projet-social-falaises-2023-2026"]
    quote = Quote.objects.get(organisation__slug="falaises", author_name="Monique Picard")
    assert quote in quotable(project)
    name = quote.consent_records.get(purpose="testimony_name", withdrawn_at__isnull=True)
    use = quote.consent_records.get(purpose="testimony_use", withdrawn_at__isnull=True)
    assert use.scope == "public"
    assert quote.consent_records.filter(withdrawal_channel="replaced").exists()  # demo history

    admin = client_of(DIRECTION)
    admin.post(_withdraw_url(name), {"comment": "oral"})
    quote.refresh_from_db()
    assert quote.author_name == "" and not quote.name_consent
    use.refresh_from_db()
    assert use.active and use.subject_label == "" and use.subject.startswith("Auteur anonyme")
    assert quote in quotable(project)  # still quoted, now anonymously
    admin.post(_withdraw_url(use), {"comment": "online"})
    quote.refresh_from_db()
    assert quote.consent_scope == "internal" and quote not in quotable(project)
    page = text(admin.get(reverse("collection:testimony", args=[quote.pk])))
    assert "Monique Picard" not in page and "Consentements enregistrés" in page
    seen_by_team = text(client_of(REFERENTE).get(reverse("collection:testimony", args=[quote.pk])))
    assert "Consentements enregistrés" not in seen_by_team  # the proofs are for admins


def test_a_person_export_carries_their_consents_and_erasure_keeps_a_nameless_proof(
    world, client_of
):
    falaises = world.organisations["falaises"]
    name = "Jeanne Martin"
    ids = list(
        ConsentRecord.objects.filter(organisation=falaises, subject_label=name).values_list(
            "pk", flat=True
        )
    )
    assert ids
    person = personal_data.find_person(falaises, name)
    kind = next(k for k in person.kinds if k.key == "consents")
    assert len(kind.records) == len(ids)
    assert any("accompagne mon témoignage" in row["phrase acceptée"] for row in kind.rows)
    assert name in personal_data.candidates(falaises, "jeanne m")

    client_of(DIRECTION).post(
        reverse("collection:personal_data_erase", kwargs={"slug": "falaises"}),
        {"personne": name, "confirmer": "oui"},
    )
    for record in ConsentRecord.objects.filter(pk__in=ids):
        assert record.subject_label == "" and record.erased_at is not None
        assert record.testimony is None and record.given_on and record.purpose
        assert record.subject == "Personne effacée"
    assert not ConsentRecord.objects.filter(subject_label__icontains="Jeanne Martin").exists()
    listed = text(client_of(DIRECTION).get(LIST))
    assert "Personne effacée" in listed and name not in listed


def test_only_the_structure_admins_reach_its_consents(world, client_of):
    from maillage.organisations.models import OrganisationMember

    records = ConsentRecord.objects.filter(organisation__slug="falaises", withdrawn_at=None)
    record = records.exclude(subject_label="")[0]
    other = (
        OrganisationMember.objects.filter(role="admin")
        .exclude(organisation__slug="falaises")
        .exclude(user__memberships__organisation__slug="falaises")
        .first()
    )
    for email in (other.user.email, REFERENTE):
        client = client_of(email)
        assert client.get(LIST).status_code == 403
        assert client.post(_withdraw_url(record), {"comment": "oral"}).status_code == 403
    # Through its own structure's address, the other admin does not find Les Falaises' record.
    slug = other.organisation.slug
    own = client_of(other.user.email)
    detail = reverse("collection:consent", kwargs={"slug": slug, "record_id": record.pk})
    withdraw = reverse("collection:consent_withdraw", kwargs={"slug": slug, "record_id": record.pk})
    assert own.get(detail).status_code == 404
    assert own.post(withdraw, {"comment": "oral"}).status_code == 404
    assert ConsentRecord.objects.get(pk=record.pk).active
    assert record.subject_label not in text(own.get(reverse("collection:consents", args=[slug])))


def test_the_migration_backfills_the_consents_already_given(world):
    migration = importlib.import_module("maillage.collection.migrations.0007_consent_records")
    before = {
        (r.testimony_id, r.response_id, r.purpose, r.scope, r.text)
        for r in ConsentRecord.objects.filter(withdrawn_at__isnull=True)
    }
    response = Response.objects.filter(survey__organisation__slug="falaises").first()
    response.respondent_name, response.consent_at = "Paul Ancien", timezone.now()
    response.save()
    ConsentRecord.objects.all().delete()

    migration.backfill(apps, None)
    after = {
        (r.testimony_id, r.response_id, r.purpose, r.scope, r.text)
        for r in ConsentRecord.objects.all()
    }
    identified = ConsentRecord.objects.get(response=response)
    assert identified.subject_label == "Paul Ancien" and identified.purpose == "survey_identified"
    # The same records as the app writes, texts included, for every testimony of the demo.
    assert {row for row in after if row[1] is None} == before


def test_the_purge_takes_the_name_off_old_withdrawals(world):
    record = ConsentRecord.objects.filter(organisation__slug="falaises").exclude(subject_label="")[
        0
    ]
    consents.withdraw(record, by=None, how="oral")
    ConsentRecord.objects.filter(pk=record.pk).update(
        withdrawn_at=timezone.now() - timedelta(days=6 * 365)
    )
    counts = personal_data.purge_expired()
    record.refresh_from_db()
    assert counts["consents"] >= 1 and record.subject_label == ""
