"""Qualitative coding of testimonies and open answers: by hand (a passage is given a theme), and
assisted, offline, with spaCy's `fr_core_news_md`: lemmatised keywords, and themes suggested for
each sentence by the similarity of its vector to the theme's description and examples. A
suggestion is only a proposal: a person accepts it (it becomes a coding) or rejects it.

The model loads in about 4 s, once per process, and only when assisted coding is asked for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.analysis.models import Coding, Suggestion, Theme
from maillage.collection.models import Answer, Question, Testimony
from maillage.collection.testimonies import project_testimonies

SIMILARITY_THRESHOLD = 0.55  # below, a sentence is not suggested any theme (see bench_analysis)
KEPT_POS = {"NOUN", "PROPN", "ADJ", "VERB"}
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@lru_cache(maxsize=1)
def nlp():
    import spacy

    return spacy.load("fr_core_news_md", exclude=["ner"])


class CodingError(ValueError):
    """A passage that cannot be coded; the message says why, in French."""


@dataclass(frozen=True)
class Source:
    """A text that can be coded: a testimony or an open answer."""

    kind: str  # "temoignage" or "reponse"
    obj: Testimony | Answer

    @property
    def text(self) -> str:
        return self.obj.text

    @property
    def key(self) -> dict:
        return {"testimony": self.obj} if self.kind == "temoignage" else {"answer": self.obj}


def sources(project) -> list[Source]:
    """The project's testimonies and the open answers of its surveys."""
    found = [Source("temoignage", t) for t in project_testimonies(project).order_by("-said_on")]
    answers = (
        Answer.objects.filter(
            question__survey__project=project,
            question__type__in=(Question.Type.SHORT_TEXT, Question.Type.LONG_TEXT),
        )
        .exclude(text="")
        .select_related("question__survey")
    )
    return found + [Source("reponse", a) for a in answers]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, found without the model (fast, for the coding page)."""
    spans, position = [], 0
    for part in SENTENCE_END.split(text):
        start = text.find(part, position)
        if part.strip():
            spans.append((start, start + len(part)))
        position = start + len(part)
    return spans


@transaction.atomic
def code_passage(theme: Theme, source: Source, start: int, end: int, *, by, origin=None):
    text = source.text
    if not 0 <= start < end <= len(text):
        raise CodingError(_("Ce passage n'est pas dans le texte."))
    excerpt = text[start:end].strip()
    if len(excerpt) < 3:
        raise CodingError(_("Choisissez un passage d'au moins quelques mots."))
    if Coding.objects.filter(theme=theme, start=start, end=end, **source.key).exists():
        raise CodingError(_("Ce passage a déjà ce thème."))
    return Coding.objects.create(
        theme=theme, start=start, end=end, excerpt=excerpt, coded_by=by,
        origin=origin or Coding.Origin.MANUAL, **source.key,
    )  # fmt: skip


def find_passage(text: str, typed: str) -> tuple[int, int]:
    """Where a passage typed or pasted by the user lies in the text (spaces and case ignored)."""
    wanted = " ".join(typed.split())
    if not wanted:
        raise CodingError(_("Copiez le passage à coder, ou cochez ses phrases."))
    pattern = re.compile(r"\s+".join(re.escape(word) for word in wanted.split()), re.IGNORECASE)
    match = pattern.search(text)
    if match is None:
        raise CodingError(_("Ce passage ne se trouve pas tel quel dans le texte."))
    return match.start(), match.end()


# --- assisted coding ------------------------------------------------------------------------------


def keywords(texts: list[str], limit: int = 30) -> list[tuple[str, int]]:
    """The most frequent lemmas (nouns, adjectives, verbs; no stop words) in the texts."""
    counts = Counter()
    for doc in nlp().pipe(texts, batch_size=64):
        counts.update(
            token.lemma_.lower()
            for token in doc
            if token.pos_ in KEPT_POS and not token.is_stop and token.is_alpha and len(token) > 2
        )
    return counts.most_common(limit)


def _content_vector(doc):
    """The mean vector of a text's content words (nouns, verbs, adjectives; no stop words):
    whole-sentence vectors are dominated by « je », « pas », « le » and match anything."""
    import numpy

    vectors = [
        token.vector
        for token in doc
        if token.pos_ in KEPT_POS and not token.is_stop and token.has_vector and token.is_alpha
    ]
    if not vectors:
        return None
    mean = numpy.mean(vectors, axis=0)
    norm = numpy.linalg.norm(mean)
    return mean / norm if norm else None


def _theme_vectors(themes: list[Theme]) -> dict[int, list]:
    model = nlp()
    found = {}
    for theme in themes:
        texts = [theme.name, theme.description, *theme.examples.splitlines()]
        vectors = [_content_vector(model(t)) for t in texts if t.strip()]
        vectors = [v for v in vectors if v is not None]
        if vectors:
            found[theme.pk] = vectors
    return found


def _best_theme(sentence_vector, theme_vectors: dict) -> tuple[int | None, float]:
    best, best_score = None, 0.0
    for pk, vectors in theme_vectors.items():
        # The sentence is compared with the theme's name, description and each example; the
        # closest counts (cosine of unit vectors).
        score = max(float(sentence_vector @ vector) for vector in vectors)
        if score > best_score:
            best, best_score = pk, score
    return best, best_score


@transaction.atomic
def suggest(project, *, threshold: float = SIMILARITY_THRESHOLD) -> int:
    """Propose, for each sentence not yet coded nor already proposed, the closest theme if it is
    close enough. Returns the number of new suggestions."""
    themes = list(project.themes.all())
    if not themes:
        return 0
    theme_docs = _theme_vectors(themes)
    created = 0
    for source in sources(project):
        coded = set(Coding.objects.filter(**source.key).values_list("start", "end"))
        proposed = set(Suggestion.objects.filter(**source.key).values_list("start", "end"))
        spans = [s for s in sentences(source.text) if s not in coded and s not in proposed]
        for (start, end), doc in zip(
            spans, nlp().pipe(source.text[a:b] for a, b in spans), strict=True
        ):
            vector = _content_vector(doc)
            if vector is None or len(doc) < 4:
                continue
            pk, score = _best_theme(vector, theme_docs)
            if pk is not None and score >= threshold:
                Suggestion.objects.create(
                    theme_id=pk, start=start, end=end, excerpt=source.text[start:end],
                    score=round(score, 4), **source.key,
                )  # fmt: skip
                created += 1
    return created


@transaction.atomic
def decide(suggestion: Suggestion, accept: bool, *, by) -> Coding | None:
    suggestion.status = Suggestion.Status.ACCEPTED if accept else Suggestion.Status.REJECTED
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    if not accept:
        return None
    kind = "temoignage" if suggestion.testimony_id else "reponse"
    source = Source(kind, suggestion.testimony or suggestion.answer)
    try:
        return code_passage(
            suggestion.theme, source, suggestion.start, suggestion.end, by=by,
            origin=Coding.Origin.SUGGESTION,
        )  # fmt: skip
    except CodingError:
        return None  # already coded by hand in the meantime: nothing more to do


def acceptance(project) -> dict:
    decided = Suggestion.objects.filter(theme__project=project).exclude(
        status=Suggestion.Status.PENDING
    )
    accepted = decided.filter(status=Suggestion.Status.ACCEPTED).count()
    total = decided.count()
    return {"decided": total, "accepted": accepted, "rate": accepted / total if total else None}


def theme_counts(project) -> list[tuple[Theme, int, int]]:
    """Per theme: the number of coded passages and of different texts they come from."""
    rows = []
    for theme in project.themes.select_related("parent").prefetch_related("codings"):
        codings = list(theme.codings.all())
        texts = {(c.testimony_id, c.answer_id) for c in codings}
        rows.append((theme, len(codings), len(texts)))
    return rows


def quotable(project, *, theme: Theme | None = None, goal=None, public_only: bool = False):
    """Testimonies a report may quote (consent covering reports; only public ones for a report
    to residents), by theme and/or objective."""
    scopes = [Testimony.Scope.PUBLIC]
    if not public_only:
        scopes.append(Testimony.Scope.REPORTS)
    items = project_testimonies(project).filter(consent_scope__in=scopes)
    if theme is not None:
        items = items.filter(codings__theme=theme)
    if goal is not None:
        items = items.filter(goals=goal)
    return items.distinct().order_by("-said_on")
