"""Qualitative coding: by hand, assisted by spaCy's French model, and the quote picker."""

from html import unescape

import pytest
from django.urls import reverse

from demo_people import DIRECTION, REFERENTE
from maillage.analysis import coding
from maillage.analysis.indicators import compute
from maillage.analysis.models import Coding, Suggestion, Theme
from maillage.collection.models import Testimony as Quote  # "Test…" would be collected by pytest
from maillage.evaluation.models import Indicator

pytestmark = pytest.mark.django_db
FALAISES = "projet-social-falaises-2023-2026"


def test_sentences_are_found_with_their_offsets():
    text = "Je viens le mardi. J'ai appris à coudre ! Et vous ?"
    spans = coding.sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Je viens le mardi.", "J'ai appris à coudre !", "Et vous ?"
    ]  # fmt: skip


def test_a_passage_is_coded_by_ticking_sentences_or_pasting_words(world, client_of):
    project = world.projects[FALAISES]
    testimony = Quote.objects.get(text__startswith="Au jardin, j'ai appris")
    url = reverse("analysis:code_text", kwargs={"slug": FALAISES, "kind": "temoignage",
                                                "pk": testimony.pk})  # fmt: skip
    client = client_of(REFERENTE)
    entraide = Theme.objects.get(project=project, name="entraide")
    ticked = client.post(url, {"phrase": ["0"], "theme": entraide.pk})
    assert ticked.status_code == 302
    coded = Coding.objects.get(testimony=testimony, theme=entraide)
    start, end = coding.sentences(testimony.text)[0]
    assert (coded.start, coded.end, coded.excerpt) == (start, end, testimony.text[start:end])
    pasted = client.post(url, {"passage": "les semis   de piments", "theme": entraide.pk})
    assert pasted.status_code == 302
    assert Coding.objects.filter(testimony=testimony, excerpt="les semis de piments").exists()
    missing = client.post(url, {"passage": "n'existe pas", "theme": entraide.pk})
    assert missing.status_code == 400
    page = unescape(missing.content.decode())
    assert "ne se trouve pas tel quel" in page and 'value="n\'existe pas"' in page
    no_theme = client.post(url, {"phrase": ["0"]})
    assert "Choisissez le thème" in unescape(no_theme.content.decode())


def test_coding_feeds_the_themes_indicator(world):
    project = world.projects[FALAISES]
    indicator = Indicator.objects.get(framework__project=project, computation="themes")
    before = compute(indicator).value
    testimony = (
        Quote.objects.filter(project=project)
        .exclude(tags__name__in=["liens entre voisins", "entraide", "transmission"])
        .first()
    )
    theme = Theme.objects.get(project=project, name="transmission")
    coding.code_passage(theme, coding.Source("temoignage", testimony), 0, 10, by=None)
    assert compute(indicator).value == before + 1
    assert "codé" in compute(indicator).rule


def test_suggestions_from_the_french_model_are_accepted_or_rejected(world, client_of):
    project = world.projects[FALAISES]
    created = coding.suggest(project)
    assert created > 0
    suggestions = Suggestion.objects.filter(theme__project=project)
    assert all(s.score >= coding.SIMILARITY_THRESHOLD for s in suggestions)
    assert coding.suggest(project) == 0  # a sentence is proposed once
    first, second = suggestions[:2]
    client = client_of(REFERENTE)
    url = reverse("analysis:decide_suggestion", kwargs={"slug": FALAISES,
                                                        "suggestion_id": first.pk})  # fmt: skip
    client.post(url, {"decision": "accepter"})
    client.post(reverse("analysis:decide_suggestion", kwargs={
        "slug": FALAISES, "suggestion_id": second.pk}), {"decision": "refuser"})  # fmt: skip
    assert Coding.objects.filter(
        theme=first.theme, start=first.start, origin=Coding.Origin.SUGGESTION
    ).exists()
    assert coding.acceptance(project) == {"decided": 2, "accepted": 1, "rate": 0.5}


def test_keywords_are_lemmas_without_stop_words():
    found = dict(coding.keywords(["Les jardins partagés", "Au jardin, on jardine ensemble."]))
    assert found.get("jardin") == 2 and "les" not in found and "au" not in found


def test_the_quote_picker_offers_only_what_consent_allows(world, client_of):
    project = world.projects[FALAISES]
    theme = Theme.objects.get(project=project, name="confiance en soi")
    url = reverse("analysis:quotes", kwargs={"slug": FALAISES}) + f"?theme={theme.pk}"
    page = unescape(client_of(DIRECTION).get(url).content.decode())
    offered = coding.quotable(project, theme=theme)
    assert offered.exists()
    assert not offered.filter(consent_scope="internal").exists()
    internal = Quote.objects.get(text__startswith="Le centre m'a proposé d'animer un atelier")
    assert internal.codings.filter(theme=theme).exists()  # coded, yet internal only
    assert internal.text not in page


def test_the_themes_page_lists_themes_texts_and_keywords(world, client_of):
    url = reverse("analysis:themes", kwargs={"slug": FALAISES})
    page = unescape(client_of(REFERENTE).get(url + "?mots=1").content.decode())
    assert "liens entre voisins" in page and "Proposer des thèmes" in page
    assert "Mots les plus fréquents" in page and "jardin" in page
