"""Limits on the public answer pages, which anyone holding a link may post to.

Counts POSTs in fixed windows, per client address and per link (the token in the URL), in the
"throttle" cache (see settings). Only a hash of the address is kept, for the window's length."""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # seconds until the window that refused ends
    scope: str  # "address" or "link"


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the header the trusted proxy sets when settings say there is one.

    A proxy appends the address it saw to X-Forwarded-For: the last entry is the one our proxy
    wrote; earlier entries come from the client and may be forged."""
    header = settings.MAILLAGE_TRUSTED_PROXY_HEADER
    if header:
        forwarded = [part.strip() for part in request.META.get(header, "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _digest(value: str) -> str:
    # Keyed by the secret so the cache never holds an address that can be read back.
    return hashlib.blake2b(
        value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    ).hexdigest()


def _hit(kind: str, value: str, limit: int, window: int, now: float) -> int | None:
    """Count one hit; the seconds to wait when the limit is passed, else None."""
    if limit <= 0:
        return None
    start = int(now // window) * window
    key = f"answer-throttle:{kind}:{_digest(value)}:{start}"
    cache = caches["throttle"]
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, math.ceil(start + window - now))
    return None


def check(request: HttpRequest, token: str) -> Refusal | None:
    """Count this POST; a Refusal when the address or the link has posted too much."""
    if request.method != "POST":
        return None
    window = settings.MAILLAGE_ANSWER_RATE_WINDOW
    now = time.time()
    wait = _hit(
        "address", client_address(request), settings.MAILLAGE_ANSWER_RATE_PER_ADDRESS, window, now
    )
    if wait:
        return Refusal(wait, "address")
    wait = _hit("link", token, settings.MAILLAGE_ANSWER_RATE_PER_LINK, window, now)
    if wait:
        return Refusal(wait, "link")
    return None


def body_too_big(request: HttpRequest) -> bool:
    """A POST longer than the answer pages ever need, told by its declared length."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.MAILLAGE_ANSWER_MAX_BODY
