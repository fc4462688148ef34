"""The public answer page keeps its built form per survey version (collection/answer_cache.py):
any change to the survey shows at the next visit and is checked at the next submission, the page
costs no more queries than before, and no two surveys ever share a kept form."""

import re
import time
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.collection import answer_cache, surveys
from maillage.collection.answer_cache import campaign_by_token
from maillage.collection.models import (
    Answer,
    Campaign,
    Choice,
    Question,
    Response,
    Section,
    Survey,
)
from maillage.organisations.models import Organisation

pytestmark = pytest.mark.django_db

KEY_RE = re.compile(r'name="submission_key" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def organisation():
    return Organisation.objects.create(
        name="Centre social du Cache", slug="centre-du-cache", kind="centre_social"
    )


def make_campaign(survey, **extra):
    today = timezone.localdate()
    return Campaign.objects.create(
        survey=survey,
        title="Printemps",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        **extra,
    )


@pytest.fixture
def campaign(organisation):
    survey = Survey.objects.create(organisation=organisation, code="cache", title="Votre avis")
    frequency = Question.objects.create(
        survey=survey, code="frequence", type="single", label="Vous venez…", order=1
    )
    Choice.objects.create(question=frequency, value="semaine", label="Chaque semaine", order=0)
    Choice.objects.create(question=frequency, value="mois", label="Chaque mois", order=1)
    Question.objects.create(survey=survey, code="mot", type="short_text", label="Un mot ?", order=2)
    return make_campaign(survey)


def url_of(campaign):
    return reverse("collection:answer", args=[campaign.token])


def visit(campaign, client=None):
    """A newcomer's first visit (no cookie): the page as a person reads it, and its key."""
    page = (client or Client()).get(url_of(campaign))
    assert page.status_code == 200
    html = unescape(page.content.decode())
    return html, KEY_RE.search(html).group(1)


def send(campaign, data, client=None, page_number=1):
    client = client or Client()
    html, key = visit(campaign, client)
    return client.post(url_of(campaign), {"page": page_number, "submission_key": key, **data})


def test_a_new_wording_shows_at_the_next_visit(campaign):
    assert "Un mot ?" in visit(campaign)[0]
    question = campaign.survey.questions.get(code="mot")
    question.label = "Un mot pour le centre ?"
    question.save()
    html = visit(campaign)[0]
    assert "Un mot pour le centre ?" in html and "Un mot ?" not in html


def test_a_new_choice_shows_and_is_accepted_at_once(campaign):
    assert "Chaque année" not in visit(campaign)[0]
    refused = send(campaign, {"q-frequence": "annee"})
    assert refused.status_code == 400 and "Réponse non prévue" in unescape(refused.content.decode())
    question = campaign.survey.questions.get(code="frequence")
    Choice.objects.create(question=question, value="annee", label="Chaque année", order=2)
    assert "Chaque année" in visit(campaign)[0]
    assert send(campaign, {"q-frequence": "annee"}).status_code == 302


def test_choices_replaced_in_bulk_show_and_are_checked(campaign):
    visit(campaign)
    question = campaign.survey.questions.get(code="frequence")
    surveys.set_choices(question, [("jour", "Chaque jour"), ("jamais", "Jamais")])
    html = visit(campaign)[0]
    assert "Chaque jour" in html and "Chaque semaine" not in html
    assert send(campaign, {"q-frequence": "semaine"}).status_code == 400
    assert send(campaign, {"q-frequence": "jour"}).status_code == 302


def test_a_new_required_question_shows_and_is_required(campaign):
    visit(campaign)
    send(campaign, {"q-mot": "Merci"})  # the page and its check are kept now
    Question.objects.create(
        survey=campaign.survey, code="age", type="number", label="Votre âge", order=3, required=True
    )
    assert "Votre âge" in visit(campaign)[0]
    missing = send(campaign, {"q-mot": "Merci"})
    assert missing.status_code == 400
    assert "Cette question demande une réponse." in unescape(missing.content.decode())
    stored = send(campaign, {"q-mot": "Merci", "q-age": "40"})
    assert stored.status_code == 302
    assert Response.objects.filter(campaign=campaign).count() == 2


def test_a_deleted_question_disappears_and_is_not_stored(campaign):
    visit(campaign)
    campaign.survey.questions.get(code="mot").delete()
    client = Client()
    html, key = visit(campaign, client)
    assert "Un mot ?" not in html
    sent = client.post(
        url_of(campaign),
        {"page": 1, "submission_key": key, "q-frequence": "mois", "q-mot": "ignoré"},
    )
    assert sent.status_code == 302
    stored = Response.objects.get(submission_key=key)
    assert [a.question.code for a in stored.answers.all()] == ["frequence"]


def test_reordered_questions_show_in_their_new_order(campaign):
    html = visit(campaign)[0]
    assert html.index("Vous venez…") < html.index("Un mot ?")
    question = campaign.survey.questions.get(code="mot")
    question.order = 0
    question.save()
    html = visit(campaign)[0]
    assert html.index("Un mot ?") < html.index("Vous venez…")


def test_a_section_change_shows_at_once(campaign):
    visit(campaign)
    survey = campaign.survey
    section = Section.objects.create(survey=survey, title="Votre venue", order=1)
    question = survey.questions.get(code="frequence")
    question.section = section
    question.save()
    html = visit(campaign)[0]
    assert "Partie 1 sur 2" in html  # the loose question first, then the section
    section.title = "Vos venues au centre"
    section.save()
    client = Client()
    html, key = visit(campaign, client)
    second = client.post(url_of(campaign), {"page": 1, "submission_key": key, "q-mot": "Oui"})
    assert second.status_code == 302
    page_two = unescape(client.get(second.url).content.decode())
    assert "Vos venues au centre" in page_two and "Chaque semaine" in page_two


def test_a_condition_added_hides_the_question_until_it_applies(campaign):
    visit(campaign)
    survey = campaign.survey
    mot = survey.questions.get(code="mot")
    mot.show_if_question = survey.questions.get(code="frequence")
    mot.show_if_values = ["semaine"]
    mot.save()
    assert "Seulement si vous avez répondu « Chaque semaine »" in visit(campaign)[0]
    client = Client()
    html, key = visit(campaign, client)
    data = {"page": 1, "submission_key": key, "q-frequence": "mois", "q-mot": "pas gardé"}
    assert client.post(url_of(campaign), data).status_code == 302
    assert not Response.objects.get(submission_key=key).answers.filter(question=mot).exists()


def test_the_survey_title_shows_at_once_and_its_version_never_goes_back(campaign):
    visit(campaign)
    stale = Survey.objects.get(pk=campaign.survey_id)
    before = stale.version
    Question.objects.create(survey=stale, code="plus", type="short_text", label="Autre chose ?")
    stale.title = "Votre avis compte"
    stale.save()  # a copy read before the question was added: the number still rises
    assert stale.version == Survey.objects.get(pk=stale.pk).version == before + 2
    html = visit(campaign)[0]
    assert "Votre avis compte" in html and "Autre chose ?" in html


def test_each_visit_gets_its_own_key_and_token_and_the_form_is_accepted():
    """Kept pages still carry a fresh submission key and a working CSRF token."""
    organisation = Organisation.objects.create(
        name="Centre social des Jetons", slug="centre-des-jetons", kind="centre_social"
    )
    survey = Survey.objects.create(organisation=organisation, code="jetons", title="Jetons")
    Question.objects.create(survey=survey, code="mot", type="short_text", label="Un mot ?")
    campaign = make_campaign(survey)
    keys = set()
    for _ in range(3):
        client = Client(enforce_csrf_checks=True)
        page = client.get(url_of(campaign))
        html = page.content.decode()
        key, token = KEY_RE.search(html).group(1), CSRF_RE.search(html).group(1)
        assert "csrftoken" in page.cookies
        keys.add(key)
        sent = client.post(
            url_of(campaign),
            {"csrfmiddlewaretoken": token, "page": 1, "submission_key": key, "q-mot": "Bien"},
        )
        assert sent.status_code == 302
    assert len(keys) == 3
    assert Response.objects.filter(submission_key__in=keys).count() == 3


def test_two_surveys_never_share_a_kept_form(organisation):
    first = Survey.objects.create(organisation=organisation, code="un", title="Premier")
    second = Survey.objects.create(organisation=organisation, code="deux", title="Second")
    for survey, label in ((first, "Question du premier"), (second, "Question du second")):
        Question.objects.create(survey=survey, code="avis", type="short_text", label=label)
    one, two = make_campaign(first), make_campaign(second)
    for _ in range(2):
        html_one, html_two = visit(one)[0], visit(two)[0]
        assert "Question du premier" in html_one and "Question du second" not in html_one
        assert "Question du second" in html_two and "Question du premier" not in html_two


def test_two_campaigns_of_one_survey_keep_their_own_page(campaign):
    identified = make_campaign(
        campaign.survey, mode=Campaign.Mode.IDENTIFIED, consent_text="Vos réponses nominatives."
    )
    for _ in range(2):
        anonymous_html, named_html = visit(campaign)[0], visit(identified)[0]
        assert "Votre nom" not in anonymous_html and "Vos réponses sont anonymes" in anonymous_html
        assert "Votre nom" in named_html and "Vos réponses nominatives." in named_html


def test_typed_answers_and_errors_are_never_kept_for_others(campaign):
    client = Client()
    wrong = send(campaign, {"q-frequence": "inconnu", "q-mot": "Ma réponse à moi"}, client)
    assert wrong.status_code == 400 and "Ma réponse à moi" in wrong.content.decode()
    html = visit(campaign)[0]
    assert "Ma réponse à moi" not in html and "Réponse non prévue" not in html


def test_queries_stay_as_few_whatever_the_number_of_questions(
    campaign, django_assert_max_num_queries
):
    url = url_of(campaign)

    def one_submission():
        client = Client()
        with django_assert_max_num_queries(1):  # the campaign, unless kept a few seconds
            html = client.get(url).content.decode()
        key = KEY_RE.search(html).group(1)
        # The response and its answers, if the campaign is still open (in one statement on
        # PostgreSQL; a check then one transaction, its two marks, elsewhere).
        with django_assert_max_num_queries(5):
            sent = client.post(url, {"page": 1, "submission_key": key, "q-mot": "Oui"})
        assert sent.status_code == 302

    Client().get(url)  # builds the kept form once
    one_submission()
    for n in range(10):
        Question.objects.create(
            survey=campaign.survey, code=f"q{n}", type="short_text", label=f"Q{n}", order=10 + n
        )
    Client().get(url)
    one_submission()
    assert Response.objects.filter(campaign=campaign).count() == 2


def test_the_campaign_read_by_token_is_the_orm_s_campaign(campaign):
    """The public page reads the campaign, its survey and structure in one prepared query: the
    same values, of the same types, as the ORM's select_related gives."""
    found = campaign_by_token(campaign.token)
    expected = Campaign.objects.select_related("survey__organisation").get(token=campaign.token)
    for got, want in (
        (found, expected),
        (found.survey, expected.survey),
        (found.survey.organisation, expected.survey.organisation),
    ):
        for model_field in type(want)._meta.concrete_fields:
            name = model_field.attname
            assert getattr(got, name) == getattr(want, name), name
            assert type(getattr(got, name)) is type(getattr(want, name)), name
    assert campaign_by_token("inconnu") is None
    assert Client().get(reverse("collection:answer", args=["inconnu"])).status_code == 404


def test_every_answer_column_is_written():
    columns = {f.name for f in Answer._meta.concrete_fields if not f.primary_key}
    assert columns == set(surveys.ANSWER_COLUMNS)


def test_a_response_stored_holds_exactly_what_was_typed(campaign):
    """Every kind of value, as stored by the public form, read back through the ORM."""
    survey = campaign.survey
    for code, kind, extra in (
        ("nombre", "number", {}),
        ("jour", "date", {}),
        ("activites", "multiple", {}),
        ("echelle", "scale", {"scale_max": 5}),
        ("long", "long_text", {}),
    ):
        Question.objects.create(survey=survey, code=code, type=kind, label=code, order=5, **extra)
    activites = survey.questions.get(code="activites")
    for n, value in enumerate(("cuisine", "sorties")):
        Choice.objects.create(question=activites, value=value, label=value.title(), order=n)
    client = Client()
    html, key = visit(campaign, client)
    sent = client.post(
        url_of(campaign),
        {
            "page": 1,
            "submission_key": key,
            "q-frequence": "mois",
            "q-mot": "Saint-Étienne « ✓ » \\ ' \"",
            "q-nombre": "12,3456",
            "q-jour": "14/03/2026",
            "q-activites": ["cuisine", "sorties"],
            "q-echelle": "4",
            "q-long": "Ligne un\nLigne deux",
        },
    )
    assert sent.status_code == 302
    stored = Response.objects.get(submission_key=key)
    assert stored.campaign == campaign and stored.channel == "web"
    got = {a.question.code: (a.text, a.number, a.choices, a.date) for a in stored.answers.all()}
    assert got == {
        "frequence": ("", None, ["mois"], None),
        "mot": ("Saint-Étienne « ✓ » \\ ' \"", None, [], None),
        "nombre": ("", Decimal("12.3456"), [], None),
        "jour": ("", None, [], date(2026, 3, 14)),
        "activites": ("", None, ["cuisine", "sorties"], None),
        "echelle": ("", Decimal("4"), ["4"], None),
        "long": ("Ligne un\nLigne deux", None, [], None),
    }
    # Sent again (a double click): the thanks again, nothing more stored.
    again = client.post(url_of(campaign), {"page": 1, "submission_key": key, "q-mot": "Autre"})
    assert again.status_code == 302 and again.url.endswith("/merci/")
    assert Response.objects.filter(campaign=campaign).count() == 1
    assert stored.answers.get(question__code="mot").text.startswith("Saint-Étienne")


# --- the campaign kept a few seconds by token ---------------------------------------------------

CLOSED = "Ce questionnaire est clôturé"


def test_a_kept_campaign_serves_the_next_visits_without_reading_it_again(
    campaign, django_assert_num_queries, monkeypatch
):
    url = url_of(campaign)
    visit(campaign)
    with django_assert_num_queries(0):
        assert Client().get(url).status_code == 200
    monkeypatch.setattr(answer_cache, "CAMPAIGN_SECONDS", 0)  # past its few seconds
    with django_assert_num_queries(1):
        assert Client().get(url).status_code == 200


def test_a_change_made_in_this_process_shows_at_once(campaign):
    visit(campaign)
    campaign.closed_at = timezone.now()
    campaign.save()
    assert CLOSED in unescape(Client().get(url_of(campaign)).content.decode())


def test_a_campaign_closed_by_another_process_stores_nothing_and_says_so(campaign):
    """Another server process closed it: this one still keeps it open for a few seconds, but
    the answers sent meanwhile are refused by the write itself."""
    client = Client()
    html, key = visit(campaign, client)
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=timezone.now())  # no signal here
    sent = client.post(url_of(campaign), {"page": 1, "submission_key": key, "q-mot": "Oui"})
    assert sent.status_code == 200
    assert CLOSED in unescape(sent.content.decode())
    assert not Response.objects.filter(campaign=campaign).exists()
    # Read afresh for that answer: the next visitor sees it closed too.
    assert CLOSED in unescape(Client().get(url_of(campaign)).content.decode())


