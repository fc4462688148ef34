"""A report's indicator sections, kept between two reports while the data they read stay the same.

Computing a project's indicators (each one for the period and its yearly trend, with breakdowns,
interval and chart) is most of a report's time: on a structure with hundreds of thousands of
answers, seconds, where Typst writes the PDF in a few hundredths. What the report shows of each
indicator is plain text, numbers and a chart's SVG: that is what is kept, in the cache, under the
stamp of everything the engine reads (organisations/comparison_cache.stamp: the indicators'
definitions, and for each source how many rows the project's structures have and the latest
one). A new answer, session, testimony or value, or an edited indicator, changes the stamp: the
next report computes afresh. An edit that changes no count (an answer corrected in place) shows
at the latest after `TIMEOUT`, as on the network dashboard.

Only the indicators are kept: the framework's questions, judgements, quotes, chain, map and
method are read fresh at each report (they are cheap)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils import translation

from maillage.organisations.comparison_cache import TIMEOUT, definitions, stamp

VERSION = 2  # bump when what is kept changes shape


def key(project, framework, period, plain: bool) -> str | None:
    """The cache key of this report's indicator sections, or None if it has no indicator."""
    indicators = definitions([framework.pk])
    if not indicators:
        return None
    organisations = set(project.memberships.values_list("organisation_id", flat=True))
    span = f"{period.start}:{period.end}" if period else "all"
    return (
        f"report-indicators:{VERSION}:{project.pk}:{span}:{int(plain)}:"
        f"{translation.get_language()}:{stamp(indicators, organisations)}"
    )


def read(cache_key: str | None) -> dict[int, dict] | None:
    """The kept sections by indicator pk, or None when they must be computed."""
    kept = cache.get(cache_key) if cache_key else None
    return kept[1] if kept else None


def seconds_left(cache_key: str) -> float:
    """How long the kept sections still hold (0 if gone): what a PDF made with them may be kept
    (kept_pdf.py), so that it never shows them past their time."""
    kept = cache.get(cache_key)
    return max(0.0, kept[0] + TIMEOUT - time.time()) if kept else 0.0


def keep(cache_key: str | None, sections: dict[int, dict]) -> None:
    if cache_key:
        cache.set(cache_key, (time.time(), sections), TIMEOUT)
