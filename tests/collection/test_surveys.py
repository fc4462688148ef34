"""Surveys end to end: build one through its pages, answer it as a resident would, type paper
questionnaires, and check that nothing is stored twice or half."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from demo_people import REFERENTE
from maillage.collection.models import Answer, Campaign, Question, Response, Survey

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def builder(client_of):
    """The référente's client and a new survey of Les Falaises, created through the page."""
    client = client_of(REFERENTE)
    response = client.post(
        reverse("collection:surveys", args=["falaises"]),
        {"title": "Atelier cuisine : votre avis", "introduction": "Trois minutes."},
    )
    survey = Survey.objects.get(title="Atelier cuisine : votre avis")
    assert response.status_code == 302 and response.url == survey.get_absolute_url()
    assert survey.code == "atelier-cuisine-votre-avis"
    return client, survey


def add(client, survey, **data):
    payload = {"order": 0, "type": "short_text", **data}
    response = client.post(reverse("collection:question_add", args=[survey.pk]), payload)
    assert response.status_code == 302, text(response)


def build_every_type(client, survey):
    client.post(
        reverse("collection:section_add", args=[survey.pk]),
        {"title": "Votre avis", "order": 1},
    )
    section = survey.sections.get().pk
    add(client, survey, type="group", label="Vous êtes :", code="groupe", required="on", order=1)
    add(
        client,
        survey,
        type="single",
        label="Venez-vous…",
        code="frequence",
        order=2,
        choices_text="chaque | Chaque semaine\nparfois | De temps en temps",
    )
    add(
        client,
        survey,
        type="multiple",
        label="Ce que vous aimez",
        code="aime",
        order=3,
        choices_text="Cuisiner\nRencontrer des gens\nApprendre",
    )
    add(client, survey, type="number", label="Combien de séances ?", code="seances", order=4)
    add(client, survey, type="date", label="Première venue", code="premiere", order=5)
    add(
        client,
        survey,
        type="yes_no",
        label="Reviendrez-vous ?",
        code="revenir",
        order=6,
        section=section,
        required="on",
    )
    add(
        client,
        survey,
        type="short_text",
        label="Pourquoi pas ?",
        code="pourquoi",
        order=7,
        section=section,
        required="on",
        show_if_question=Question.objects.get(survey=survey, code="revenir").pk,
        show_if_values_text="non",
    )
    add(
        client,
        survey,
        type="scale",
        label="Votre plaisir",
        code="plaisir",
        order=8,
        section=section,
        scale_max=10,
        scale_min_label="aucun",
        scale_max_label="immense",
    )
    add(
        client,
        survey,
        type="pair",
        label="je savais / je sais cuisiner",
        code="cuisine",
        order=9,
        section=section,
        scale_max=5,
    )
    add(client, survey, type="long_text", label="Un mot ?", code="mot", order=11, section=section)
    # fmt: skip


def open_campaign(survey, **fields) -> Campaign:
    today = date.today()
    return Campaign.objects.create(
        survey=survey,
        title="Campagne",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        **fields,
    )


def test_the_builder_makes_every_question_type(builder):
    client, survey = builder
    build_every_type(client, survey)
    codes = set(survey.questions.values_list("code", flat=True))
    assert codes == {
        "groupe", "frequence", "aime", "seances", "premiere", "revenir", "pourquoi", "plaisir",
        "cuisine_avant", "cuisine_apres", "mot",
    }  # fmt: skip
    after = Question.objects.get(survey=survey, code="cuisine_apres")
    assert after.before.code == "cuisine_avant" and after.scale_max == 5
    assert list(
        Question.objects.get(survey=survey, code="frequence").choices.values_list("value", "label")
    ) == [("chaque", "Chaque semaine"), ("parfois", "De temps en temps")]
    page = text(client.get(survey.get_absolute_url()))
    assert "affichée si revenir = non" in page
    assert "« aujourd'hui » de la paire avec cuisine_avant" in page
    preview = text(client.get(reverse("collection:survey_preview", args=[survey.pk])))
    assert "Partie 2 sur 2 : Votre avis" in preview
    assert "Seulement si vous avez répondu « Non » à « Reviendrez-vous ? »." in preview


def test_a_choice_question_needs_two_choices_and_a_condition_its_values(builder):
    client, survey = builder
    response = client.post(
        reverse("collection:question_add", args=[survey.pk]),
        {"type": "single", "label": "Un seul choix ?", "choices_text": "Oui", "order": 0},
    )
    assert response.status_code == 400
    assert "Donnez au moins deux choix de réponse." in text(response)
    assert not survey.questions.exists()