def test_a_campaign_deleted_by_another_process_is_not_found(campaign):
    client = Client()
    html, key = visit(campaign, client)
    Campaign.objects.filter(pk=campaign.pk).delete()  # the signal empties this process's copies
    # As another process still keeps it.
    answer_cache._campaigns[("default", campaign.token)] = (time.monotonic(), campaign)
    sent = client.post(url_of(campaign), {"page": 1, "submission_key": key, "q-mot": "Oui"})
    assert sent.status_code == 404
    assert not Response.objects.filter(submission_key=key).exists()


def test_answers_checked_against_a_survey_changed_elsewhere_are_checked_again(campaign):
    """Another process added a required question: the answers checked against the kept form are
    not written; they are checked again against the survey as it is now."""
    client = Client()
    html, key = visit(campaign, client)
    survey = campaign.survey
    Question.objects.bulk_create(  # no signal, as in another process
        [Question(survey=survey, code="age", type="number", label="Votre âge", order=3,
                  required=True)]
    )  # fmt: skip
    Survey.objects.filter(pk=survey.pk).update(version=F("version") + 1)
    missing = client.post(url_of(campaign), {"page": 1, "submission_key": key, "q-mot": "Merci"})
    assert missing.status_code == 400
    assert "Cette question demande une réponse." in unescape(missing.content.decode())
    assert not Response.objects.filter(campaign=campaign).exists()
    stored = client.post(
        url_of(campaign), {"page": 1, "submission_key": key, "q-mot": "Merci", "q-age": "40"}
    )
    assert stored.status_code == 302
    response = Response.objects.get(campaign=campaign)
    assert {a.question.code for a in response.answers.select_related("question")} == {"mot", "age"}
