"""A short, stable digest of plain values: what the values kept under a stamp of their data
(network comparison, network map, step tracker, report indicators) put in their cache keys."""

from __future__ import annotations

import hashlib
import json


def digest(value) -> str:
    """32 hex characters of SHA-256 over `value` as sorted JSON (dates and decimals as text)."""
    text = json.dumps(value, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
