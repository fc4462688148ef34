"""What the load test of the public answer pages relies on (bench/load_submissions.py): opening a
link writes nothing, and a submission sent again, by a browser or by another caller, is stored
once with the answers of the first."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from maillage.collection import surveys
from maillage.collection.models import Campaign, Question, Response, Survey
from maillage.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    organisation = Organisation.objects.create(
        name="Centre social du Banc d'essai", slug="banc-essai-charge", kind="centre_social"
    )
    survey = Survey.objects.create(organisation=organisation, code="avis", title="Votre avis")
    Question.objects.create(survey=survey, code="content", type="yes_no", label="Content ?")
    Question.objects.create(survey=survey, code="mot", type="short_text", label="Un mot ?")
    today = timezone.localdate()
    return Campaign.objects.create(
        survey=survey,
        title="Printemps",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
    )


def test_opening_a_public_link_writes_no_session_and_the_answer_is_kept(campaign, client):
    url = reverse("collection:answer", args=[campaign.token])
    sessions = Session.objects.count()
    page = client.get(url)
    assert page.status_code == 200
    assert Session.objects.count() == sessions  # a link opened and left costs no row
    key = page.context["submission_key"]
    data = {"page": 1, "submission_key": key, "q-content": "oui", "q-mot": "Merci"}
    sent = client.post(url, data)
    assert sent.status_code == 302
    assert sent.url == reverse("collection:answer_thanks", args=[campaign.token])
    stored = Response.objects.get(submission_key=key)
    answers = {a.question.code: (a.choices, a.text) for a in stored.answers.all()}
    assert answers == {"content": (["oui"], ""), "mot": ([], "Merci")}


def test_a_key_stored_already_gives_back_the_first_response_untouched(campaign):
    survey = campaign.survey
    key = surveys.new_submission_key()
    first, _ = surveys.check_answers(list(survey.questions.all()), {"content": "oui"})
    again, _ = surveys.check_answers(list(survey.questions.all()), {"content": "non"})
    stored, created = surveys.store_response(survey, first, submission_key=key, campaign=campaign)
    copy, created_again = surveys.store_response(
        survey, again, submission_key=key, campaign=campaign
    )
    assert (created, created_again) == (True, False)
    assert copy.pk == stored.pk and Response.objects.filter(survey=survey).count() == 1
    assert [a.choices for a in copy.answers.all()] == [["oui"]]