def answer_flow(client, campaign, pages: list[dict]):
    """Post each page in turn, with the form's own submission key; returns the last response."""
    url = reverse("collection:answer", args=[campaign.token])
    page = client.get(url)
    key = page.context["submission_key"]
    response = None
    for number, data in enumerate(pages, start=1):
        response = client.post(url, {"page": number, "submission_key": key, **data})
    return response, key


def test_a_resident_answers_every_type_on_a_phone_without_javascript(builder, client):
    owner, survey = builder
    build_every_type(owner, survey)
    campaign = open_campaign(survey)
    first = {
        "q-groupe": "habitant",
        "q-frequence": "chaque",
        "q-aime": ["cuisiner", "apprendre"],
        "q-seances": "3,5",
        "q-premiere": "14/03/2026",
    }
    second = {
        "q-revenir": "non",
        "q-pourquoi": "Je déménage",
        "q-plaisir": "9",
        "q-cuisine_avant": "2",
        "q-cuisine_apres": "4",
        "q-mot": "Merci à l'équipe !",
    }
    page = text(client.get(reverse("collection:answer", args=[campaign.token])))
    assert "Partie 1 sur 2" in page
    response, _key = answer_flow(client, campaign, [first, second])
    assert response.status_code == 302
    assert response.url == reverse("collection:answer_thanks", args=[campaign.token])
    assert "Vos réponses sont bien enregistrées" in text(client.get(response.url))

    stored = Response.objects.get(survey=survey)
    assert (stored.channel, stored.respondent_group, stored.campaign) == (
        "web",
        "habitant",
        campaign,
    )
    values = {a.question.code: a for a in stored.answers.select_related("question")}
    assert values["frequence"].choices == ["chaque"]
    assert values["aime"].choices == ["cuisiner", "apprendre"]
    assert str(values["seances"].number.normalize()) == "3.5"
    assert values["premiere"].date == date(2026, 3, 14)
    assert values["revenir"].choices == ["non"]
    assert values["pourquoi"].text == "Je déménage"
    assert values["plaisir"].number == 9
    assert (values["cuisine_avant"].number, values["cuisine_apres"].number) == (2, 4)
    assert values["mot"].text == "Merci à l'équipe !"
    assert not stored.respondent_name and stored.consent_at is None  # anonymous


def test_errors_are_french_tied_to_their_field_and_keep_what_was_typed(builder, client):
    owner, survey = builder
    build_every_type(owner, survey)
    campaign = open_campaign(survey)
    url = reverse("collection:answer", args=[campaign.token])
    key = client.get(url).context["submission_key"]
    response = client.post(
        url, {"page": 1, "submission_key": key, "q-seances": "trois", "q-premiere": "31/02/2026"}
    )
    page = text(response)
    assert response.status_code == 400
    assert "3 réponses sont à revoir" in page
    assert (
        '<p class="field__errors" id="q-groupe-erreur">Cette question demande une réponse.' in page
    )
    assert "Écrivez un nombre, par exemple 12 ou 3,5." in page
    assert "Écrivez une date, par exemple 14/03/2026." in page
    assert 'value="trois"' in page and 'aria-invalid="true"' in page
    assert not Response.objects.filter(survey=survey).exists()


def test_a_question_whose_condition_is_not_met_is_neither_required_nor_kept(builder, client):
    owner, survey = builder
    build_every_type(owner, survey)
    campaign = open_campaign(survey)
    response, _key = answer_flow(
        client,
        campaign,
        [{"q-groupe": "benevole"}, {"q-revenir": "oui", "q-pourquoi": "ignoré"}],
    )
    assert response.status_code == 302
    codes = set(
        Answer.objects.filter(question__survey=survey).values_list("question__code", flat=True)
    )
    assert codes == {"groupe", "revenir"}


def test_a_double_click_or_a_reload_stores_one_response(builder, client):
    owner, survey = builder
    add(owner, survey, type="yes_no", label="Content ?", code="content", required="on")
    campaign = open_campaign(survey)
    url = reverse("collection:answer", args=[campaign.token])
    key = client.get(url).context["submission_key"]
    data = {"page": 1, "submission_key": key, "q-content": "oui"}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second.url == reverse("collection:answer_thanks", args=[campaign.token])
    assert Response.objects.filter(survey=survey).count() == 1
    # A new visit is a new person: a new key, a second response.
    key = client.get(url).context["submission_key"]
    client.post(url, {"page": 1, "submission_key": key, "q-content": "non"})
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_closed_campaign_takes_no_answer(builder, client):
    owner, survey = builder
    add(owner, survey, type="yes_no", label="Content ?", code="content")
    campaign = open_campaign(survey)
    owner.post(reverse("collection:campaign_close", args=[survey.pk, campaign.pk]))
    url = reverse("collection:answer", args=[campaign.token])
    assert "clôturé" in text(client.get(url))
    client.post(url, {"page": 1, "submission_key": "x", "q-content": "oui"})
    assert not Response.objects.filter(survey=survey).exists()


def test_identified_mode_asks_a_name_and_consent(builder, client):
    owner, survey = builder
    add(owner, survey, type="yes_no", label="Content ?", code="content")
    campaign = open_campaign(
        survey, mode="identified", consent_text="Votre nom sert à vous recontacter."
    )
    url = reverse("collection:answer", args=[campaign.token])
    key = client.get(url).context["submission_key"]
    refused = client.post(url, {"page": 1, "submission_key": key, "respondent_name": "Léa"})
    assert refused.status_code == 400
    assert "cochez votre accord" in text(refused)
    client.post(url, {"page": 1, "submission_key": key, "respondent_name": "Léa", "consent": "on"})
    stored = Response.objects.get(survey=survey)
    assert stored.respondent_name == "Léa" and stored.consent_at is not None


def test_personal_invitations_are_mailed_and_answer_once(builder, client):
    owner, survey = builder
    add(owner, survey, type="yes_no", label="Content ?", code="content")
    campaign = open_campaign(survey)
    url = reverse("collection:campaign", args=[survey.pk, campaign.pk])
    bad = owner.post(url, {"emails": "lea@exemple.fr\npas-une-adresse"})
    assert bad.status_code == 400 and "pas-une-adresse" in text(bad)
    assert not mail.outbox
    owner.post(url, {"emails": "lea@exemple.fr, tom@exemple.fr"})
    assert len(mail.outbox) == 2
    invitation = campaign.invitations.get(email="lea@exemple.fr")
    link = reverse("collection:invitation", args=[invitation.token])
    assert link in mail.outbox[0].body or link in mail.outbox[1].body
    key = client.get(link).context["submission_key"]
    client.post(link, {"page": 1, "submission_key": key, "q-content": "oui"})
    invitation.refresh_from_db()
    assert invitation.answered_at and invitation.response.channel == "web"
    assert "Vous avez déjà répondu" in text(client.get(link))


def test_paper_questionnaires_are_typed_in_one_page_and_counted_as_paper(builder):
    client, survey = builder
    build_every_type(client, survey)
    campaign = open_campaign(survey)
    url = reverse("collection:paper_entry", args=[survey.pk, campaign.pk])
    key = client.get(url).context["submission_key"]
    data = {"submission_key": key, "q-groupe": "habitant", "q-revenir": "oui", "q-plaisir": "7"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert "Questionnaire papier n° 1 enregistré" in text(client.get(url))
    client.post(url, data)  # the same sheet sent twice
    stored = Response.objects.get(survey=survey)
    assert stored.channel == "paper" and stored.entered_by.email == REFERENTE


def test_the_campaign_gives_its_qr_code_and_an_a4_poster(builder):
    client, survey = builder
    campaign = open_campaign(survey)
    png = client.get(reverse("collection:campaign_qr", args=[survey.pk, campaign.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(reverse("collection:campaign_qr", args=[survey.pk, campaign.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    poster = text(client.get(reverse("collection:campaign_poster", args=[survey.pk, campaign.pk])))
    assert "Votre avis compte !" in poster and campaign.token in poster
    assert "@page" not in poster  # print rules live in the stylesheet
    assert len(campaign.token) >= 20


def test_the_demo_volunteer_survey_has_37_answers_for_the_framework(world):
    survey = Survey.objects.get(code="benevoles-falaises-2025")
    assert survey.responses.count() == 37
    for code in [q["code"] for q in world.extra["falaises_survey_codes"][survey.code]]:
        assert survey.questions.filter(code=code).exists(), code
    before = Answer.objects.filter(question__code="confiance_avant", question__survey=survey)
    after = Answer.objects.filter(question__code="confiance_apres", question__survey=survey)
    mean = lambda rows: sum(a.number for a in rows) / len(rows)  # noqa: E731
    assert mean(after) > mean(before)


def test_survey_answers_feed_the_step_tracker(world):
    from maillage.evaluation.steps import project_steps

    collection = project_steps(world.projects["projet-social-falaises-2023-2026"])[5]
    assert "réponses aux questionnaires" in collection.summary
    # 52 families × 2 questions + 37 volunteers × 2 + 9 partners, read by 5 survey indicators;
    # with the 4 manual ones, the 2 fed by activity records, the volunteer-time one, the
    # testimonies one and the meetings one, all 14 indicators have data.
    assert "187 réponses aux questionnaires" in collection.summary
    assert "séances d'activité relevées" in collection.summary
    assert "25 témoignages recueillis" in collection.summary
    assert "7 rencontres consignées" in collection.summary
    assert "14 indicateurs sur 14 ont des données" in collection.summary
